package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/pgtest"
)

const postgresListQuery = `{"query":"{ listPosts(limit: 10) { id title views } }"}`

// seedPosts creates the posts table with 100 rows in a fresh schema.
func seedPosts(b *testing.B) *pgtest.Schema {
	b.Helper()
	s := pgtest.New(b)
	s.Exec(b, `CREATE TABLE posts (id text PRIMARY KEY, title text NOT NULL, views int NOT NULL);
		INSERT INTO posts SELECT 'p' || lpad(i::text, 3, '0'), 'Post number ' || i, i * 7 FROM generate_series(1, 100) i`)
	return s
}

// postgresWant is the list query's answer.
func postgresWant() string {
	var items []string
	for i := 1; i <= 10; i++ {
		items = append(items, fmt.Sprintf(`{"id":"p%03d","title":"Post number %d","views":%d}`, i, i, i*7))
	}
	return `{"data":{"listPosts":[` + strings.Join(items, ",") + `]}}`
}

// sqlBaseline is a hand-written server for the same query: decode the body,
// run the SELECT with database/sql, write the JSON.
func sqlBaseline(s *pgtest.Schema) http.HandlerFunc {
	type post struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Views int    `json:"views"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var p struct {
			Query string `json:"query"`
		}
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		rows, err := s.DB.QueryContext(r.Context(), "SELECT id, title, views FROM posts ORDER BY id LIMIT $1", 10)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer rows.Close()
		posts := []post{}
		for rows.Next() {
			var p post
			if err := rows.Scan(&p.ID, &p.Title, &p.Views); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			posts = append(posts, p)
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"listPosts": posts}})
	}
}

// BenchmarkPostgres sends a Postgres-backed list query (a VTL resolver on a
// RELATIONAL_DATABASE data source, $util.rds.toJsonObject, 10 rows) over
// loopback HTTP, next to two baselines in the same run: the trivial-query
// baseline of BenchmarkHTTP and a hand-written net/http + database/sql
// server answering the same query. Each reports requests/s.
func BenchmarkPostgres(b *testing.B) {
	s := seedPosts(b)
	s.DB.SetMaxIdleConns(64)
	want := postgresWant()
	b.Run("baseline", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(baseline))
		defer srv.Close()
		run(b, srv.URL+"/graphql", `{"query":"{ __typename }"}`, `{"data":{"__typename":"Query"}}`)
		reportRate(b)
	})
	b.Run("sqlBaseline", func(b *testing.B) {
		srv := httptest.NewServer(sqlBaseline(s))
		defer srv.Close()
		run(b, srv.URL+"/graphql", postgresListQuery, strings.Replace(want, `]}}`, "]}}\n", 1))
		reportRate(b)
	})
	b.Setenv("BENCH_DATABASE_URL", s.URL)
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--log-level", "error", "testdata/postgres_appsync.yml"}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	b.Run("listPosts", func(b *testing.B) {
		run(b, m.URL()+"/graphql", postgresListQuery, want)
		reportRate(b)
	})
}

// reportRate adds requests/s to a benchmark's output.
func reportRate(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "req/s")
	}
}
