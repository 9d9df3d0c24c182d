// Package pgstore is the durable store.Store and store.TaskStore on
// Postgres (lib/pq). The schema is created on Open (CREATE TABLE IF NOT
// EXISTS), and several processes may share one database: history positions
// come from a row-locked counter and ClaimTask locks with SKIP LOCKED, so
// two processes never append over each other or claim the same task.
// Writes from one process are group-committed on one connection.
//
// Executions left RUNNING by a restart stay RUNNING: resuming them is the
// engine's job, not the store's.
package pgstore

import (
	"database/sql"
	"fmt"

	_ "github.com/lib/pq" // registers the "postgres" database/sql driver

	"github.com/appsync-local/appsync-local/stepfunctions/store/internal/sqlcore"
)

// Options configures Open.
type Options struct {
	// URL is the connection string, postgres://user@host:port/db?...
	// (a search_path option selects the schema).
	URL string
	// MaxBatch bounds how many writes share one commit (0 = 256).
	MaxBatch int
}

// writers is how many transactions commit at once: each waits mostly on
// round trips to the server, so several overlap them (see sqlcore.Options).
// Measured with bench BenchmarkSFNDurableStart: 1 writer ~1,200 starts/s,
// 4 ~1,900, 8 ~2,000 (then the two cores, shared with the server, are the
// limit).
const writers = 8

// Store is the Postgres store; it implements store.Store and store.TaskStore.
type Store struct {
	*sqlcore.Store
}

// Open connects, creates the tables if needed and starts the writer.
func Open(opts Options) (*Store, error) {
	if opts.URL == "" {
		return nil, fmt.Errorf("pgstore: no URL")
	}
	w, err := sql.Open("postgres", opts.URL)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	if err := w.Ping(); err != nil {
		w.Close()
		return nil, fmt.Errorf("pgstore: connect: %w", err)
	}
	r, err := sql.Open("postgres", opts.URL)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	// Two processes opening at once may race on CREATE TABLE IF NOT EXISTS
	// (a unique violation on pg_type); an advisory lock serialises them.
	d := sqlcore.Dialect{Name: "postgres", Dollar: true, ForUpdate: " FOR UPDATE", SkipLocked: " FOR UPDATE SKIP LOCKED",
		Schema: append([]string{`SELECT pg_advisory_lock(7419001)`}, append(sqlcore.Schema("BIGSERIAL PRIMARY KEY"), `SELECT pg_advisory_unlock(7419001)`)...)}
	// One connection while the schema is made (the advisory lock and its
	// unlock must share it), then one per writer.
	core, err := sqlcore.New(d, w, r, sqlcore.Options{MaxBatch: opts.MaxBatch, Writers: writers})
	if err != nil {
		w.Exec(`SELECT pg_advisory_unlock_all()`) //nolint:errcheck
		w.Close()
		r.Close()
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	w.SetMaxOpenConns(writers)
	w.SetMaxIdleConns(writers)
	return &Store{core}, nil
}
