package memstore_test

import (
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
	"github.com/appsync-local/appsync-local/stepfunctions/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s := memstore.New()
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestTaskStoreConformance(t *testing.T) {
	storetest.RunTaskStore(t, func(t *testing.T) store.TaskStore { return memstore.New() })
}
