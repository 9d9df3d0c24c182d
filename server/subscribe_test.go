package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/schema"
	"github.com/appsync-local/appsync-local/server"
	"github.com/appsync-local/appsync-local/server/realtime"
)

const subSchema = `
type Item { id: ID! n: Int name: String }
type Query { a: String }
type Mutation {
  put(id: ID!, n: Int, name: String): Item
  putMany(ids: [ID!]!): [Item]
}
type Subscription {
  onPut(id: ID, n: Int): Item @aws_subscribe(mutations: ["put"])
  guarded(id: ID): Item @aws_subscribe(mutations: ["put"])
  onPutMany: [Item] @aws_subscribe(mutations: ["putMany"])
}`

// newSubAPI builds an API whose put mutation returns its arguments and whose
// guarded subscription refuses id "no".
func newSubAPI(tb testing.TB) *server.API {
	tb.Helper()
	s, err := schema.Load(schema.Source{Name: "schema.graphql", Input: subSchema})
	if err != nil {
		tb.Fatal(err)
	}
	ex, err := executor.New(executor.Params{Schema: s, Resolvers: map[string]executor.Resolver{
		"Mutation.put": executor.ResolverFunc(func(_ context.Context, p *executor.ResolveParams) (any, error) {
			return p.Arguments, nil
		}),
		"Mutation.putMany": executor.ResolverFunc(func(_ context.Context, p *executor.ResolveParams) (any, error) {
			var out []any
			for _, id := range p.Arguments["ids"].([]any) {
				out = append(out, map[string]any{"id": id, "n": 1})
			}
			return out, nil
		}),
		"Subscription.guarded": executor.ResolverFunc(func(_ context.Context, p *executor.ResolveParams) (any, error) {
			if p.Arguments["id"] == "no" {
				return nil, &executor.Error{Type: "Unauthorized", Message: "Not Authorized to access guarded on type Subscription"}
			}
			return nil, nil
		}),
	}})
	if err != nil {
		tb.Fatal(err)
	}
	return &server.API{ID: "local", Name: "t", Schema: ex, APIKeys: []server.APIKey{{Value: "k"}}, AuthModes: []string{"API_KEY"}}
}

func newSubServer(tb testing.TB) *server.Server {
	srv := server.New(server.Params{})
	srv.Swap(newSubAPI(tb))
	tb.Cleanup(srv.Close)
	return srv
}

func keyHeader(key string) http.Header {
	h := http.Header{}
	h.Set("x-api-key", key)
	return h
}

func mutate(tb testing.TB, srv http.Handler, query string) string {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(string(body)))
	req.Header.Set("x-api-key", "k")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		tb.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func TestSubscribeErrors(t *testing.T) {
	t.Parallel()
	srv := newSubServer(t)
	ctx := context.Background()
	nop := func([]byte) {}
	cases := []struct {
		name, query, key, want string
	}{
		{"bad key", `subscription { onPut { id } }`, "nope", `{"errorType":"UnauthorizedException","message":"You are not authorized to make this call."}`},
		{"no key", `subscription { onPut { id } }`, "", `{"errorType":"UnauthorizedException","message":"Missing authorization header"}`},
		{"validation", `subscription { onPut { nope } }`, "k", `{"path":null,"locations":[{"line":1,"column":24,"sourceName":null}],"message":"Validation error of type FieldUndefined: Field 'nope' in type 'Item' is undefined @ 'onPut/nope'"}`},
		{"not a subscription", `{ a }`, "k", `{"message":"Operation \"\" is a query; only subscriptions can be started over WebSocket. Send queries and mutations to POST /graphql."}`},
		{"resolver refuses", `subscription { guarded(id: "no") { id } }`, "k", `{"errorType":"Unauthorized","message":"Not Authorized to access guarded on type Subscription"}`},
	}
	for _, c := range cases {
		_, err := srv.Subscribe(ctx, realtime.Request{Query: c.query, Headers: keyHeader(c.key)}, nop, nil)
		var oe *realtime.OperationError
		if !errors.As(err, &oe) || len(oe.Errors) != 1 || string(oe.Errors[0]) != c.want {
			t.Errorf("%s: got %v (%T)", c.name, err, err)
			if oe != nil && len(oe.Errors) > 0 {
				t.Logf("  %s", oe.Errors[0])
			}
		}
	}
	if err := srv.AuthorizeConnection(ctx, keyHeader("nope")); err == nil {
		t.Error("bad connection key accepted")
	} else if ae := (*realtime.AuthError)(nil); !errors.As(err, &ae) || ae.Code != 401 || ae.ErrorType != "UnauthorizedException" {
		t.Errorf("connection: got %v", err)
	}
	if err := srv.AuthorizeConnection(ctx, keyHeader("k")); err != nil {
		t.Errorf("good key refused: %v", err)
	}
}

