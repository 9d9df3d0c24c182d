package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/pgtest"
)

// pgClient posts GraphQL to a server started on testdata/postgres.
type pgClient struct {
	t   *testing.T
	url string
}

// sql runs statements through Query.sql (or Query.raw) and returns the
// field's value and the response's errors, as JSON.
func (c *pgClient) sql(field string, statements []string, variables, hints string) (string, string) {
	c.t.Helper()
	q := `query($s: [String!]!, $v: String, $h: String) { ` + field + `(statements: $s, variables: $v, hints: $h) }`
	vars := map[string]any{"s": statements}
	if variables != "" {
		vars["v"] = variables
	}
	if hints != "" {
		vars["h"] = hints
	}
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest("POST", c.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", testKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out struct {
		Data   map[string]any
		Errors []map[string]any
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		c.t.Fatalf("%v: %s", err, raw)
	}
	var errs string
	if out.Errors != nil {
		for _, e := range out.Errors {
			delete(e, "locations")
			delete(e, "path")
			delete(e, "data")
			delete(e, "errorInfo")
		}
		b, _ := json.Marshal(out.Errors)
		errs = string(b)
	}
	v, _ := out.Data[field].(string)
	return v, errs
}

// TestPostgresGraphQL runs statements through /graphql on a
// RELATIONAL_DATABASE data source: type mapping, nulls, hostile input,
// transactions and errors as a client sees them. (t.Setenv: the config
// reads PG_APP_TEST_URL, so the test is not parallel.)
func TestPostgresGraphQL(t *testing.T) {
	s := pgtest.New(t)
	s.Exec(t, `CREATE TABLE t (id int PRIMARY KEY, name text, price numeric(6,2), at timestamptz, tags text[], data jsonb, bin bytea, ok boolean, score float8)`)
	t.Setenv("PG_APP_TEST_URL", s.URL)
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "testdata/postgres/appsync.yml"}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	c := &pgClient{t: t, url: m.URL()}

	hostile := `x'); DROP TABLE t; -- :name ✓`
	vars, _ := json.Marshal(map[string]any{":id": 1, ":name": hostile, ":price": "12.5", ":at": "2024-01-02 03:04:05.678", ":data": `{"k": [1, "two"]}`, ":bin": nil, ":ok": true, ":score": 0.25})
	got, errs := c.sql("sql", []string{
		`INSERT INTO t VALUES (:id, :name, :price, :at, ARRAY['a', NULL, 'c'], :data, :bin, :ok, :score)`,
		`SELECT id, name, price, at, tags, data, bin, ok, score, '\x0102'::bytea AS blob FROM t WHERE name = :name`,
	}, string(vars), `{":price": "DECIMAL", ":at": "TIMESTAMP", ":data": "JSON"}`)
	want := `[[{}],[{"id":1,"name":"x'); DROP TABLE t; -- :name ✓","price":"12.50","at":"2024-01-02 03:04:05.678","tags":["a",null,"c"],"data":"{\"k\": [1, \"two\"]}","ok":true,"score":0.25,"blob":"AQI="}]]`
	if errs != "" || got != want {
		t.Errorf("type mapping:\n got %s %s\nwant %s", got, errs, want)
	}

	// The Data API result itself, as $ctx.result holds it.
	got, errs = c.sql("raw", []string{`SELECT id, bin FROM t`}, "", "")
	if errs != "" || !strings.HasPrefix(got, `{"sqlStatementResults":[{"numberOfRecordsUpdated":0,"records":[[{"longValue":1},{"isNull":true}]],"columnMetadata":[{"name":"id","label":"id","typeName":"int4","type":4,"isSigned":true,`) {
		t.Errorf("raw result: %s %s", got, errs)
	}

	// A failing second statement rolls back the first.
	got, errs = c.sql("sql", []string{`UPDATE t SET name = 'changed'`, `INSERT INTO t (id) VALUES (1)`}, "", "")
	wantErr := `[{"errorType":"400 Bad Request","message":"RDSHttp:{\"message\":\"ERROR: duplicate key value violates unique constraint \\\"t_pkey\\\"\\n  Detail: Key (id)=(1) already exists.; SQLState: 23505\"}"}]`
	if errs != wantErr {
		t.Errorf("rollback:\n got %s %s\nwant %s", got, errs, wantErr)
	}
	got, _ = c.sql("sql", []string{`SELECT name FROM t`}, "", "")
	if got != `[[{"name":"x'); DROP TABLE t; -- :name ✓"}]]` {
		t.Errorf("after rollback: %s", got)
	}

	// Request document errors.
	_, errs = c.sql("sql", []string{"SELECT 1", "SELECT 2", "SELECT 3"}, "", "")
	if errs != `[{"errorType":"MappingTemplate","message":"'$[statements]' must hold 1 or 2 statements, got 3."}]` {
		t.Errorf("three statements: %s", errs)
	}
}

// TestPostgresMissingURL: a RELATIONAL_DATABASE data source without a
// local.databases entry is a config error naming the key to add.
func TestPostgresMissingURL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/postgres/appsync.yml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(src), "    db: ${env:PG_APP_TEST_URL}\n    shared: ${env:PG_APP_TEST_URL}\n", "    other: postgres://127.0.0.1/x\n", 1)
	for _, f := range []string{"schema.graphql", "sql.req.vtl", "rows.res.vtl", "raw.res.vtl"} {
		b, err := os.ReadFile(filepath.Join("testdata/postgres", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	path := filepath.Join(dir, "appsync.yml")
	os.WriteFile(path, []byte(cfg), 0o644)
	var stderr bytes.Buffer
	m := &app.Main{Stdout: io.Discard, Stderr: &stderr}
	if err := m.Run(t.Context(), []string{"validate", path}); err == nil {
		t.Fatal("validate passed")
	}
	for _, want := range []string{
		`resolver Query.sql: data source db: no Postgres URL for this RELATIONAL_DATABASE data source; add local.databases.db (or local.databases.shared, its databaseName): "postgres://USER:PASSWORD@HOST:5432/DB?sslmode=disable" to the config`,
		`resolver Query.raw: data source raw: no Postgres URL`,
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("validate output lacks %q:\n%s", want, stderr.String())
		}
	}
}
