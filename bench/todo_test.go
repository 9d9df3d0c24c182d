package bench

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/app"
)

// BenchmarkTodoGetTodo sends getTodo (a VTL GetItem resolver on the
// embedded DynamoDB store) through the whole stack over loopback, from
// parallel clients, and reports requests/s and the p99 latency.
func BenchmarkTodoGetTodo(b *testing.B) {
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--log-level", "error", "--data-dir", b.TempDir(), "../examples/todo/appsync.yml"}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	key := m.API().APIKeys[0].Value
	post := func(c *http.Client, body []byte) []byte {
		req, _ := http.NewRequest("POST", m.URL()+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("x-api-key", key)
		res, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return out
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	created := post(client, []byte(`{"query":"mutation { createTodo(input: {title: \"bench\", owner: \"b\"}) { id } }"}`))
	var out struct {
		Data struct{ CreateTodo struct{ ID string } }
	}
	if err := json.Unmarshal(created, &out); err != nil || out.Data.CreateTodo.ID == "" {
		b.Fatalf("create: %s", created)
	}
	query, _ := json.Marshal(map[string]any{"query": `query($id: ID!) { getTodo(id: $id) { id title done } }`, "variables": map[string]any{"id": out.Data.CreateTodo.ID}})

	var mu sync.Mutex
	var latencies []time.Duration
	b.ReportAllocs()
	b.SetParallelism(8) // 16 client goroutines on 2 cores
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			if got := post(client, query); !bytes.Contains(got, []byte(`"title":"bench"`)) {
				b.Fatalf("got %s", got)
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(latencies)
	if n := len(latencies); n > 0 {
		b.ReportMetric(float64(n)/elapsed.Seconds(), "req/s")
		b.ReportMetric(float64(latencies[n*99/100].Microseconds()), "p99-µs")
	}
}
