package dynamostore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Options configures Open.
type Options struct {
	// Path is the SQLite database file, created if missing. Empty keeps the
	// data in memory for the life of the Store.
	Path string
	// Now is the clock for table timestamps and TTL; time.Now if nil.
	Now func() time.Time
	// Logger receives internal errors (their details never reach clients);
	// slog.Default() if nil.
	Logger *slog.Logger
	// FullSync makes every commit durable against power loss
	// (synchronous=FULL). By default commits survive a crash of the process
	// but the last ones may be lost if the machine loses power
	// (synchronous=NORMAL in WAL mode), which is about ten times faster.
	FullSync bool
}

// The account and region that ARNs name.
const (
	accountID = "000000000000"
	region    = "us-east-1"
)

// schemaVersion is stored in PRAGMA user_version.
const schemaVersion = 1

const schemaSQL = `
CREATE TABLE IF NOT EXISTS tables (
	id   INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL UNIQUE,
	def  BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
	tbl  INTEGER NOT NULL,
	idx  TEXT    NOT NULL,
	h    INTEGER NOT NULL,
	pk   BLOB    NOT NULL,
	sk   BLOB    NOT NULL,
	tk   BLOB    NOT NULL,
	size INTEGER NOT NULL,
	item BLOB    NOT NULL,
	PRIMARY KEY (tbl, idx, h, pk, sk, tk)
) WITHOUT ROWID;
`

// Store is a DynamoDB-compatible database on one SQLite file. Its methods
// are safe for concurrent use. Writes are serialised on one connection and
// committed before they return; reads run in parallel on their own
// connections and see every committed write.
type Store struct {
	now    func() time.Time
	log    *slog.Logger
	w      *sql.DB // the single writer connection
	r      *sql.DB // readers; the same as w in memory
	wmu    sync.Mutex
	closed atomic.Bool

	mu     sync.RWMutex
	tables map[string]*table // by name; replaced, never mutated, on DDL

	stmts  sync.Map             // SQL text -> *sql.Stmt on r
	nstmts atomic.Int64         // entries in stmts
	wstmts map[string]*sql.Stmt // writeStatements on w
}

