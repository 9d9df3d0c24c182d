package subscription_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/subscription"
)

// wait fails the test if ch yields nothing within a generous bound.
func wait[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting")
	}
	var zero T
	return zero
}

func newHub(t testing.TB, p subscription.LocalParams) *subscription.Local {
	h := subscription.NewLocal(p)
	t.Cleanup(h.Close)
	return h
}

func TestHubDeliversInOrderToMatchingSubscribers(t *testing.T) {
	t.Parallel()
	h := newHub(t, subscription.LocalParams{})
	got := map[string]chan string{"all": make(chan string, 10), "one": make(chan string, 10), "other": make(chan string, 10)}
	sub := func(name, api string, args map[string]any) {
		h.Subscribe(&subscription.Subscription{APIID: api, Field: "onCreate", Args: args,
			Deliver: func(e *subscription.Event) { got[name] <- field(e, "id").(string) }})
	}
	sub("all", "api", nil)
	sub("one", "api", map[string]any{"id": "b"})
	sub("other", "api2", nil)
	for _, id := range []string{"a", "b", "c"} {
		h.Publish(&subscription.Event{APIID: "api", Field: "onCreate", Data: map[string]any{"id": id}})
	}
	h.Publish(&subscription.Event{APIID: "api", Field: "onUpdate", Data: map[string]any{"id": "x"}})
	for _, want := range []string{"a", "b", "c"} {
		if got := wait(t, got["all"]); got != want {
			t.Fatalf("all got %s, want %s", got, want)
		}
	}
	if id := wait(t, got["one"]); id != "b" {
		t.Fatalf("one got %s", id)
	}
	// A marker event proves the dispatcher is past the events above.
	marker := make(chan struct{})
	h.Subscribe(&subscription.Subscription{APIID: "api", Field: "marker", Deliver: func(*subscription.Event) { close(marker) }})
	h.Publish(&subscription.Event{APIID: "api", Field: "marker", Data: map[string]any{}})
	wait(t, marker)
	if len(got["one"]) != 0 || len(got["other"]) != 0 || len(got["all"]) != 0 {
		t.Errorf("unexpected extra deliveries: one %d other %d all %d", len(got["one"]), len(got["other"]), len(got["all"]))
	}
}

func TestHubUnsubscribeStopsDelivery(t *testing.T) {
	t.Parallel()
	h := newHub(t, subscription.LocalParams{})
	var n atomic.Int32
	stop := h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Deliver: func(*subscription.Event) { n.Add(1) }})
	stop()
	stop() // idempotent
	marker := make(chan struct{})
	h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Deliver: func(*subscription.Event) { close(marker) }})
	h.Publish(&subscription.Event{APIID: "a", Field: "f", Data: map[string]any{}})
	wait(t, marker)
	if n.Load() != 0 {
		t.Errorf("delivered %d events after unsubscribe", n.Load())
	}
	if c := h.Count("a", "f"); c != 1 {
		t.Errorf("Count = %d, want 1", c)
	}
}

func TestHubPublishDoesNotWaitForSubscribers(t *testing.T) {
	t.Parallel()
	h := newHub(t, subscription.LocalParams{})
	release := make(chan struct{})
	delivered := make(chan string, 3)
	h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Deliver: func(e *subscription.Event) {
		<-release // a misbehaving subscriber that blocks
		delivered <- field(e, "id").(string)
	}})
	done := make(chan struct{})
	go func() {
		for _, id := range []string{"1", "2", "3"} {
			h.Publish(&subscription.Event{APIID: "a", Field: "f", Data: map[string]any{"id": id}})
		}
		close(done)
	}()
	wait(t, done) // all three published while the subscriber is stuck
	close(release)
	for _, want := range []string{"1", "2", "3"} {
		if got := wait(t, delivered); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
}

