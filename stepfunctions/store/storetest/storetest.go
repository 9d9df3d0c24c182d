// Package storetest is the conformance suite every store.Store passes: run
// it from the implementation's tests with a function that opens an empty
// store. The durable stores of the next issue run the same suite.
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

// Run checks open's stores against the store.Store contract.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	t0 := time.Unix(1700000000, 0).UTC()
	runVersionsRedrive(t, open)

	// Writes racing in: a durable store commits them in shared
	// transactions, where the ones that fail (duplicates, appends to
	// unknown executions) must fail alone and the others still commit.
	t.Run("failures-in-a-batch", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.CreateStateMachine(ctx, &store.StateMachine{ARN: "arn:sm:dup", Name: "dup", Type: store.TypeStandard, Definition: "{}", Created: t0}))
		const n = 40
		var wg sync.WaitGroup
		errs := make([]error, 3*n)
		for i := range n {
			wg.Add(3)
			go func() {
				defer wg.Done()
				errs[3*i] = s.CreateStateMachine(ctx, &store.StateMachine{ARN: "arn:sm:dup", Name: "dup", Type: store.TypeStandard, Definition: "{}", Created: t0})
			}()
			go func() {
				defer wg.Done()
				errs[3*i+1] = s.AppendEvents(ctx, fmt.Sprint("arn:ex:missing", i), []store.Event{{ID: 2, Type: "PassStateEntered", Timestamp: t0}})
			}()
			go func() {
				defer wg.Done()
				e := &store.Execution{ARN: fmt.Sprint("arn:ex:ok", i), Name: fmt.Sprint(i), StateMachineARN: "arn:sm:dup", Status: store.StatusRunning, Input: "{}", Started: t0}
				_, _, errs[3*i+2] = s.CreateExecution(ctx, e, []store.Event{{ID: 1, Type: "ExecutionStarted", Timestamp: t0}})
			}()
		}
		wg.Wait()
		for i := range n {
			if !errors.Is(errs[3*i], store.ErrExists) || !errors.Is(errs[3*i+1], store.ErrNotFound) || errs[3*i+2] != nil {
				t.Fatalf("round %d: duplicate %v (want ErrExists), append to missing %v (want ErrNotFound), create %v (want nil)", i, errs[3*i], errs[3*i+1], errs[3*i+2])
			}
			if h, err := s.History(ctx, fmt.Sprint("arn:ex:ok", i)); err != nil || len(h) != 1 {
				t.Fatalf("execution %d: %v %+v", i, err, h)
			}
		}
		if list, err := s.ListExecutions(ctx, "arn:sm:dup", "", ""); err != nil || len(list) != n {
			t.Errorf("%d executions listed (%v), want %d", len(list), err, n)
		}
	})

	t.Run("machines", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a := &store.StateMachine{ARN: "arn:sm:a", Name: "a", Type: store.TypeStandard, Definition: "{}", Created: t0.Add(time.Second), Tags: map[string]string{"k": "v"}}
		b := &store.StateMachine{ARN: "arn:sm:b", Name: "b", Type: store.TypeExpress, Definition: "{}", Created: t0}
		for _, sm := range []*store.StateMachine{a, b} {
			if err := s.CreateStateMachine(ctx, sm); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateStateMachine(ctx, a); !errors.Is(err, store.ErrExists) {
			t.Errorf("duplicate create: %v, want ErrExists", err)
		}
		got, err := s.GetStateMachine(ctx, "arn:sm:a")
		if err != nil || got.Name != "a" || got.Tags["k"] != "v" {
			t.Fatalf("get: %v %+v", err, got)
		}
		got.Tags["k"] = "changed" // the caller's copy
		if again, _ := s.GetStateMachine(ctx, "arn:sm:a"); again.Tags["k"] != "v" {
			t.Errorf("GetStateMachine returned shared state")
		}
		list, err := s.ListStateMachines(ctx)
		if err != nil || len(list) != 2 || list[0].Name != "b" || list[1].Name != "a" {
			t.Errorf("list by creation time: %v %+v", err, list)
		}
		a2 := *a
		a2.Definition = `{"v":2}`
		if err := s.UpdateStateMachine(ctx, &a2); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetStateMachine(ctx, "arn:sm:a"); got.Definition != `{"v":2}` {
			t.Errorf("update not stored: %+v", got)
		}
		if err := s.UpdateStateMachine(ctx, &store.StateMachine{ARN: "arn:sm:none"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update missing: %v", err)
		}
		if err := s.DeleteStateMachine(ctx, "arn:sm:a"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteStateMachine(ctx, "arn:sm:a"); err != nil {
			t.Errorf("delete twice: %v", err)
		}
		if _, err := s.GetStateMachine(ctx, "arn:sm:a"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("get deleted: %v", err)
		}
	})

	t.Run("executions", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		ev := func(id int64, typ string) store.Event {
			return store.Event{ID: id, PreviousID: id - 1, Timestamp: t0, Type: typ, Details: map[string]any{"n": id}}
		}
		for i := 0; i < 3; i++ {
			e := &store.Execution{ARN: fmt.Sprintf("arn:ex:%d", i), Name: fmt.Sprint(i), StateMachineARN: "arn:sm:a", Status: store.StatusRunning, Input: "{}", Started: t0}
			existing, created, err := s.CreateExecution(ctx, e, []store.Event{ev(1, "ExecutionStarted")})
			if err != nil || !created || existing != nil {
				t.Fatalf("create: %v %v %+v", err, created, existing)
			}
		}
		existing, created, err := s.CreateExecution(ctx, &store.Execution{ARN: "arn:ex:0", Input: "other"}, nil)
		if err != nil || created || existing == nil || existing.Input != "{}" {
			t.Errorf("create existing: %v %v %+v", err, created, existing)
		}
		if err := s.AppendEvents(ctx, "arn:ex:1", []store.Event{ev(2, "PassStateEntered"), ev(3, "PassStateExited")}); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendEvents(ctx, "arn:ex:none", []store.Event{ev(2, "X")}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("append to missing: %v", err)
		}
		out := `{"ok":true}`
		stop := t0.Add(time.Minute)
		done := &store.Execution{ARN: "arn:ex:1", Name: "1", StateMachineARN: "arn:sm:a", Status: store.StatusSucceeded, Input: "{}", Output: &out, Started: t0, Stopped: &stop}
		if err := s.FinishExecution(ctx, done, []store.Event{ev(4, "ExecutionSucceeded")}); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetExecution(ctx, "arn:ex:1")
		if err != nil || got.Status != store.StatusSucceeded || *got.Output != out || !got.Stopped.Equal(stop) || !got.Closed() {
			t.Errorf("finished: %v %+v", err, got)
		}
		h, err := s.History(ctx, "arn:ex:1")
		if err != nil || len(h) != 4 || h[3].Type != "ExecutionSucceeded" || h[1].PreviousID != 1 {
			t.Errorf("history: %v %+v", err, h)
		}
		all, _ := s.ListExecutions(ctx, "arn:sm:a", "", "")
		if len(all) != 3 || all[0].Name != "2" || all[2].Name != "0" {
			t.Errorf("list newest first: %+v", all)
		}
		ok, _ := s.ListExecutions(ctx, "arn:sm:a", store.StatusSucceeded, "")
		if len(ok) != 1 || ok[0].Name != "1" {
			t.Errorf("status filter: %+v", ok)
		}
		if _, err := s.GetExecution(ctx, "arn:ex:none"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("get missing: %v", err)
		}
		if _, err := s.History(ctx, "arn:ex:none"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("history missing: %v", err)
		}
	})

	t.Run("concurrent appends keep every event", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		if _, _, err := s.CreateExecution(ctx, &store.Execution{ARN: "arn:ex:c", StateMachineARN: "arn:sm:c", Status: store.StatusRunning}, nil); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					s.AppendEvents(ctx, "arn:ex:c", []store.Event{{Type: "X"}}) //nolint:errcheck
				}
			}()
		}
		wg.Wait()
		if h, _ := s.History(ctx, "arn:ex:c"); len(h) != 200 {
			t.Errorf("got %d events, want 200", len(h))
		}
	})
}
