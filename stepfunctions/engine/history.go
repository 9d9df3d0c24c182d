package engine

import (
	"context"
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

// recorder appends history events for one Standard execution, assigning ids
// in order. A nil recorder records nothing (Express executions).
type recorder struct {
	mu     sync.Mutex
	arn    string
	st     store.Store
	now    func() time.Time
	nextID int64
	last   int64
}

// add appends one event after prev and returns its id.
func (r *recorder) add(prev int64, typ string, details map[string]any) int64 {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nextID++
	ev := store.Event{ID: r.nextID, PreviousID: prev, Timestamp: r.now(), Type: typ, Details: details}
	r.last = ev.ID
	// The memstore cannot fail on a known execution; a durable store's
	// failure surfaces when the execution finishes.
	_ = r.st.AppendEvents(context.Background(), r.arn, []store.Event{ev})
	return ev.ID
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
