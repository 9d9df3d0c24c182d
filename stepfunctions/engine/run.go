package engine

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
)

// maxPayload is AWS's limit on a state's input, output or task result.
const maxPayload = 262144

// errCanceled marks a run stopped by its context (StopExecution, a timeout,
// a failed sibling branch); the caller decides what it means.
const errCanceled = "appsync-local.Canceled"

// execution is one running execution: what its states can see and where its
// history goes.
type execution struct {
	e           *Engine
	arn, name   string
	machineARN  string
	machineName string
	roleARN     string
	start       time.Time
	input       any
	rec         *recorder // nil: no history (Express)
	usesContext bool
	execCtx     map[string]any
	smCtx       map[string]any
	// test is set by TestState: no retries, no waiting, inspection captured.
	test *testRun
	// mock is the Step Functions Local mock test case the execution runs
	// (nil: none), mockCase its name.
	mock     *mockRun
	mockCase string
}

// testRun is what TestState observes of its one state.
type testRun struct {
	status string // "" = decided by the caller; RETRIABLE or CAUGHT_ERROR
	next   string
	data   map[string]any
}

func (t *testRun) note(key string, v any) {
	if t != nil {
		t.data[key] = jsonString(v)
	}
}

// scope is what a (sub)machine's states share: workflow variables and, in a
// Map iteration's ItemSelector, the item.
type scope struct {
	vars map[string]any
}

func toErr(err error) *asl.Error {
	if err == nil {
		return nil
	}
	var ae *asl.Error
	if errors.As(err, &ae) {
		return ae
	}
	return &asl.Error{Name: asl.ErrRuntime, Cause: err.Error()}
}

func canceled() *asl.Error { return &asl.Error{Name: errCanceled} }

// runMachine runs sm from StartAt; prev is the id of the event before it.
func (x *execution) runMachine(ctx context.Context, sm *asl.StateMachine, input any, sc *scope, prev *int64) (any, *asl.Error) {
	name := sm.StartAt
	for {
		if ctx.Err() != nil {
			return nil, canceled()
		}
		st := sm.States[name]
		if st == nil {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: fmt.Sprintf("State '%s' does not exist", name)}
		}
		out, next, err := x.runState(ctx, st, input, sc, prev)
		if err != nil {
			return nil, err
		}
		if next == "" {
			return out, nil
		}
		input, name = out, next
	}
}

// env is what the state's paths see.
func (x *execution) env(st *asl.State, sc *scope, entered time.Time, retries int, token string, item map[string]any) *asl.Env {
	env := &asl.Env{Vars: sc.vars, Rand: x.e.p.Rand}
	if !x.usesContext {
		return env
	}
	c := map[string]any{
		"Execution":    x.execCtx,
		"StateMachine": x.smCtx,
		"State": map[string]any{
			"EnteredTime": entered.UTC().Format("2006-01-02T15:04:05.000Z"),
			"Name":        st.Name,
			"RetryCount":  int64(retries),
		},
	}
	if token != "" {
		c["Task"] = map[string]any{"Token": token}
	}
	if item != nil {
		c["Map"] = map[string]any{"Item": item}
	}
	env.Context = c
	return env
}

func selectPath(p *asl.Path, v any, env *asl.Env) (any, *asl.Error) {
	if p == nil {
		return v, nil
	}
	if p.Null {
		return map[string]any{}, nil
	}
	out, err := p.Select(v, env)
	return out, toErr(err)
}

func evalTemplate(t *asl.Template, v any, env *asl.Env) (any, *asl.Error) {
	if t == nil {
		return v, nil
	}
	out, err := t.Eval(v, env)
	return out, toErr(err)
}

func applyResultPath(rp *asl.ResultPath, raw, result any) (any, *asl.Error) {
	if rp == nil {
		return result, nil
	}
	if rp.Discard {
		return raw, nil
	}
	out, err := rp.Apply(raw, result)
	return out, toErr(err)
}

// stateResult is what a state's work produced before Assign and exit.
type stateResult struct {
	output any
	result any // what Assign sees
	next   string
	// caught is set when a Catcher handled the error.
	caught *asl.Catcher
	errOut any
	// rule is the Choice rule that matched (nil: Default).
	rule *asl.ChoiceRule
	// assigned is a JSONata state's Assign, already evaluated (jsonata.go).
	assigned map[string]any
}

