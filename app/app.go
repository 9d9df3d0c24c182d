// Package app is the appsync-local command: flags, config, wiring of concrete
// data sources into the server, watch mode, and the process lifecycle.
//
// It is a library so that a Go program can embed the server with its own
// in-process Lambda handlers:
//
//	fns := gohandler.NewRegistry()
//	fns.MustRegister("hello", func(ctx context.Context, e map[string]any) (string, error) { ... })
//	os.Exit(app.Execute(fns))
//
// Tests start a Main on port 0 with Start, read its URL, and Close it.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/appsync-local/appsync-local/config"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/schema"
	"github.com/appsync-local/appsync-local/server"
)

// Version is the release, set with -ldflags "-X .../app.Version=v1.2.3".
var Version = "v0.1.0-dev"

const usage = `appsync-local serves AWS AppSync APIs on your machine.

Usage:
  appsync-local serve [CONFIG] [flags]    serve the API (CONFIG defaults to ./appsync.yml, else ./serverless.yml)
  appsync-local validate [CONFIG]         check config, schema and templates; print each problem as file:line:col: message
  appsync-local eval TEMPLATE [--context ctx.json]
                                          render a VTL mapping template against a $context given as JSON
  appsync-local --version
  appsync-local --help

Serve flags:
  --port N         port to listen on (default: local.port, else 20002; 0 picks a free one)
  --host H         address to bind (default: local.host, else 127.0.0.1)
  --data-dir D     where embedded stores live (default: local.dataDir, else .appsync-local)
  --dynamodb-endpoint URL
                   use this DynamoDB (DynamoDB Local, dynalite, AWS) instead of local.dynamodb.endpoint
  --no-watch       do not rebuild the API when config, schema or resolver files change
  --log-level L    debug, info, warn or error (default info; debug logs one line per request)
  --tls            serve https:// and wss:// with a generated self-signed certificate for
                   127.0.0.1/localhost, kept in DATA-DIR/tls (Amplify JS v6 always uses wss://)
  --tls-cert F --tls-key F
                   serve https:// and wss:// with this PEM certificate and key
  --ws-keepalive D interval of the real-time protocol's ka messages (default 60s)
  --ws-queue N     messages a WebSocket connection may have waiting before it is closed
                   as too slow (default 1024)
`

// Main is one appsync-local process. Set the fields, then Run (or Start and
// Close). It is not reusable after Close.
type Main struct {
	// Functions are the in-process Lambda handlers AWS_LAMBDA data sources call.
	Functions *gohandler.Registry
	Stdout    io.Writer
	Stderr    io.Writer
	// OnReload, if set, is called after each watch-mode rebuild with its error
	// (nil when the new API was swapped in).
	OnReload func(error)
	// WaitTimeScale, when set, overrides WAIT_TIME_SCALE for Step Functions
	// Wait states and retry intervals (0 = no waiting; tests use it).
	WaitTimeScale *float64
	// HTTPTimeout bounds each call of an HTTP data source; zero means
	// AppSync's 30 seconds (httpsource.DefaultTimeout).
	HTTPTimeout time.Duration

	dataDir        string // --data-dir, absolute; "" = the config's
	dynamoEndpoint string // --dynamodb-endpoint; "" = the config's
	validating     bool   // validate: check only, open no store
	log            *slog.Logger
	srv            *server.Server
	http           *http.Server
	listener       net.Listener
	certFile       string // TLS certificate served (app/tls.go); "" = plain HTTP
	cfg            *config.Config
	watcher        *watcher
	dynamo         *dynamoBackend
	sfn            *sfnBackend // Step Functions engine (app/stepfunctions.go)
	postgres       pgPools     // RELATIONAL_DATABASE pools, shared by rebuilds
	done           chan error
	closeMu        sync.Once
}

