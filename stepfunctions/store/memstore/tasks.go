package memstore

import (
	"context"
	"maps"
	"sort"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

var _ store.TaskStore = (*Store)(nil)

// taskState is the part of Store that holds activities and tasks.
type taskState struct {
	activities map[string]*store.Activity
	tasks      map[string]*store.TaskRecord
	// queue holds the tokens of SCHEDULED activity tasks per activity, oldest first.
	queue map[string][]string
	seq   int64
	order map[string]int64 // token → insertion order
}

func (s *Store) ts() *taskState {
	if s.tasks == nil {
		s.tasks = &taskState{activities: map[string]*store.Activity{}, tasks: map[string]*store.TaskRecord{}, queue: map[string][]string{}, order: map[string]int64{}}
	}
	return s.tasks
}

func copyTask(t *store.TaskRecord) *store.TaskRecord { c := *t; return &c }

// CreateActivity implements store.TaskStore.
func (s *Store) CreateActivity(_ context.Context, a *store.Activity) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.ts()
	if _, ok := ts.activities[a.ARN]; ok {
		return store.ErrExists
	}
	c := *a
	c.Tags = maps.Clone(a.Tags)
	ts.activities[a.ARN] = &c
	return nil
}

// GetActivity implements store.TaskStore.
func (s *Store) GetActivity(_ context.Context, arn string) (*store.Activity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.ts().activities[arn]
	if !ok {
		return nil, store.ErrNotFound
	}
	c := *a
	c.Tags = maps.Clone(a.Tags)
	return &c, nil
}

// ListActivities implements store.TaskStore.
func (s *Store) ListActivities(_ context.Context) ([]*store.Activity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*store.Activity, 0, len(s.ts().activities))
	for _, a := range s.ts().activities {
		c := *a
		c.Tags = maps.Clone(a.Tags)
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// DeleteActivity implements store.TaskStore.
func (s *Store) DeleteActivity(_ context.Context, arn string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.ts().activities, arn)
	return nil
}

// PutTask implements store.TaskStore.
func (s *Store) PutTask(_ context.Context, t *store.TaskRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.ts()
	if _, ok := ts.tasks[t.Token]; ok {
		return store.ErrExists
	}
	ts.tasks[t.Token] = copyTask(t)
	ts.seq++
	ts.order[t.Token] = ts.seq
	if t.ActivityARN != "" && t.Status == store.TaskScheduled {
		ts.queue[t.ActivityARN] = append(ts.queue[t.ActivityARN], t.Token)
	}
	return nil
}

// GetTask implements store.TaskStore.
func (s *Store) GetTask(_ context.Context, token string) (*store.TaskRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.ts().tasks[token]
	if !ok {
		return nil, store.ErrNotFound
	}
	return copyTask(t), nil
}

// ClaimTask implements store.TaskStore.
func (s *Store) ClaimTask(_ context.Context, activityARN, worker string, now time.Time) (*store.TaskRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.ts()
	q := ts.queue[activityARN]
	for len(q) > 0 {
		tok := q[0]
		q = q[1:]
		t := ts.tasks[tok]
		if t == nil || t.Status != store.TaskScheduled {
			continue // closed (timed out) while queued
		}
		t.Status, t.Worker, t.Heartbeat = store.TaskStarted, worker, now
		ts.queue[activityARN] = q
		return copyTask(t), nil
	}
	delete(ts.queue, activityARN)
	return nil, store.ErrNotFound
}

// HeartbeatTask implements store.TaskStore.
func (s *Store) HeartbeatTask(_ context.Context, token string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.ts().tasks[token]
	switch {
	case !ok:
		return store.ErrNotFound
	case !t.Open():
		return store.ErrTaskClosed
	}
	t.Heartbeat = now
	return nil
}

// CloseTask implements store.TaskStore.
func (s *Store) CloseTask(_ context.Context, token string, end store.TaskEnd) (*store.TaskRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.ts().tasks[token]
	if !ok {
		return nil, store.ErrNotFound
	}
	was := copyTask(t)
	if !t.Open() {
		return was, store.ErrTaskClosed
	}
	t.Status, t.Output, t.Error, t.Cause = end.Status, end.Output, end.Error, end.Cause
	return was, nil
}

// OpenTasks implements store.TaskStore.
func (s *Store) OpenTasks(_ context.Context, executionARN string) ([]*store.TaskRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.ts()
	var out []*store.TaskRecord
	for _, t := range ts.tasks {
		if t.Open() && (executionARN == "" || t.ExecutionARN == executionARN) {
			out = append(out, copyTask(t))
		}
	}
	sort.Slice(out, func(i, j int) bool { return ts.order[out[i].Token] < ts.order[out[j].Token] })
	return out, nil
}
