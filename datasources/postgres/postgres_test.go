package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/datasources/postgres"
	"github.com/appsync-local/appsync-local/internal/pgtest"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/resolvers/builtins"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

var _ resolvers.DataSource = (*postgres.Source)(nil)

type testBundle struct {
	schema *pgtest.Schema
	src    *postgres.Source
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	s := pgtest.New(t)
	db, err := postgres.Open(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &testBundle{schema: s, src: &postgres.Source{Name: "blog", DB: db}}
}

// invoke runs a request document given as JSON and returns the result
// string.
func (b *testBundle) invoke(t *testing.T, doc string) (string, error) {
	t.Helper()
	v, err := value.FromJSON([]byte(doc))
	if err != nil {
		t.Fatalf("bad test document: %v", err)
	}
	res, err := b.src.Invoke(context.Background(), v.(*value.Map))
	if err != nil {
		return "", err
	}
	s, ok := res.(string)
	if !ok {
		t.Fatalf("result is %T, want a JSON string", res)
	}
	return s, nil
}

func (b *testBundle) mustInvoke(t *testing.T, doc string) string {
	t.Helper()
	s, err := b.invoke(t, doc)
	if err != nil {
		t.Fatalf("invoke %s: %v", doc, err)
	}
	return s
}

// rows is what $util.rds.toJsonString makes of a result.
func rows(t *testing.T, result string) string {
	t.Helper()
	l, err := builtins.RDSRows(result)
	if err != nil {
		t.Fatalf("RDSRows(%s): %v", result, err)
	}
	return value.ToJSON(l)
}

// records returns the records of statement i, as JSON.
func records(t *testing.T, result string, i int) string {
	t.Helper()
	var r struct {
		SQLStatementResults []struct {
			Records json.RawMessage `json:"records"`
		} `json:"sqlStatementResults"`
	}
	if err := json.Unmarshal([]byte(result), &r); err != nil {
		t.Fatal(err)
	}
	return string(r.SQLStatementResults[i].Records)
}

func TestTypeMapping(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.schema.Exec(t, `CREATE TYPE mood AS ENUM ('happy', 'sad');
	CREATE TABLE everything (
		id serial PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,
		num numeric(10,2), num_free numeric, ok boolean, t text, vc varchar(20), ch char(3),
		d date, tm time, tmtz timetz, ts timestamp, tstz timestamptz, u uuid, j json, jb jsonb,
		by bytea, iv interval, m mood, ai int[], at text[], af float8[], ab boolean[], a2 int[][],
		ats timestamptz[], nothing text)`)
	b.schema.Exec(t, `SET TIME ZONE 'Europe/Paris'`) // a session zone must not leak into timestamptz
	out := b.mustInvoke(t, `{"version": "2018-05-29", "statements": [
		"INSERT INTO everything (i2, i4, i8, f4, f8, num, num_free, ok, t, vc, ch, d, tm, tmtz, ts, tstz, u, j, jb, by, iv, m, ai, at, af, ab, a2, ats) VALUES (-2, 2147483647, 9007199254740993, 1.5, 2.25, 12.50, 0.1, true, 'text', 'varchar', 'ab', '2024-01-02', '03:04:05.123', '03:04:05+02', '2024-01-02 03:04:05.12', '2024-01-02 03:04:05.123+01', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": null}', '\\x00ff10', '1 day 02:00:00', 'sad', '{1,NULL,3}', '{\"x, y\",\"q\\\"uote\",NULL}', '{1.5,2}', '{t,f}', '{{1,2},{3,4}}', '{\"2024-01-02 03:04:05+00\"}')",
		"SELECT i2, i4, i8, f4, f8, num, num_free, ok, t, vc, ch, d, tm, tmtz, ts, tstz, u, j, jb, by, iv, m, ai, at, af, ab, a2, ats, nothing FROM everything"]}`)
	want := `[[` +
		`{"longValue":-2},{"longValue":2147483647},{"longValue":9007199254740993},{"doubleValue":1.5},{"doubleValue":2.25},` +
		`{"stringValue":"12.50"},{"stringValue":"0.1"},{"booleanValue":true},{"stringValue":"text"},{"stringValue":"varchar"},{"stringValue":"ab "},` +
		`{"stringValue":"2024-01-02"},{"stringValue":"03:04:05.123"},{"stringValue":"03:04:05+02:00"},{"stringValue":"2024-01-02 03:04:05.12"},{"stringValue":"2024-01-02 02:04:05.123"},` +
		`{"stringValue":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},{"stringValue":"{\"a\": [1, 2]}"},{"stringValue":"{\"b\": null}"},` +
		`{"blobValue":"AP8Q"},{"stringValue":"1 day 02:00:00"},{"stringValue":"sad"},` +
		`{"arrayValue":{"longValues":[1,null,3]}},{"arrayValue":{"stringValues":["x, y","q\"uote",null]}},{"arrayValue":{"doubleValues":[1.5,2]}},{"arrayValue":{"booleanValues":[true,false]}},` +
		`{"arrayValue":{"arrayValues":[{"longValues":[1,2]},{"longValues":[3,4]}]}},{"arrayValue":{"stringValues":["2024-01-02 03:04:05"]}},` +
		`{"isNull":true}]]`
	if got := records(t, out, 1); got != want {
		t.Errorf("records:\n got %s\nwant %s", got, want)
	}
	var r struct {
		SQLStatementResults []struct {
			NumberOfRecordsUpdated int
			Records                []any
			ColumnMetadata         []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	ins, sel := r.SQLStatementResults[0], r.SQLStatementResults[1]
	if ins.NumberOfRecordsUpdated != 1 || ins.Records != nil || ins.ColumnMetadata != nil {
		t.Errorf("INSERT result: %+v", ins)
	}
	if sel.NumberOfRecordsUpdated != 0 {
		t.Errorf("SELECT numberOfRecordsUpdated = %d", sel.NumberOfRecordsUpdated)
	}
	meta := map[string]string{}
	for _, c := range sel.ColumnMetadata {
		b, _ := json.Marshal(map[string]any{"typeName": c["typeName"], "type": c["type"], "precision": c["precision"], "scale": c["scale"], "isSigned": c["isSigned"], "arrayBaseColumnType": c["arrayBaseColumnType"]})
		meta[c["label"].(string)] = string(b)
	}
	for col, want := range map[string]string{
		"i4":   `{"arrayBaseColumnType":0,"isSigned":true,"precision":10,"scale":0,"type":4,"typeName":"int4"}`,
		"i8":   `{"arrayBaseColumnType":0,"isSigned":true,"precision":19,"scale":0,"type":-5,"typeName":"int8"}`,
		"num":  `{"arrayBaseColumnType":0,"isSigned":true,"precision":10,"scale":2,"type":2,"typeName":"numeric"}`,
		"vc":   `{"arrayBaseColumnType":0,"isSigned":false,"precision":20,"scale":0,"type":12,"typeName":"varchar"}`,
		"t":    `{"arrayBaseColumnType":0,"isSigned":false,"precision":2147483647,"scale":0,"type":12,"typeName":"text"}`,
		"ok":   `{"arrayBaseColumnType":0,"isSigned":false,"precision":1,"scale":0,"type":-7,"typeName":"bool"}`,
		"tstz": `{"arrayBaseColumnType":0,"isSigned":false,"precision":35,"scale":6,"type":93,"typeName":"timestamptz"}`,
		"u":    `{"arrayBaseColumnType":0,"isSigned":false,"precision":2147483647,"scale":0,"type":1111,"typeName":"uuid"}`,
		"by":   `{"arrayBaseColumnType":0,"isSigned":false,"precision":2147483647,"scale":0,"type":-2,"typeName":"bytea"}`,
		"ai":   `{"arrayBaseColumnType":4,"isSigned":true,"precision":10,"scale":0,"type":2003,"typeName":"_int4"}`,
	} {
		if meta[col] != want {
			t.Errorf("columnMetadata %s:\n got %s\nwant %s", col, meta[col], want)
		}
	}
	// What a response template gets from $util.rds.toJsonString.
	wantRows := `[[{}],[{"i2":-2,"i4":2147483647,"i8":9007199254740993,"f4":1.5,"f8":2.25,"num":"12.50","num_free":"0.1","ok":true,"t":"text","vc":"varchar","ch":"ab ",` +
		`"d":"2024-01-02","tm":"03:04:05.123","tmtz":"03:04:05+02:00","ts":"2024-01-02 03:04:05.12","tstz":"2024-01-02 02:04:05.123","u":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",` +
		`"j":"{\"a\": [1, 2]}","jb":"{\"b\": null}","by":"AP8Q","iv":"1 day 02:00:00","m":"sad","ai":[1,null,3],"at":["x, y","q\"uote",null],"af":[1.5,2.0],"ab":[true,false],"a2":[[1,2],[3,4]],"ats":["2024-01-02 03:04:05"]}]]`
	if got := rows(t, out); got != wantRows {
		t.Errorf("toJsonString:\n got %s\nwant %s", got, wantRows)
	}
}

func TestSpecialFloatsAndEmpty(t *testing.T) {
	t.Parallel()
	b := setup(t)
	out := b.mustInvoke(t, `{"statements": ["SELECT 'NaN'::float8 AS nan, '-Infinity'::float8 AS inf, '{}'::int[] AS empty, 1::numeric / 3 AS third WHERE :yes"], "variableMap": {":yes": true}}`)
	want := `[[{"stringValue":"NaN"},{"stringValue":"-Inf"},{"arrayValue":{}},{"stringValue":"0.33333333333333333333"}]]`
	if got := records(t, out, 0); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	out = b.mustInvoke(t, `{"statements": ["SELECT 1 AS one WHERE false"]}`)
	if got := records(t, out, 0); got != `[]` {
		t.Errorf("no rows: records %s", got)
	}
	if got := rows(t, out); got != `[[]]` {
		t.Errorf("no rows: toJsonString %s", got)
	}
}

func TestTransaction(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.schema.Exec(t, `CREATE TABLE posts (id text PRIMARY KEY, title text NOT NULL)`)
	count := func() int {
		var n int
		if err := b.schema.DB.QueryRow(`SELECT count(*) FROM posts`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	out := b.mustInvoke(t, `{"version": "2018-05-29", "statements": ["INSERT INTO posts VALUES (:id, :title)", "SELECT * FROM posts WHERE id = :id"],
		"variableMap": {":id": "p1", ":title": "First"}}`)
	if got := rows(t, out); got != `[[{}],[{"id":"p1","title":"First"}]]` {
		t.Errorf("insert then select: %s", got)
	}
	// The second statement fails: the first is rolled back.
	_, err := b.invoke(t, `{"version": "2018-05-29", "statements": ["INSERT INTO posts VALUES (:id, :title)", "INSERT INTO posts VALUES (:id, :title)"],
		"variableMap": {":id": "p2", ":title": "Second"}}`)
	var pe *postgres.Error
	if !errors.As(err, &pe) || pe.SQLState != "23505" || pe.Type != postgres.TypeBadRequest {
		t.Fatalf("duplicate insert: %#v", err)
	}
	want := `RDSHttp:{"message":"ERROR: duplicate key value violates unique constraint \"posts_pkey\"\n  Detail: Key (id)=(p2) already exists.; SQLState: 23505"}`
	if pe.Error() != want {
		t.Errorf("message:\n got %s\nwant %s", pe.Error(), want)
	}
	if n := count(); n != 1 {
		t.Errorf("%d posts after the failed transaction, want 1", n)
	}
	// The first fails: the second never runs.
	if _, err := b.invoke(t, `{"statements": ["INSERT INTO posts VALUES ('p1', 'dup')", "INSERT INTO posts VALUES ('p3', 'x')"]}`); err == nil {
		t.Fatal("no error")
	}
	if n := count(); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
	// UPDATE counts the rows it changed.
	out = b.mustInvoke(t, `{"statements": ["UPDATE posts SET title = title || '!'", "INSERT INTO posts VALUES ('p4', 'Four'), ('p5', 'Five') RETURNING id"]}`)
	var r struct {
		SQLStatementResults []struct{ NumberOfRecordsUpdated int }
	}
	json.Unmarshal([]byte(out), &r)
	// RETURNING gives records, and the Data API then counts 0 updated.
	if r.SQLStatementResults[0].NumberOfRecordsUpdated != 1 || r.SQLStatementResults[1].NumberOfRecordsUpdated != 0 {
		t.Errorf("counts: %s", out)
	}
	if got := rows(t, out); got != `[[{}],[{"id":"p4"},{"id":"p5"}]]` {
		t.Errorf("returning: %s", got)
	}
}

func TestHostileInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.schema.Exec(t, `CREATE TABLE notes (id serial PRIMARY KEY, body text, tag varchar(50))`)
	for _, body := range []string{
		`Robert'); DROP TABLE notes; --`,
		`'' OR 1=1 --`,
		`; DELETE FROM notes; SELECT '`,
		`/* comment */ -- dash`,
		`back\slash \' \\'`,
		`:body :tag $1 $$ dollar $$`,
		`日本語 ✓ émoji 🎉 \u0000-free`,
		`"double" "quotes"`,
	} {
		doc, _ := json.Marshal(map[string]any{
			"version": "2018-05-29",
			"statements": []string{
				"INSERT INTO notes (body, tag) VALUES (:body, ':tag is not a placeholder') RETURNING id",
				"SELECT body, tag, (SELECT count(*) FROM notes) AS n FROM notes WHERE body = :body AND ':body' <> :body -- :nothing",
			},
			"variableMap": map[string]any{":body": body},
		})
		out, err := b.invoke(t, string(doc))
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		l, _ := builtins.RDSRows(out)
		got := l.Items[1].(*value.List)
		if len(got.Items) != 1 {
			t.Fatalf("%q: rows %s", body, value.ToJSON(got))
		}
		row := got.Items[0].(*value.Map)
		if v, _ := row.Get("body"); v != body {
			t.Errorf("stored %q, sent %q", v, body)
		}
		if v, _ := row.Get("tag"); v != ":tag is not a placeholder" {
			t.Errorf("literal changed: %q", v)
		}
	}
	var n int
	if err := b.schema.DB.QueryRow(`SELECT count(*) FROM notes`).Scan(&n); err != nil || n != 8 {
		t.Errorf("notes: %d, %v; want 8 rows and the table intact", n, err)
	}
}

func TestNulls(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.schema.Exec(t, `CREATE TABLE people (id int PRIMARY KEY, nick text, born date)`)
	out := b.mustInvoke(t, `{"statements": ["INSERT INTO people VALUES (1, :nick, :born)", "SELECT id, nick, born, nick IS NULL AS missing FROM people"],
		"variableMap": {":nick": null, ":born": null}, "variableTypeHintMap": {":born": "DATE"}}`)
	if got := records(t, out, 1); got != `[[{"longValue":1},{"isNull":true},{"isNull":true},{"booleanValue":true}]]` {
		t.Errorf("records %s", got)
	}
	if got := rows(t, out); got != `[[{}],[{"id":1,"missing":true}]]` {
		t.Errorf("rows %s", got)
	}
}

func TestTypeHints(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.schema.Exec(t, `CREATE TABLE ev (id uuid PRIMARY KEY, at timestamp, day date, tm time, price numeric(8,2), doc jsonb)`)
	const id = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
	out := b.mustInvoke(t, `{"statements": ["INSERT INTO ev VALUES (:id, :at, :day, :tm, :price, :doc)", "SELECT id, at, day, tm, price, doc, pg_typeof(:price) AS t FROM ev WHERE id = :id"],
		"variableMap": {":id": "`+id+`", ":at": "2024-01-02 03:04:05.5", ":day": "2024-02-29", ":tm": "23:59:59", ":price": "19.99", ":doc": "{\"k\": [1]}"},
		"variableTypeHintMap": {":id": "UUID", ":at": "TIMESTAMP", ":day": "DATE", ":tm": "TIME", ":price": "DECIMAL", ":doc": "JSON"}}`)
	if got := rows(t, out); got != `[[{}],[{"id":"`+id+`","at":"2024-01-02 03:04:05.5","day":"2024-02-29","tm":"23:59:59","price":"19.99","doc":"{\"k\": [1]}","t":"numeric"}]]` {
		t.Errorf("rows %s", got)
	}
	// Without the hint a string is varchar, and Postgres refuses it for a
	// uuid, as it does behind the Data API.
	_, err := b.invoke(t, `{"statements": ["SELECT * FROM ev WHERE id = :id"], "variableMap": {":id": "`+id+`"}}`)
	var pe *postgres.Error
	if !errors.As(err, &pe) || pe.SQLState != "42883" || !strings.Contains(pe.Error(), `operator does not exist: uuid = character varying`) || !strings.Contains(pe.Error(), `Position: 27`) {
		t.Errorf("unhinted uuid: %v", err)
	}
	// Numbers and booleans bind as int8, float8, bool.
	out = b.mustInvoke(t, `{"statements": ["SELECT pg_typeof(:i)::text AS i, pg_typeof(:f)::text AS f, pg_typeof(:b)::text AS b, pg_typeof(:s)::text AS s, :i + 1 AS next"],
		"variableMap": {":i": 41, ":f": 1.5, ":b": false, ":s": "x"}}`)
	if got := rows(t, out); got != `[[{"i":"bigint","f":"double precision","b":"boolean","s":"character varying","next":42}]]` {
		t.Errorf("bound types %s", got)
	}
	// A hint key differing in case applies, as in AppSync's example.
	b.mustInvoke(t, `{"statements": ["SELECT * FROM ev WHERE id = :ID"], "variableMap": {":ID": "`+id+`"}, "variableTypeHintMap": {":id": "UUID"}}`)
}

func TestErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name, doc, typ, msg string
	}{
		{"syntax", `{"statements": ["SELEC 1"]}`, postgres.TypeBadRequest,
			`RDSHttp:{"message":"ERROR: syntax error at or near \"SELEC\"\n  Position: 1; SQLState: 42601"}`},
		{"position in the statement as written", `{"statements": ["SELECT :a, nope"], "variableMap": {":a": "x"}}`, postgres.TypeBadRequest,
			`RDSHttp:{"message":"ERROR: column \"nope\" does not exist\n  Position: 12; SQLState: 42703"}`},
		{"hint", `{"statements": ["SELECT 1/0"]}`, postgres.TypeBadRequest,
			`RDSHttp:{"message":"ERROR: division by zero; SQLState: 22012"}`},
		{"missing variable", `{"statements": ["SELECT :a"]}`, postgres.TypeBadRequest,
			`RDSHttp:{"message":"No value specified for parameter :a; add \":a\" to variableMap."}`},
		{"bad hint format", `{"statements": ["SELECT :t"], "variableMap": {":t": "2024-01-02T03:04:05Z"}, "variableTypeHintMap": {":t": "TIMESTAMP"}}`, postgres.TypeBadRequest,
			`RDSHttp:{"message":"Parameter :t has type hint TIMESTAMP, but \"2024-01-02T03:04:05Z\" is not in the format YYYY-MM-DD HH:MM:SS[.FFF]."}`},
		{"list value", `{"statements": ["SELECT :l"], "variableMap": {":l": [1]}}`, postgres.TypeBadRequest,
			`RDSHttp:{"message":"Parameter :l is a List; the Data API binds strings, numbers, booleans and null only (for JSON, pass $util.toJson(...) with the JSON type hint)."}`},
		{"unknown hint", `{"statements": ["SELECT :a"], "variableMap": {":a": 1}, "variableTypeHintMap": {":a": "INTEGER"}}`, postgres.TypeMappingTemplate,
			`'$[variableTypeHintMap][:a]': unsupported type hint "INTEGER"; use one of DATE, DECIMAL, JSON, TIME, TIMESTAMP, UUID.`},
		{"no statements", `{"version": "2018-05-29"}`, postgres.TypeMappingTemplate, `Value for field '$[statements]' not found.`},
		{"three statements", `{"statements": ["SELECT 1", "SELECT 2", "SELECT 3"]}`, postgres.TypeMappingTemplate, `'$[statements]' must hold 1 or 2 statements, got 3.`},
		{"blank statement", `{"statements": [" "]}`, postgres.TypeMappingTemplate, `'$[statements][0]' must be a non-empty SQL string, got String.`},
		{"version", `{"version": "2017-02-28", "statements": ["SELECT 1"]}`, postgres.TypeMappingTemplate, `Unsupported template version '2017-02-28': RELATIONAL_DATABASE data sources support 2018-05-29.`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := b.invoke(t, c.doc)
			var pe *postgres.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T)", err, err)
			}
			if pe.Type != c.typ || pe.Error() != c.msg {
				t.Errorf("got  %s %s\nwant %s %s", pe.Type, pe.Error(), c.typ, c.msg)
			}
		})
	}
}