// runState runs one state and returns its output and the next state ("" =
// end of this (sub)machine).
func (x *execution) runState(ctx context.Context, st *asl.State, input any, sc *scope, prev *int64) (any, string, *asl.Error) {
	entered := x.e.p.Now()
	typ := st.Type
	var enteredID int64
	if x.rec != nil {
		*prev = x.rec.add(*prev, typ+"StateEntered", map[string]any{"name": st.Name, "input": jsonString(input), "inputDetails": map[string]any{"truncated": false}})
		enteredID = *prev
		entered = x.timeOf(enteredID) // as first recorded, when resumed after a restart
	}
	env := x.env(st, sc, entered, 0, "", nil)
	var res stateResult
	var err *asl.Error
	switch stateKind(st) {
	case asl.JSONata:
		res, err = x.jsonataState(ctx, st, input, sc, entered, enteredID, prev)
	case "Pass":
		res, err = x.pass(st, input, env)
	case "Succeed":
		res.output, err = x.flowInOut(st, input, env)
	case "Fail":
		err := x.fail(st, input, env)
		if err.Name == asl.ErrRuntime {
			err = inState(err, st.Name, enteredID)
		}
		return nil, "", err
	case "Choice":
		res, err = x.choice(st, input, env)
	case "Wait":
		res, err = x.wait(ctx, st, input, env, entered, enteredID)
	case "Task", "Parallel", "Map":
		res, err = x.withRetry(ctx, st, input, sc, entered, prev)
	default:
		err = &asl.Error{Name: asl.ErrRuntime, Cause: "unsupported state type " + typ}
	}
	if err != nil {
		if err.Name == errCanceled && x.rec != nil && typ != "Choice" && typ != "Pass" && typ != "Succeed" {
			*prev = x.rec.add(*prev, typ+"StateAborted", nil)
		}
		return nil, "", inState(err, st.Name, enteredID)
	}
	if res.next == "" && res.caught == nil && !st.End {
		res.next = st.Next
	}
	// Assign: evaluated with the values from state entry, visible from the
	// next state on.
	assign := st.Assign
	assignInput := res.result
	if typ == "Wait" || typ == "Succeed" {
		assignInput = input
	}
	if res.caught != nil {
		assign, assignInput = res.caught.Assign, res.errOut
	} else if res.rule != nil {
		assign, assignInput = res.rule.Assign, input
	}
	assigned := res.assigned
	if assign != nil || assigned != nil {
		if assign != nil {
			v, err := evalTemplate(assign, assignInput, env)
			if err != nil {
				return nil, "", inState(err, st.Name, enteredID)
			}
			assigned, _ = v.(map[string]any)
		}
		if len(assigned) > 0 {
			nv := maps.Clone(sc.vars)
			if nv == nil {
				nv = make(map[string]any, len(assigned))
			}
			maps.Copy(nv, assigned)
			sc.vars = nv
		}
	}
	if x.test != nil {
		x.test.next = res.next
		if len(assigned) > 0 {
			x.test.note("variables", sc.vars)
		}
	}
	if x.rec != nil {
		out := jsonString(res.output)
		if len(out) > maxPayload {
			return nil, "", dataLimit("output of state '" + st.Name + "'")
		}
		d := map[string]any{"name": st.Name, "output": out, "outputDetails": map[string]any{"truncated": false}}
		if len(assigned) > 0 {
			av := make(map[string]any, len(assigned))
			for k, v := range assigned {
				av[k] = jsonString(v)
			}
			d["assignedVariables"] = av
			d["assignedVariablesDetails"] = map[string]any{"truncated": false}
		}
		*prev = x.rec.add(*prev, typ+"StateExited", d)
	}
	if typ == "Succeed" {
		res.next = ""
	}
	return res.output, res.next, nil
}

// runtimePrefix starts AWS's cause for a States.Runtime error in a state.
const runtimePrefix = "An error occurred while executing the state '"

// inState gives a States.Runtime error AWS's prefix naming the state and
// the id of its StateEntered event (left out when there is no history).
func inState(err *asl.Error, state string, enteredID int64) *asl.Error {
	if err.Name != asl.ErrRuntime || strings.HasPrefix(err.Cause, runtimePrefix) {
		return err
	}
	p := runtimePrefix + state + "'"
	if enteredID > 0 {
		p += fmt.Sprintf(" (entered at the event id #%d)", enteredID)
	}
	return &asl.Error{Name: err.Name, Cause: p + ". " + err.Cause}
}

