package app_test

import (
	"path/filepath"
	"testing"
)

// TestVersionedDataSource drives conflict detection and Sync through
// /graphql on the embedded store.
func TestVersionedDataSource(t *testing.T) {
	t.Parallel()
	b := setup(t, "testdata/versioned/appsync.yml", "--data-dir", filepath.Join(t.TempDir(), "data"))
	r := b.post(t, gql(`mutation { saveNote(id: "n1", text: "first") { id text _version } }`, nil))
	if r.Raw != `{"data":{"saveNote":{"id":"n1","text":"first","_version":1}}}` {
		t.Fatalf("create: %s", r.Raw)
	}
	r = b.post(t, gql(`mutation { saveNote(id: "n1", text: "second", version: 1) { text _version } }`, nil))
	if r.Raw != `{"data":{"saveNote":{"text":"second","_version":2}}}` {
		t.Fatalf("update with the right version: %s", r.Raw)
	}
	r = b.post(t, gql(`mutation { saveNote(id: "n1", text: "stale", version: 1) { text _version } }`, nil))
	want := `{"data":{"saveNote":null},"errors":[{"path":["saveNote"],"data":{"text":"second","_version":2},"errorType":"ConflictUnhandled","errorInfo":null,"locations":[{"line":1,"column":12,"sourceName":null}],"message":"Conflict resolver rejects mutation."}]}`
	if r.Raw != want {
		t.Errorf("stale write:\n got %s\nwant %s", r.Raw, want)
	}
	r = b.post(t, gql(`mutation { deleteNote(id: "n1", version: 2) { id _deleted _version } }`, nil))
	if r.Raw != `{"data":{"deleteNote":{"id":"n1","_deleted":true,"_version":3}}}` {
		t.Errorf("soft delete: %s", r.Raw)
	}
	r = b.post(t, gql(`{ syncNotes { items { id _deleted _version } startedAt } }`, nil))
	items, _ := r.Body["data"].(map[string]any)["syncNotes"].(map[string]any)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["_deleted"] != true {
		t.Errorf("sync: %s", r.Raw)
	}
}
