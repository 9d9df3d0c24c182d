package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/schema"
	"github.com/appsync-local/appsync-local/server"
)

func newAPI(t *testing.T, keys ...server.APIKey) *server.API {
	t.Helper()
	s, err := schema.Load(schema.Source{Name: "schema.graphql", Input: "type Query { a: String }"})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := executor.New(executor.Params{Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	return &server.API{ID: "local", Name: "t", Schema: ex, APIKeys: keys, AuthModes: []string{"API_KEY"}}
}

func TestAPIKeyExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := server.New(server.Params{Now: func() time.Time { return now }})
	srv.Swap(newAPI(t,
		server.APIKey{Value: "da2-old", Expires: now.Add(-time.Hour)},
		server.APIKey{Value: "da2-new", Expires: now.Add(time.Hour)},
		server.APIKey{Value: "da2-forever"},
	))
	for key, want := range map[string]int{"da2-old": 401, "da2-new": 200, "da2-forever": 200, "da2-none": 401} {
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ a }"}`))
		req.Header.Set("x-api-key", key)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%s: status %d, want %d: %s", key, rec.Code, want, rec.Body)
		}
		if want == 401 && rec.Header().Get("X-Amzn-ErrorType") != "UnauthorizedException" {
			t.Errorf("%s: no X-Amzn-ErrorType header", key)
		}
	}
}

func TestNoAPIYet(t *testing.T) {
	t.Parallel()
	srv := server.New(server.Params{})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", "/graphql", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d", rec.Code)
	}
}