func dataLimit(what string) *asl.Error {
	return &asl.Error{Name: asl.ErrDataLimitExceeded, Cause: "The state/task returned a result with a size exceeding the maximum number of bytes service limit (" + what + ")."}
}

// flowInOut is InputPath then OutputPath, for Succeed.
func (x *execution) flowInOut(st *asl.State, input any, env *asl.Env) (any, *asl.Error) {
	eff, err := selectPath(st.InputPath, input, env)
	if err != nil {
		return nil, err
	}
	x.test.note("afterInputPath", eff)
	return selectPath(st.OutputPath, eff, env)
}

func (x *execution) pass(st *asl.State, input any, env *asl.Env) (stateResult, *asl.Error) {
	eff, err := selectPath(st.InputPath, input, env)
	if err != nil {
		return stateResult{}, err
	}
	x.test.note("afterInputPath", eff)
	result := eff
	if st.Parameters != nil {
		if result, err = evalTemplate(st.Parameters, eff, env); err != nil {
			return stateResult{}, err
		}
		x.test.note("afterParameters", result)
	}
	if st.HasResult {
		result = st.Result
	}
	x.test.note("result", result)
	out, err := applyResultPath(st.ResultPath, input, result)
	if err != nil {
		return stateResult{}, err
	}
	x.test.note("afterResultPath", out)
	out, err = selectPath(st.OutputPath, out, env)
	return stateResult{output: out, result: result}, err
}

func (x *execution) fail(st *asl.State, input any, env *asl.Env) *asl.Error {
	e := &asl.Error{Name: st.Error, Cause: st.Cause}
	if st.ErrorPath != nil {
		v, err := evalTemplate(st.ErrorPath, input, env)
		if err != nil {
			return err
		}
		s, ok := v.(string)
		if !ok {
			return &asl.Error{Name: asl.ErrRuntime, Cause: "The ErrorPath did not evaluate to a string: " + jsonString(v)}
		}
		e.Name = s
	}
	if st.CausePath != nil {
		v, err := evalTemplate(st.CausePath, input, env)
		if err != nil {
			return err
		}
		s, ok := v.(string)
		if !ok {
			return &asl.Error{Name: asl.ErrRuntime, Cause: "The CausePath did not evaluate to a string: " + jsonString(v)}
		}
		e.Cause = s
	}
	return e
}

func (x *execution) choice(st *asl.State, input any, env *asl.Env) (stateResult, *asl.Error) {
	eff, err := selectPath(st.InputPath, input, env)
	if err != nil {
		return stateResult{}, err
	}
	x.test.note("afterInputPath", eff)
	next := ""
	var matched *asl.ChoiceRule
	for _, rule := range st.Choices {
		ok, e := rule.Eval(eff, env)
		if e != nil {
			return stateResult{}, toErr(e)
		}
		if ok {
			next, matched = rule.Next, rule
			break
		}
	}
	if next == "" {
		next = st.Default
	}
	if next == "" {
		return stateResult{}, &asl.Error{Name: asl.ErrNoChoiceMatched, Cause: "No Matches!"}
	}
	out, err := selectPath(st.OutputPath, eff, env)
	return stateResult{output: out, next: next, rule: matched}, err
}

// wait runs a Wait state. The time to wait counts from the state's entry,
// so a Wait resumed after a restart ends when it would have.
func (x *execution) wait(ctx context.Context, st *asl.State, input any, env *asl.Env, entered time.Time, enteredID int64) (stateResult, *asl.Error) {
	eff, err := selectPath(st.InputPath, input, env)
	if err != nil {
		return stateResult{}, err
	}
	var d time.Duration
	switch {
	case st.HasSeconds:
		d = time.Duration(st.Seconds) * time.Second
	case st.SecondsPath != nil:
		v, err := selectPath(st.SecondsPath, eff, env)
		if err != nil {
			return stateResult{}, err
		}
		n, ok := asInt(v)
		if !ok || n < 0 {
			return stateResult{}, &asl.Error{Name: asl.ErrRuntime, Cause: fmt.Sprintf("The SecondsPath parameter does not reference a valid integer value: %s", jsonString(v))}
		}
		d = time.Duration(n) * time.Second
	case st.HasTimestamp:
		d = st.Timestamp.Sub(entered)
	case st.TimestampPath != nil:
		v, err := selectPath(st.TimestampPath, eff, env)
		if err != nil {
			return stateResult{}, err
		}
		s, _ := v.(string)
		t, perr := time.Parse(time.RFC3339Nano, s)
		if perr != nil {
			return stateResult{}, &asl.Error{Name: asl.ErrRuntime, Cause: fmt.Sprintf("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: %s", jsonString(v))}
		}
		d = t.Sub(entered)
	}
	if x.test == nil && x.rec.recorded(enteredID, "WaitStateExited") == nil {
		if err := x.sleepFrom(ctx, entered, d); err != nil {
			return stateResult{}, canceled()
		}
	}
	out, err := selectPath(st.OutputPath, eff, env)
	return stateResult{output: out}, err
}

