package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/internal/lambdaserver"
	"github.com/appsync-local/appsync-local/internal/sigv4check"
)

// upstream is the HTTP API the HTTP data sources call in these tests.
type upstream struct {
	creds   aws.Credentials
	release chan struct{} // closed at cleanup: /slow returns
	mu      sync.Mutex
	seen    []*http.Request
	bodies  []string
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	u.mu.Lock()
	u.seen = append(u.seen, r)
	u.bodies = append(u.bodies, string(body))
	u.mu.Unlock()
	switch {
	case r.Method == "GET" && r.URL.EscapedPath() == "/posts/p%2F1":
		if r.URL.Query().Get("full") != "true" || r.Header.Get("Accept") != "application/json" || r.Header.Get("X-Caller") != "post" {
			http.Error(w, `{"why":"bad request shape"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("X-Upstream", "posts")
		io.WriteString(w, `{"id":"p/1","title":"First"}`)
	case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/posts/"):
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"why":"no such post"}`)
	case r.Method == "POST" && r.URL.Path == "/posts":
		if r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, `{"why":"content type"}`, http.StatusUnsupportedMediaType)
			return
		}
		var in struct{ Title string }
		json.Unmarshal(body, &in) //nolint:errcheck
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]string{"id": "new", "title": in.Title}) //nolint:errcheck
	case r.URL.Path == "/signed":
		sc, err := sigv4check.Verify(r, body, u.creds)
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		io.WriteString(w, "signed for "+sc.Region+"/"+sc.Service)
	case r.URL.Path == "/slow":
		select {
		case <-u.release:
		case <-r.Context().Done():
		}
	default:
		http.NotFound(w, r)
	}
}

type hlBundle struct {
	url     string
	fn      *lambdaserver.Process
	up      *upstream
	mu      sync.Mutex
	batches []int
}

func (b *hlBundle) post(t *testing.T, query string) response {
	t.Helper()
	tb := &testBundle{url: b.url}
	return tb.post(t, gql(query, nil))
}

