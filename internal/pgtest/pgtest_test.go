package pgtest_test

import (
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/internal/pgtest"
)

// TestNew: each test gets its own empty schema on its search path, dropped
// when the test ends.
func TestNew(t *testing.T) {
	t.Parallel()
	var name string
	outer := pgtest.New(t)
	t.Run("inner", func(t *testing.T) {
		s := pgtest.New(t)
		name = s.Name
		if !strings.HasPrefix(s.Name, "pgtest_") || s.Name == outer.Name {
			t.Fatalf("schema names %q and %q", s.Name, outer.Name)
		}
		s.Exec(t, `CREATE TABLE things (id int)`)
		var schema string
		if err := s.DB.QueryRow(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'things' AND table_schema = current_schema()`).Scan(&schema); err != nil || schema != s.Name {
			t.Fatalf("table in %q (%v), want %q", schema, err, s.Name)
		}
	})
	var n int
	if err := outer.DB.QueryRow(`SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1`, name).Scan(&n); err != nil || n != 0 {
		t.Errorf("schema %s still exists after its test (%d, %v)", name, n, err)
	}
	// The outer schema does not see the inner one's table.
	if err := outer.DB.QueryRow(`SELECT count(*) FROM things`).Scan(&n); err == nil {
		t.Error("outer schema sees the inner schema's table")
	}
}