// Open opens (creating if needed) the database at opts.Path, or an
// in-memory one, and loads its tables. It fails if the file is not a store
// database or was written by a newer version.
func Open(opts Options) (*Store, error) {
	s := &Store{now: opts.Now, log: opts.Logger, tables: map[string]*table{}, wstmts: map[string]*sql.Stmt{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	sync := "NORMAL"
	if opts.FullSync {
		sync = "FULL"
	}
	var err error
	if opts.Path == "" {
		// One connection holds the whole in-memory database.
		s.w, err = sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(0)")
		if err != nil {
			return nil, fmt.Errorf("open in-memory database: %w", err)
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetMaxIdleConns(1)
		s.w.SetConnMaxLifetime(0)
		s.r = s.w
	} else {
		if err := os.MkdirAll(filepath.Dir(opts.Path), 0o755); err != nil {
			return nil, fmt.Errorf("open %s: %w", opts.Path, err)
		}
		base := "file:" + (&url.URL{Path: opts.Path}).EscapedPath()
		wdsn := base + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(" + sync + ")&_txlock=immediate"
		s.w, err = sql.Open("sqlite", wdsn)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", opts.Path, err)
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetMaxIdleConns(1)
		s.w.SetConnMaxLifetime(0)
		// Create the file and switch it to WAL before readers open it.
		if err := s.w.Ping(); err != nil {
			s.w.Close()
			return nil, fmt.Errorf("open %s: %w", opts.Path, err)
		}
		rdsn := base + "?_pragma=busy_timeout(10000)&_pragma=query_only(1)"
		s.r, err = sql.Open("sqlite", rdsn)
		if err != nil {
			s.w.Close()
			return nil, fmt.Errorf("open %s: %w", opts.Path, err)
		}
		n := max(4, runtime.GOMAXPROCS(0))
		s.r.SetMaxOpenConns(n)
		s.r.SetMaxIdleConns(n)
		s.r.SetConnMaxLifetime(0)
	}
	if err := s.init(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init() error {
	ctx := context.Background()
	var version int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > schemaVersion {
		return fmt.Errorf("database schema version %d is newer than this program's %d", version, schemaVersion)
	}
	if _, err := s.w.ExecContext(ctx, schemaSQL); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return fmt.Errorf("write schema version: %w", err)
	}
	for _, q := range writeStatements {
		st, err := s.w.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", q, err)
		}
		s.wstmts[q] = st
	}
	rows, err := s.w.QueryContext(ctx, "SELECT id, name, def FROM tables")
	if err != nil {
		return fmt.Errorf("load tables: %w", err)
	}
	defer rows.Close()
	var loaded []*table
	for rows.Next() {
		var id int64
		var name string
		var def []byte
		if err := rows.Scan(&id, &name, &def); err != nil {
			return fmt.Errorf("load tables: %w", err)
		}
		var rec tableRecord
		if err := json.Unmarshal(def, &rec); err != nil {
			return fmt.Errorf("load table %s: %w", name, err)
		}
		t, err := newTable(id, &rec)
		if err != nil {
			return fmt.Errorf("load table %s: %w", name, err)
		}
		loaded = append(loaded, t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load tables: %w", err)
	}
	rows.Close()
	for _, t := range loaded {
		if err := s.loadStats(ctx, t); err != nil {
			return err
		}
		s.tables[t.name] = t
	}
	return nil
}

// loadStats counts the rows and bytes of a table and of each index.
func (s *Store) loadStats(ctx context.Context, t *table) error {
	rows, err := s.w.QueryContext(ctx, "SELECT idx, count(*), total(size) FROM items WHERE tbl = ? GROUP BY idx", t.id)
	if err != nil {
		return fmt.Errorf("count items of %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var idx string
		var n int64
		var size float64
		if err := rows.Scan(&idx, &n, &size); err != nil {
			return fmt.Errorf("count items of %s: %w", t.name, err)
		}
		if st := t.stats[idx]; st != nil {
			st.count.Store(n)
			st.bytes.Store(int64(size))
		}
	}
	return rows.Err()
}

// Close closes the database. Writes already acknowledged are on disk; a
// Store must not be used after Close.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var errs []error
	s.stmts.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	for _, st := range s.wstmts {
		st.Close()
	}
	if s.r != nil && s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		// Fold the WAL back into the database file so that it is
		// self-contained at rest.
		if s.r != s.w {
			s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		}
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

var errClosed = errors.New("dynamostore: store is closed")

// table returns the current definition of a table, or nil.
func (s *Store) table(name string) *table {
	s.mu.RLock()
	t := s.tables[name]
	s.mu.RUnlock()
	return t
}

// maxReadStmts bounds the statements kept prepared on the readers (Query
// texts vary with the key condition, the direction and the Limit).
const maxReadStmts = 512

// stmt returns a prepared statement on the readers, prepared once per text.
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st, done, err := s.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	done() // a noop for the queries this is used with, which are few
	return st, nil
}

// readStmt returns a prepared statement on the readers and the function to
// call when done with it: statements past maxReadStmts are not kept.
func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, func(), error) {
	if v, ok := s.stmts.Load(query); ok {
		return v.(*sql.Stmt), func() {}, nil
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	if s.nstmts.Load() >= maxReadStmts {
		return st, func() { st.Close() }, nil
	}
	if v, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return v.(*sql.Stmt), func() {}, nil
	}
	s.nstmts.Add(1)
	return st, func() {}, nil
}

// writeStatements are prepared on the writer at Open. (Preparing later
// could wait for the connection a transaction holds.)
var writeStatements = []string{sqlGetRow, sqlPutRow, sqlDeleteRow}

// write runs fn in one SQLite transaction on the writer connection and
// commits it; nothing fn did is kept if it returns an error. Item-count
// deltas are applied after the commit.
func (s *Store) write(ctx context.Context, fn func(w *wtx) error) error {
	if s.closed.Load() {
		return errClosed
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed.Load() {
		return errClosed
	}
	// The request context must not abort a commit half-way through the
	// response: run the transaction to its end once it has started.
	tx, err := s.w.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	w := &wtx{s: s, tx: tx, ctx: context.WithoutCancel(ctx)}
	if err := fn(w); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for st, d := range w.deltas {
		st.count.Add(d.count)
		st.bytes.Add(d.bytes)
	}
	for _, f := range w.committed {
		f()
	}
	return nil
}

// setTable installs (or, with nil, removes) a table definition.
func (s *Store) setTable(name string, t *table) {
	s.mu.Lock()
	if t == nil {
		delete(s.tables, name)
	} else {
		s.tables[name] = t
	}
	s.mu.Unlock()
}
