package engine_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// bundle is an engine with a recording Sleep and a test task resolver.
type bundle struct {
	eng    *engine.Engine
	mu     sync.Mutex
	sleeps []time.Duration
	// task resource "test:..." behaviour
	running, maxRunning int
	calls               int
	gate, started       chan struct{}
}

func setup(t *testing.T, scale float64) *bundle {
	t.Helper()
	b := &bundle{}
	tasks := engine.NewTasks()
	err := tasks.Add("test", func(resource string) (engine.Resolved, bool) {
		switch resource {
		case "test:fail":
			return engine.Resolved{ResourceType: "test", ResourceName: "fail", Run: func(ctx context.Context, tk *engine.Task) (any, error) {
				b.mu.Lock()
				b.calls++
				b.mu.Unlock()
				return nil, &asl.Error{Name: "Boom", Cause: "always"}
			}}, true
		case "test:concurrent":
			return engine.Resolved{ResourceType: "test", ResourceName: "concurrent", Run: func(ctx context.Context, tk *engine.Task) (any, error) {
				b.mu.Lock()
				b.running++
				b.maxRunning = max(b.maxRunning, b.running)
				b.mu.Unlock()
				b.started <- struct{}{}
				select {
				case <-b.gate:
				case <-ctx.Done():
				}
				b.mu.Lock()
				b.running--
				b.mu.Unlock()
				return tk.Input, nil
			}}, true
		}
		return engine.Resolved{}, false
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tasks.Add("test", nil); err == nil {
		t.Error("duplicate resolver name accepted")
	}
	b.eng = engine.New(engine.Params{Store: memstore.New(), Tasks: tasks, WaitTimeScale: scale, Sleep: func(ctx context.Context, d time.Duration) error {
		b.mu.Lock()
		b.sleeps = append(b.sleeps, d)
		b.mu.Unlock()
		return ctx.Err()
	}})
	t.Cleanup(func() { b.eng.Close() })
	return b
}

func (b *bundle) run(t *testing.T, def, input string) *engine.StartSyncExecutionOutput {
	t.Helper()
	name := fmt.Sprintf("m%p", t)
	sm, err := b.eng.CreateStateMachine(context.Background(), &engine.CreateStateMachineInput{Name: name, Definition: def, Type: "EXPRESS"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := b.eng.StartSyncExecution(context.Background(), &engine.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Input: &input})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWaitTimeScale checks that Wait states and retry intervals go through
// Sleep scaled by WaitTimeScale, with backoff, MaxDelaySeconds and the
// first matching retrier.
func TestWaitTimeScale(t *testing.T) {
	t.Parallel()
	b := setup(t, 0.5)
	out := b.run(t, `{"StartAt":"W","States":{
		"W":{"Type":"Wait","Seconds":100,"Next":"T"},
		"T":{"Type":"Task","Resource":"test:fail","Retry":[{"ErrorEquals":["Other"],"MaxAttempts":9},{"ErrorEquals":["Boom"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":4,"MaxDelaySeconds":30}],"End":true}}}`, `{}`)
	if out.Status != "FAILED" || *out.Error != "Boom" {
		t.Errorf("status %s %v", out.Status, out.Error)
	}
	want := []time.Duration{50 * time.Second, 1 * time.Second, 3 * time.Second, 9 * time.Second, 15 * time.Second}
	if fmt.Sprint(b.sleeps) != fmt.Sprint(want) {
		t.Errorf("sleeps %v, want %v", b.sleeps, want)
	}
	if b.calls != 5 {
		t.Errorf("%d calls, want 1 + MaxAttempts = 5", b.calls)
	}
}

// TestZeroScaleNeverSleeps: WAIT_TIME_SCALE=0 skips waiting entirely.
func TestZeroScaleNeverSleeps(t *testing.T) {
	t.Parallel()
	b := setup(t, 0)
	b.run(t, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"Next":"T"},"T":{"Type":"Task","Resource":"test:fail","Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}}}`, `{}`)
	if len(b.sleeps) != 0 {
		t.Errorf("slept %v", b.sleeps)
	}
}

// TestMapMaxConcurrency checks that at most MaxConcurrency iterations run at once.
func TestMapMaxConcurrency(t *testing.T) {
	t.Parallel()
	b := setup(t, 0)
	b.gate, b.started = make(chan struct{}), make(chan struct{})
	done := make(chan *engine.StartSyncExecutionOutput)
	go func() {
		done <- b.run(t, `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":3,"End":true,
			"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"test:concurrent","End":true}}}}}}`, `[1,2,3,4,5,6,7,8]`)
	}()
	for i := 0; i < 3; i++ {
		<-b.started // three iterations run at once
	}
	for i := 0; i < 8; i++ {
		b.gate <- struct{}{} // one finishes, and the next may start
		if i+3 < 8 {
			<-b.started
		}
	}
	out := <-done
	if *out.Output != `[1,2,3,4,5,6,7,8]` {
		t.Errorf("output %s", *out.Output)
	}
	if b.maxRunning != 3 {
		t.Errorf("max concurrent iterations %d, want 3", b.maxRunning)
	}
}
