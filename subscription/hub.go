package subscription

import (
	"log/slog"
	"runtime"
	"sync"
)

// Hub connects the mutations of APIs to their subscriptions, keyed by API id
// and subscription field. Implementations must not block Publish or
// Invalidate on subscribers.
type Hub interface {
	// Subscribe registers s and returns the function that ends it (idempotent;
	// after it returns, s.Deliver is not called again).
	Subscribe(s *Subscription) (unsubscribe func())
	// Publish hands e to the matching subscriptions of (e.APIID, e.Field).
	Publish(e *Event)
	// Invalidate closes the subscriptions of (inv.APIID, inv.Field) whose
	// invalidation filter matches inv.Payload, calling their Closed.
	Invalidate(inv Invalidation)
	// Close stops the hub; later calls do nothing.
	Close()
}

// Subscription is one live subscription as the hub sees it.
type Subscription struct {
	APIID string
	Field string // the subscription field, e.g. "onCreateTodo"
	// Args are the arguments the subscriber gave (after variables); omitted
	// arguments are absent. Used when Filter is nil.
	Args map[string]any
	// Filter, set by the subscription resolver, replaces argument matching.
	Filter *Filter
	// Invalidation, set by the subscription resolver, is matched against the
	// payload of invalidateSubscriptions calls for this field.
	Invalidation *Filter
	// Deliver receives each matching event. It runs on a hub goroutine and
	// must not block (the WebSocket layer queues).
	Deliver func(e *Event)
	// Closed is called, at most once, when an invalidation ends the
	// subscription. Nil: nothing to tell.
	Closed func()
}

// Matches reports whether e passes the subscription's filter: its enhanced
// filter if it has one, else its arguments.
func (s *Subscription) Matches(e *Event) bool {
	if s.Filter != nil {
		return s.Filter.Match(e.Data)
	}
	return MatchArgs(s.Args, e.Data)
}

// Event is one publication: a mutation's result for one subscription field.
type Event struct {
	APIID string
	Field string // the subscription field the mutation triggers
	// Data is the mutation field's result cut to the mutation's selection
	// set, keyed by field name (not alias): objects are map[string]any,
	// lists []any, leaves serialized scalars. It is usually an object; a
	// mutation returning a list or a scalar publishes that, which only
	// subscriptions without arguments or filters receive.
	Data any

	renders sync.Map // string → *render
}

type render struct {
	once sync.Once
	out  []byte
}

// Render returns f's result, computed once per key for this event: the
// subscribers that share a selection set (and variables) share one rendered
// payload, so fan-out costs one rendering per distinct query, not one per
// subscriber.
func (e *Event) Render(key string, f func() []byte) []byte {
	v, ok := e.renders.Load(key)
	if !ok {
		v, _ = e.renders.LoadOrStore(key, &render{})
	}
	r := v.(*render)
	r.once.Do(func() { r.out = f() })
	return r.out
}

// Invalidation is one $extensions.invalidateSubscriptions call.
type Invalidation struct {
	APIID   string
	Field   string // subscriptionField
	Payload map[string]any
}

// LocalParams configures a Local hub.
type LocalParams struct {
	Logger *slog.Logger
	// Parallelism bounds the goroutines one event's fan-out uses; 0 means
	// GOMAXPROCS.
	Parallelism int
	// Chunk is the number of subscribers one goroutine serves; 0 means 256.
	Chunk int
}

// Local is the in-process Hub: events queue in publication order and one
// dispatcher goroutine matches each against its topic's subscribers, splitting
// large topics across goroutines.
type Local struct {
	log         *slog.Logger
	parallelism int
	chunk       int

	mu     sync.Mutex
	topics map[topicKey]*topic

	qmu     sync.Mutex
	queue   []any // *Event or Invalidation
	wake    chan struct{}
	closed  bool
	stopped chan struct{}
}

var _ Hub = (*Local)(nil)

type topicKey struct{ api, field string }

// topic is the subscriptions of one field. list caches the entries as a
// slice for fan-out; subscribe and unsubscribe only drop it, and the next
// publication rebuilds it, so neither a subscription storm nor a busy topic
// pays more than once per change.
type topic struct {
	entries map[*entry]struct{}
	list    []*entry // nil: rebuild
}

type entry struct {
	sub  *Subscription
	key  topicKey
	mu   sync.Mutex
	done bool
}

