package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// Both is a store that keeps executions and tasks, as the durable stores do.
type Both interface {
	store.Store
	store.TaskStore
}

// RunReopen checks that what a durable store acknowledged is there after
// Close and reopen: machines, executions (status, output, history in
// order), activities and task records. setup is called once per subtest and
// returns the function that (re)opens the same database; the suite closes
// each store before reopening.
func RunReopen(t *testing.T, setup func(t *testing.T) func() Both) {
	ctx := context.Background()
	t0 := time.Unix(1700000000, 123456789).UTC()
	reopen := setup(t)
	s := reopen()
	sm := &store.StateMachine{ARN: "arn:sm:r", Name: "r", Type: store.TypeStandard, Definition: `{"StartAt":"P"}`, Created: t0, Tags: map[string]string{"k": "v"}, Extra: map[string]any{"tracing": map[string]any{"enabled": true}}}
	must(t, s.CreateStateMachine(ctx, sm))
	for i := 0; i < 3; i++ {
		e := &store.Execution{ARN: fmt.Sprintf("arn:ex:r%d", i), Name: fmt.Sprint(i), StateMachineARN: sm.ARN, Status: store.StatusRunning, Input: `{"i":` + fmt.Sprint(i) + `}`, Started: t0, Definition: sm.Definition}
		_, _, err := s.CreateExecution(ctx, e, []store.Event{{ID: 1, Timestamp: t0, Type: "ExecutionStarted", Details: map[string]any{"input": e.Input}}})
		must(t, err)
	}
	must(t, s.AppendEvents(ctx, "arn:ex:r0", []store.Event{{ID: 2, PreviousID: 1, Timestamp: t0, Type: "PassStateEntered", Details: map[string]any{"big": int64(1) << 60}, Key: "1/PassStateEntered/A"}}))
	out, stop := `{"done":1}`, t0.Add(time.Second)
	must(t, s.FinishExecution(ctx, &store.Execution{ARN: "arn:ex:r0", Name: "0", StateMachineARN: sm.ARN, Status: store.StatusSucceeded, Input: `{"i":0}`, Output: &out, Started: t0, Stopped: &stop, Definition: sm.Definition},
		[]store.Event{{ID: 3, PreviousID: 2, Timestamp: stop, Type: "ExecutionSucceeded"}}))
	must(t, s.CreateActivity(ctx, &store.Activity{ARN: "arn:act:r", Name: "r", Created: t0}))
	must(t, s.PutTask(ctx, &store.TaskRecord{Token: "tok1", ExecutionARN: "arn:ex:r1", StateName: "A", ActivityARN: "arn:act:r", Input: "{}", Status: store.TaskScheduled, Scheduled: t0, HeartbeatSeconds: 5}))
	must(t, s.PutTask(ctx, &store.TaskRecord{Token: "tok2", ExecutionARN: "arn:ex:r2", StateName: "B", Status: store.TaskScheduled, Scheduled: t0}))
	if _, err := s.ClaimTask(ctx, "arn:act:r", "w1", t0.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	must(t, s.Close())

	s = reopen()
	got, err := s.GetStateMachine(ctx, sm.ARN)
	if err != nil || got.Definition != sm.Definition || got.Tags["k"] != "v" || !got.Created.Equal(t0) || got.Extra["tracing"] == nil {
		t.Errorf("machine after reopen: %v %+v", err, got)
	}
	e, err := s.GetExecution(ctx, "arn:ex:r0")
	if err != nil || e.Status != store.StatusSucceeded || e.Output == nil || *e.Output != out || e.Stopped == nil || !e.Stopped.Equal(stop) {
		t.Errorf("execution after reopen: %v %+v", err, e)
	}
	h, err := s.History(ctx, "arn:ex:r0")
	if err != nil || len(h) != 3 || h[0].Type != "ExecutionStarted" || h[2].Type != "ExecutionSucceeded" || h[1].ID != 2 || !h[2].Timestamp.Equal(stop) {
		t.Errorf("history after reopen: %v %+v", err, h)
	} else if h[1].Key != "1/PassStateEntered/A" {
		t.Errorf("event key lost: %+v", h[1])
	} else if fmt.Sprint(h[1].Details["big"]) != fmt.Sprint(int64(1)<<60) {
		t.Errorf("integer detail lost precision: %v", h[1].Details["big"])
	}
	running, _ := s.ListExecutions(ctx, sm.ARN, store.StatusRunning, "")
	if len(running) != 2 || running[0].Name != "2" {
		t.Errorf("running after reopen: %+v", running)
	}
	if a, err := s.GetActivity(ctx, "arn:act:r"); err != nil || a.Name != "r" {
		t.Errorf("activity after reopen: %v %+v", err, a)
	}
	open, err := s.OpenTasks(ctx, "")
	if err != nil || len(open) != 2 || open[0].Token != "tok1" || open[0].Status != store.TaskStarted || open[0].Worker != "w1" || open[1].Token != "tok2" {
		t.Errorf("open tasks after reopen: %v %+v", err, open)
	}
	// Appending after reopen continues the history without gaps.
	must(t, s.AppendEvents(ctx, "arn:ex:r1", []store.Event{{ID: 2, Type: "X"}}))
	if h, _ := s.History(ctx, "arn:ex:r1"); len(h) != 2 || h[1].Type != "X" {
		t.Errorf("append after reopen: %+v", h)
	}
	must(t, s.Close())
}

// RunShared checks two stores on one database (two processes sharing a
// Postgres): every scheduled task is claimed exactly once across both, and
// concurrent appends from both keep every event.
func RunShared(t *testing.T, a, b Both) {
	ctx := context.Background()
	t0 := time.Unix(1700000000, 0).UTC()
	const n = 40
	for i := 0; i < n; i++ {
		must(t, a.PutTask(ctx, &store.TaskRecord{Token: fmt.Sprint("t", i), ActivityARN: "arn:act:s", Status: store.TaskScheduled, Scheduled: t0}))
	}
	_, _, err := a.CreateExecution(ctx, &store.Execution{ARN: "arn:ex:s", StateMachineARN: "arn:sm:s", Status: store.StatusRunning}, nil)
	must(t, err)
	var mu sync.Mutex
	claimed := map[string]string{}
	var wg sync.WaitGroup
	for g, s := range []Both{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				tk, err := s.ClaimTask(ctx, "arn:act:s", fmt.Sprint("w", g), t0)
				if errors.Is(err, store.ErrNotFound) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				s.AppendEvents(ctx, "arn:ex:s", []store.Event{{Type: tk.Token}}) //nolint:errcheck
				mu.Lock()
				if w, dup := claimed[tk.Token]; dup {
					t.Errorf("task %s claimed by %s and w%d", tk.Token, w, g)
				}
				claimed[tk.Token] = fmt.Sprint("w", g)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != n {
		t.Errorf("claimed %d tasks, want %d", len(claimed), n)
	}
	h, err := b.History(ctx, "arn:ex:s")
	if err != nil || len(h) != n {
		t.Errorf("history: %v, %d events, want %d", err, len(h), n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
