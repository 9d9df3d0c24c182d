package engine

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// DetailsKey is the JSON key AWS puts an event's details under, or "" for
// event types that carry none (ParallelStateStarted, MapStateSucceeded, ...).
func DetailsKey(typ string) string {
	switch {
	case strings.HasSuffix(typ, "StateEntered"):
		return "stateEnteredEventDetails"
	case strings.HasSuffix(typ, "StateExited"):
		return "stateExitedEventDetails"
	case strings.HasPrefix(typ, "Parallel"), typ == "MapStateSucceeded", typ == "MapStateFailed",
		typ == "MapStateAborted", typ == "MapRunSucceeded", typ == "MapRunAborted", typ == "TaskStateAborted",
		typ == "WaitStateAborted", typ == "LambdaFunctionStarted":
		return ""
	}
	return lowerFirst(typ) + "EventDetails"
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// maxEvents is AWS's limit on a Standard execution's history: the event
// that would be number 25,000 is instead ExecutionFailed (States.Runtime).
const maxEvents = 25000

// errHistoryLimit cancels an execution whose history is full.
var errHistoryLimit = errors.New("history limit reached")

// historyLimitCause is AWS's cause for an execution stopped by maxEvents.
const historyLimitCause = "The execution reached the maximum number of history events (25000)."

// recorder appends history events for one Standard execution, assigning ids
// in order. A nil recorder records nothing (Express executions).
//
// Every event gets a key naming its place in the run without reference to
// timing: the event it follows, its type, and the state name or Map index
// it carries. When an execution resumes after a restart, the walker runs
// again from the start over the same definition and input, and the recorder
// answers each event whose key was recorded before (past) with the old
// event instead of appending a new one; the walker uses the recorded
// outcomes (task results, Wait and retry times) in place of doing the work
// again. The first event not in past is where the run continues for real.
type recorder struct {
	mu     sync.Mutex
	arn    string
	st     store.Store
	now    func() time.Time
	nextID int64
	last   int64
	// past holds the events recorded before a restart, by key and by id;
	// after holds them by the event they follow.
	past  map[string]*store.Event
	byID  map[int64]*store.Event
	after map[int64][]*store.Event
	// stopped is closed when the engine shuts down: from then on nothing is
	// recorded, so the execution resumes from its last event next time.
	stopped <-chan struct{}
	// full is set once the history reached maxEvents; overflow cancels the
	// run (set by the engine).
	full     bool
	overflow func()
	// pending holds events not yet written: see flush.
	pending []store.Event
}

// eventKey is an event's place in the run: see recorder.
func eventKey(prev int64, typ string, details map[string]any) string {
	k := strconv.FormatInt(prev, 10) + "/" + typ
	if n, ok := details["name"].(string); ok {
		k += "/" + n
	}
	if i, ok := details["index"].(int64); ok {
		k += "#" + strconv.FormatInt(i, 10)
	}
	return k
}

// add appends one event after prev and returns its id.
func (r *recorder) add(prev int64, typ string, details map[string]any) int64 {
	return r.addAt(eventKey(prev, typ, details), prev, typ, details)
}

// addAfter appends an event whose previous event is not on its own path
// (ParallelStateSucceeded follows whichever branch ended last); anchor, the
// id of the event that started the state, keys it instead.
func (r *recorder) addAfter(anchor, prev int64, typ string, details map[string]any) int64 {
	return r.addAt(eventKey(anchor, typ, details)+"@", prev, typ, details)
}

func (r *recorder) addAt(key string, prev int64, typ string, details map[string]any) int64 {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ev := r.past[key]; ev != nil {
		return ev.ID
	}
	select {
	case <-r.stopped:
		return r.last
	default:
	}
	if r.full {
		return r.last
	}
	if r.nextID+1 >= maxEvents {
		// Keep the last id for ExecutionFailed, as AWS does.
		r.full = true
		if r.overflow != nil {
			r.overflow()
		}
		return r.last
	}
	r.nextID++
	ev := store.Event{ID: r.nextID, PreviousID: prev, Timestamp: r.now(), Type: typ, Details: details, Key: key}
	r.last = ev.ID
	r.pending = append(r.pending, ev)
	return ev.ID
}

// flush writes the pending events in one append. The walker calls it
// before anything that reaches outside the execution (a task invoked, a
// task record created, a child started) and before it waits (a Wait, a
// back-off, a task's result): events between those points are the pure
// steps (Pass, Choice, data flow), which a run resumed after a crash
// recomputes the same, so they need not cost a commit each. A state
// machine of Pass and Choice states writes its whole run in a few commits.
func (r *recorder) flush() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) == 0 {
		return
	}
	select {
	case <-r.stopped:
		return // shutting down: the resumed run records them again
	default:
	}
	// The memstore cannot fail on a known execution; a durable store's
	// failure surfaces when the execution finishes.
	_ = r.st.AppendEvents(context.Background(), r.arn, r.pending)
	r.pending = nil
}

// resume loads the events recorded before a restart.
func (r *recorder) resume(history []store.Event) {
	r.past = make(map[string]*store.Event, len(history))
	r.byID = make(map[int64]*store.Event, len(history))
	r.after = make(map[int64][]*store.Event, len(history))
	for i := range history {
		ev := &history[i]
		if ev.Key != "" {
			r.past[ev.Key] = ev
		}
		r.byID[ev.ID] = ev
		r.after[ev.PreviousID] = append(r.after[ev.PreviousID], ev)
		r.nextID = max(r.nextID, ev.ID)
		r.last = max(r.last, ev.ID)
	}
}

// recorded returns the event recorded before a restart that follows the
// event id and has one of types, or nil: how a resumed run learns the
// outcome of work it started before (a task's result, a Wait's end).
func (r *recorder) recorded(id int64, types ...string) *store.Event {
	if r == nil || id == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ev := range r.after[id] {
		if len(types) == 0 || slices.Contains(types, ev.Type) {
			return ev
		}
	}
	return nil
}

// timeOf is when event id was recorded: its stored timestamp when it
// predates a restart, else now (it was just recorded).
func (r *recorder) timeOf(id int64) time.Time {
	r.mu.Lock()
	ev := r.byID[id]
	r.mu.Unlock()
	if ev != nil {
		return ev.Timestamp
	}
	return r.now()
}

// lastID is the id of the newest event.
func (r *recorder) lastID() int64 {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// closing returns the final event, numbered, for FinishExecution.
func (r *recorder) closing(typ string, details map[string]any) []store.Event {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nextID++
	ev := store.Event{ID: r.nextID, PreviousID: r.last, Timestamp: r.now(), Type: typ, Details: details}
	r.last = ev.ID
	return []store.Event{ev}
}

// jsonString encodes a value for an event payload (payloads are JSON strings
// on the wire).
func jsonString(v any) string {
	b, err := asl.Encode(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

func payload(key string, v any) map[string]any {
	return map[string]any{key: jsonString(v), key + "Details": map[string]any{"truncated": false}}
}

func errDetails(e *asl.Error) map[string]any {
	d := map[string]any{}
	if e.Name != "" {
		d["error"] = e.Name
	}
	if e.Cause != "" {
		d["cause"] = e.Cause
	}
	return d
}
