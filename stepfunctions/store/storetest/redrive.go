package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// runVersionsRedrive checks the fields versions, aliases and
// RedriveExecution keep: StateMachine.Extra["versioning"] (a JSON string),
// an execution's version and alias ARNs, and reopening a closed execution
// with FinishExecution (status RUNNING, RedriveCount, RedriveDate).
func runVersionsRedrive(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	t0 := time.Unix(1700000000, 0).UTC()
	t.Run("versions and redrive", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		sm := &store.StateMachine{ARN: "arn:sm:v", Name: "v", Type: store.TypeStandard, Definition: "{}", Created: t0,
			Extra: map[string]any{"versioning": `{"next":2}`}}
		if err := s.CreateStateMachine(ctx, sm); err != nil {
			t.Fatal(err)
		}
		sm.Extra = map[string]any{"versioning": `{"next":3}`}
		if err := s.UpdateStateMachine(ctx, sm); err != nil {
			t.Fatal(err)
		}
		if got, err := s.GetStateMachine(ctx, "arn:sm:v"); err != nil || got.Extra["versioning"] != `{"next":3}` {
			t.Errorf("versioning in Extra: %v %+v", err, got)
		}

		e := &store.Execution{ARN: "arn:ex:v", Name: "v", StateMachineARN: "arn:sm:v", Status: store.StatusRunning, Input: "{}", Started: t0,
			StateMachineVersionARN: "arn:sm:v:1", StateMachineAliasARN: "arn:sm:v:prod"}
		if _, _, err := s.CreateExecution(ctx, e, []store.Event{{ID: 1, Timestamp: t0, Type: "ExecutionStarted"}}); err != nil {
			t.Fatal(err)
		}
		failed := *e
		stop := t0.Add(time.Second)
		msg := "boom"
		failed.Status, failed.Stopped, failed.Error = store.StatusFailed, &stop, &msg
		if err := s.FinishExecution(ctx, &failed, []store.Event{{ID: 2, PreviousID: 1, Timestamp: stop, Type: "ExecutionFailed"}}); err != nil {
			t.Fatal(err)
		}
		reopened := failed
		when := t0.Add(time.Minute)
		reopened.Status, reopened.Stopped, reopened.Error, reopened.RedriveCount, reopened.RedriveDate = store.StatusRunning, nil, nil, 1, &when
		if err := s.FinishExecution(ctx, &reopened, []store.Event{{ID: 3, PreviousID: 2, Timestamp: when, Type: "ExecutionRedriven", Details: map[string]any{"redriveCount": 1}}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetExecution(ctx, "arn:ex:v")
		if err != nil || got.Closed() || got.Stopped != nil || got.Error != nil || got.RedriveCount != 1 || got.RedriveDate == nil || !got.RedriveDate.Equal(when) ||
			got.StateMachineVersionARN != "arn:sm:v:1" || got.StateMachineAliasARN != "arn:sm:v:prod" {
			t.Errorf("reopened execution: %v %+v", err, got)
		}
		if h, err := s.History(ctx, "arn:ex:v"); err != nil || len(h) != 3 || h[2].Type != "ExecutionRedriven" {
			t.Errorf("history after redrive: %v %+v", err, h)
		}
	})
}
