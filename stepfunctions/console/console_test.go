package console

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// bundles stands in for a dist folder filled by `make console`.
var bundles = fstest.MapFS{bundle: {Data: []byte("var dagre = {};")}}

func get(t *testing.T, h http.Handler, method, target string, hdr http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func testHandler(p Params, b fs.FS) http.Handler {
	own, err := fs.Sub(static, "static")
	if err != nil {
		panic(err)
	}
	return newHandler(p, own, b)
}

// TestPage: the page is HTML, names the endpoint it calls and loads only
// assets the handler serves, all from /console/assets/.
func TestPage(t *testing.T) {
	t.Parallel()
	h := testHandler(Params{}, bundles)
	for _, target := range []string{"/console/", "/console/index.html"} {
		rec := get(t, h, http.MethodGet, target, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", target, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
		body := rec.Body.String()
		if !strings.Contains(body, `<meta name="sfn-endpoint" content="/">`) {
			t.Errorf("%s: page lacks the default endpoint:\n%s", target, body)
		}
		if !strings.Contains(body, "<title>appsync-local Step Functions</title>") {
			t.Errorf("%s: page lacks the default title", target)
		}
		refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(body, -1)
		if len(refs) < 3 {
			t.Fatalf("%s: want the stylesheet and two scripts, got %v", target, refs)
		}
		for _, m := range refs {
			if !strings.HasPrefix(m[1], "/console/assets/") {
				continue // the in-page link "#/"
			}
			if r := get(t, h, http.MethodGet, m[1], nil); r.Code != http.StatusOK || r.Body.Len() == 0 {
				t.Errorf("%s referenced by the page: status %d, %d bytes", m[1], r.Code, r.Body.Len())
			}
		}
	}
	rec := get(t, testHandler(Params{Endpoint: "http://127.0.0.1:9/sfn", Title: "Mine <x>"}, bundles), http.MethodGet, "/console/", nil)
	body := rec.Body.String()
	if !strings.Contains(body, `content="http://127.0.0.1:9/sfn"`) || !strings.Contains(body, "<title>Mine &lt;x&gt;</title>") {
		t.Errorf("custom endpoint and escaped title missing:\n%s", body)
	}
}

// TestAssets: each asset kind has its content type and an ETag that makes a
// revalidation a 304; HEAD works.
func TestAssets(t *testing.T) {
	t.Parallel()
	h := testHandler(Params{}, bundles)
	for name, ctype := range map[string]string{
		"console.js":   "text/javascript; charset=utf-8",
		"console.css":  "text/css; charset=utf-8",
		"dagre.min.js": "text/javascript; charset=utf-8",
	} {
		rec := get(t, h, http.MethodGet, "/console/assets/"+name, nil)
		if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Fatalf("%s: status %d, %d bytes", name, rec.Code, rec.Body.Len())
		}
		if got := rec.Header().Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q, want %q", name, got, ctype)
		}
		etag := rec.Header().Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", name)
		}
		if r := get(t, h, http.MethodGet, "/console/assets/"+name, http.Header{"If-None-Match": {etag}}); r.Code != http.StatusNotModified {
			t.Errorf("%s revalidated: status %d, want 304", name, r.Code)
		}
		if r := get(t, h, http.MethodHead, "/console/assets/"+name, nil); r.Code != http.StatusOK || r.Body.Len() != 0 {
			t.Errorf("HEAD %s: status %d, %d bytes", name, r.Code, r.Body.Len())
		}
	}
}

// TestNotFound: unknown pages, unknown or nested assets, other extensions
// and paths outside /console/ are 404; other methods are 405.
func TestNotFound(t *testing.T) {
	t.Parallel()
	h := testHandler(Params{}, bundles)
	for _, target := range []string{"/console/nope", "/console/assets/", "/console/assets/nope.js", "/console/assets/README.md",
		"/console/assets/../index.html", "/console/assets/x/console.js", "/console/assets/.js", "/other/", "/console/static/console.js"} {
		if rec := get(t, h, http.MethodGet, target, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, rec.Code)
		}
	}
	rec := get(t, h, http.MethodPost, "/console/", nil)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
}

// TestBundleMissing: without the layout bundle the page says to run make
// console instead of rendering a page that cannot draw.
func TestBundleMissing(t *testing.T) {
	t.Parallel()
	rec := get(t, testHandler(Params{}, fstest.MapFS{}), http.MethodGet, "/console/", nil)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "make console") {
		t.Errorf("status %d, body %q; want 503 saying to run make console", rec.Code, rec.Body)
	}
}

// TestHandler checks the embedded folders: the page's own files are always
// there; with the bundle (after `make console`) the page and dagre are
// served, without it the page answers 503.
func TestHandler(t *testing.T) {
	t.Parallel()
	h := Handler(Params{})
	for _, name := range []string{"console.js", "console.css"} {
		if rec := get(t, h, http.MethodGet, "/console/assets/"+name, nil); rec.Code != http.StatusOK || rec.Body.Len() < 1000 {
			t.Errorf("%s: status %d, %d bytes", name, rec.Code, rec.Body.Len())
		}
	}
	if _, err := fs.Stat(dist, "dist/"+bundle); err != nil {
		if rec := get(t, h, http.MethodGet, "/console/", nil); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("without the bundle: status %d, want 503", rec.Code)
		}
		return
	}
	if rec := get(t, h, http.MethodGet, "/console/", nil); rec.Code != http.StatusOK {
		t.Errorf("page status %d", rec.Code)
	}
	rec := get(t, h, http.MethodGet, "/console/assets/dagre.min.js", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "dagre") {
		t.Errorf("dagre.min.js: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
	for _, name := range []string{"console.js", "dagre.min.js"} {
		body := get(t, h, http.MethodGet, "/console/assets/"+name, nil).Body.String()
		if strings.Contains(body, "//cdn.") || strings.Contains(body, "unpkg.com") {
			t.Errorf("%s refers to a CDN", name)
		}
	}
}