// NewLocal starts an in-process hub. Close stops it.
func NewLocal(p LocalParams) *Local {
	h := &Local{
		log:         p.Logger,
		parallelism: p.Parallelism,
		chunk:       p.Chunk,
		topics:      map[topicKey]*topic{},
		wake:        make(chan struct{}, 1),
		stopped:     make(chan struct{}),
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.parallelism <= 0 {
		h.parallelism = runtime.GOMAXPROCS(0)
	}
	if h.chunk <= 0 {
		h.chunk = 256
	}
	go h.dispatch()
	return h
}

// Subscribe registers s.
func (h *Local) Subscribe(s *Subscription) func() {
	e := &entry{sub: s, key: topicKey{s.APIID, s.Field}}
	h.mu.Lock()
	t := h.topics[e.key]
	if t == nil {
		t = &topic{entries: map[*entry]struct{}{}}
		h.topics[e.key] = t
	}
	t.entries[e] = struct{}{}
	t.list = nil
	h.mu.Unlock()
	return func() {
		h.remove(e)
		e.mu.Lock()
		e.done = true
		e.mu.Unlock()
	}
}

func (h *Local) remove(e *entry) {
	h.mu.Lock()
	if t := h.topics[e.key]; t != nil {
		delete(t.entries, e)
		t.list = nil
		if len(t.entries) == 0 {
			delete(h.topics, e.key)
		}
	}
	h.mu.Unlock()
}

// Count returns the number of live subscriptions of an API's field.
func (h *Local) Count(apiID, field string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := h.topics[topicKey{apiID, field}]; t != nil {
		return len(t.entries)
	}
	return 0
}

// Publish queues e for matching and returns at once.
func (h *Local) Publish(e *Event) { h.enqueue(e) }

// Invalidate queues inv behind the events published before it.
func (h *Local) Invalidate(inv Invalidation) { h.enqueue(inv) }

func (h *Local) enqueue(item any) {
	h.qmu.Lock()
	if h.closed {
		h.qmu.Unlock()
		return
	}
	h.queue = append(h.queue, item)
	// Signal under the lock: Close closes wake under it too.
	select {
	case h.wake <- struct{}{}:
	default:
	}
	h.qmu.Unlock()
}

// Close stops the dispatcher; queued events are dropped.
func (h *Local) Close() {
	h.qmu.Lock()
	if h.closed {
		h.qmu.Unlock()
		return
	}
	h.closed = true
	h.queue = nil
	close(h.wake)
	h.qmu.Unlock()
	<-h.stopped
}

func (h *Local) dispatch() {
	defer close(h.stopped)
	var batch []any
	for range h.wake {
		for {
			h.qmu.Lock()
			batch, h.queue = h.queue, batch[:0]
			closed := h.closed
			h.qmu.Unlock()
			if closed || len(batch) == 0 {
				break
			}
			for i, item := range batch {
				switch it := item.(type) {
				case *Event:
					h.fanOut(it)
				case Invalidation:
					h.invalidate(it)
				}
				batch[i] = nil
			}
		}
	}
}

// snapshot lists a topic's entries. The slice is shared: callers must not
// change it.
func (h *Local) snapshot(key topicKey) []*entry {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.topics[key]
	if t == nil {
		return nil
	}
	if t.list == nil {
		t.list = make([]*entry, 0, len(t.entries))
		for e := range t.entries {
			t.list = append(t.list, e)
		}
	}
	return t.list
}

func (h *Local) fanOut(ev *Event) {
	entries := h.snapshot(topicKey{ev.APIID, ev.Field})
	if len(entries) <= h.chunk {
		h.deliverAll(ev, entries)
		return
	}
	// Split into at most parallelism parts of at least chunk entries.
	parts := min(h.parallelism, (len(entries)+h.chunk-1)/h.chunk)
	size := (len(entries) + parts - 1) / parts
	var wg sync.WaitGroup
	for start := 0; start < len(entries); start += size {
		part := entries[start:min(start+size, len(entries))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.deliverAll(ev, part)
		}()
	}
	wg.Wait()
}

func (h *Local) deliverAll(ev *Event, entries []*entry) {
	for _, e := range entries {
		h.deliver(ev, e)
	}
}

// deliver matches and delivers under the entry's lock, so that once
// unsubscribe has returned no delivery is under way or to come.
func (h *Local) deliver(ev *Event, e *entry) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("subscription delivery panic", "field", ev.Field, "panic", p)
		}
	}()
	if !e.sub.Matches(ev) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.done {
		e.sub.Deliver(ev)
	}
}

func (h *Local) invalidate(inv Invalidation) {
	for _, e := range h.snapshot(topicKey{inv.APIID, inv.Field}) {
		if e.sub.Invalidation == nil || !e.sub.Invalidation.Match(inv.Payload) {
			continue
		}
		e.mu.Lock()
		was := e.done
		e.done = true
		e.mu.Unlock()
		if was {
			continue
		}
		h.remove(e)
		if e.sub.Closed != nil {
			h.safe(e.sub.Closed)
		}
	}
}

func (h *Local) safe(f func()) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("subscription closed callback panic", "panic", p)
		}
	}()
	f()
}
