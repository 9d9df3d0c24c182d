// Package batch gathers the calls one field makes across the items of a list
// so that a data source can serve them together, as AppSync's Lambda
// BatchInvoke does (one invocation per up to maxBatchSize items).
//
// The executor knows, before it resolves a list's items, how many of them
// will resolve a given field; it creates a Group with that count and hands
// each resolution a Slot. A resolution either joins with its payload (and
// waits for the batch) or is released without joining (its request template
// returned early, or it failed first). When every expected slot has joined or
// been released, the last one to arrive runs the batch. Nothing waits on a
// timer: a batch runs exactly when its last member is known.
package batch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Group is one field's batch across the items of one list.
type Group struct {
	expected int

	mu      sync.Mutex
	arrived int
	calls   []*call
	run     Func
}

// Func runs a batch: one result per payload, in order.
type Func func(payloads []any) ([]any, error)

type call struct {
	index   int
	payload any
	done    chan struct{}
	result  any
	err     error
}

// NewGroup returns a group expecting n members.
func NewGroup(n int) *Group { return &Group{expected: n} }

// Slot is one member's place in a group. A nil *Slot is valid: Join then
// runs a batch of one at once.
type Slot struct {
	g     *Group
	index int
	used  bool
}

// Slot returns the member slot for the item at index.
func (g *Group) Slot(index int) *Slot { return &Slot{g: g, index: index} }

// Join adds payload to the batch and waits until the batch has run, then
// returns this member's result. run is the batch function; the group uses the
// first one it is given. Join may be called once per slot.
func (s *Slot) Join(payload any, run Func) (any, error) {
	if s == nil {
		out, err := run([]any{payload})
		if err != nil {
			return nil, err
		}
		if len(out) != 1 {
			return nil, fmt.Errorf("batch of 1 returned %d results", len(out))
		}
		return out[0], nil
	}
	if s.used {
		return nil, errors.New("batch: Join called twice on one slot")
	}
	s.used = true
	c := &call{index: s.index, payload: payload, done: make(chan struct{})}
	g := s.g
	g.mu.Lock()
	if g.run == nil {
		g.run = run
	}
	g.calls = append(g.calls, c)
	g.arrived++
	last := g.arrived == g.expected
	g.mu.Unlock()
	if last {
		g.flush()
	}
	<-c.done
	return c.result, c.err
}

// Release marks the slot's member as not joining, unless it already joined.
// The executor calls it after every resolution.
func (s *Slot) Release() {
	if s == nil || s.used {
		return
	}
	s.used = true
	g := s.g
	g.mu.Lock()
	g.arrived++
	last := g.arrived == g.expected && len(g.calls) > 0
	g.mu.Unlock()
	if last {
		g.flush()
	}
}

// flush runs the batch once every member has arrived.
func (g *Group) flush() {
	g.mu.Lock()
	calls, run := g.calls, g.run
	g.mu.Unlock()
	slices.SortFunc(calls, func(a, b *call) int { return cmp.Compare(a.index, b.index) })
	payloads := make([]any, len(calls))
	for i, c := range calls {
		payloads[i] = c.payload
	}
	results, err := run(payloads)
	if err == nil && len(results) != len(calls) {
		err = fmt.Errorf("batch of %d payloads returned %d results", len(calls), len(results))
	}
	for i, c := range calls {
		if err != nil {
			c.err = err
		} else {
			c.result = results[i]
		}
		close(c.done)
	}
}

type ctxKey struct{}

type ctxValue struct {
	slot    *Slot
	maxSize int
}

// With returns ctx carrying the slot a data source call joins and the
// resolver's maxBatchSize (0: no limit beyond the batch).
func With(ctx context.Context, s *Slot, maxSize int) context.Context {
	return context.WithValue(ctx, ctxKey{}, ctxValue{s, maxSize})
}

// From returns the slot and maxBatchSize attached by With; a nil slot when none.
func From(ctx context.Context) (*Slot, int) {
	v, _ := ctx.Value(ctxKey{}).(ctxValue)
	return v.slot, v.maxSize
}
