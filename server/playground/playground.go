package playground

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// dist holds the bundles copied by `make playground`; only its README is
// committed, so a plain `go build` embeds no bundle.
//
//go:embed all:dist
var dist embed.FS

//go:embed index.html
var indexHTML string

var indexTemplate = template.Must(template.New("index").Parse(indexHTML))

// bundle is the file whose presence tells that `make playground` has run.
const bundle = "graphiql.min.js"

// contentTypes lists the asset kinds served; anything else is not found.
var contentTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
}

// Params configures Handler.
type Params struct {
	// Endpoint is the path or URL the page sends GraphQL requests to, for
	// example "/graphql". Empty means "/graphql".
	Endpoint string
	// APIKey prefills the header editor as {"x-api-key": APIKey}; empty
	// leaves the editor empty.
	APIKey string
	// Title is the page title. Empty means "appsync-local GraphiQL".
	Title string
}

// Handler returns the playground handler: GraphiQL at "/" and "/playground/",
// its assets at any path ending in "/assets/NAME". Other paths are not found.
// If the GraphiQL bundle was not embedded (the binary was built without
// `make playground`), the page answers 503 saying so.
func Handler(p Params) http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path; fs.Sub fails only on invalid ones
	}
	return newHandler(p, sub)
}

// handler serves the page and the assets found in its file system.
type handler struct {
	index  []byte // rendered page
	assets fs.FS
	ready  bool // the GraphiQL bundle is present

	etagsOnce sync.Once
	etags     map[string]string // by asset name; computed on first asset request
}

// pageConfig is what the page's script reads.
type pageConfig struct {
	Endpoint string `json:"endpoint"`
	Headers  string `json:"headers"` // header editor text
}

func newHandler(p Params, assets fs.FS) *handler {
	if p.Endpoint == "" {
		p.Endpoint = "/graphql"
	}
	if p.Title == "" {
		p.Title = "appsync-local GraphiQL"
	}
	cfg := pageConfig{Endpoint: p.Endpoint}
	if p.APIKey != "" {
		b, err := json.MarshalIndent(map[string]string{"x-api-key": p.APIKey}, "", "  ")
		if err != nil {
			panic(err) // a map of strings always marshals
		}
		cfg.Headers = string(b)
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, struct {
		Title  string
		Config pageConfig
	}{p.Title, cfg}); err != nil {
		panic(fmt.Sprintf("render playground index: %v", err)) // the template is fixed
	}
	_, err := fs.Stat(assets, bundle)
	return &handler{index: buf.Bytes(), assets: assets, ready: err == nil}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if i := strings.LastIndex(p, "/assets/"); i >= 0 {
		h.serveAsset(w, r, p[i+len("/assets/"):])
		return
	}
	switch strings.TrimPrefix(p, "/playground") {
	case "", "/", "/index.html":
		h.serveIndex(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (h *handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	if !h.ready {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "The GraphQL playground was built without its GraphiQL bundle: "+
			"run `make playground` and rebuild.", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The page carries the API key, which changes between runs.
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(h.index))
}

func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	f, err := h.assets.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	content, ok := f.(io.ReadSeeker) // embedded files are; read others whole
	if !ok {
		data, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "read asset", http.StatusInternalServerError)
			return
		}
		content = bytes.NewReader(data)
	}
	w.Header().Set("Content-Type", ctype)
	// Names carry no version, so browsers revalidate; the ETag makes that a 304.
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", h.etag(name))
	http.ServeContent(w, r, name, time.Time{}, content)
}

// etag returns the entity tag of the named asset. Tags are computed on the
// first asset request, not at start-up, to keep start-up fast.
func (h *handler) etag(name string) string {
	h.etagsOnce.Do(func() {
		h.etags = make(map[string]string)
		entries, _ := fs.ReadDir(h.assets, ".")
		for _, e := range entries {
			f, err := h.assets.Open(e.Name())
			if err != nil {
				continue
			}
			sum := crc32.NewIEEE()
			n, err := io.Copy(sum, f)
			f.Close()
			if err == nil {
				h.etags[e.Name()] = fmt.Sprintf(`"%08x-%x"`, sum.Sum32(), n)
			}
		}
	})
	return h.etags[name]
}
