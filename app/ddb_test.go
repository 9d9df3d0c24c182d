package app_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/dynalite"
)

// startDDB serves testdata/ddb against endpoint ("" = the embedded store).
func startDDB(t *testing.T, endpoint string) *testBundle {
	t.Helper()
	dir := t.TempDir()
	src := "testdata/ddb"
	tmpl, err := os.ReadFile(filepath.Join(src, "appsync.yml.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.ReplaceAll(string(tmpl), "{{ENDPOINT}}", endpoint)
	cfg = strings.ReplaceAll(cfg, "schema: schema.graphql", "schema: "+filepath.Join(mustAbs(t, src), "schema.graphql"))
	cfg = strings.ReplaceAll(cfg, "templates/", filepath.Join(mustAbs(t, src), "templates")+"/")
	path := filepath.Join(dir, "appsync.yml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", filepath.Join(dir, "data"), path}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return &testBundle{url: m.URL(), main: m}
}

func mustAbs(t *testing.T, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestDynamoDBOperations runs the batch, transaction and conditional
// operations through /graphql on the embedded store and on dynalite (which
// has no transactions, so those cases run on the embedded store only).
func TestDynamoDBOperations(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"embedded", "dynalite"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			endpoint := ""
			if backend == "dynalite" {
				endpoint = dynalite.Start(t)
			}
			b := startDDB(t, endpoint)
			steps := []struct {
				name, query, want string
				transact          bool
			}{
				{"BatchPutItem", `mutation { batchPut(items: [{id: "a", name: "A", n: 1}, {id: "b", name: "B", n: 2}, {id: "c", name: "C", n: 3}]) { id name n } }`,
					`{"data":{"batchPut":[{"id":"a","name":"A","n":1},{"id":"b","name":"B","n":2},{"id":"c","name":"C","n":3}]}}`, false},
				{"BatchGetItem keeps key order, null for missing", `{ batchGet(ids: ["c", "zz", "a"]) { id name } }`,
					`{"data":{"batchGet":[{"id":"c","name":"C"},null,{"id":"a","name":"A"}]}}`, false},
				{"conditional PutItem", `mutation { putIfAbsent(id: "d", name: "D") { id name } }`,
					`{"data":{"putIfAbsent":{"id":"d","name":"D"}}}`, false},
				{"conditional PutItem fails with the current item", `mutation { putIfAbsent(id: "a", name: "other") { id name } }`,
					`{"data":{"putIfAbsent":null},"errors":[{"path":["putIfAbsent"],"data":{"id":"a","name":"A"},"errorType":"DynamoDB:ConditionalCheckFailedException","errorInfo":null,"locations":[{"line":1,"column":12,"sourceName":null}],"message":"The conditional request failed"}]}`, false},
				{"TransactWriteItems", `mutation { transactWrite(newId: "e", bumpId: "b") }`,
					`{"data":{"transactWrite":["e","b"]}}`, true},
				{"TransactGetItems", `{ transactGet(ids: ["b", "e"]) { id n } }`,
					`{"data":{"transactGet":[{"id":"b","n":3},{"id":"e","n":0}]}}`, true},
				{"TransactWriteItems cancelled", `mutation { transactWrite(newId: "a", bumpId: "b") }`, ``, true},
				{"BatchDeleteItem", `mutation { batchDelete(ids: ["a", "b"]) }`,
					`{"data":{"batchDelete":["a","b"]}}`, false},
				{"deleted", `{ batchGet(ids: ["a", "c"]) { id } }`,
					`{"data":{"batchGet":[null,{"id":"c"}]}}`, false},
			}
			for _, s := range steps { // in order: each step reads what the last wrote
				if s.transact && backend == "dynalite" {
					continue // dynalite implements no transactions
				}
				r := b.post(t, gql(s.query, nil))
				if s.want == "" {
					errs, _ := r.Body["errors"].([]any)
					if len(errs) != 1 || errs[0].(map[string]any)["errorType"] != "DynamoDB:TransactionCanceledException" {
						t.Errorf("%s: %s", s.name, r.Raw)
					}
					continue
				}
				if r.Raw != s.want {
					t.Errorf("%s:\n got %s\nwant %s", s.name, r.Raw, s.want)
				}
			}
		})
	}
}
