package engine

import (
	"context"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

func TestDetailsKey(t *testing.T) {
	for typ, want := range map[string]string{
		"ExecutionStarted":      "executionStartedEventDetails",
		"TaskStateEntered":      "stateEnteredEventDetails",
		"MapStateExited":        "stateExitedEventDetails",
		"LambdaFunctionFailed":  "lambdaFunctionFailedEventDetails",
		"LambdaFunctionStarted": "",
		"MapIterationStarted":   "mapIterationStartedEventDetails",
		"MapStateStarted":       "mapStateStartedEventDetails",
		"MapStateSucceeded":     "",
		"ParallelStateStarted":  "",
		"TaskScheduled":         "taskScheduledEventDetails",
		"MapRunStarted":         "mapRunStartedEventDetails",
	} {
		if got := DetailsKey(typ); got != want {
			t.Errorf("DetailsKey(%s) = %q, want %q", typ, got, want)
		}
	}
}

// BenchmarkHistoryAppend is the cost of recording one state-exit event
// (payload encoding, id assignment, the store append) in the memstore.
func BenchmarkHistoryAppend(b *testing.B) {
	st := memstore.New()
	now := time.Unix(1700000000, 0)
	ex := &store.Execution{ARN: "arn", StateMachineARN: "sm", Status: store.StatusRunning}
	if _, _, err := st.CreateExecution(context.Background(), ex, nil); err != nil {
		b.Fatal(err)
	}
	rec := &recorder{arn: "arn", st: st, now: func() time.Time { return now }}
	output := map[string]any{"job": map[string]any{"N": int64(6), "name": "golden"}, "items": []any{int64(1), int64(2), "three"}}
	b.ReportAllocs()
	b.ResetTimer()
	var prev int64
	for i := 0; i < b.N; i++ {
		prev = rec.add(prev, "PassStateExited", map[string]any{"name": "S", "output": jsonString(output), "outputDetails": map[string]any{"truncated": false}})
	}
}