// startHTTPLambda serves testdata/httplambda with its HTTP data sources on an
// httptest upstream and its remote functions on a separate fnserver process.
func startHTTPLambda(t *testing.T, fn *lambdaserver.Process, lambdaEndpoint string) *hlBundle {
	t.Helper()
	b := &hlBundle{fn: fn}
	b.up = &upstream{
		creds:   aws.Credentials{AccessKeyID: "AKIDLOCALTEST", SecretAccessKey: "s3cr3t", SessionToken: "tok"},
		release: make(chan struct{}),
	}
	srv := httptest.NewServer(b.up)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(b.up.release) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there

	src := "testdata/httplambda"
	tmpl, err := os.ReadFile(filepath.Join(src, "appsync.yml.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.NewReplacer("{{HTTP}}", srv.URL, "{{DOWN}}", down, "{{LAMBDA}}", lambdaEndpoint,
		"schema: schema.graphql", "schema: "+filepath.Join(mustAbs(t, src), "schema.graphql"),
		"templates/", filepath.Join(mustAbs(t, src), "templates")+"/").Replace(string(tmpl))
	dir := t.TempDir()
	path := filepath.Join(dir, "appsync.yml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	fns := gohandler.NewRegistry()
	fns.MustRegister("local", func(events []struct {
		Source struct{ X int } `json:"source"`
	}) ([]int, error) {
		b.mu.Lock()
		b.batches = append(b.batches, len(events))
		b.mu.Unlock()
		out := make([]int, len(events))
		for i, e := range events {
			out[i] = e.Source.X + 1
		}
		return out, nil
	})
	m := &app.Main{Functions: fns, Stdout: io.Discard, Stderr: io.Discard, HTTPTimeout: 500 * time.Millisecond}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", filepath.Join(dir, "data"), path}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	b.url = m.URL()
	return b
}

// TestHTTPAndLambda drives the HTTP and Lambda data sources end to end:
// GraphQL over HTTP → VTL → an httptest upstream, and → a separate process
// serving the Lambda Invoke API.
func TestHTTPAndLambda(t *testing.T) {
	// Signing credentials come from the environment, read when the API is
	// built, so this test sets them and cannot run in parallel.
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "s3cr3t")
	t.Setenv("AWS_SESSION_TOKEN", "tok")
	fn := lambdaserver.Start(t)
	b := startHTTPLambda(t, fn, fn.URL)

	t.Run("HTTP GET: request shape, parseJson, response headers", func(t *testing.T) {
		req, _ := http.NewRequest("POST", b.url+"/graphql", strings.NewReader(gql(`{ post(id: "p/1") { id title } }`, nil)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("x-api-key", testKey)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var body map[string]any
		json.Unmarshal(raw, &body) //nolint:errcheck
		jsonEq(t, body, `{"data":{"post":{"id":"p/1","title":"First"}}}`)
		if res.Header.Get("x-post-etag") != `"v1"` || res.Header.Get("X-Upstream") != "posts" {
			t.Errorf("response headers: %v", res.Header)
		}
		if res.Header.Get("Connection") == "close" {
			t.Errorf("copyHeaders kept the hop-by-hop Connection header")
		}
	})
	t.Run("HTTP status >= 300 handled by the template", func(t *testing.T) {
		r := b.post(t, `{ post(id: "nope") { id } }`)
		jsonEq(t, r.Body["data"], `{"post":null}`)
		errs := r.Body["errors"].([]any)
		e := errs[0].(map[string]any)
		if e["errorType"] != "PostsApiError" || e["message"] != "The posts API answered 404" {
			t.Errorf("error %v", e)
		}
	})
	t.Run("HTTP POST with a JSON body", func(t *testing.T) {
		r := b.post(t, `mutation { createPost(title: "Ünïcode \"q\"") { id title } }`)
		jsonEq(t, r.Body, `{"data":{"createPost":{"id":"new","title":"Ünïcode \"q\""}}}`)
		b.up.mu.Lock()
		last := b.up.bodies[len(b.up.bodies)-1]
		b.up.mu.Unlock()
		if last != `{"title":"Ünïcode \"q\""}` {
			t.Errorf("upstream body %s", last)
		}
	})
	t.Run("SigV4 signed with the environment's credentials", func(t *testing.T) {
		r := b.post(t, `{ signed }`)
		jsonEq(t, r.Body, `{"data":{"signed":"signed for eu-west-1/execute-api"}}`)
	})
	t.Run("HTTP timeout", func(t *testing.T) {
		r := b.post(t, `{ slow }`)
		e := r.Body["errors"].([]any)[0].(map[string]any)
		if e["errorType"] != "Http:ExecutionTimeoutException" || e["message"] != "Execution timed out." {
			t.Errorf("error %v", e)
		}
	})
	t.Run("HTTP endpoint unreachable", func(t *testing.T) {
		r := b.post(t, `{ down }`)
		e := r.Body["errors"].([]any)[0].(map[string]any)
		if e["errorType"] != "Http:HttpRequestException" || !strings.Contains(e["message"].(string), "connection refused") {
			t.Errorf("error %v", e)
		}
	})

	t.Run("Lambda Invoke through the Invoke API of another process", func(t *testing.T) {
		r := b.post(t, `{ remoteEcho(msg: "hi \"there\"") }`)
		jsonEq(t, r.Body, `{"data":{"remoteEcho":"remoteEcho: hi \"there\""}}`)
	})
	t.Run("remote function error (function named by ARN)", func(t *testing.T) {
		r := b.post(t, `{ remoteFail }`)
		e := r.Body["errors"].([]any)[0].(map[string]any)
		if e["errorType"] != "Boom" || e["message"] != "it broke" {
			t.Errorf("error %v", e)
		}
	})
	t.Run("invocationType Event returns at once; the function runs", func(t *testing.T) {
		r := b.post(t, `{ remoteEvent }`)
		jsonEq(t, r.Body, `{"data":{"remoteEvent":"accepted"}}`)
		if n := fn.Invoke(t, "waitEvent", nil); n != 1.0 {
			t.Errorf("event ran %v times", n)
		}
	})
	t.Run("BatchInvoke and batched direct resolvers", func(t *testing.T) {
		before := fn.Calls(t)
		r := b.post(t, `{ items(xs: [1, -2, 3, 4, 5]) { x viaBatch direct local } }`)
		jsonEq(t, r.Body["data"], `{"items":[
			{"x":1,"viaBatch":10,"direct":10,"local":2},
			{"x":-2,"viaBatch":null,"direct":null,"local":-1},
			{"x":3,"viaBatch":30,"direct":30,"local":4},
			{"x":4,"viaBatch":40,"direct":40,"local":5},
			{"x":5,"viaBatch":50,"direct":50,"local":6}]}`)
		var paths []string
		for _, e := range r.Body["errors"].([]any) {
			em := e.(map[string]any)
			if em["errorType"] != "Negative" || em["message"] != "negative" {
				t.Errorf("error %v", em)
			}
			p, _ := json.Marshal(em["path"])
			paths = append(paths, string(p))
		}
		if strings.Join(paths, " ") != `["items",1,"viaBatch"] ["items",1,"direct"]` && strings.Join(paths, " ") != `["items",1,"direct"] ["items",1,"viaBatch"]` {
			t.Errorf("error paths %v", paths)
		}
		after := fn.Calls(t)
		num := func(m map[string]any, k string) float64 { f, _ := m[k].(float64); return f }
		// Five items, maxBatchSize 2: three calls each (2 + 2 + 1).
		if got := num(after, "batch") - num(before, "batch"); got != 3 {
			t.Errorf("BatchInvoke calls: %v, want 3", got)
		}
		if got := num(after, "direct") - num(before, "direct"); got != 3 {
			t.Errorf("batched direct calls: %v, want 3", got)
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		if len(b.batches) != 2 || b.batches[0]+b.batches[1] != 5 || max(b.batches[0], b.batches[1]) != 3 {
			t.Errorf("in-process batched direct calls %v, want sizes 3 and 2", b.batches)
		}
	})

	t.Run("the Lambda Invoke API on our port reaches in-process handlers", func(t *testing.T) {
		c := lambdaserver.NewClient(b.url)
		out, err := c.Invoke(context.Background(), &lambdasdk.InvokeInput{
			FunctionName: aws.String("local"),
			Payload:      []byte(`[{"source":{"x":41}}]`),
		})
		if err != nil || string(out.Payload) != `[42]` {
			t.Fatalf("got %v %s, %v", out, out.Payload, err)
		}
		_, err = c.Invoke(context.Background(), &lambdasdk.InvokeInput{FunctionName: aws.String("echo")})
		var nf *types.ResourceNotFoundException
		if !errors.As(err, &nf) {
			t.Errorf("echo is not in-process here: want ResourceNotFoundException, got %v", err)
		}
	})
}

// TestLambdaEndpointDown: an unreachable local.lambda.endpoint fails the
// field with a message naming it.
func TestLambdaEndpointDown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String()
	ln.Close()
	b := startHTTPLambda(t, nil, down)
	r := b.post(t, `{ remoteEcho(msg: "x") }`)
	e := r.Body["errors"].([]any)[0].(map[string]any)
	msg, _ := e["message"].(string)
	if e["errorType"] != "Lambda:ServiceException" || !strings.Contains(msg, "local.lambda.endpoint "+down) || !strings.Contains(msg, "function echo") {
		t.Errorf("error %v", e)
	}
}

// TestHTTPConfigErrors: a data source endpoint that is not a URL, or a
// signing config without region and service, stops the server at start with
// a message naming the data source.
func TestHTTPConfigErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, ds, want string }{
		{"endpoint", `{type: HTTP, config: {endpoint: "api.example.com"}}`,
			`data source api: endpoint "api.example.com" is not an http:// or https:// URL`},
		{"signing", `{type: HTTP, config: {endpoint: "https://x.example.com", authorizationConfig: {authorizationType: AWS_IAM}}}`,
			`data source api: AWS_IAM signing needs authorizationConfig.awsIamConfig with signingRegion and signingServiceName`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files := map[string]string{
				"schema.graphql": "type Query { a: String }\n",
				"a.req.vtl":      `{"version": "2018-05-29", "method": "GET", "resourcePath": "/"}`,
				"appsync.yml": "name: bad\nschema: schema.graphql\nauthentication: {type: API_KEY}\n" +
					"dataSources:\n  api: " + tc.ds + "\n" +
					"resolvers:\n  Query.a: {kind: UNIT, dataSource: api, request: a.req.vtl, response: false}\n",
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var stderr strings.Builder
			m := &app.Main{Stdout: io.Discard, Stderr: &stderr}
			err := m.Start([]string{"--port", "0", "--no-watch", filepath.Join(dir, "appsync.yml")})
			if err == nil {
				m.Close()
				t.Fatal("started with a bad HTTP data source")
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tc.want)
			}
		})
	}
}
