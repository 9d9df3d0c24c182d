package server_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/server"
)

// FuzzGraphQLRequest sends arbitrary bodies: every answer must be AppSync's
// JSON with a 200 or 400-range status, never a panic or a 500.
func FuzzGraphQLRequest(f *testing.F) {
	for _, seed := range []string{
		``, `meow`, `{}`, `[]`, `{"query":"{ a }"}`, `{"query":"{ a b }"}`, `{"query":"query($x: Int!) { a }","variables":{"x":"y"}}`,
		`{"query":"{ __schema { types { name } } }"}`, `{"query":"{ a(","operationName":7}`, `{"query":"fragment F on Query { ...F } { ...F }"}`,
		`{"query":"query A { a } query A { a }","operationName":"A"}`, `{"query":"{ a }","variables":[1]}`,
	} {
		f.Add(seed)
	}
	srv := server.New(server.Params{})
	f.Fuzz(func(t *testing.T, body string) {
		if srv.Current() == nil {
			srv.Swap(newAPI(t, server.APIKey{Value: "k"}))
		}
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
		req.Header.Set("x-api-key", "k")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 200 && (rec.Code < 400 || rec.Code >= 500) {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("invalid JSON for %q: %s", body, rec.Body)
		}
	})
}
