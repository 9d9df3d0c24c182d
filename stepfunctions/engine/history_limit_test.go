package engine_test

import (
	"context"
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// TestHistoryLimit: a Standard execution that loops forever fails when its
// history reaches 25,000 events, as AWS reports it: event 25,000 is
// ExecutionFailed with States.Runtime, after the 24,999th real event.
func TestHistoryLimit(t *testing.T) {
	t.Parallel()
	eng := engine.New(engine.Params{Store: memstore.New()})
	t.Cleanup(func() { eng.Close() })
	ctx := context.Background()
	sm, err := eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "loop", Definition: `{"StartAt":"L","States":{"L":{"Type":"Pass","Next":"L"}}}`})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := eng.StartExecution(ctx, &engine.StartExecutionInput{StateMachineArn: sm.StateMachineArn})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Wait(ctx, ex.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	d, err := eng.DescribeExecution(ctx, ex.ExecutionArn)
	if err != nil || d.Status != "FAILED" || d.Error == nil || *d.Error != "States.Runtime" || *d.Cause != "The execution reached the maximum number of history events (25000)." {
		t.Fatalf("%v %+v", err, d)
	}
	h, err := eng.GetExecutionHistory(ctx, ex.ExecutionArn, true)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if len(h) != 25000 || last.ID != 25000 || last.PreviousEventID != 24999 || last.Type != "ExecutionFailed" || h[len(h)-2].Type != "PassStateExited" {
		t.Errorf("%d events, last %+v, before it %s", len(h), last, h[len(h)-2].Type)
	}
}
