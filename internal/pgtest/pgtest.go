// Package pgtest gives each test its own Postgres schema on the real server:
// DATABASE_URL when set, else DefaultURL. The schema is created empty, is the
// only one on the returned URL's search_path, and is dropped (with
// everything in it) when the test ends, so tests run in parallel without
// seeing each other's tables.
//
// When the server does not answer and pg_ctlcluster is installed (Debian's
// postgresql-common), pgtest starts the cluster once per process; otherwise
// the test fails with what to do, rather than skipping.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/lib/pq" // the "postgres" database/sql driver
)

// DefaultURL is the server tests use when DATABASE_URL is not set.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// BaseURL returns DATABASE_URL, else DefaultURL.
func BaseURL() string {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// Schema is one test's schema.
type Schema struct {
	// Name is the schema's name, pgtest_ and random hex.
	Name string
	// URL connects to the server with search_path set to the schema alone.
	URL string
	// DB is a pool on URL, closed when the test ends.
	DB *sql.DB
}

var (
	startOnce sync.Once
	startErr  error
)

// New creates an empty schema for the test and returns it; it is dropped in
// the test's Cleanup.
func New(tb testing.TB) *Schema {
	tb.Helper()
	base := BaseURL()
	admin, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatalf("pgtest: open %s: %v", redact(base), err)
	}
	tb.Cleanup(func() { admin.Close() })
	if err := ping(admin); err != nil {
		startOnce.Do(func() { startErr = startCluster() })
		if startErr != nil {
			tb.Fatalf("pgtest: Postgres at %s does not answer (%v) and could not be started: %v; start it or set DATABASE_URL", redact(base), err, startErr)
		}
		if err := ping(admin); err != nil {
			tb.Fatalf("pgtest: Postgres at %s does not answer: %v; start it or set DATABASE_URL", redact(base), err)
		}
	}
	name := "pgtest_" + randomHex(6)
	if _, err := admin.Exec("CREATE SCHEMA " + name); err != nil {
		tb.Fatalf("pgtest: create schema: %v", err)
	}
	u, err := WithSearchPath(base, name)
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sql.Open("postgres", u)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			tb.Errorf("pgtest: drop schema %s: %v", name, err)
		}
	})
	return &Schema{Name: name, URL: u, DB: db}
}

// Exec runs SQL (several statements may be separated by semicolons) in the
// schema and fails the test on error.
func (s *Schema) Exec(tb testing.TB, query string, args ...any) {
	tb.Helper()
	if _, err := s.DB.Exec(query, args...); err != nil {
		tb.Fatalf("pgtest: %v\n%s", err, query)
	}
}

// WithSearchPath returns the connection URL base with search_path set to
// schema (lib/pq sends unknown URL parameters as run-time parameters).
func WithSearchPath(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		return "", fmt.Errorf("pgtest: DATABASE_URL must be a postgres:// URL, got %q", redact(base))
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func ping(db *sql.DB) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// startCluster starts every stopped cluster pg_lsclusters lists.
func startCluster() error {
	if _, err := exec.LookPath("pg_ctlcluster"); err != nil {
		return fmt.Errorf("pg_ctlcluster is not installed")
	}
	out, err := exec.Command("pg_lsclusters", "--no-header").Output()
	if err != nil {
		return fmt.Errorf("pg_lsclusters: %v", err)
	}
	started := false
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || f[3] == "online" {
			continue
		}
		if b, err := exec.Command("pg_ctlcluster", f[0], f[1], "start").CombinedOutput(); err != nil {
			return fmt.Errorf("pg_ctlcluster %s %s start: %v: %s", f[0], f[1], err, b)
		}
		started = true
	}
	if !started {
		return fmt.Errorf("pg_lsclusters shows no stopped cluster to start")
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// redact hides a password in a connection URL.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}
