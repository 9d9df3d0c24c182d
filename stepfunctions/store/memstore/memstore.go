// Package memstore is the in-memory store.Store: state machines, executions
// and histories in maps, lost when the process exits. Express executions and
// tests use it; durable stores follow the same contract.
package memstore

import (
	"context"
	"maps"
	"sort"
	"sync"

	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// Store is an in-memory store.Store. The zero value is not usable; call New.
type Store struct {
	mu       sync.RWMutex
	machines map[string]*store.StateMachine
	execs    map[string]*execution
	byMach   map[string][]*execution // in creation order
	tasks    *taskState              // activities and waiting tasks (tasks.go)
}

type execution struct {
	e      store.Execution
	events []store.Event
}

// New returns an empty Store.
func New() *Store {
	return &Store{machines: map[string]*store.StateMachine{}, execs: map[string]*execution{}, byMach: map[string][]*execution{}}
}

var _ store.Store = (*Store)(nil)

func copyMachine(sm *store.StateMachine) *store.StateMachine {
	c := *sm
	c.Tags = maps.Clone(sm.Tags)
	c.Extra = maps.Clone(sm.Extra)
	return &c
}

// CreateStateMachine implements store.Store.
func (s *Store) CreateStateMachine(_ context.Context, sm *store.StateMachine) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.machines[sm.ARN]; ok {
		return store.ErrExists
	}
	s.machines[sm.ARN] = copyMachine(sm)
	return nil
}

// UpdateStateMachine implements store.Store.
func (s *Store) UpdateStateMachine(_ context.Context, sm *store.StateMachine) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.machines[sm.ARN]; !ok {
		return store.ErrNotFound
	}
	s.machines[sm.ARN] = copyMachine(sm)
	return nil
}

// GetStateMachine implements store.Store.
func (s *Store) GetStateMachine(_ context.Context, arn string) (*store.StateMachine, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sm, ok := s.machines[arn]
	if !ok {
		return nil, store.ErrNotFound
	}
	return copyMachine(sm), nil
}

// DeleteStateMachine implements store.Store.
func (s *Store) DeleteStateMachine(_ context.Context, arn string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.machines, arn)
	return nil
}

// ListStateMachines implements store.Store.
func (s *Store) ListStateMachines(_ context.Context) ([]*store.StateMachine, error) {
	s.mu.RLock()
	out := make([]*store.StateMachine, 0, len(s.machines))
	for _, sm := range s.machines {
		out = append(out, copyMachine(sm))
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// CreateExecution implements store.Store.
func (s *Store) CreateExecution(_ context.Context, e *store.Execution, events []store.Event) (*store.Execution, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x, ok := s.execs[e.ARN]; ok {
		c := x.e
		return &c, false, nil
	}
	x := &execution{e: *e, events: append([]store.Event(nil), events...)}
	s.execs[e.ARN] = x
	s.byMach[e.StateMachineARN] = append(s.byMach[e.StateMachineARN], x)
	return nil, true, nil
}

// AppendEvents implements store.Store.
func (s *Store) AppendEvents(_ context.Context, arn string, events []store.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.execs[arn]
	if !ok {
		return store.ErrNotFound
	}
	x.events = append(x.events, events...)
	return nil
}

// FinishExecution implements store.Store.
func (s *Store) FinishExecution(_ context.Context, e *store.Execution, events []store.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.execs[e.ARN]
	if !ok {
		return store.ErrNotFound
	}
	x.e = *e
	x.events = append(x.events, events...)
	return nil
}

// GetExecution implements store.Store.
func (s *Store) GetExecution(_ context.Context, arn string) (*store.Execution, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	x, ok := s.execs[arn]
	if !ok {
		return nil, store.ErrNotFound
	}
	c := x.e
	return &c, nil
}

// ListExecutions implements store.Store.
func (s *Store) ListExecutions(_ context.Context, machineARN, status, mapRunARN string) ([]*store.Execution, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	list := s.byMach[machineARN]
	out := make([]*store.Execution, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		x := list[i]
		if status != "" && x.e.Status != status {
			continue
		}
		if x.e.MapRunARN != mapRunARN {
			continue
		}
		c := x.e
		out = append(out, &c)
	}
	return out, nil
}

// History implements store.Store.
func (s *Store) History(_ context.Context, arn string) ([]store.Event, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	x, ok := s.execs[arn]
	if !ok {
		return nil, store.ErrNotFound
	}
	return append([]store.Event(nil), x.events...), nil
}

// Close implements store.Store.
func (s *Store) Close() error { return nil }