// recorder collects deliveries.
type recorder struct {
	mu  sync.Mutex
	got []string
	ch  chan struct{}
}

func newRecorder() *recorder { return &recorder{ch: make(chan struct{}, 1024)} }

func (r *recorder) deliver(p []byte) {
	r.mu.Lock()
	r.got = append(r.got, string(p))
	r.mu.Unlock()
	r.ch <- struct{}{}
}

func (r *recorder) wait(t *testing.T, n int) []string {
	t.Helper()
	for range n {
		select {
		case <-r.ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("timed out; got %v", r.got)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

func TestSubscribeDeliversShapedEvents(t *testing.T) {
	t.Parallel()
	srv := newSubServer(t)
	ctx := context.Background()
	byN := newRecorder()
	stop, err := srv.Subscribe(ctx, realtime.Request{Query: `subscription S($n: Int) { x: onPut(n: $n) { id name ...F } } fragment F on Item { n }`,
		Variables: map[string]any{"n": 2}, Headers: keyHeader("k")}, byN.deliver, nil)
	if err != nil {
		t.Fatal(err)
	}
	mutate(t, srv, `mutation { put(id: "1", n: 1, name: "a") { id n name } }`)
	mutate(t, srv, `mutation { a: put(id: "2", n: 2, name: "b") { id n } b: put(id: "3", n: 2, name: "c") { n name } }`)
	got := byN.wait(t, 2)
	want := []string{`{"data":{"x":{"id":"2","name":null,"n":2}}}`,
		`{"data":{"x":null},"errors":[{"path":["x","id"],"locations":null,"message":"Cannot return null for non-nullable type: 'ID' within parent 'Item' (/x/id)"}]}`}
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	stop()
	stop()
	if n := srv.Subscriptions(); n != 0 {
		t.Errorf("%d subscriptions after stop", n)
	}
}

// TestFanOut subscribes many subscribers and checks that each gets every
// event exactly once while the mutations return.
func TestFanOut(t *testing.T) {
	t.Parallel()
	const subs, events = 2000, 3
	srv := newSubServer(t)
	var wg sync.WaitGroup
	wg.Add(subs * events)
	counts := make([]atomic.Int32, subs)
	for i := range subs {
		// Two distinct queries: renderings are shared per query.
		q := `subscription { onPut { id n } }`
		if i%2 == 1 {
			q = `subscription { onPut { n id } }`
		}
		if _, err := srv.Subscribe(context.Background(), realtime.Request{Query: q, Headers: keyHeader("k")},
			func([]byte) { counts[i].Add(1); wg.Done() }, nil); err != nil {
			t.Fatal(err)
		}
	}
	for i := range events {
		mutate(t, srv, fmt.Sprintf(`mutation { put(id: "%d", n: %d) { id n } }`, i, i))
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("timed out")
	}
	for i := range counts {
		if c := counts[i].Load(); c != events {
			t.Fatalf("subscriber %d got %d events", i, c)
		}
	}
}

// BenchmarkFanOut measures one mutation's fan-out to N in-process
// subscribers through the core (hub, matching, shaping; no WebSocket): the
// time from the mutation's start to each delivery. Reported: p50 and p99 of
// the delivery latencies, and the time to the last delivery.
func BenchmarkFanOut(b *testing.B) {
	for _, n := range []int{200, 10000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			srv := newSubServer(b)
			var start atomic.Int64
			var wg sync.WaitGroup
			lat := make([]time.Duration, 0, n*b.N)
			var mu sync.Mutex
			for range n {
				if _, err := srv.Subscribe(context.Background(), realtime.Request{Query: `subscription { onPut { id n name } }`, Headers: keyHeader("k")},
					func([]byte) {
						d := time.Duration(time.Now().UnixNano() - start.Load())
						mu.Lock()
						lat = append(lat, d)
						mu.Unlock()
						wg.Done()
					}, nil); err != nil {
					b.Fatal(err)
				}
			}
			var last []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				wg.Add(n)
				start.Store(time.Now().UnixNano())
				mutate(b, srv, fmt.Sprintf(`mutation { put(id: "%d", n: 1, name: "x") { id n name } }`, i))
				wg.Wait()
				last = append(last, time.Duration(time.Now().UnixNano()-start.Load()))
			}
			b.StopTimer()
			slices.Sort(lat)
			slices.Sort(last)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(last[len(last)-1].Microseconds())/1000, "max-fanout-ms")
		})
	}
}

