package engine

import (
	"context"
	"fmt"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// Resume picks up the Standard executions that are RUNNING in the store
// but not in this engine: those a previous process left when it stopped or
// was killed. Each runs again from its start over the definition and input
// it started with; the recorder matches the events already in its history
// (see recorder), so states that completed are not run again, their
// recorded results stand, and the run carries on for real from the first
// event that was never recorded: a Wait ends at the time it would have, a
// retry backs off from its failure, an activity or callback task waits on
// the task record (and token) the store kept. A task that was running when
// the process died, with no recorded end, runs again: the engine cannot
// know whether it finished. It returns how many executions it resumed.
//
// Distributed Map children are not resumed here but by their parent: its
// Map state runs again, names its Map Run and children as before, takes the
// outcome of children that finished and resumes the others (runChild).
func (e *Engine) Resume(ctx context.Context) (int, error) {
	machines, err := e.st.ListStateMachines(ctx)
	if err != nil {
		return 0, err
	}
	// Every execution is registered as running before any starts, so a
	// parent waiting on a nested child (startExecution.sync) finds it.
	var starts []func()
	defer func() {
		for _, start := range starts {
			start()
		}
	}()
	for _, sm := range machines {
		if sm.Type != store.TypeStandard {
			continue
		}
		list, err := e.st.ListExecutions(ctx, sm.ARN, store.StatusRunning, "")
		if err != nil {
			return len(starts), err
		}
		for _, ex := range list {
			start, err := e.resume(ctx, sm, ex)
			if err != nil {
				e.p.Log.Error("resume execution", "arn", ex.ARN, "error", err)
				continue
			}
			if start != nil {
				starts = append(starts, start)
			}
		}
	}
	return len(starts), nil
}

// resume prepares one execution and returns what starts it; nil if it is
// already running here.
func (e *Engine) resume(ctx context.Context, sm *store.StateMachine, ex *store.Execution) (func(), error) {
	def, perr := parseDefinition(ex.Definition, store.TypeStandard)
	if perr != nil {
		return nil, fmt.Errorf("its definition no longer parses: %s", perr.Message)
	}
	events, err := e.st.History(ctx, ex.ARN)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("it has no history")
	}
	x, err := e.storedExecution(sm, def, ex, ex.RedriveCount)
	if err != nil {
		return nil, fmt.Errorf("its input is not JSON: %w", err)
	}
	if ex.MockTestCase != "" {
		mr, aerr := e.mockFor(sm.Name, ex.MockTestCase)
		if aerr != nil {
			return nil, fmt.Errorf("its mock test case: %s", aerr.Message)
		}
		x.mock = mr
		x.mockCase = ex.MockTestCase
	}

	// Where the current run began: the execution's start, or its last
	// redrive, which restarted from the state the run before stopped in.
	run := def
	input := x.input
	vars := map[string]any{}
	first := events[0].ID
	began := ex.Started
	for i := len(events) - 1; i > 0; i-- {
		if events[i].Type != "ExecutionRedriven" {
			continue
		}
		first, began = events[i].ID, events[i].Timestamp
		start := *def
		if name, in, v, ok := restartPoint(def, events[:i]); ok {
			start.StartAt, vars = name, v
			if input, err = asl.Decode([]byte(in)); err != nil {
				return nil, fmt.Errorf("the input of its redriven state is not JSON: %w", err)
			}
		}
		run = &start
		break
	}

	rec := &recorder{arn: x.arn, st: e.st, now: e.p.Now}
	rec.resume(events)
	x.rec = rec

	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, errEngineClosed
	}
	if _, busy := e.running[x.arn]; busy {
		e.mu.Unlock()
		return nil, nil
	}
	rctx, r := e.runContext(def, began)
	e.running[x.arn] = r
	e.wg.Add(1)
	e.mu.Unlock()
	return func() {
		e.launch(rctx, x, r, r.cancel, first, func(prev *int64) (any, *asl.Error) {
			return x.runMachine(rctx, run, input, &scope{vars: vars}, prev)
		})
	}, nil
}
