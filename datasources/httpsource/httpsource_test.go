package httpsource_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/appsync-local/appsync-local/datasources/httpsource"
	"github.com/appsync-local/appsync-local/internal/sigv4check"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

var _ resolvers.DataSource = (*httpsource.Source)(nil)

func doc(t *testing.T, text string) *value.Map {
	t.Helper()
	v, err := value.FromJSON([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return v.(*value.Map)
}

func errType(err error) string {
	var e *httpsource.Error
	if errors.As(err, &e) {
		return e.Type
	}
	return ""
}

// seen is one request as the test server received it.
type seen struct {
	method, path, query, body string
	header                    http.Header
}

func TestRequestAndResult(t *testing.T) {
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(b), r.Header.Clone()}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":"p1"}`)
	}))
	defer srv.Close()
	s := &httpsource.Source{Name: "api", Endpoint: srv.URL + "/base/"}
	res, err := s.Invoke(context.Background(), doc(t, `{
		"version": "2018-05-29", "method": "post", "resourcePath": "/posts/a b",
		"params": {
			"query": {"limit": 10, "tag": ["x", "y&z"], "skip": null},
			"headers": {"Content-Type": "application/json", "X-Api-Key": "k1", "X-Num": 2},
			"body": "{\"title\":\"Hi\"}"
		}}`))
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	if r.method != "POST" || r.path != "/base/posts/a%20b" || r.body != `{"title":"Hi"}` {
		t.Errorf("request %s %s body %q", r.method, r.path, r.body)
	}
	if r.query != "limit=10&tag=x&tag=y%26z" {
		t.Errorf("query %q", r.query)
	}
	if r.header.Get("X-Api-Key") != "k1" || r.header.Get("Content-Type") != "application/json" || r.header.Get("X-Num") != "2" {
		t.Errorf("headers %v", r.header)
	}
	m := res.(*value.Map)
	if sc, _ := m.Get("statusCode"); sc != int64(201) {
		t.Errorf("statusCode %v", sc)
	}
	if b, _ := m.Get("body"); b != `{"id":"p1"}` {
		t.Errorf("body %v", b)
	}
	h, _ := m.Get("headers")
	hm := h.(*value.Map)
	if v, _ := hm.Get("X-Multi"); v != "a,b" {
		t.Errorf("X-Multi %v", v)
	}
	if v, _ := hm.Get("Content-Type"); v != "application/json" {
		t.Errorf("Content-Type %v", v)
	}
}

func TestEscapedPathIsKept(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.URL.EscapedPath()
	}))
	defer srv.Close()
	s := &httpsource.Source{Name: "api", Endpoint: srv.URL}
	if _, err := s.Invoke(context.Background(), doc(t, `{"method":"GET","resourcePath":"/posts/p%2F1/x?y=1"}`)); err != nil {
		t.Fatal(err)
	}
	if p := <-got; p != "/posts/p%2F1/x" {
		t.Errorf("path %s", p)
	}
	if _, err := s.Invoke(context.Background(), doc(t, `{"method":"GET","resourcePath":"/bad%zz"}`)); errType(err) != "MappingTemplate" {
		t.Errorf("malformed escape: %v", err)
	}
}