func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case float64:
		if n == math.Trunc(n) && !math.IsInf(n, 0) {
			return int64(n), true
		}
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// withRetry runs a Task, Parallel or Map state with its Retry and Catch.
func (x *execution) withRetry(ctx context.Context, st *asl.State, input any, sc *scope, entered time.Time, prev *int64) (stateResult, *asl.Error) {
	attempts := make([]int, len(st.Retry))
	retries := 0
	for {
		out, result, err := x.attempt(ctx, st, input, sc, entered, retries, prev)
		if err == nil {
			return stateResult{output: out, result: result}, nil
		}
		if err.Name == errCanceled {
			return stateResult{}, err
		}
		retry := -1
		for i, r := range st.Retry {
			if r.Matches(err.Name) || (err == errHeartbeat && r.Matches(asl.ErrHeartbeatTimeout)) {
				retry = i
				break
			}
		}
		if retry >= 0 && attempts[retry] < st.Retry[retry].MaxAttempts {
			if x.test != nil {
				x.test.status = "RETRIABLE"
				return stateResult{}, err
			}
			r := st.Retry[retry]
			delay := float64(r.IntervalSeconds) * math.Pow(r.BackoffRate, float64(attempts[retry]))
			if r.MaxDelaySeconds > 0 && delay > float64(r.MaxDelaySeconds) {
				delay = float64(r.MaxDelaySeconds)
			}
			if r.JitterStrategy == "FULL" {
				delay *= rand.Float64()
			}
			attempts[retry]++
			retries++
			// The back-off counts from the failure; a resumed run that
			// recorded the next attempt already does not wait again.
			if x.rec.recorded(*prev) == nil {
				if serr := x.sleepFrom(ctx, x.timeOf(*prev), time.Duration(delay*float64(time.Second))); serr != nil {
					return stateResult{}, canceled()
				}
			}
			continue
		}
		for _, c := range st.Catch {
			if !c.Matches(err.Name) && (err != errHeartbeat || !c.Matches(asl.ErrHeartbeatTimeout)) {
				continue
			}
			errOut := map[string]any{"Error": err.Name, "Cause": err.Cause}
			out, rerr := applyResultPath(c.ResultPath, input, errOut)
			if rerr != nil {
				return stateResult{}, rerr
			}
			if x.test != nil {
				x.test.status = "CAUGHT_ERROR"
				x.test.note("errorOutput", errOut)
			}
			return stateResult{output: out, next: c.Next, caught: c, errOut: errOut}, nil
		}
		return stateResult{}, err
	}
}

// attempt is one try of a Task, Parallel or Map state: the whole data flow
// from InputPath to OutputPath.
func (x *execution) attempt(ctx context.Context, st *asl.State, input any, sc *scope, entered time.Time, retries int, prev *int64) (out, result any, err *asl.Error) {
	token := ""
	if st.Type == "Task" && (x.usesContext || needsToken(st.Resource)) {
		token = x.token(*prev)
	}
	env := x.env(st, sc, entered, retries, token, nil)
	if st.JSONata != nil {
		return x.attemptJSONata(ctx, st, input, sc, env, entered, token, prev)
	}
	eff, err := selectPath(st.InputPath, input, env)
	if err != nil {
		return nil, nil, err
	}
	x.test.note("afterInputPath", eff)
	switch st.Type {
	case "Task":
		params, err := evalTemplate(st.Parameters, eff, env)
		if err != nil {
			return nil, nil, err
		}
		if st.Parameters != nil {
			x.test.note("afterParameters", params)
		}
		result, err = x.task(ctx, st, params, token, eff, env, prev)
		if err != nil {
			return nil, nil, err
		}
	case "Parallel":
		params, err := evalTemplate(st.Parameters, eff, env)
		if err != nil {
			return nil, nil, err
		}
		result, err = x.parallel(ctx, st, params, sc, prev)
		if err != nil {
			return nil, nil, err
		}
	case "Map":
		result, err = x.mapState(ctx, st, eff, sc, env, entered, prev)
		if err != nil {
			return nil, nil, err
		}
	}
	x.test.note("result", result)
	if st.ResultSelector != nil {
		if result, err = evalTemplate(st.ResultSelector, result, env); err != nil {
			return nil, nil, err
		}
		x.test.note("afterResultSelector", result)
	}
	out, err = applyResultPath(st.ResultPath, input, result)
	if err != nil {
		return nil, nil, err
	}
	x.test.note("afterResultPath", out)
	out, err = selectPath(st.OutputPath, out, env)
	return out, result, err
}

