package pgstore_test

import (
	"testing"

	"github.com/appsync-local/appsync-local/internal/pgtest"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
	"github.com/appsync-local/appsync-local/stepfunctions/store/pgstore"
	"github.com/appsync-local/appsync-local/stepfunctions/store/storetest"
)

func open(t *testing.T, url string) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(pgstore.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, pgtest.New(t).URL) })
}

func TestTaskStoreConformance(t *testing.T) {
	storetest.RunTaskStore(t, func(t *testing.T) store.TaskStore { return open(t, pgtest.New(t).URL) })
}

func TestReopen(t *testing.T) {
	storetest.RunReopen(t, func(t *testing.T) func() storetest.Both {
		url := pgtest.New(t).URL
		return func() storetest.Both { return open(t, url) }
	})
}

// TestSharedDatabase runs two stores (as two processes would) on one
// schema: claims never hand one task to both, and appends from both stay
// contiguous.
func TestSharedDatabase(t *testing.T) {
	url := pgtest.New(t).URL
	storetest.RunShared(t, open(t, url), open(t, url))
}
