package sfn

import (
	"context"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// Update is one step of a Standard execution as subscribers see it: a
// history event with the execution it belongs to. Map returns it as the
// payload of a subscription event.
type Update struct {
	ExecutionArn, StateMachineArn, Name string
	// Status is the execution's status after the event: RUNNING until the
	// closing event (ExecutionSucceeded, ...), which carries the final one.
	Status string
	Type   string // the history event type, e.g. TaskStateEntered
	// StateName is the state the event is about ("" for execution events).
	StateName string
	// Input and Output are JSON texts ("" when the event has none).
	Input, Output string
	Error, Cause  string
	Timestamp     time.Time
	ID            int64 // the event id, as GetExecutionHistory numbers it
	PreviousID    int64
}

// Map returns the update as an AWSJSON-friendly object keyed by the GraphQL
// field names a schema declares: executionArn, stateMachineArn, name,
// status, type, stateName, input, output, error, cause, timestamp (ISO 8601),
// id, previousEventId. Absent texts are null.
func (u *Update) Map() map[string]any {
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return map[string]any{
		"executionArn":    u.ExecutionArn,
		"stateMachineArn": u.StateMachineArn,
		"name":            u.Name,
		"status":          u.Status,
		"type":            u.Type,
		"stateName":       opt(u.StateName),
		"input":           opt(u.Input),
		"output":          opt(u.Output),
		"error":           opt(u.Error),
		"cause":           opt(u.Cause),
		"timestamp":       u.Timestamp.UTC().Format("2006-01-02T15:04:05.000Z"),
		"id":              u.ID,
		"previousEventId": u.PreviousID,
	}
}

// Observe returns st wrapped so that every history event recorded for a
// Standard execution is passed to publish as an Update, in the order the
// engine records them (an execution's events are recorded one at a time, so
// each execution's updates arrive in history order). publish runs inside
// the store call and must not block. The wrapper keeps st's optional
// store.TaskStore.
func Observe(st store.Store, publish func(*Update)) store.Store {
	o := &observed{Store: st, publish: publish, execs: map[string]execInfo{}}
	if ts, ok := st.(store.TaskStore); ok {
		return &observedTasks{observed: o, TaskStore: ts}
	}
	return o
}

type execInfo struct{ machine, name string }

type observed struct {
	store.Store
	publish func(*Update)
	mu      sync.Mutex
	execs   map[string]execInfo // running executions seen starting
}

type observedTasks struct {
	*observed
	store.TaskStore
}

// Close resolves the ambiguity of the two embedded interfaces in favour of
// the store.
func (o *observedTasks) Close() error { return o.observed.Close() }

func (o *observed) CreateExecution(ctx context.Context, e *store.Execution, events []store.Event) (*store.Execution, bool, error) {
	existing, created, err := o.Store.CreateExecution(ctx, e, events)
	if err != nil || !created {
		return existing, created, err
	}
	info := execInfo{machine: e.StateMachineARN, name: e.Name}
	o.mu.Lock()
	o.execs[e.ARN] = info
	o.mu.Unlock()
	o.emit(e.ARN, info, store.StatusRunning, events)
	return existing, created, nil
}

func (o *observed) AppendEvents(ctx context.Context, arn string, events []store.Event) error {
	if err := o.Store.AppendEvents(ctx, arn, events); err != nil {
		return err
	}
	o.mu.Lock()
	info, ok := o.execs[arn]
	o.mu.Unlock()
	if !ok {
		ex, err := o.Store.GetExecution(ctx, arn)
		if err != nil {
			return nil
		}
		info = execInfo{machine: ex.StateMachineARN, name: ex.Name}
	}
	o.emit(arn, info, store.StatusRunning, events)
	return nil
}

func (o *observed) FinishExecution(ctx context.Context, e *store.Execution, events []store.Event) error {
	if err := o.Store.FinishExecution(ctx, e, events); err != nil {
		return err
	}
	o.mu.Lock()
	delete(o.execs, e.ARN)
	o.mu.Unlock()
	o.emit(e.ARN, execInfo{machine: e.StateMachineARN, name: e.Name}, e.Status, events)
	return nil
}

func (o *observed) emit(arn string, info execInfo, status string, events []store.Event) {
	for _, ev := range events {
		u := &Update{ExecutionArn: arn, StateMachineArn: info.machine, Name: info.name, Status: status,
			Type: ev.Type, Timestamp: ev.Timestamp, ID: ev.ID, PreviousID: ev.PreviousID}
		// Details is the object AWS puts under the event's details key
		// (stateEnteredEventDetails, taskFailedEventDetails, ...).
		d := ev.Details
		u.StateName, _ = d["name"].(string)
		u.Input, _ = d["input"].(string)
		u.Output, _ = d["output"].(string)
		u.Error, _ = d["error"].(string)
		u.Cause, _ = d["cause"].(string)
		o.publish(u)
	}
}