func TestErrorStatusIsAResult(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusNotFound)
	}))
	defer srv.Close()
	s := &httpsource.Source{Name: "api", Endpoint: srv.URL}
	res, err := s.Invoke(context.Background(), doc(t, `{"method":"GET","resourcePath":"/x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if sc, _ := res.(*value.Map).Get("statusCode"); sc != int64(404) {
		t.Errorf("statusCode %v", sc)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	s := &httpsource.Source{Name: "api", Endpoint: srv.URL, Timeout: 50 * time.Millisecond}
	_, err := s.Invoke(context.Background(), doc(t, `{"method":"GET","resourcePath":"/slow"}`))
	if errType(err) != "Http:ExecutionTimeoutException" || err.Error() != "Execution timed out." {
		t.Fatalf("got %v (%s)", err, errType(err))
	}
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	s := &httpsource.Source{Name: "api", Endpoint: url}
	_, err = s.Invoke(context.Background(), doc(t, `{"method":"GET","resourcePath":"/"}`))
	if errType(err) != "Http:HttpRequestException" || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("got %v (%s)", err, errType(err))
	}
}

func TestBadRequestDocuments(t *testing.T) {
	s := &httpsource.Source{Name: "api", Endpoint: "http://127.0.0.1:9"}
	for _, tc := range []struct{ name, doc, msg string }{
		{"method", `{"method":"TRACE","resourcePath":"/"}`, "Unsupported HTTP method 'TRACE'"},
		{"no method", `{"resourcePath":"/"}`, "Unsupported HTTP method"},
		{"path", `{"method":"GET","resourcePath":"x"}`, "resourcePath must be a string starting with '/'"},
		{"no path", `{"method":"GET"}`, "resourcePath must be a string"},
		{"params", `{"method":"GET","resourcePath":"/","params":[1]}`, "params must be an object"},
		{"headers", `{"method":"GET","resourcePath":"/","params":{"headers":"x"}}`, "params.headers must be an object"},
		{"header value", `{"method":"GET","resourcePath":"/","params":{"headers":{"a":{"b":1}}}}`, "params.headers.a must be a string"},
		{"query value", `{"method":"GET","resourcePath":"/","params":{"query":{"a":{"b":1}}}}`, "params.query.a must be"},
		{"body", `{"method":"POST","resourcePath":"/","params":{"body":12}}`, "params.body must be a string or an object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Invoke(context.Background(), doc(t, tc.doc))
			if errType(err) != "MappingTemplate" || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v (%s), want MappingTemplate %q", err, errType(err), tc.msg)
			}
		})
	}
	t.Run("endpoint", func(t *testing.T) {
		bad := &httpsource.Source{Name: "api", Endpoint: "example.com"}
		_, err := bad.Invoke(context.Background(), doc(t, `{"method":"GET","resourcePath":"/"}`))
		if errType(err) != "Http:InvalidEndpoint" {
			t.Errorf("got %v", err)
		}
	})
}

func verify(r *http.Request, body []byte, creds aws.Credentials) error {
	_, err := sigv4check.Verify(r, body, creds)
	return err
}

func TestSigV4(t *testing.T) {
	creds := aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", SessionToken: "token"}
	verdict := make(chan error, 1)
	var scope string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		scope = r.Header.Get("Authorization")
		err := verify(r, body, creds)
		if err == nil && r.Header.Get("X-Amz-Security-Token") != "token" {
			err = errors.New("no X-Amz-Security-Token")
		}
		verdict <- err
	}))
	defer srv.Close()
	s := &httpsource.Source{Name: "api", Endpoint: srv.URL, Signing: &httpsource.Signing{
		Region: "eu-west-1", Service: "execute-api",
		Credentials: credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken),
	}}
	_, err := s.Invoke(context.Background(), doc(t, `{"method":"PUT","resourcePath":"/items/1",
		"params":{"query":{"q":"a b"},"headers":{"content-type":"application/json","x-custom":"v"},"body":"{\"n\":1}"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := <-verdict; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(scope, "/eu-west-1/execute-api/aws4_request") {
		t.Errorf("scope: %s", scope)
	}

	t.Run("a tampered body fails verification", func(t *testing.T) {
		// The verifier must be able to fail: re-check the request with another body.
		tamper := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body) //nolint:errcheck
			verdict <- verify(r, []byte(`{"n":2}`), creds)
		}))
		defer tamper.Close()
		s2 := *s
		s2.Endpoint = tamper.URL
		if _, err := s2.Invoke(context.Background(), doc(t, `{"method":"POST","resourcePath":"/","params":{"body":"{\"n\":1}"}}`)); err != nil {
			t.Fatal(err)
		}
		if err := <-verdict; err == nil || !strings.Contains(err.Error(), "signature mismatch") {
			t.Errorf("want a signature mismatch, got %v", err)
		}
	})
}
