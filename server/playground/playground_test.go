package playground

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// bundleFS stands in for a dist folder filled by `make playground`.
func bundleFS() fstest.MapFS {
	return fstest.MapFS{
		"README.md":                   {Data: []byte("generated")},
		"graphiql.min.js":             {Data: []byte("var GraphiQL = {};")},
		"graphiql.min.css":            {Data: []byte(".graphiql-container {}")},
		"react.production.min.js":     {Data: []byte("var React = {};")},
		"react-dom.production.min.js": {Data: []byte("var ReactDOM = {};")},
	}
}

func get(tb testing.TB, h http.Handler, target string, header http.Header) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// pageConfigOf returns the config object the page's script reads.
func pageConfigOf(tb testing.TB, body string) pageConfig {
	tb.Helper()
	_, rest, ok := strings.Cut(body, "const config = ")
	if !ok {
		tb.Fatalf("no config in page:\n%s", body)
	}
	literal, _, _ := strings.Cut(rest, ";\n")
	var cfg pageConfig
	if err := json.Unmarshal([]byte(literal), &cfg); err != nil {
		tb.Fatalf("config %s: %v", literal, err)
	}
	return cfg
}

func TestIndex(t *testing.T) {
	t.Parallel()

	h := newHandler(Params{Endpoint: "/graphql", APIKey: "da2-local", Title: "Hello API"}, bundleFS())
	for _, target := range []string{"/", "/playground", "/playground/", "/index.html"} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, target, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200; body:\n%s", rec.Code, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", got)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q", got)
			}
			body := rec.Body.String()
			if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
				t.Errorf("page refers to a remote URL:\n%s", body)
			}
			for _, asset := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"} {
				if !strings.Contains(body, `"/playground/assets/`+asset+`"`) {
					t.Errorf("page does not load %s", asset)
				}
			}
			if !strings.Contains(body, "<title>Hello API</title>") {
				t.Errorf("page has no title")
			}
			cfg := pageConfigOf(t, body)
			if cfg.Endpoint != "/graphql" {
				t.Errorf("endpoint = %q", cfg.Endpoint)
			}
			var headers map[string]string
			if err := json.Unmarshal([]byte(cfg.Headers), &headers); err != nil || headers["x-api-key"] != "da2-local" {
				t.Errorf("headers = %q (%v), want the x-api-key", cfg.Headers, err)
			}
		})
	}

	t.Run("escapes values", func(t *testing.T) {
		t.Parallel()
		key := `k"</script><script>alert(1)</script>`
		h := newHandler(Params{Endpoint: "/gql?x=<b>", APIKey: key}, bundleFS())
		body := get(t, h, "/", nil).Body.String()
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>") {
			t.Fatalf("values not escaped:\n%s", body)
		}
		cfg := pageConfigOf(t, body)
		if cfg.Endpoint != "/gql?x=<b>" || !strings.Contains(cfg.Headers, `k\"\u003c/script\u003e`) {
			t.Errorf("config = %+v", cfg)
		}
	})

	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		body := get(t, newHandler(Params{}, bundleFS()), "/", nil).Body.String()
		if cfg := pageConfigOf(t, body); cfg.Endpoint != "/graphql" || cfg.Headers != "" {
			t.Errorf("config = %+v", cfg)
		}
		if !strings.Contains(body, "<title>appsync-local GraphiQL</title>") {
			t.Errorf("default title missing")
		}
	})
}

func TestAssets(t *testing.T) {
	t.Parallel()

	h := newHandler(Params{}, bundleFS())
	for _, tt := range []struct {
		target, contentType, body string
	}{
		{"/playground/assets/graphiql.min.js", "text/javascript; charset=utf-8", "var GraphiQL = {};"},
		{"/playground/assets/graphiql.min.css", "text/css; charset=utf-8", ".graphiql-container {}"},
		{"/playground/assets/react.production.min.js", "text/javascript; charset=utf-8", "var React = {};"},
		{"/assets/react-dom.production.min.js", "text/javascript; charset=utf-8", "var ReactDOM = {};"}, // under http.StripPrefix
	} {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, tt.target, nil)
			if rec.Code != http.StatusOK || rec.Body.String() != tt.body {
				t.Fatalf("status = %d, body = %q", rec.Code, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q", got)
			}
			etag := rec.Header().Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			if rec := get(t, h, tt.target, http.Header{"If-None-Match": {etag}}); rec.Code != http.StatusNotModified {
				t.Errorf("revalidation status = %d, want 304", rec.Code)
			}
		})
	}

	for _, target := range []string{
		"/playground/assets/README.md",
		"/playground/assets/missing.js",
		"/playground/assets/../playground.go",
		"/favicon.ico",
		"/other/",
	} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			if rec := get(t, h, target, nil); rec.Code != http.StatusNotFound {
				t.Errorf("status = %d, want 404", rec.Code)
			}
		})
	}

	t.Run("POST", func(t *testing.T) {
		t.Parallel()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("status = %d, want 405", rec.Code)
		}
	})
}

func TestBundleMissing(t *testing.T) {
	t.Parallel()

	h := newHandler(Params{APIKey: "da2-local"}, fstest.MapFS{"README.md": {Data: []byte("generated")}})
	for _, target := range []string{"/", "/playground/"} {
		rec := get(t, h, target, nil)
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s: status = %d, want 503", target, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("%s: Content-Type = %q", target, ct)
		}
		if !strings.Contains(rec.Body.String(), "make playground") {
			t.Errorf("%s: body = %q, want it to say to run make playground", target, rec.Body)
		}
	}
}

// TestHandler checks the embedded dist folder: with the bundle (after
// `make playground`) the page and its assets are served, without it the page
// answers 503.
func TestHandler(t *testing.T) {
	t.Parallel()

	h := Handler(Params{Endpoint: "/graphql", APIKey: "da2-local"})
	_, err := fs.Stat(dist, "dist/"+bundle)
	if err != nil {
		if rec := get(t, h, "/", nil); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("without the bundle: status = %d, want 503", rec.Code)
		}
		return
	}
	if rec := get(t, h, "/", nil); rec.Code != http.StatusOK {
		t.Errorf("page status = %d", rec.Code)
	}
	for _, name := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"} {
		rec := get(t, h, "/playground/assets/"+name, nil)
		if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("%s: status = %d, %d bytes", name, rec.Code, rec.Body.Len())
		}
		if body := rec.Body.String(); strings.Contains(body, "//cdn.") || strings.Contains(body, "unpkg.com") {
			t.Errorf("%s refers to a CDN", name)
		}
	}
}
