// Package sqlitestore is the durable store.Store and store.TaskStore on an
// embedded SQLite file (modernc.org/sqlite, no cgo): state machines,
// executions, histories, activities and task records survive restarts and
// crashes. The database runs in WAL mode with synchronous=FULL, so a write
// is on disk when its call returns; concurrent writes are group-committed
// (one transaction and one fsync for every write queued meanwhile), which is
// what makes FULL affordable.
//
// Executions left RUNNING by a crash or a restart stay RUNNING: resuming
// them is the engine's job, not the store's.
package sqlitestore

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/appsync-local/appsync-local/stepfunctions/store/internal/sqlcore"
)

// Options configures Open.
type Options struct {
	// Path is the database file, created with its directory if missing.
	Path string
	// NormalSync uses synchronous=NORMAL instead of FULL: faster, but the
	// last commits before a power loss (not a process crash) may be lost.
	NormalSync bool
	// MaxBatch bounds how many writes share one commit (0 = 256).
	MaxBatch int
}

// Store is the SQLite store; it implements store.Store and store.TaskStore.
type Store struct {
	*sqlcore.Store
}

// Open opens (creating if needed) the database at opts.Path.
func Open(opts Options) (*Store, error) {
	if opts.Path == "" {
		return nil, fmt.Errorf("sqlitestore: no path")
	}
	if err := os.MkdirAll(filepath.Dir(opts.Path), 0o755); err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", opts.Path, err)
	}
	sync := "FULL"
	if opts.NormalSync {
		sync = "NORMAL"
	}
	base := "file:" + (&url.URL{Path: opts.Path}).EscapedPath()
	w, err := sql.Open("sqlite", base+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous("+sync+")&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", opts.Path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.Ping(); err != nil { // creates the file in WAL mode before readers open it
		w.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", opts.Path, err)
	}
	r, err := sql.Open("sqlite", base+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", opts.Path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxLifetime(0)
	core, err := sqlcore.New(sqlcore.Dialect{Name: "sqlite", Schema: sqlcore.Schema("INTEGER PRIMARY KEY AUTOINCREMENT")}, w, r, sqlcore.Options{MaxBatch: opts.MaxBatch})
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", opts.Path, err)
	}
	return &Store{core}, nil
}
