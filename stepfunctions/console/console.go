package console

import (
	"bytes"
	"embed"
	"fmt"
	"hash/crc32"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Pattern is the http.ServeMux pattern the console is mounted at. The mux
// redirects "/console" to "/console/".
const Pattern = "/console/"

// dist holds the bundles copied by `make console`; only its README is
// committed, so a plain `go build` embeds no bundle.
//
//go:embed all:dist
var dist embed.FS

// static holds the page's own script and stylesheet.
//
//go:embed static
var static embed.FS

//go:embed index.html
var indexHTML string

var indexTemplate = template.Must(template.New("index").Parse(indexHTML))

// bundle is the file whose presence tells that `make console` has run.
const bundle = "dagre.min.js"

// contentTypes lists the asset kinds served; anything else is not found.
var contentTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
}

// Params configures Handler.
type Params struct {
	// Endpoint is the path or URL the page sends Step Functions API requests
	// to. Empty means "/", where appsync-local serves the API.
	Endpoint string
	// Title is the page title. Empty means "appsync-local Step Functions".
	Title string
}

// Handler returns the console handler, to be mounted at Pattern: the page at
// "/console/" and its assets at "/console/assets/NAME". Other paths are not
// found. If the layout bundle was not embedded (the binary was built without
// `make console`), the page answers 503 saying so.
func Handler(p Params) http.Handler {
	d, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path; fs.Sub fails only on invalid ones
	}
	s, err := fs.Sub(static, "static")
	if err != nil {
		panic(err)
	}
	return newHandler(p, s, d)
}

// handler serves the page and the assets found in its file systems.
type handler struct {
	index  []byte
	assets []fs.FS // searched in order: the page's own files, then the bundles
	ready  bool    // the layout bundle is present

	etagsMu sync.Mutex
	etags   map[string]string // by asset name, computed on first request
}

func newHandler(p Params, own, bundles fs.FS) *handler {
	if p.Endpoint == "" {
		p.Endpoint = "/"
	}
	if p.Title == "" {
		p.Title = "appsync-local Step Functions"
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, p); err != nil {
		panic(fmt.Sprintf("render console index: %v", err)) // the template is fixed
	}
	_, err := fs.Stat(bundles, bundle)
	return &handler{index: buf.Bytes(), assets: []fs.FS{own, bundles}, ready: err == nil, etags: map[string]string{}}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/console/")
	switch {
	case !ok:
		http.NotFound(w, r)
	case rest == "" || rest == "index.html":
		h.serveIndex(w, r)
	case strings.HasPrefix(rest, "assets/"):
		h.serveAsset(w, r, strings.TrimPrefix(rest, "assets/"))
	default:
		http.NotFound(w, r)
	}
}

func (h *handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	if !h.ready {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "The Step Functions console was built without its graph layout bundle: "+
			"run `make console` and rebuild.", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(h.index))
}

// open finds the named asset in the first file system that has it.
func (h *handler) open(name string) ([]byte, bool) {
	for _, fsys := range h.assets {
		if b, err := fs.ReadFile(fsys, name); err == nil {
			return b, true
		}
	}
	return nil, false
}

func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok || name == "" || strings.Contains(name, "/") || strings.HasPrefix(name, ".") {
		http.NotFound(w, r)
		return
	}
	data, ok := h.open(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	// Names carry no version, so browsers revalidate; the ETag makes that a 304.
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", h.etag(name, data))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// etag returns the entity tag of an asset, computed once per name.
func (h *handler) etag(name string, data []byte) string {
	h.etagsMu.Lock()
	defer h.etagsMu.Unlock()
	if t, ok := h.etags[name]; ok {
		return t
	}
	t := fmt.Sprintf(`"%08x-%x"`, crc32.ChecksumIEEE(data), len(data))
	h.etags[name] = t
	return t
}
