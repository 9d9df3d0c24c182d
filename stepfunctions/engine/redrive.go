package engine

import (
	"context"
	"strings"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// redriveWindow is how long after it closes an execution can be redriven.
const redriveWindow = 14 * 24 * time.Hour

func notRedrivable(msg string) *Error { return apiErr("ExecutionNotRedrivable", msg) }

// redrivable says why ex cannot be redriven at now ("" = it can).
func redrivable(ex *store.Execution, now time.Time) string {
	switch {
	case ex.MapRunARN != "":
		return "Execution is a child execution of a Map Run and cannot be redriven on its own"
	case ex.Status == store.StatusRunning:
		return "Execution is RUNNING and cannot be redriven"
	case ex.Status == store.StatusSucceeded:
		return "Execution is SUCCEEDED and cannot be redriven"
	case ex.Stopped != nil && now.Sub(*ex.Stopped) > redriveWindow:
		return "Execution stopped more than 14 days ago and cannot be redriven"
	}
	return ""
}

// restartPoint finds the top-level state a failed execution stopped in and
// the input it entered with, from its history, and the workflow variables
// the top-level states before it assigned. ok is false when the execution
// failed before entering any state.
func restartPoint(def *asl.StateMachine, events []store.Event) (name string, input string, vars map[string]any, ok bool) {
	vars = map[string]any{}
	for _, ev := range events {
		n, _ := ev.Details["name"].(string)
		if def.States[n] == nil {
			continue
		}
		switch {
		case strings.HasSuffix(ev.Type, "StateEntered"):
			name, ok = n, true
			input, _ = ev.Details["input"].(string)
		case strings.HasSuffix(ev.Type, "StateExited") && n == name:
			ok = false
			av, _ := ev.Details["assignedVariables"].(map[string]any)
			for k, v := range av {
				if s, isStr := v.(string); isStr {
					if dv, err := asl.Decode([]byte(s)); err == nil {
						vars[k] = dv
					}
				}
			}
		}
	}
	return name, input, vars, ok
}

// RedriveExecution restarts a FAILED, TIMED_OUT or ABORTED Standard
// execution from the top-level state it stopped in, with the input that
// state had, keeping its ARN and history. A Map or Parallel state it
// stopped in runs again whole. It returns the redrive date.
func (e *Engine) RedriveExecution(ctx context.Context, arn string) (*Timestamp, error) {
	if err := checkExecutionARN(arn); err != nil {
		return nil, err
	}
	ex, aerr := e.getExecution(ctx, arn)
	if aerr != nil {
		return nil, aerr
	}
	now := e.p.Now()
	if why := redrivable(ex, now); why != "" {
		return nil, notRedrivable(why)
	}
	m, aerr := e.lookup(ctx, ex.StateMachineARN)
	if aerr != nil {
		return nil, notRedrivable("The state machine of this execution no longer exists")
	}
	def, perr := parseDefinition(ex.Definition, "")
	if perr != nil {
		return nil, notRedrivable("The execution's definition cannot be parsed: " + perr.Message)
	}
	events, err := e.st.History(ctx, arn)
	if err != nil {
		return nil, err
	}
	start := *def
	text := ex.Input
	name, in, vars, ok := restartPoint(def, events)
	if ok {
		start.StartAt, text = name, in
	} else {
		vars = map[string]any{}
	}
	input, derr := asl.Decode([]byte(text))
	if derr != nil {
		return nil, notRedrivable("The input of the state to redrive from is not JSON: " + derr.Error())
	}
	count := ex.RedriveCount + 1
	x, xerr := e.storedExecution(m.sm, def, ex, count)
	if xerr != nil {
		return nil, notRedrivable("The execution's input is not JSON: " + xerr.Error())
	}

	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, errEngineClosed
	}
	if _, busy := e.running[arn]; busy {
		e.mu.Unlock()
		return nil, notRedrivable("Execution is RUNNING and cannot be redriven")
	}
	rctx, r := e.runContext(def, now)
	cancel := r.cancel
	e.running[arn] = r
	e.wg.Add(1)
	e.mu.Unlock()

	var last int64
	if n := len(events); n > 0 {
		last = events[n-1].ID
	}
	rec := &recorder{arn: arn, st: e.st, now: e.p.Now, nextID: last, last: last}
	redriven := rec.closing("ExecutionRedriven", map[string]any{"redriveCount": count})
	redriven[0].Timestamp = now
	reopened := *ex
	reopened.Status, reopened.Stopped, reopened.Output, reopened.Error, reopened.Cause = store.StatusRunning, nil, nil, nil, nil
	reopened.RedriveCount, reopened.RedriveDate = count, &now
	if err := e.st.FinishExecution(ctx, &reopened, redriven); err != nil {
		e.mu.Lock()
		delete(e.running, arn)
		e.mu.Unlock()
		cancel(nil)
		e.wg.Done()
		return nil, err
	}
	x.rec = rec
	e.launch(rctx, x, r, cancel, rec.lastID(), func(prev *int64) (any, *asl.Error) {
		return x.runMachine(rctx, &start, input, &scope{vars: vars}, prev)
	})
	return ts(now), nil
}

// redriveFields fills DescribeExecution's redrive fields.
func redriveFields(out *DescribeExecutionOutput, ex *store.Execution, now time.Time) {
	out.RedriveCount = ex.RedriveCount
	if ex.RedriveDate != nil {
		out.RedriveDate = ts(*ex.RedriveDate)
	}
	if ex.Stopped == nil {
		out.RedriveStatus = ""
		return
	}
	out.RedriveStatus = "REDRIVABLE"
	if why := redrivable(ex, now); why != "" {
		out.RedriveStatus = "NOT_REDRIVABLE"
		out.RedriveStatusReason = why
	}
	if ex.MapRunARN != "" && ex.Status != store.StatusSucceeded {
		out.RedriveStatus, out.RedriveStatusReason = "REDRIVABLE_BY_MAP_RUN", ""
	}
}
