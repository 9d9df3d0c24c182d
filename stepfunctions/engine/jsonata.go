package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/jsonata"
)

// JSONata states (QueryLanguage JSONata): Arguments in, Output out, Assign,
// with $states.input, $states.context, $states.result (Task, Parallel and
// Map Output and Assign) and $states.errorOutput (Catcher Output and
// Assign) bound, plus the workflow variables. Everything else (history
// events, Retry and Catch matching, task invocation, Parallel and Map
// fan-out, waiting) is the JSONPath states' code in run.go.

// enteredKey carries a JSONata state's StateEntered event id down to its
// attempts, for the cause of a States.QueryEvaluationError.
type enteredKey struct{}

// jsonataOutcome is what a JSONata Task, Parallel or Map attempt returns as
// its result to withRetry: the Assign values, evaluated with the same
// $states as Output.
type jsonataOutcome struct {
	assigned map[string]any
}

// jsonataState runs a JSONata state of any type; runState records its
// events and applies res.assigned.
func (x *execution) jsonataState(ctx context.Context, st *asl.State, input any, sc *scope, entered time.Time, enteredID int64, prev *int64) (stateResult, *asl.Error) {
	ctx = context.WithValue(ctx, enteredKey{}, enteredID)
	q := st.JSONata
	env := x.env(st, sc, entered, 0, "", nil)
	states := statesOf(input, env)
	b := bindings(sc, states)
	var res stateResult
	switch st.Type {
	case "Pass", "Succeed", "Wait":
		if st.Type == "Wait" {
			if err := x.waitJSONata(ctx, st, b, entered, enteredID, prev); err != nil {
				return res, err
			}
		}
		return x.outputAssign(ctx, st, q.Output, q.Assign, input, b, prev)
	case "Fail":
		return res, x.failJSONata(ctx, st, b, prev)
	case "Choice":
		return x.choiceJSONata(ctx, st, input, b, prev)
	}
	// Task, Parallel, Map: the attempt (attemptJSONata) evaluates Arguments,
	// Output and Assign; a Catcher's Output and Assign see the error output.
	res, err := x.withRetry(ctx, st, input, sc, entered, prev)
	if err != nil {
		return res, err
	}
	if res.caught != nil {
		states["errorOutput"] = res.errOut
		cq := res.caught.JSONata
		if cq == nil {
			cq = &asl.QueryFields{}
		}
		r, err := x.outputAssign(ctx, st, cq.Output, cq.Assign, res.errOut, b, prev)
		if err != nil {
			return res, err
		}
		res.output, res.assigned = r.output, r.assigned
		return res, nil
	}
	if o, ok := res.result.(*jsonataOutcome); ok {
		res.assigned = o.assigned
	}
	return res, nil
}

// attemptJSONata is one try of a JSONata Task, Parallel or Map state.
func (x *execution) attemptJSONata(ctx context.Context, st *asl.State, input any, sc *scope, env *asl.Env, entered time.Time, token string, prev *int64) (out, result any, err *asl.Error) {
	q := st.JSONata
	states := statesOf(input, env)
	b := bindings(sc, states)
	args := input
	if q.Arguments != nil {
		if args, err = x.evalQuery(ctx, st, q.Arguments, b, prev); err != nil {
			return nil, nil, err
		}
	}
	switch st.Type {
	case "Task":
		cp := *st // the evaluated timeouts, for task()
		if q.TimeoutSeconds != nil {
			n, err := x.evalInt(ctx, st, q.TimeoutSeconds, b, 1, prev)
			if err != nil {
				return nil, nil, err
			}
			cp.TimeoutSeconds, cp.TimeoutSecondsPath = int(n), nil
		}
		if q.HeartbeatSeconds != nil {
			n, err := x.evalInt(ctx, st, q.HeartbeatSeconds, b, 1, prev)
			if err != nil {
				return nil, nil, err
			}
			cp.HeartbeatSeconds, cp.HeartbeatSecondsPath = int(n), nil
		}
		result, err = x.task(ctx, &cp, args, token, input, env, prev)
	case "Parallel":
		result, err = x.parallel(ctx, st, args, sc, prev)
	case "Map":
		result, err = x.mapJSONata(ctx, st, input, sc, env, entered, b, prev)
	}
	if err != nil {
		return nil, nil, err
	}
	states["result"] = result
	r, err := x.outputAssign(ctx, st, q.Output, q.Assign, result, b, prev)
	if err != nil {
		return nil, nil, err
	}
	return r.output, &jsonataOutcome{assigned: r.assigned}, nil
}