func TestHubEnhancedFilterReplacesArguments(t *testing.T) {
	t.Parallel()
	h := newHub(t, subscription.LocalParams{})
	f, err := subscription.ParseFilter(map[string]any{"filterGroup": []any{map[string]any{"filters": []any{rule("priority", "ge", 5)}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan any, 10)
	h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Args: map[string]any{"id": "never"}, Filter: f,
		Deliver: func(e *subscription.Event) { got <- field(e, "priority") }})
	for _, p := range []int{1, 7, 3, 5} {
		h.Publish(&subscription.Event{APIID: "a", Field: "f", Data: map[string]any{"id": "x", "priority": p}})
	}
	if p := wait(t, got); p != 7 {
		t.Fatalf("got %v, want 7", p)
	}
	if p := wait(t, got); p != 5 {
		t.Fatalf("got %v, want 5", p)
	}
}

func TestHubInvalidation(t *testing.T) {
	t.Parallel()
	h := newHub(t, subscription.LocalParams{})
	inv, err := subscription.ParseFilter(map[string]any{"filterGroup": []any{map[string]any{"filters": []any{rule("groupId", "eq", "g1")}}}})
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan string, 4)
	var delivered atomic.Int32
	for _, name := range []string{"member", "bystander"} {
		s := &subscription.Subscription{APIID: "a", Field: "onMsg", Deliver: func(*subscription.Event) { delivered.Add(1) },
			Closed: func() { closed <- name }}
		if name == "member" {
			s.Invalidation = inv
		}
		h.Subscribe(s)
	}
	h.Invalidate(subscription.Invalidation{APIID: "a", Field: "onMsg", Payload: map[string]any{"groupId": "g2"}})
	h.Invalidate(subscription.Invalidation{APIID: "a", Field: "onMsg", Payload: map[string]any{"groupId": "g1"}})
	h.Invalidate(subscription.Invalidation{APIID: "a", Field: "onMsg", Payload: map[string]any{"groupId": "g1"}})
	if name := wait(t, closed); name != "member" {
		t.Fatalf("closed %s", name)
	}
	marker := make(chan struct{})
	h.Subscribe(&subscription.Subscription{APIID: "a", Field: "onMsg", Deliver: func(*subscription.Event) { close(marker) }})
	h.Publish(&subscription.Event{APIID: "a", Field: "onMsg", Data: map[string]any{}})
	wait(t, marker)
	if len(closed) != 0 {
		t.Errorf("closed again: %s", <-closed)
	}
	if delivered.Load() != 1 {
		t.Errorf("delivered %d, want 1 (the bystander only)", delivered.Load())
	}
}

func TestHubLargeFanOutExactlyOnce(t *testing.T) {
	t.Parallel()
	const n, events = 5000, 5
	h := newHub(t, subscription.LocalParams{Chunk: 100, Parallelism: 4})
	counts := make([]atomic.Int32, n)
	var wg sync.WaitGroup
	wg.Add(n * events)
	var renders atomic.Int32
	for i := range n {
		h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Deliver: func(e *subscription.Event) {
			e.Render("shared", func() []byte { renders.Add(1); return nil })
			counts[i].Add(1)
			wg.Done()
		}})
	}
	for range events {
		h.Publish(&subscription.Event{APIID: "a", Field: "f", Data: map[string]any{}})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	wait(t, done)
	for i := range counts {
		if c := counts[i].Load(); c != events {
			t.Fatalf("subscriber %d got %d events, want %d", i, c, events)
		}
	}
	if r := renders.Load(); r != events {
		t.Errorf("rendered %d times, want once per event (%d)", r, events)
	}
}

func TestHubClose(t *testing.T) {
	t.Parallel()
	h := subscription.NewLocal(subscription.LocalParams{})
	h.Close()
	h.Close()
	h.Publish(&subscription.Event{APIID: "a", Field: "f"}) // ignored, no panic
	h.Invalidate(subscription.Invalidation{APIID: "a", Field: "f"})
}

// field reads a field of an event's object data.
func field(e *subscription.Event, name string) any {
	return e.Data.(map[string]any)[name]
}

func TestHubListAndScalarEvents(t *testing.T) {
	t.Parallel()
	h := newHub(t, subscription.LocalParams{})
	got := make(chan any, 4)
	h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Args: map[string]any{"id": "1"}, Deliver: func(e *subscription.Event) { got <- "filtered" }})
	h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Deliver: func(e *subscription.Event) { got <- e.Data }})
	h.Publish(&subscription.Event{APIID: "a", Field: "f", Data: []any{map[string]any{"id": "1"}}})
	h.Publish(&subscription.Event{APIID: "a", Field: "f", Data: "deleted-1"})
	if v := wait(t, got); len(v.([]any)) != 1 {
		t.Fatalf("got %v", v)
	}
	if v := wait(t, got); v != "deleted-1" {
		t.Fatalf("got %v (a subscription with arguments never matches a list or scalar)", v)
	}
}