// timeout reads TimeoutSeconds(Path); 0 = none.
func timeoutOf(st *asl.State, eff any, env *asl.Env) (int64, *asl.Error) {
	if st.TimeoutSecondsPath != nil {
		v, err := selectPath(st.TimeoutSecondsPath, eff, env)
		if err != nil {
			return 0, err
		}
		n, ok := asInt(v)
		if !ok || n <= 0 {
			return 0, &asl.Error{Name: asl.ErrRuntime, Cause: "The TimeoutSecondsPath parameter does not reference a positive integer value: " + jsonString(v)}
		}
		return n, nil
	}
	return int64(st.TimeoutSeconds), nil
}

var errTaskTimeout = errors.New("task timed out")

func (x *execution) task(ctx context.Context, st *asl.State, params any, token string, eff any, env *asl.Env, prev *int64) (any, *asl.Error) {
	if isActivity(st.Resource) {
		return x.activityTask(ctx, st, params, token, eff, env, prev)
	}
	base, callback := strings.CutSuffix(st.Resource, ".waitForTaskToken")
	r, ok := x.e.tasks.Resolve(base)
	if !ok {
		return nil, unsupported(st.Resource)
	}
	timeout, err := timeoutOf(st, eff, env)
	if err != nil {
		return nil, err
	}
	if callback {
		r.ResourceName += ".waitForTaskToken"
		if !x.mock.has(st.Name) {
			return x.callbackTask(ctx, st, r, base, params, token, timeout, eff, env, prev)
		}
	}
	if x.rec != nil {
		if r.Kind == KindLambda {
			d := payload("input", params)
			d["resource"] = st.Resource
			if timeout > 0 {
				d["timeoutInSeconds"] = timeout
			}
			*prev = x.rec.add(*prev, "LambdaFunctionScheduled", d)
			*prev = x.rec.add(*prev, "LambdaFunctionStarted", nil)
		} else {
			d := map[string]any{"resourceType": r.ResourceType, "resource": r.ResourceName, "region": x.e.p.Region, "parameters": jsonString(params)}
			if timeout > 0 {
				d["timeoutInSeconds"] = timeout
			}
			*prev = x.rec.add(*prev, "TaskScheduled", d)
			*prev = x.rec.add(*prev, "TaskStarted", map[string]any{"resourceType": r.ResourceType, "resource": r.ResourceName})
		}
	}
	var (
		result   any
		rerr     error
		fail     *asl.Error
		timedOut bool
	)
	if ev := x.rec.recorded(*prev, "TaskSucceeded", "TaskFailed", "TaskTimedOut", "LambdaFunctionSucceeded", "LambdaFunctionFailed", "LambdaFunctionTimedOut"); ev != nil {
		// Resumed after a restart: the task ran to its end before; its
		// recorded result stands and it does not run again.
		x.mock.next(st.Name) // keeps the mock's invocation count
		result, fail, timedOut = outcomeOf(ev)
	} else {
		tctx := ctx
		if timeout > 0 {
			var cancel context.CancelFunc
			tctx, cancel = context.WithTimeoutCause(ctx, remaining(x.timeOf(*prev), timeout, x.e.p.Now()), errTaskTimeout)
			defer cancel()
		}
		x.rec.flush()
		result, rerr = x.run(tctx, st, r, st.Resource, params, token, *prev)
		fail, timedOut = x.taskEnd(ctx, tctx, result, rerr, timeout)
	}
	if fail != nil && fail.Name == errCanceled {
		return nil, fail
	}
	if x.rec != nil {
		if r.Kind == KindLambda {
			switch {
			case timedOut:
				*prev = x.rec.add(*prev, "LambdaFunctionTimedOut", errDetails(fail))
			case fail != nil:
				*prev = x.rec.add(*prev, "LambdaFunctionFailed", errDetails(fail))
			default:
				*prev = x.rec.add(*prev, "LambdaFunctionSucceeded", payload("output", result))
			}
		} else {
			base := map[string]any{"resourceType": r.ResourceType, "resource": r.ResourceName}
			switch {
			case timedOut:
				maps.Copy(base, errDetails(fail))
				*prev = x.rec.add(*prev, "TaskTimedOut", base)
			case fail != nil:
				maps.Copy(base, errDetails(fail))
				*prev = x.rec.add(*prev, "TaskFailed", base)
			default:
				maps.Copy(base, payload("output", result))
				*prev = x.rec.add(*prev, "TaskSucceeded", base)
			}
		}
	}
	if fail != nil {
		return nil, fail
	}
	return result, nil
}