// mapJSONata computes a JSONata Map's items (Items, default $states.input),
// their inputs (ItemSelector, with $states.context.Map.Item) and limits,
// then runs it as mapState does.
func (x *execution) mapJSONata(ctx context.Context, st *asl.State, input any, sc *scope, env *asl.Env, entered time.Time, b map[string]any, prev *int64) (any, *asl.Error) {
	q := st.JSONata
	itemsV := input
	if q.Items != nil {
		v, err := x.evalQuery(ctx, st, q.Items, b, prev)
		if err != nil {
			return nil, err
		}
		itemsV = v
	}
	items, ok := itemsV.([]any)
	if !ok {
		if q.Items != nil {
			return nil, x.queryFailed(ctx, st, q.Items.TypeError("array", itemsV), prev)
		}
		return nil, x.queryFailed(ctx, st, &asl.QueryError{Location: "Items", Cause: fmt.Sprintf(
			"The Map state's input must be an array when the field 'Items' is absent, but was: %s", jsonString(itemsV))}, prev)
	}
	cp := *st // mapState with the items ready and the limits evaluated
	cp.ItemsPath, cp.ItemSelector = nil, nil
	cp.MaxConcurrencyPath, cp.ToleratedFailureCountPath, cp.ToleratedFailurePercentagePath = nil, nil, nil
	if q.MaxConcurrency != nil {
		n, err := x.evalInt(ctx, st, q.MaxConcurrency, b, 0, prev)
		if err != nil {
			return nil, err
		}
		cp.MaxConcurrency = int(n)
	}
	if q.ToleratedFailureCount != nil {
		n, err := x.evalInt(ctx, st, q.ToleratedFailureCount, b, 0, prev)
		if err != nil {
			return nil, err
		}
		cp.ToleratedFailureCount = int(n)
	}
	if q.ToleratedFailurePercentage != nil {
		v, err := x.evalQuery(ctx, st, q.ToleratedFailurePercentage, b, prev)
		if err != nil {
			return nil, err
		}
		f, ok := asFloat(v)
		if !ok || f < 0 || f > 100 {
			return nil, x.queryFailed(ctx, st, q.ToleratedFailurePercentage.TypeError("number between 0 and 100", v), prev)
		}
		cp.ToleratedFailurePercentage = f
	}
	inputs := items
	if q.ItemSelector != nil {
		inputs = make([]any, len(items))
		for i, it := range items {
			ienv := x.env(st, sc, entered, 0, "", map[string]any{"Index": int64(i), "Value": it})
			ib := maps.Clone(b)
			ib["states"] = statesOf(b["states"].(map[string]any)["input"], ienv)
			v, err := x.evalQuery(ctx, st, q.ItemSelector, ib, prev)
			if err != nil {
				return nil, err
			}
			inputs[i] = v
		}
	}
	return x.mapState(ctx, &cp, inputs, sc, env, entered, prev)
}

// waitJSONata waits as wait() does, for Seconds or Timestamp from an
// expression or a literal.
func (x *execution) waitJSONata(ctx context.Context, st *asl.State, b map[string]any, entered time.Time, enteredID int64, prev *int64) *asl.Error {
	q := st.JSONata
	var d time.Duration
	switch {
	case q.Seconds != nil:
		n, err := x.evalInt(ctx, st, q.Seconds, b, 0, prev)
		if err != nil {
			return err
		}
		d = time.Duration(n) * time.Second
	case q.Timestamp != nil:
		v, err := x.evalQuery(ctx, st, q.Timestamp, b, prev)
		if err != nil {
			return err
		}
		s, _ := v.(string)
		t, perr := time.Parse(time.RFC3339Nano, s)
		if perr != nil {
			return x.queryFailed(ctx, st, q.Timestamp.TypeError("ISO-8601 timestamp string", v), prev)
		}
		d = t.Sub(entered)
	case st.HasSeconds:
		d = time.Duration(st.Seconds) * time.Second
	case st.HasTimestamp:
		d = st.Timestamp.Sub(entered)
	}
	if x.test == nil && x.rec.recorded(enteredID, "WaitStateExited") == nil {
		if err := x.sleepFrom(ctx, entered, d); err != nil {
			return canceled()
		}
	}
	return nil
}

// choiceJSONata takes the first rule whose Condition is true; its Output
// and Assign replace the state's (as a JSONPath rule's Assign does).
func (x *execution) choiceJSONata(ctx context.Context, st *asl.State, input any, b map[string]any, prev *int64) (stateResult, *asl.Error) {
	var matched *asl.ChoiceRule
	for _, r := range st.Choices {
		if r.JSONata == nil || r.JSONata.Condition == nil {
			continue
		}
		v, err := x.evalQuery(ctx, st, r.JSONata.Condition, b, prev)
		if err != nil {
			return stateResult{}, err
		}
		ok, isBool := v.(bool)
		if !isBool {
			return stateResult{}, x.queryFailed(ctx, st, r.JSONata.Condition.TypeError("boolean", v), prev)
		}
		if ok {
			matched = r
			break
		}
	}
	output, assign := st.JSONata.Output, st.JSONata.Assign
	next := st.Default
	if matched != nil {
		next, assign = matched.Next, matched.JSONata.Assign
		if matched.JSONata.Output != nil {
			output = matched.JSONata.Output
		}
	}
	if next == "" {
		return stateResult{}, &asl.Error{Name: asl.ErrNoChoiceMatched, Cause: "No Matches!"}
	}
	res, err := x.outputAssign(ctx, st, output, assign, input, b, prev)
	res.next = next
	return res, err
}

