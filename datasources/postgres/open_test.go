package postgres_test

import (
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/datasources/postgres"
	"github.com/appsync-local/appsync-local/internal/pgtest"
)

func TestOpenPoolOptions(t *testing.T) {
	t.Parallel()
	s := pgtest.New(t)
	db, err := postgres.Open(s.URL + "&maxOpenConns=1&maxIdleConns=1&connMaxLifetime=1m&connMaxIdleTime=30s")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := db.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1", n)
	}
	// The pool options are ours, not run-time parameters for the server
	// (which would refuse them); the connection works.
	b := &testBundle{schema: s, src: &postgres.Source{Name: "x", DB: db}}
	if out := b.mustInvoke(t, `{"statements": ["SELECT current_setting('search_path') AS p"]}`); !strings.Contains(out, s.Name) {
		t.Errorf("search_path not kept: %s", out)
	}
	for _, bad := range []string{"maxOpenConns=many", "maxIdleConns=-1", "connMaxLifetime=forever", "connMaxIdleTime=-1s"} {
		if _, err := postgres.Open(s.URL + "&" + bad); err == nil || !strings.Contains(err.Error(), strings.Split(bad, "=")[0]) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := postgres.Open("postgres://%zz"); err == nil {
		t.Error("bad URL accepted")
	}
}