// Execute runs the command line in os.Args with fns registered, until SIGINT
// or SIGTERM, and returns the process exit code.
func Execute(fns *gohandler.Registry) int {
	m := &Main{Functions: fns, Stdout: os.Stdout, Stderr: os.Stderr}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(m.Stderr, "appsync-local:", err)
		}
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

var (
	errUsage    = errors.New("usage")
	errReported = errors.New("problems reported")
)

// Run executes one command line. For serve it blocks until ctx is done.
func (m *Main) Run(ctx context.Context, args []string) error {
	m.defaults()
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "--help", "-h", "help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	case "--version", "-v", "version":
		fmt.Fprintln(m.Stdout, "appsync-local", Version)
		return nil
	case "validate":
		return m.validate(args[1:])
	case "eval":
		return m.eval(args[1:])
	case "serve":
		if err := m.Start(args[1:]); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
		case err := <-m.done:
			if err != nil {
				return err
			}
		}
		return m.Close()
	}
	fmt.Fprintf(m.Stderr, "unknown command %q\n\n%s", args[0], usage)
	return errUsage
}

func (m *Main) defaults() {
	if m.Stdout == nil {
		m.Stdout = io.Discard
	}
	if m.Stderr == nil {
		m.Stderr = io.Discard
	}
	if m.Functions == nil {
		m.Functions = gohandler.NewRegistry()
	}
}

type serveFlags struct {
	config, host, dataDir, logLevel string
	dynamoEndpoint                  string
	port                            int
	portSet, noWatch                bool
	tls                             tlsFlags      // app/tls.go
	realtime                        realtimeFlags // app/realtime.go
}

// parseServe parses serve's flags, which may come before or after CONFIG.
func parseServe(args []string, stderr io.Writer) (*serveFlags, error) {
	f := &serveFlags{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	fs.IntVar(&f.port, "port", -1, "")
	fs.StringVar(&f.host, "host", "", "")
	fs.StringVar(&f.dataDir, "data-dir", "", "")
	fs.StringVar(&f.dynamoEndpoint, "dynamodb-endpoint", "", "")
	fs.BoolVar(&f.noWatch, "no-watch", false, "")
	fs.StringVar(&f.logLevel, "log-level", "info", "")
	f.tls.register(fs)
	f.realtime.register(fs)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) > 1 {
		fmt.Fprintf(stderr, "serve takes one CONFIG, got %d: %s\n", len(positional), strings.Join(positional, " "))
		return nil, errUsage
	}
	if len(positional) == 1 {
		f.config = positional[0]
	}
	f.portSet = f.port >= 0
	return f, nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// findConfig resolves CONFIG or the default files in the working directory.
func findConfig(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	return config.Find(".")
}

// Start loads the config, builds the API, listens and serves in the
// background. URL reports where.
func (m *Main) Start(args []string) error {
	m.defaults()
	f, err := parseServe(args, m.Stderr)
	if err != nil {
		return err
	}
	level, err := parseLevel(f.logLevel)
	if err != nil {
		return err
	}
	m.log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
	path, err := findConfig(f.config)
	if err != nil {
		return err
	}
	if f.dataDir != "" {
		m.dataDir, _ = filepath.Abs(f.dataDir)
	}
	m.dynamoEndpoint = f.dynamoEndpoint
	cfg, api, err := m.load(path)
	if err != nil {
		fmt.Fprintln(m.Stderr, err)
		m.dynamo.Close()
		return fmt.Errorf("%s is not valid; fix the problems above: %w", path, errReported)
	}
	if f.portSet {
		cfg.Local.Port = f.port
	}
	if f.host != "" {
		cfg.Local.Host = f.host
	}
	m.cfg = cfg
	services := map[string]http.Handler{}
	if h := m.dynamo.Handler(); h != nil {
		services["DynamoDB_20120810"] = h
	}
	if err := m.mountStepFunctions(cfg, services); err != nil {
		m.dynamo.Close()
		return err
	}
	m.srv = server.New(server.Params{Logger: m.log, Rebuild: m.rebuildWithSchema, Evaluate: evaluate, Services: services,
		Routes: m.routes(cfg), Realtime: f.realtime.params()})
	m.srv.Swap(api)

	addr := net.JoinHostPort(cfg.Local.Host, strconv.Itoa(cfg.Local.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		m.dynamo.Close()
		return fmt.Errorf("listen on %s: %w (is another server using the port? pick one with --port)", addr, err)
	}
	if ln, err = m.serveTLS(f.tls, cfg.Local.DataDir, ln); err != nil {
		m.dynamo.Close()
		return err
	}
	m.listener = ln
	m.http = &http.Server{Handler: m.srv, ReadHeaderTimeout: 10 * time.Second}
	m.done = make(chan error, 1)
	go func() {
		if err := m.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.done <- err
		}
	}()
	if !f.noWatch {
		w, err := newWatcher(m.log, m.reload)
		if err != nil {
			m.log.Warn("watch mode is off", "error", err)
		} else {
			m.watcher = w
			w.watch(watchedFiles(cfg))
		}
	}
	m.printBanner(api)
	return nil
}

// load reads the config at path and builds its API.
func (m *Main) load(path string) (*config.Config, *server.API, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, nil, err
	}
	if err := m.prepareDynamo(cfg); err != nil {
		return nil, nil, err
	}
	sources, err := readSchema(cfg)
	if err != nil {
		return nil, nil, err
	}
	b := m.builder(cfg)
	api, err := b.build(sources, true)
	if err != nil {
		return nil, nil, err
	}
	return cfg, api, nil
}