// fanOut runs n jobs with at most limit at once (0 = all), cancelling the
// rest when one fails; it returns the results in order and the first failure.
func fanOut(ctx context.Context, n, limit int, job func(ctx context.Context, i int) (any, *asl.Error)) ([]any, *asl.Error, int) {
	results := make([]any, n)
	if n == 0 {
		return results, nil, -1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if limit <= 0 || limit > n {
		limit = n
	}
	var (
		mu       sync.Mutex
		firstErr *asl.Error
		failedAt = -1
		wg       sync.WaitGroup
		sem      = make(chan struct{}, limit)
	)
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop {
			<-sem
			break
		}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			v, err := job(ctx, i)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil && err.Name != errCanceled {
					firstErr, failedAt = err, i
					cancel()
				}
				return
			}
			results[i] = v
		}(i)
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		return nil, canceled(), -1
	}
	return results, firstErr, failedAt
}

func childScope(sc *scope) *scope { return &scope{vars: sc.vars} }

func (x *execution) parallel(ctx context.Context, st *asl.State, input any, sc *scope, prev *int64) (any, *asl.Error) {
	if x.rec != nil {
		*prev = x.rec.add(*prev, "ParallelStateStarted", nil)
	}
	start := *prev
	last := make([]int64, len(st.Branches)) // each branch's newest event
	results, err, failed := fanOut(ctx, len(st.Branches), 0, func(ctx context.Context, i int) (any, *asl.Error) {
		p := start
		out, err := x.runMachine(ctx, st.Branches[i], input, childScope(sc), &p)
		last[i] = p
		return out, err
	})
	if err != nil {
		if err.Name == errCanceled {
			return nil, err
		}
		if x.rec != nil {
			// Like AWS, the failure points back at the failing branch's last event.
			*prev = x.rec.add(last[failed], "ParallelStateFailed", nil)
		}
		return nil, err
	}
	if x.rec != nil {
		*prev = x.rec.addAfter(start, x.rec.lastID(), "ParallelStateSucceeded", nil)
	}
	return results, nil
}

