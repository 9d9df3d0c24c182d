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

// RunTaskStore checks open's stores against the store.TaskStore contract:
// activities, task records, exactly-once claims and single-use closing.
func RunTaskStore(t *testing.T, open func(t *testing.T) store.TaskStore) {
	ctx := context.Background()
	t0 := time.Unix(1700000000, 0).UTC()

	t.Run("activities", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		b := &store.Activity{ARN: "arn:act:b", Name: "b", Created: t0.Add(time.Second), Tags: map[string]string{"k": "v"}}
		a := &store.Activity{ARN: "arn:act:a", Name: "a", Created: t0.Add(time.Second)}
		for _, x := range []*store.Activity{b, a} {
			if err := s.CreateActivity(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateActivity(ctx, a); !errors.Is(err, store.ErrExists) {
			t.Errorf("duplicate: %v, want ErrExists", err)
		}
		got, err := s.GetActivity(ctx, "arn:act:b")
		if err != nil || got.Name != "b" || got.Tags["k"] != "v" || !got.Created.Equal(b.Created) {
			t.Fatalf("get: %v %+v", err, got)
		}
		list, err := s.ListActivities(ctx)
		if err != nil || len(list) != 2 || list[0].Name != "a" || list[1].Name != "b" {
			t.Fatalf("list: %v %+v", err, list)
		}
		if err := s.DeleteActivity(ctx, "arn:act:a"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteActivity(ctx, "arn:act:a"); err != nil {
			t.Errorf("delete missing: %v", err)
		}
		if _, err := s.GetActivity(ctx, "arn:act:a"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("get deleted: %v, want ErrNotFound", err)
		}
	})

	t.Run("tasks", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mk := func(tok, act string) *store.TaskRecord {
			return &store.TaskRecord{Token: tok, ExecutionARN: "arn:ex:1", StateName: "S", ActivityARN: act, Input: `{"n":1}`,
				Status: store.TaskScheduled, Scheduled: t0, TimeoutSeconds: 10, HeartbeatSeconds: 5}
		}
		for _, r := range []*store.TaskRecord{mk("t1", "arn:act:a"), mk("t2", "arn:act:a"), mk("cb", "")} {
			if err := s.PutTask(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.PutTask(ctx, mk("t1", "arn:act:a")); !errors.Is(err, store.ErrExists) {
			t.Errorf("duplicate token: %v, want ErrExists", err)
		}
		if _, err := s.ClaimTask(ctx, "arn:act:other", "w", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("claim on empty activity: %v, want ErrNotFound", err)
		}
		c, err := s.ClaimTask(ctx, "arn:act:a", "w1", t0.Add(time.Second))
		if err != nil || c.Token != "t1" || c.Status != store.TaskStarted || c.Worker != "w1" || c.Input != `{"n":1}` {
			t.Fatalf("claim oldest: %v %+v", err, c)
		}
		// A closed task is skipped by claims.
		if _, err := s.CloseTask(ctx, "t2", store.TaskEnd{Status: store.TaskTimedOut}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimTask(ctx, "arn:act:a", "w2", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("claim after close: %v, want ErrNotFound", err)
		}
		if err := s.HeartbeatTask(ctx, "t1", t0.Add(2*time.Second)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetTask(ctx, "t1"); !got.Heartbeat.Equal(t0.Add(2 * time.Second)) {
			t.Errorf("heartbeat not kept: %+v", got)
		}
		open, err := s.OpenTasks(ctx, "arn:ex:1")
		if err != nil || len(open) != 2 || open[0].Token != "t1" || open[1].Token != "cb" {
			t.Fatalf("open tasks: %v %+v", err, open)
		}
		if _, err := s.CloseTask(ctx, "t1", store.TaskEnd{Status: store.TaskSucceeded, Output: `{"ok":1}`}); err != nil {
			t.Fatal(err)
		}
		// The result is kept with the closed task, for resuming.
		if got, _ := s.GetTask(ctx, "t1"); got.Status != store.TaskSucceeded || got.Output != `{"ok":1}` {
			t.Errorf("closed task: %+v, want SUCCEEDED with its output", got)
		}
		was, err := s.CloseTask(ctx, "t1", store.TaskEnd{Status: store.TaskFailed, Error: "E"})
		if !errors.Is(err, store.ErrTaskClosed) || was == nil || was.Status != store.TaskSucceeded {
			t.Errorf("second close: %v %+v, want ErrTaskClosed with status SUCCEEDED", err, was)
		}
		if err := s.HeartbeatTask(ctx, "t1", t0); !errors.Is(err, store.ErrTaskClosed) {
			t.Errorf("heartbeat closed: %v, want ErrTaskClosed", err)
		}
		if _, err := s.CloseTask(ctx, "nope", store.TaskEnd{Status: store.TaskSucceeded}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("close unknown: %v, want ErrNotFound", err)
		}
		if err := s.HeartbeatTask(ctx, "nope", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("heartbeat unknown: %v, want ErrNotFound", err)
		}
	})

	t.Run("claims-exactly-once", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		const n = 200
		for i := 0; i < n; i++ {
			if err := s.PutTask(ctx, &store.TaskRecord{Token: fmt.Sprint("t", i), ActivityARN: "arn:act:q", Status: store.TaskScheduled, Scheduled: t0}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[string]int{}
		var wg sync.WaitGroup
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					c, err := s.ClaimTask(ctx, "arn:act:q", "w", t0)
					if errors.Is(err, store.ErrNotFound) {
						return
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					seen[c.Token]++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != n {
			t.Errorf("claimed %d distinct tasks, want %d", len(seen), n)
		}
		for tok, k := range seen {
			if k != 1 {
				t.Errorf("task %s claimed %d times", tok, k)
			}
		}
	})
}