func (m *Main) builder(cfg *config.Config) *builder {
	b := &builder{cfg: cfg, functions: m.Functions, log: m.log, runtime: &resolvers.Runtime{Log: m.log}, httpTimeout: m.HTTPTimeout}
	if m.dynamo != nil {
		b.dynamo = m.dynamo.client
	}
	if !m.validating {
		b.postgres = &m.postgres
		b.sfnAPI = m.sfnAPI()
	}
	return b
}

// usesDynamo reports whether the config needs DynamoDB: a data source, a
// table or an endpoint.
func usesDynamo(cfg *config.Config) bool {
	if cfg.Local.DynamoDB.Endpoint != "" || len(cfg.Local.DynamoDB.Tables) > 0 {
		return true
	}
	for _, ds := range cfg.DataSources {
		if ds.Type == config.DataSourceDynamoDB {
			return true
		}
	}
	return false
}

// prepareDynamo opens the DynamoDB backend the first time a config needs it
// and creates the config's missing tables on every load. validate only
// checks, so it opens nothing.
func (m *Main) prepareDynamo(cfg *config.Config) error {
	if m.dynamoEndpoint != "" {
		cfg.Local.DynamoDB.Endpoint = m.dynamoEndpoint
	}
	if m.validating || !usesDynamo(cfg) {
		return nil
	}
	if m.dataDir != "" {
		cfg.Local.DataDir = m.dataDir
	}
	if m.dynamo == nil {
		d, err := openDynamo(context.Background(), cfg)
		if err != nil {
			return err
		}
		m.dynamo = d
		return nil
	}
	return m.dynamo.createTables(context.Background(), cfg)
}

// evaluate serves EvaluateMappingTemplate.
func evaluate(template, context string) (string, []string, error) {
	ev := resolvers.Evaluate("template", template, context, nil)
	if ev.Error != "" {
		return "", ev.Logs, errors.New(ev.Error)
	}
	return ev.Result, ev.Logs, nil
}

// rebuildWithSchema builds the current config with an uploaded schema.
func (m *Main) rebuildWithSchema(sdl string) (*server.API, error) {
	return m.builder(m.cfg).build([]schema.Source{{Name: "uploaded schema", Input: sdl}}, false)
}