// TestExecute runs a mutation the way graphql-transport-ws sends one over
// the socket: it answers like POST /graphql and publishes.
func TestExecute(t *testing.T) {
	t.Parallel()
	srv := newSubServer(t)
	ctx := context.Background()
	rec := newRecorder()
	if _, err := srv.Subscribe(ctx, realtime.Request{Query: `subscription { onPut(id: "9") { id } }`, Headers: keyHeader("k")}, rec.deliver, nil); err != nil {
		t.Fatal(err)
	}
	out, err := srv.Execute(ctx, realtime.Request{Query: `mutation($id: ID!) { put(id: $id) { id } }`, Variables: map[string]any{"id": "9"}, Headers: keyHeader("k")})
	if err != nil || string(out) != `{"data":{"put":{"id":"9"}}}` {
		t.Fatalf("Execute: %s, %v", out, err)
	}
	if got := rec.wait(t, 1); got[0] != `{"data":{"onPut":{"id":"9"}}}` {
		t.Errorf("delivered %v", got)
	}
	out, err = srv.Execute(ctx, realtime.Request{Query: `{ nope }`, Headers: keyHeader("k")})
	if err != nil || !strings.Contains(string(out), "FieldUndefined") {
		t.Errorf("invalid query: %s, %v", out, err)
	}
	for name, req := range map[string]realtime.Request{
		"bad key":      {Query: `{ a }`, Headers: keyHeader("x")},
		"subscription": {Query: `subscription { onPut { id } }`, Headers: keyHeader("k")},
	} {
		var oe *realtime.OperationError
		if _, err := srv.Execute(ctx, req); !errors.As(err, &oe) {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

// TestListEvents publishes a mutation that returns a list.
func TestListEvents(t *testing.T) {
	t.Parallel()
	srv := newSubServer(t)
	rec := newRecorder()
	if _, err := srv.Subscribe(context.Background(), realtime.Request{Query: `subscription { onPutMany { id n } }`, Headers: keyHeader("k")}, rec.deliver, nil); err != nil {
		t.Fatal(err)
	}
	mutate(t, srv, `mutation { putMany(ids: ["a", "b"]) { id } }`)
	if got := rec.wait(t, 1); got[0] != `{"data":{"onPutMany":[{"id":"a","n":null},{"id":"b","n":null}]}}` {
		t.Errorf("delivered %v", got)
	}
}
