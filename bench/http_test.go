package bench

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
)

const key = "da2-benchkey"

func startServer(b *testing.B) *app.Main {
	b.Helper()
	fns := gohandler.NewRegistry()
	fns.MustRegister("greeter", func(ctx context.Context, e struct {
		Arguments struct{ Name string } `json:"arguments"`
	}) (string, error) {
		return "Hello, " + e.Arguments.Name + "!", nil
	})
	m := &app.Main{Functions: fns, Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--log-level", "error", "testdata/appsync.yml"}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m
}

// baseline is the cheapest honest GraphQL-over-HTTP answer: read and decode
// the body, write the fixed JSON result.
func baseline(w http.ResponseWriter, r *http.Request) {
	var p struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	io.WriteString(w, `{"data":{"__typename":"Query"}}`)
}

func run(b *testing.B, url, body, want string) {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", url, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("x-api-key", key)
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if string(got) != want {
				b.Fatalf("got %s, want %s", got, want)
			}
		}
	})
}

// BenchmarkHTTP sends queries over loopback HTTP: the whole stack, as a
// client sees it, against the baseline in the same run.
func BenchmarkHTTP(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(baseline))
		defer srv.Close()
		run(b, srv.URL+"/graphql", `{"query":"{ __typename }"}`, `{"data":{"__typename":"Query"}}`)
	})
	url := startServer(b).URL() + "/graphql"
	b.Run("typename", func(b *testing.B) {
		run(b, url, `{"query":"{ __typename }"}`, `{"data":{"__typename":"Query"}}`)
	})
	b.Run("directLambda", func(b *testing.B) {
		run(b, url, `{"query":"{ hello(name: \"Ada\") }"}`, `{"data":{"hello":"Hello, Ada!"}}`)
	})
}

func serve(b *testing.B, h http.Handler, body, want string) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("x-api-key", key)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Body.String() != want {
				b.Fatalf("got %s, want %s", rec.Body, want)
			}
		}
	})
}

// BenchmarkHandler calls the HTTP handlers in-process (no sockets), which
// isolates our request path from the kernel's loopback cost; the baseline is
// the same bare handler.
func BenchmarkHandler(b *testing.B) {
	h := startServer(b).Handler()
	b.Run("baseline", func(b *testing.B) {
		serve(b, http.HandlerFunc(baseline), `{"query":"{ __typename }"}`, `{"data":{"__typename":"Query"}}`)
	})
	b.Run("typename", func(b *testing.B) {
		serve(b, h, `{"query":"{ __typename }"}`, `{"data":{"__typename":"Query"}}`)
	})
	b.Run("directLambda", func(b *testing.B) {
		serve(b, h, `{"query":"{ hello(name: \"Ada\") }"}`, `{"data":{"hello":"Hello, Ada!"}}`)
	})
}