// reload rebuilds from the files after an edit; a broken edit keeps the old API.
func (m *Main) reload() {
	cfg, api, err := m.load(m.cfg.File)
	if err != nil {
		m.log.Error("reload failed; the previous API keeps serving", "error", "\n"+err.Error())
	} else {
		cfg.Local.Port, cfg.Local.Host, cfg.Local.DataDir = m.cfg.Local.Port, m.cfg.Local.Host, m.cfg.Local.DataDir
		m.cfg = cfg
		m.srv.Swap(api)
		m.watcher.watch(watchedFiles(cfg))
		m.log.Info("reloaded", "config", cfg.File)
	}
	if m.OnReload != nil {
		m.OnReload(err)
	}
}

// URL is the server's base URL, e.g. http://127.0.0.1:20002.
func (m *Main) URL() string {
	if m.certFile != "" {
		return "https://" + m.listener.Addr().String()
	}
	return "http://" + m.listener.Addr().String()
}

// Handler is the server's HTTP handler, for in-process use (benchmarks).
func (m *Main) Handler() http.Handler { return m.srv }

// API returns the API being served.
func (m *Main) API() *server.API { return m.srv.Current() }

func (m *Main) printBanner(api *server.API) {
	base := m.URL()
	fmt.Fprintf(m.Stdout, "appsync-local %s serving %q (api id %s)\n", Version, api.Name, api.ID)
	fmt.Fprintf(m.Stdout, "  GraphQL:    %s/graphql\n", base)
	fmt.Fprintf(m.Stdout, "  Realtime:   ws%s/graphql/realtime\n", strings.TrimPrefix(base, "http"))
	fmt.Fprintf(m.Stdout, "  Playground: %s/\n", base)
	fmt.Fprintf(m.Stdout, "  Console:    %s/console/\n", base)
	if len(api.APIKeys) > 0 {
		fmt.Fprintf(m.Stdout, "  API key:    %s\n", api.APIKeys[0].Value)
	}
}

// Close stops watching and serving; requests in flight get 5 seconds.
func (m *Main) Close() error {
	var err error
	m.closeMu.Do(func() {
		if m.watcher != nil {
			m.watcher.close()
		}
		if m.srv != nil {
			m.srv.Close() // WebSockets: http.Server.Shutdown does not track hijacked connections
		}
		if m.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err = m.http.Shutdown(ctx)
		}
		err = errors.Join(err, m.dynamo.Close(), m.postgres.Close(), m.sfn.Close())
	})
	return err
}

// validate checks a config without serving and prints every problem.
func (m *Main) validate(args []string) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(m.Stderr, "validate takes one CONFIG")
		return errUsage
	}
	path, err := findConfig(fs.Arg(0))
	if err != nil {
		return err
	}
	m.log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	m.validating = true
	if _, _, err := m.load(path); err != nil {
		fmt.Fprintln(m.Stderr, err)
		return errReported
	}
	fmt.Fprintf(m.Stdout, "%s: ok\n", path)
	return nil
}

// eval renders one template, like AppSync's EvaluateMappingTemplate.
func (m *Main) eval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	ctxPath := fs.String("context", "", "")
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != 1 {
		fmt.Fprintln(m.Stderr, "eval takes one TEMPLATE file: appsync-local eval TEMPLATE [--context ctx.json]")
		return errUsage
	}
	tmpl, err := os.ReadFile(positional[0])
	if err != nil {
		return err
	}
	var ctxJSON []byte
	if *ctxPath != "" {
		if ctxJSON, err = os.ReadFile(*ctxPath); err != nil {
			return err
		}
	}
	ev := resolvers.Evaluate(positional[0], string(tmpl), string(ctxJSON), nil)
	for _, l := range ev.Logs {
		fmt.Fprintln(m.Stderr, l)
	}
	if ev.Error != "" {
		fmt.Fprintln(m.Stderr, ev.Error)
		return errReported
	}
	fmt.Fprintln(m.Stdout, ev.Result)
	return nil
}