func (x *execution) mapState(ctx context.Context, st *asl.State, eff any, sc *scope, env *asl.Env, entered time.Time, prev *int64) (any, *asl.Error) {
	itemsV, err := selectPath(st.ItemsPath, eff, env)
	if err != nil {
		return nil, err
	}
	items, ok := itemsV.([]any)
	if !ok {
		p := "$"
		if st.ItemsPath != nil {
			p = st.ItemsPath.String()
		}
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: fmt.Sprintf("Invalid path '%s': The ItemsPath field must reference an array in the effective input, but '%s' was found", p, jsonString(itemsV))}
	}
	limit := st.MaxConcurrency
	if st.MaxConcurrencyPath != nil {
		v, err := selectPath(st.MaxConcurrencyPath, eff, env)
		if err != nil {
			return nil, err
		}
		n, ok := asInt(v)
		if !ok || n < 0 {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The MaxConcurrencyPath field does not reference a non-negative integer: " + jsonString(v)}
		}
		limit = int(n)
	}
	if limit == 0 || limit > 40 {
		limit = 40 // inline Map runs at most 40 iterations at once, as AWS does
	}
	// Item inputs: ItemSelector sees $$.Map.Item.
	inputs := make([]any, len(items))
	for i, it := range items {
		if st.ItemSelector == nil {
			inputs[i] = it
			continue
		}
		ienv := env
		if x.usesContext {
			ienv = x.env(st, sc, entered, 0, "", map[string]any{"Index": int64(i), "Value": it})
		}
		v, err := evalTemplate(st.ItemSelector, eff, ienv)
		if err != nil {
			return nil, err
		}
		inputs[i] = v
	}
	if x.rec != nil {
		*prev = x.rec.add(*prev, "MapStateStarted", map[string]any{"length": int64(len(items))})
	}
	if st.ProcessorMode == "DISTRIBUTED" {
		return x.distributedMap(ctx, st, inputs, eff, env, sc, prev)
	}
	start := *prev
	last := make([]int64, len(inputs)) // each iteration's last inner event
	results, ferr, failed := fanOut(ctx, len(inputs), limit, func(ctx context.Context, i int) (any, *asl.Error) {
		p := start
		if x.rec != nil {
			p = x.rec.add(p, "MapIterationStarted", map[string]any{"name": st.Name, "index": int64(i)})
		}
		out, err := x.runMachine(ctx, st.Processor, inputs[i], childScope(sc), &p)
		last[i] = p
		if x.rec != nil {
			switch {
			case err == nil:
				x.rec.add(p, "MapIterationSucceeded", map[string]any{"name": st.Name, "index": int64(i)})
			case err.Name == errCanceled:
				x.rec.add(p, "MapIterationAborted", map[string]any{"name": st.Name, "index": int64(i)})
			default:
				x.rec.add(p, "MapIterationFailed", map[string]any{"name": st.Name, "index": int64(i)})
			}
		}
		return out, err
	})
	if ferr != nil {
		if ferr.Name != errCanceled && x.rec != nil {
			// As recorded on AWS, MapStateFailed points back at the failing
			// inner event, as MapIterationFailed does.
			*prev = x.rec.add(last[failed], "MapStateFailed", nil)
		}
		return nil, ferr
	}
	if x.rec != nil {
		*prev = x.rec.addAfter(start, x.rec.lastID(), "MapStateSucceeded", nil)
	}
	return results, nil
}

// timeOf is when event id was recorded (see recorder.timeOf); an execution
// without history (Express) has only now, on the engine's clock.
func (x *execution) timeOf(id int64) time.Time {
	if x.rec == nil {
		return x.e.p.Now()
	}
	return x.rec.timeOf(id)
}

// taskEnd classifies a task's invocation: its failure (nil: success) and
// whether it timed out; a run stopped meanwhile is canceled.
func (x *execution) taskEnd(ctx, tctx context.Context, result any, rerr error, timeout int64) (*asl.Error, bool) {
	switch {
	case ctx.Err() != nil:
		return canceled(), false
	case rerr != nil && context.Cause(tctx) == errTaskTimeout:
		return &asl.Error{Name: asl.ErrTimeout, Cause: fmt.Sprintf("Task timed out after %d seconds", timeout)}, true
	case rerr != nil:
		var ae *asl.Error
		if !errors.As(rerr, &ae) {
			return &asl.Error{Name: asl.ErrTaskFailed, Cause: rerr.Error()}, false
		}
		return ae, false
	default:
		if b, err := asl.Encode(result); err == nil && len(b) > maxPayload {
			return dataLimit("task result"), false
		}
	}
	return nil, false
}

// sleepFrom waits until d (scaled by WaitTimeScale) after since: a Wait
// from its entry, a retry from the failure, so that a run resumed after a
// restart waits only what is left.
func (x *execution) sleepFrom(ctx context.Context, since time.Time, d time.Duration) error {
	// Rounded to the millisecond, history's precision: a live wait is not
	// shortened by the nanoseconds since its entry was recorded.
	d = (time.Duration(float64(d)*x.e.p.WaitTimeScale) - x.e.p.Now().Sub(since)).Round(time.Millisecond)
	if d <= 0 {
		return ctx.Err()
	}
	x.rec.flush() // the wait's start is recorded before it waits
	return x.e.p.Sleep(ctx, d)
}

// token is the task token of the attempt that follows event prev. In a
// Standard execution it is derived from the execution and the event, so a
// run resumed after a restart issues the same token and finds the task the
// store kept; Express executions have no history and get random ones.
func (x *execution) token(prev int64) string {
	if x.rec == nil {
		return x.e.newToken()
	}
	sum := sha256.Sum256([]byte(x.arn + "#" + strconv.FormatInt(prev, 10)))
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(sum[:])
}
