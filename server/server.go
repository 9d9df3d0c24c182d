package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	gqlexec "github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/appsync-local/appsync-local/server/playground"
	"github.com/appsync-local/appsync-local/server/realtime"
	"github.com/appsync-local/appsync-local/subscription"
)

// APIKey is one API key accepted in the x-api-key header until Expires.
type APIKey struct {
	Value   string
	Expires time.Time // zero: never
}

// API is one built version of a GraphQL API: everything a request needs.
type API struct {
	ID            string
	Name          string
	Schema        graphql.ExecutableSchema
	SDL           string // the user's schema text, for GetIntrospectionSchema-style reads
	APIKeys       []APIKey
	AuthModes     []string // default first: API_KEY, AWS_IAM, ...
	Introspection bool
}

// Params configures a Server.
type Params struct {
	Logger *slog.Logger
	// Rebuild builds a new API from the current configuration with sdl as its
	// schema; schema uploads call it. Nil disables uploads.
	Rebuild func(sdl string) (*API, error)
	// Now is the clock for API key expiry; nil means time.Now.
	Now func() time.Time
	// Evaluate renders a mapping template against a JSON context for
	// EvaluateMappingTemplate. Nil disables the call.
	Evaluate func(template, context string) (result string, logs []string, err error)
	// Services are the AWS JSON APIs served on the same port, keyed by the
	// service prefix of X-Amz-Target ("DynamoDB_20120810" for
	// "DynamoDB_20120810.GetItem"), so SDKs and the CLI reach them with
	// --endpoint-url pointed at this server.
	Services map[string]http.Handler
	// Routes are further handlers mounted on the server's mux by pattern
	// (http.ServeMux syntax), such as the Lambda Invoke API at
	// lambdaapi.Pattern.
	Routes map[string]http.Handler
	// Hub carries mutations to subscriptions. Nil: the server makes an
	// in-process hub and closes it in Close. A hub outlives API swaps.
	Hub subscription.Hub
	// Realtime configures the WebSocket endpoints (keep-alive interval,
	// limits); its Core is the server itself.
	Realtime realtime.Params
}

// Server is the HTTP handler for one API. Create it with New and install an
// API with Swap before serving.
type Server struct {
	log      *slog.Logger
	services map[string]http.Handler
	rebuild  func(string) (*API, error)
	evaluate func(template, context string) (string, []string, error)
	now      func() time.Time
	mux      *http.ServeMux
	current  atomic.Pointer[version]

	uploadMu sync.Mutex
	upload   schemaCreation

	hub      subscription.Hub
	ownHub   bool
	realtime *realtime.Handler
	subsMu   sync.Mutex
	subs     map[*liveSub]struct{}
}

// version is an API with the per-version machinery derived from it.
type version struct {
	api        *API
	exec       *gqlexec.Executor
	playground http.Handler
}

// New returns a Server with no API installed.
func New(p Params) *Server {
	s := &Server{log: p.Logger, rebuild: p.Rebuild, evaluate: p.Evaluate, now: p.Now, services: p.Services}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.hub, s.subs = p.Hub, map[*liveSub]struct{}{}
	if s.hub == nil {
		s.hub, s.ownHub = subscription.NewLocal(subscription.LocalParams{Logger: s.log}), true
	}
	rp := p.Realtime
	rp.Core = s
	if rp.Logger == nil {
		rp.Logger = s.log
	}
	s.realtime = realtime.New(rp)
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/graphql", s.serveGraphQL)
	s.mux.Handle("/graphql/realtime", s.realtime)
	s.mux.HandleFunc("/v1/apis/{apiId}/schemacreation", s.serveSchemaCreation)
	s.mux.HandleFunc("/v1/dataplane-evaluatetemplate", s.serveEvaluateTemplate)
	s.mux.HandleFunc("/", s.servePlayground)
	for pattern, h := range p.Routes {
		s.mux.Handle(pattern, h)
	}
	return s
}

// Swap installs api; requests already running keep the version they started with.
func (s *Server) Swap(api *API) {
	ex := gqlexec.New(api.Schema)
	ex.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	// graphql-java's default parser limit, which AppSync inherits.
	ex.SetParserTokenLimit(15000)
	if api.Introspection {
		ex.Use(extension.Introspection{})
	}
	key := ""
	if len(api.APIKeys) > 0 {
		key = api.APIKeys[0].Value
	}
	v := &version{
		api:        api,
		exec:       ex,
		playground: playground.Handler(playground.Params{Endpoint: "/graphql", APIKey: key, Title: api.Name}),
	}
	s.current.Store(v)
	s.reprepare(v)
}

// Close ends every WebSocket connection and stops the hub the server made.
// HTTP requests are the http.Server's to drain.
func (s *Server) Close() {
	s.realtime.Close()
	if s.ownHub {
		s.hub.Close()
	}
}

// Current returns the API being served, or nil before the first Swap.
func (s *Server) Current() *API {
	if v := s.current.Load(); v != nil {
		return v.api
	}
	return nil
}

// ServeHTTP routes the request, logs it at debug level, and turns a panic into
// an AppSync-shaped 500 without internals.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("request panic", "method", r.Method, "path", r.URL.Path, "panic", p)
			if !sw.wrote {
				writeErrors(sw, http.StatusInternalServerError, "InternalFailure", "An internal failure occurred while processing the request.")
			}
		}
		if s.log.Enabled(r.Context(), slog.LevelDebug) {
			s.log.LogAttrs(context.Background(), slog.LevelDebug, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
		}
	}()
	if websocket.IsWebSocketUpgrade(r) && (r.URL.Path == "/graphql" || r.URL.Path == "/graphql/realtime") {
		s.realtime.ServeHTTP(w, r) // needs the http.Hijacker statusWriter hides
		return
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" && r.URL.Path == "/" {
		s.serveService(sw, r, target)
		return
	}
	s.mux.ServeHTTP(sw, r)
}

// serveService hands an AWS JSON 1.0 call to the service its X-Amz-Target names.
func (s *Server) serveService(w http.ResponseWriter, r *http.Request, target string) {
	prefix, _, _ := strings.Cut(target, ".")
	if h := s.services[prefix]; h != nil {
		h.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(http.StatusBadRequest)
	body, _ := json.Marshal(map[string]string{
		"__type":  "com.amazon.coral.service#UnknownOperationException",
		"message": "This server does not serve " + prefix + " (X-Amz-Target " + target + ").",
	})
	w.Write(body) //nolint:errcheck
}

func (s *Server) servePlayground(w http.ResponseWriter, r *http.Request) {
	v := s.current.Load()
	if v == nil {
		http.Error(w, "no API is loaded", http.StatusServiceUnavailable)
		return
	}
	if r.URL.Path != "/" && !strings.HasPrefix(r.URL.Path, "/playground/") {
		http.NotFound(w, r)
		return
	}
	v.playground.ServeHTTP(w, r)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (WebSocket hijack).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
