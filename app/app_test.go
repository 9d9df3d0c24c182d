package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
)

const testKey = "da2-testkey"

// NotFound is a handler error type; its name becomes the errorType.
type NotFound struct{ What string }

func (e NotFound) Error() string { return e.What + " not found" }

// testBundle is what the tests of one server share.
type testBundle struct {
	url     string
	main    *app.Main
	mu      sync.Mutex
	events  []map[string]any
	append  []string
	ready   chan struct{}  // closed when slowB starts
	pairs   sync.WaitGroup // both Pair.waiter calls have started
	batches []int          // sizes of BatchInvoke calls
}

// setup starts the test API on a free port with a handler "fn" that serves
// every field, and returns its bundle.
func setup(t *testing.T, configPath string, args ...string) *testBundle {
	t.Helper()
	b := &testBundle{ready: make(chan struct{})}
	b.pairs.Add(2)
	fns := gohandler.NewRegistry()
	fns.MustRegister("fn", b.handle)
	fns.MustRegister("batch", b.batch)
	m := &app.Main{Functions: fns, Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start(append([]string{"--port", "0", "--no-watch", configPath}, args...)); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	b.url, b.main = m.URL(), m
	return b
}

// setupWatching is setup with watch mode on; each rebuild reports to reloads.
func setupWatching(t *testing.T, configPath string, reloads chan error) *testBundle {
	t.Helper()
	b := &testBundle{ready: make(chan struct{})}
	fns := gohandler.NewRegistry()
	fns.MustRegister("fn", b.handle)
	m := &app.Main{Functions: fns, Stdout: io.Discard, Stderr: io.Discard, OnReload: func(err error) { reloads <- err }}
	if err := m.Start([]string{"--port", "0", configPath}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	b.url, b.main = m.URL(), m
	return b
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// batch answers BatchInvoke: a list of payloads, a list of results in
// order. It records the size of each call.
func (b *testBundle) batch(payloads []map[string]any) ([]any, error) {
	b.mu.Lock()
	b.batches = append(b.batches, len(payloads))
	b.mu.Unlock()
	out := make([]any, len(payloads))
	for i, p := range payloads {
		out[i] = map[string]any{"data": p["x"].(float64) + 100}
	}
	return out, nil
}

func (b *testBundle) handle(ctx context.Context, e map[string]any) (any, error) {
	b.mu.Lock()
	b.events = append(b.events, e)
	b.mu.Unlock()
	if f, ok := e["field"].(string); ok {
		e = map[string]any{"info": map[string]any{"fieldName": f}, "x": e["x"]}
	}
	info := e["info"].(map[string]any)
	args, _ := e["arguments"].(map[string]any)
	switch info["fieldName"] {
	case "echo":
		return args, nil
	case "event":
		return e, nil
	case "search":
		return []any{
			map[string]any{"__typename": "User", "id": "u1", "name": "Ada"},
			map[string]any{"__typename": "Post", "id": "p1", "title": "Hi"},
		}, nil
	case "node":
		if args["id"] == "nope" {
			return map[string]any{"id": "nope"}, nil // no __typename
		}
		return map[string]any{"__typename": "Post", "id": args["id"], "title": "T"}, nil
	case "fail":
		switch args["kind"] {
		case "typed":
			return nil, NotFound{What: "thing"}
		case "plain":
			return nil, errors.New("plain failure")
		case "panic":
			panic("handler exploded")
		case "unauthorized":
			return nil, &gohandler.FunctionError{Message: "secret details", Type: "UnauthorizedException"}
		}
		return "ok", nil
	case "mustNotBeNull":
		return nil, nil
	case "parent":
		return map[string]any{"name": "P"}, nil
	case "child":
		src := e["source"].(map[string]any)
		return map[string]any{"parentName": src["name"]}, nil // required is missing
	case "slowA":
		select {
		case <-b.ready:
			return "A", nil
		case <-time.After(5 * time.Second):
			return nil, errors.New("slowB never started: siblings are not resolved concurrently")
		}
	case "slowB":
		close(b.ready)
		return "B", nil
	case "pairs":
		return []any{map[string]any{"a": 1}, map[string]any{"a": 2}}, nil
	case "waiter":
		b.pairs.Done()
		done := make(chan struct{})
		go func() { b.pairs.Wait(); close(done) }()
		select {
		case <-done:
			return fmt.Sprint(e["source"].(map[string]any)["a"]), nil
		case <-time.After(5 * time.Second):
			return nil, errors.New("the other list item never started: list items are not resolved concurrently")
		}
	case "viaLambda":
		// a VTL Invoke: the payload is what the request template rendered
		return map[string]any{"doubled": e["x"].(float64) * 2}, nil
	case "append":
		b.mu.Lock()
		defer b.mu.Unlock()
		b.append = append(b.append, args["v"].(string))
		return append([]string(nil), b.append...), nil
	}
	return nil, fmt.Errorf("unexpected field %v", info["fieldName"])
}

type response struct {
	Status int
	Body   map[string]any
	Raw    string
}

func (b *testBundle) post(t *testing.T, body string, header ...string) response {
	t.Helper()
	req, _ := http.NewRequest("POST", b.url+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", testKey)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{Status: res.StatusCode, Raw: string(raw)}
	if err := json.Unmarshal(raw, &r.Body); err != nil {
		t.Fatalf("response is not JSON (%d): %s", res.StatusCode, raw)
	}
	return r
}

func gql(query string, vars map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return string(b)
}

func jsonEq(t *testing.T, got any, want string) {
	t.Helper()
	g, _ := json.Marshal(got)
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %s: %v", want, err)
	}
	wb, _ := json.Marshal(w)
	if !bytes.Equal(g, wb) {
		t.Errorf("got  %s\nwant %s", g, wb)
	}
}

func TestExecution(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/api/appsync.yml")

	t.Run("variables, defaults, aliases and AWS scalars", func(t *testing.T) {
		r := b.post(t, gql(`query Q($m: String, $w: AWSDateTime) { a: echo(msg: $m, when: $w, meta: "{\"k\":[1,2]}", day: "2020-01-02+01:00") { msg n when meta day } }`,
			map[string]any{"m": "hi", "w": "2020-01-02T03:04Z"}))
		jsonEq(t, r.Body, `{"data":{"a":{"msg":"hi","n":7,"when":"2020-01-02T03:04Z","meta":"{\"k\":[1,2]}","day":"2020-01-02+01:00"}}}`)
		b.mu.Lock()
		ev := b.events[len(b.events)-1]
		b.mu.Unlock()
		// AWSJSON arrives at the handler parsed.
		jsonEq(t, ev["arguments"].(map[string]any)["meta"], `{"k":[1,2]}`)
	})

	t.Run("fragments, skip and include, typename", func(t *testing.T) {
		r := b.post(t, gql(`query($no: Boolean!) { echo(msg: "x") { ...F n @skip(if: true) day @include(if: $no) __typename } } fragment F on Echo { msg }`, map[string]any{"no": false}))
		jsonEq(t, r.Body, `{"data":{"echo":{"msg":"x","__typename":"Echo"}}}`)
	})

	t.Run("unions and interfaces by __typename", func(t *testing.T) {
		r := b.post(t, gql(`{ search { __typename ... on User { name } ... on Post { title } ... on Node { id } } node(id: "p9") { id ... on Post { title } } }`, nil))
		jsonEq(t, r.Body, `{"data":{"search":[{"__typename":"User","name":"Ada","id":"u1"},{"__typename":"Post","title":"Hi","id":"p1"}],"node":{"id":"p9","title":"T"}}}`)
	})

	t.Run("missing __typename is a field error", func(t *testing.T) {
		r := b.post(t, gql(`{ node(id: "nope") { id } }`, nil))
		errs := r.Body["errors"].([]any)
		if r.Body["data"].(map[string]any)["node"] != nil || len(errs) != 1 || !strings.Contains(errs[0].(map[string]any)["message"].(string), "__typename") {
			t.Errorf("got %s", r.Raw)
		}
	})

	t.Run("non-null propagation", func(t *testing.T) {
		r := b.post(t, gql(`{ parent { name child { parentName required } } }`, nil))
		jsonEq(t, r.Body, `{"data":{"parent":{"name":"P","child":null}},"errors":[{"path":["parent","child","required"],"locations":null,"message":"Cannot return null for non-nullable type: 'String' within parent 'Child' (/parent/child/required)"}]}`)
		r = b.post(t, gql(`{ mustNotBeNull echo(msg: "x") { msg } }`, nil))
		jsonEq(t, r.Body, `{"data":null,"errors":[{"path":["mustNotBeNull"],"locations":null,"message":"Cannot return null for non-nullable type: 'String' within parent 'Query' (/mustNotBeNull)"}]}`)
	})

	t.Run("errors carry AppSync's members and the handler's error type", func(t *testing.T) {
		r := b.post(t, gql(`{ a: fail(kind: "typed") b: fail(kind: "plain") c: fail(kind: "unauthorized") d: fail(kind: "fine") }`, nil))
		jsonEq(t, r.Body, `{"data":{"a":null,"b":null,"c":null,"d":"ok"},"errors":[
		 {"path":["a"],"data":null,"errorType":"NotFound","errorInfo":null,"locations":[{"line":1,"column":3,"sourceName":null}],"message":"thing not found"},
		 {"path":["b"],"data":null,"errorType":"errorString","errorInfo":null,"locations":[{"line":1,"column":26,"sourceName":null}],"message":"plain failure"},
		 {"path":["c"],"data":null,"errorType":"UnauthorizedException","errorInfo":null,"locations":[{"line":1,"column":49,"sourceName":null}],"message":"You are not authorized to make this call."}]}`)
	})

	t.Run("a panicking handler is a field error and the server lives on", func(t *testing.T) {
		r := b.post(t, gql(`{ fail(kind: "panic") }`, nil))
		e := r.Body["errors"].([]any)[0].(map[string]any)
		if r.Status != 200 || e["message"] != "handler exploded" || e["errorType"] != "string" {
			t.Errorf("got %d %s", r.Status, r.Raw)
		}
		r = b.post(t, gql(`{ fail(kind: "fine") }`, nil))
		jsonEq(t, r.Body, `{"data":{"fail":"ok"}}`)
	})

	t.Run("unregistered function", func(t *testing.T) {
		r := b.post(t, gql(`{ deep { v } }`, nil))
		e := r.Body["errors"].([]any)[0].(map[string]any)
		if e["errorType"] != "Lambda:ResourceNotFoundException" || !strings.Contains(e["message"].(string), "notRegistered") {
			t.Errorf("got %s", r.Raw)
		}
	})

	t.Run("list items resolve concurrently", func(t *testing.T) {
		r := b.post(t, gql(`{ pairs { a waiter } }`, nil))
		jsonEq(t, r.Body, `{"data":{"pairs":[{"a":1,"waiter":"1"},{"a":2,"waiter":"2"}]}}`)
	})

	t.Run("siblings resolve concurrently", func(t *testing.T) {
		r := b.post(t, gql(`{ slowA slowB }`, nil))
		jsonEq(t, r.Body, `{"data":{"slowA":"A","slowB":"B"}}`)
	})

	t.Run("mutation fields run in document order", func(t *testing.T) {
		r := b.post(t, gql(`mutation { a: append(v: "1") b: append(v: "2") c: append(v: "3") }`, nil))
		jsonEq(t, r.Body, `{"data":{"a":["1"],"b":["1","2"],"c":["1","2","3"]}}`)
	})

	t.Run("the direct Lambda event", func(t *testing.T) {
		r := b.post(t, gql(`query Op($x: Int) { event(x: $x) }`, map[string]any{"x": 5}), "X-Custom", "yes")
		var ev map[string]any
		if err := json.Unmarshal([]byte(r.Body["data"].(map[string]any)["event"].(string)), &ev); err != nil {
			t.Fatalf("event is not a JSON string: %s", r.Raw)
		}
		jsonEq(t, ev["arguments"], `{"x":5}`)
		jsonEq(t, ev["info"], `{"fieldName":"event","parentTypeName":"Query","variables":{"x":5},"selectionSetList":[],"selectionSetGraphQL":""}`)
		if ev["identity"] != nil || ev["source"] != nil || ev["prev"] != nil {
			t.Errorf("identity, source and prev must be null for an API key root field: %s", r.Raw)
		}
		jsonEq(t, ev["stash"], `{}`)
		h := ev["request"].(map[string]any)["headers"].(map[string]any)
		if h["x-custom"] != "yes" || h["x-api-key"] != testKey {
			t.Errorf("headers: %v", h)
		}
	})

	t.Run("selectionSetList", func(t *testing.T) {
		b.post(t, gql(`{ parent { name kid: child { parentName } } }`, nil))
		b.mu.Lock()
		defer b.mu.Unlock()
		for i := len(b.events) - 1; i >= 0; i-- {
			info := b.events[i]["info"].(map[string]any)
			if info["fieldName"] == "parent" {
				jsonEq(t, info["selectionSetList"], `["name","kid","kid/parentName"]`)
				if got, want := info["selectionSetGraphQL"], "{\n  name\n  kid: child {\n    parentName\n  }\n}"; got != want {
					t.Errorf("selectionSetGraphQL %q, want %q", got, want)
				}
				return
			}
		}
		t.Error("no parent event")
	})

	t.Run("introspection", func(t *testing.T) {
		r := b.post(t, gql(`{ __schema { queryType { name } types { name kind } } __type(name: "Echo") { fields { name type { name kind ofType { name } } } } }`, nil))
		data := r.Body["data"].(map[string]any)
		if data["__schema"].(map[string]any)["queryType"].(map[string]any)["name"] != "Query" {
			t.Fatalf("got %s", r.Raw)
		}
		names := map[string]bool{}
		for _, ty := range data["__schema"].(map[string]any)["types"].([]any) {
			names[ty.(map[string]any)["name"].(string)] = true
		}
		for _, want := range []string{"AWSDateTime", "AWSJSON", "Echo", "SearchResult", "__Schema"} {
			if !names[want] {
				t.Errorf("type %s missing from introspection", want)
			}
		}
		fields := data["__type"].(map[string]any)["fields"].([]any)
		jsonEq(t, fields[2], `{"name":"when","type":{"name":"AWSDateTime","kind":"SCALAR","ofType":null}}`)
	})

	t.Run("GET", func(t *testing.T) {
		req, _ := http.NewRequest("GET", b.url+"/graphql?query="+url.QueryEscape(`{ echo(msg: "g") { msg } }`), nil)
		req.Header.Set("x-api-key", testKey)
		jsonEq(t, do(t, req).Body, `{"data":{"echo":{"msg":"g"}}}`)
	})
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/api/appsync.yml")
	cases := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"empty body", ``, 400, `{"errors":[{"errorType":"MalformedHttpRequestException","message":"Request body is empty."}]}`},
		{"not JSON", `meow`, 400, `{"errors":[{"errorType":"MalformedHttpRequestException","message":"Unable to parse GraphQL query."}]}`},
		{"empty object", `{}`, 400, `{"errors":[{"errorType":"MalformedHttpRequestException","message":"Unable to parse GraphQL query."}]}`},
		{"trailing brace", `{}}`, 400, `{"errors":[{"errorType":"MalformedHttpRequestException","message":"Unable to parse GraphQL query."}]}`},
		{"array", `[]`, 400, `{"errors":[{"errorType":"MalformedHttpRequestException","message":"Unable to parse GraphQL query."}]}`},
		{"unknown field", gql(`{badfield}`, nil), 200, `{"data":null,"errors":[{"path":null,"locations":[{"line":1,"column":2,"sourceName":null}],"message":"Validation error of type FieldUndefined: Field 'badfield' in type 'Query' is undefined @ 'badfield'"}]}`},
		{"nested unknown field", gql("{ echo {\n  nope } }", nil), 200, `{"data":null,"errors":[{"path":null,"locations":[{"line":2,"column":3,"sourceName":null}],"message":"Validation error of type FieldUndefined: Field 'nope' in type 'Echo' is undefined @ 'echo/nope'"}]}`},
		{"missing variable", gql(`query($id: ID!) { node(id: $id) { id } }`, nil), 200, `{"data":null,"errors":[{"path":null,"locations":null,"message":"Variable 'id' has coerced Null value for NonNull type 'ID!'"}]}`},
		{"unknown operation", `{"query":"query A { slowB }","operationName":"B"}`, 200, `{"data":null,"errors":[{"path":null,"locations":null,"message":"Unknown operation named 'B'."}]}`},
		{"bad AWS scalar variable", gql(`query($w: AWSDateTime) { echo(when: $w) { when } }`, map[string]any{"w": "2020-01-02T03:04"}), 200, `{"data":null,"errors":[{"path":null,"locations":null,"message":"Variable 'w' has an invalid value. Unable to parse ` + "`2020-01-02T03:04`" + ` as a valid DateTime Object."}]}`},
		{"bad AWS scalar literal", gql(`{ echo(day: "2020-13-45") { day } }`, nil), 200, ``},
		{"too deep", gql(`{ deep { deep { deep { deep { deep { deep { deep { v } } } } } } } }`, nil), 200, `{"data":null,"errors":[{"path":null,"locations":null,"message":"maximum query depth exceeded 8 > 6"}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := b.post(t, c.body)
			if r.Status != c.status {
				t.Errorf("status %d, want %d: %s", r.Status, c.status, r.Raw)
			}
			if c.want != "" {
				jsonEq(t, r.Body, c.want)
			} else if r.Body["data"] != nil || len(r.Body["errors"].([]any)) != 1 {
				t.Errorf("want one error and null data: %s", r.Raw)
			}
		})
	}

	t.Run("huge variables", func(t *testing.T) {
		t.Parallel()
		big := strings.Repeat("x", 6<<20)
		r := b.post(t, gql(`query($m: String) { echo(msg: $m) { msg } }`, map[string]any{"m": big}))
		if r.Status != 413 || r.Body["errors"].([]any)[0].(map[string]any)["errorType"] != "MalformedHttpRequestException" {
			t.Errorf("got %d %.200s", r.Status, r.Raw)
		}
	})

	t.Run("deeply nested syntax does not crash", func(t *testing.T) {
		t.Parallel()
		q := strings.Repeat("{ echo ", 20000) + strings.Repeat("}", 20000)
		r := b.post(t, gql(q, nil))
		if r.Status != 200 || r.Body["errors"] == nil {
			t.Errorf("got %d %.300s", r.Status, r.Raw)
		}
	})
}

func TestAPIKey(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/api/appsync.yml")
	q := gql(`{ slowB }`, nil)
	r := b.post(t, q, "x-api-key", "")
	jsonEq(t, r.Body, `{"errors":[{"errorType":"UnauthorizedException","message":"Missing authorization header"}]}`)
	if r.Status != 401 {
		t.Errorf("status %d", r.Status)
	}
	r = b.post(t, q, "x-api-key", "da2-wrong")
	jsonEq(t, r.Body, `{"errors":[{"errorType":"UnauthorizedException","message":"You are not authorized to make this call."}]}`)
	if r.Status != 401 {
		t.Errorf("status %d", r.Status)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/limits/appsync.yml")
	r := b.post(t, gql(`{ a: echo(msg: "1") { msg } b: echo(msg: "2") { msg } c: echo(msg: "3") { msg } }`, nil))
	data := r.Body["data"].(map[string]any)
	errs, _ := r.Body["errors"].([]any)
	nulls := 0
	for _, k := range []string{"a", "b", "c"} {
		if data[k] == nil {
			nulls++
		}
	}
	if nulls != 1 || len(errs) != 1 || !strings.Contains(errs[0].(map[string]any)["message"].(string), "Resolver count limit of 2 exceeded") {
		t.Errorf("resolver count limit: %s", r.Raw)
	}
	r = b.post(t, gql(`{ __schema { queryType { name } } }`, nil))
	if r.Body["errors"] == nil || !strings.Contains(r.Raw, "introspection is not allowed") {
		t.Errorf("introspection disabled: %s", r.Raw)
	}
}

// TestServerlessYML serves an API from a serverless.yml whose data source
// names its function with a CloudFormation intrinsic.
func TestServerlessYML(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/serverless/serverless.yml")
	if api := b.main.API(); api.Name != "blog-dev" || api.ID != "blogapi" {
		t.Errorf("name %q id %q", api.Name, api.ID)
	}
	r := b.post(t, gql(`query($n: Int = 3) { echo(msg: "sls", n: $n) { msg n } }`, nil))
	jsonEq(t, r.Body, `{"data":{"echo":{"msg":"sls","n":3}}}`)
}