// failJSONata is a JSONata Fail state's error: Error and Cause may be
// expressions returning strings.
func (x *execution) failJSONata(ctx context.Context, st *asl.State, b map[string]any, prev *int64) *asl.Error {
	e := &asl.Error{Name: st.Error, Cause: st.Cause}
	for _, f := range []struct {
		q   *asl.Query
		dst *string
	}{{st.JSONata.Error, &e.Name}, {st.JSONata.Cause, &e.Cause}} {
		if f.q == nil {
			continue
		}
		v, err := x.evalQuery(ctx, st, f.q, b, prev)
		if err != nil {
			return err
		}
		s, ok := v.(string)
		if !ok {
			return x.queryFailed(ctx, st, f.q.TypeError("string", v), prev)
		}
		*f.dst = s
	}
	return e
}

// outputAssign evaluates Output (nil: def) and Assign with the same
// bindings.
func (x *execution) outputAssign(ctx context.Context, st *asl.State, output, assign *asl.Query, def any, b map[string]any, prev *int64) (stateResult, *asl.Error) {
	res := stateResult{output: def, result: def}
	if output != nil {
		v, err := x.evalQuery(ctx, st, output, b, prev)
		if err != nil {
			return stateResult{}, err
		}
		res.output = v
	}
	if assign != nil {
		v, err := x.evalQuery(ctx, st, assign, b, prev)
		if err != nil {
			return stateResult{}, err
		}
		res.assigned, _ = v.(map[string]any)
		if res.assigned == nil {
			res.assigned = map[string]any{}
		}
	}
	return res, nil
}

// evalInt evaluates an integer field (TimeoutSeconds, Seconds, ...) that
// must be at least lo.
func (x *execution) evalInt(ctx context.Context, st *asl.State, q *asl.Query, b map[string]any, lo int64, prev *int64) (int64, *asl.Error) {
	v, err := x.evalQuery(ctx, st, q, b, prev)
	if err != nil {
		return 0, err
	}
	n, ok := asInt(v)
	if !ok || n < lo {
		want := "integer"
		if lo > 0 {
			want = "positive integer"
		} else if lo == 0 {
			want = "non-negative integer"
		}
		return 0, x.queryFailed(ctx, st, q.TypeError(want, v), prev)
	}
	return n, nil
}

// evalQuery evaluates a JSONata field with the execution's clock and
// randomness.
func (x *execution) evalQuery(ctx context.Context, st *asl.State, q *asl.Query, b map[string]any, prev *int64) (any, *asl.Error) {
	ectx := jsonata.WithClock(ctx, x.e.p.Now)
	if x.e.p.Rand != nil {
		ectx = jsonata.WithEntropy(ectx, x.e.p.Rand)
	}
	v, err := q.Eval(ectx, b)
	if err != nil {
		if ctx.Err() != nil {
			return nil, canceled()
		}
		return nil, x.queryFailed(ctx, st, err, prev)
	}
	return v, nil
}

// queryFailed turns a failed evaluation into States.QueryEvaluationError
// with AWS's cause, naming the state and its StateEntered event, and
// records the EvaluationFailed event.
func (x *execution) queryFailed(ctx context.Context, st *asl.State, err error, prev *int64) *asl.Error {
	var qe *asl.QueryError
	if !errors.As(err, &qe) {
		qe = &asl.QueryError{Cause: err.Error()}
	}
	cause := runtimePrefix + st.Name + "'"
	if id, _ := ctx.Value(enteredKey{}).(int64); id > 0 {
		cause += fmt.Sprintf(" (entered at the event id #%d)", id)
	}
	cause += ". " + qe.Cause
	if x.rec != nil {
		d := map[string]any{"error": asl.ErrQueryEvaluationError, "cause": cause, "state": st.Name}
		if qe.Location != "" {
			d["location"] = qe.Location
		}
		*prev = x.rec.add(*prev, "EvaluationFailed", d)
	}
	return &asl.Error{Name: asl.ErrQueryEvaluationError, Cause: cause}
}

// statesOf is $states without result and errorOutput.
func statesOf(input any, env *asl.Env) map[string]any {
	s := map[string]any{"input": input}
	if env != nil && env.Context != nil {
		s["context"] = env.Context
	}
	return s
}

// bindings are the workflow variables plus $states.
func bindings(sc *scope, states map[string]any) map[string]any {
	b := make(map[string]any, len(sc.vars)+1)
	maps.Copy(b, sc.vars)
	b["states"] = states
	return b
}

// stateKind is the dispatch key of runState: asl.JSONata for a JSONata
// state, else the state's type.
func stateKind(st *asl.State) string {
	if st.JSONata != nil {
		return asl.JSONata
	}
	return st.Type
}
