package batch

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestGroup(t *testing.T) {
	t.Parallel()
	g := NewGroup(4)
	var runs [][]any
	var mu sync.Mutex
	run := func(p []any) ([]any, error) {
		mu.Lock()
		runs = append(runs, p)
		mu.Unlock()
		out := make([]any, len(p))
		for i, v := range p {
			out[i] = fmt.Sprint("r", v)
		}
		return out, nil
	}
	var wg sync.WaitGroup
	results := make([]any, 4)
	for i := 3; i >= 0; i-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := g.Slot(i)
			defer s.Release()
			if i == 2 {
				return // this item returns early and never joins
			}
			r, err := s.Join(i, run)
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}()
	}
	wg.Wait()
	if len(runs) != 1 || fmt.Sprint(runs[0]) != "[0 1 3]" {
		t.Errorf("runs %v", runs)
	}
	if fmt.Sprint(results) != "[r0 r1 <nil> r3]" {
		t.Errorf("results %v", results)
	}
}

func TestGroupError(t *testing.T) {
	t.Parallel()
	g := NewGroup(2)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := g.Slot(i).Join(i, func([]any) ([]any, error) { return nil, errors.New("down") })
			if err == nil || err.Error() != "down" {
				t.Errorf("err %v", err)
			}
		}()
	}
	wg.Wait()
}

func TestAllReleased(t *testing.T) {
	t.Parallel()
	g := NewGroup(2)
	g.Slot(0).Release()
	g.Slot(1).Release() // nobody joined: nothing runs, nothing blocks
}

func TestNilSlot(t *testing.T) {
	t.Parallel()
	var s *Slot
	r, err := s.Join("x", func(p []any) ([]any, error) { return []any{"y"}, nil })
	if r != "y" || err != nil {
		t.Errorf("%v %v", r, err)
	}
	s.Release()
}
