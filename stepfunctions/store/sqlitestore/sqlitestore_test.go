package sqlitestore_test

import (
	"path/filepath"
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
	"github.com/appsync-local/appsync-local/stepfunctions/store/sqlitestore"
	"github.com/appsync-local/appsync-local/stepfunctions/store/storetest"
)

func open(t *testing.T, path string) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.Open(sqlitestore.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, filepath.Join(t.TempDir(), "sfn.sqlite")) })
}

func TestTaskStoreConformance(t *testing.T) {
	storetest.RunTaskStore(t, func(t *testing.T) store.TaskStore { return open(t, filepath.Join(t.TempDir(), "sfn.sqlite")) })
}

func TestReopen(t *testing.T) {
	storetest.RunReopen(t, func(t *testing.T) func() storetest.Both {
		path := filepath.Join(t.TempDir(), "sfn.sqlite")
		return func() storetest.Both { return open(t, path) }
	})
}
