package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// errHeartbeat is the error of every heartbeat timeout. As recorded on AWS
// it surfaces as States.Timeout, and Retry and Catch match it with either
// States.Timeout or States.HeartbeatTimeout; being one value, it is told
// apart by identity. It is never modified.
var errHeartbeat = &asl.Error{Name: asl.ErrTimeout}

// needsToken reports whether a Task resource waits on a task token, so the
// state gets one even when the definition never reads $$.
func needsToken(resource string) bool {
	return isActivity(resource) || strings.HasSuffix(resource, ".waitForTaskToken")
}

// unsupported is the run-time error for a resource no resolver handles.
func unsupported(resource string) *asl.Error {
	return &asl.Error{Name: asl.ErrRuntime, Cause: fmt.Sprintf("The resource '%s' is not supported by appsync-local (supported: Lambda function ARNs, activity ARNs, "+
		"arn:aws:states:::lambda:invoke, dynamodb:getItem|putItem|updateItem|deleteItem, http:invoke, states:startExecution(.sync, .sync:2), "+
		"sqs:sendMessage, sns:publish, events:putEvents, each also with .waitForTaskToken)", resource)}
}

// run invokes a resolved resource, or returns the mocked response when the
// execution runs a mock test case that names the state.
func (x *execution) run(ctx context.Context, st *asl.State, r Resolved, resource string, params any, token string) (any, error) {
	if v, err, ok := x.mock.next(st.Name); ok {
		return v, err
	}
	return r.Run(ctx, &Task{Resource: resource, Input: params, Token: token, Region: x.e.p.Region})
}

// heartbeatOf reads HeartbeatSeconds(Path); 0 = none.
func heartbeatOf(st *asl.State, eff any, env *asl.Env) (int64, *asl.Error) {
	if st.HeartbeatSecondsPath != nil {
		v, err := selectPath(st.HeartbeatSecondsPath, eff, env)
		if err != nil {
			return 0, err
		}
		n, ok := asInt(v)
		if !ok || n <= 0 {
			return 0, &asl.Error{Name: asl.ErrRuntime, Cause: "The HeartbeatSecondsPath parameter does not reference a positive integer value: " + jsonString(v)}
		}
		return n, nil
	}
	return int64(st.HeartbeatSeconds), nil
}

// activityTask schedules a task for the activity's workers and waits for
// its result: ActivityScheduled, ActivityStarted{workerName} when a worker
// takes it, then ActivitySucceeded, ActivityFailed or ActivityTimedOut.
func (x *execution) activityTask(ctx context.Context, st *asl.State, params any, token string, eff any, env *asl.Env, prev *int64) (any, *asl.Error) {
	if x.mock.has(st.Name) {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "Activity state cannot be mocked. Please remove mocks mapped for all activity state in the mock config file."}
	}
	tst := x.e.tst
	if tst == nil || x.rec == nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "Activities run only in Standard executions with a store that keeps tasks"}
	}
	timeout, err := timeoutOf(st, eff, env)
	if err != nil {
		return nil, err
	}
	heartbeat, err := heartbeatOf(st, eff, env)
	if err != nil {
		return nil, err
	}
	input := jsonString(params)
	d := payload("input", params)
	d["resource"] = st.Resource
	if timeout > 0 {
		d["timeoutInSeconds"] = timeout
	}
	if heartbeat > 0 {
		d["heartbeatInSeconds"] = heartbeat
	}
	if _, gerr := tst.GetActivity(context.Background(), st.Resource); gerr != nil {
		fail := &asl.Error{Name: asl.ErrRuntime, Cause: "Activity Does Not Exist: '" + st.Resource + "'"}
		*prev = x.rec.add(*prev, "ActivityScheduleFailed", errDetails(fail))
		return nil, fail
	}
	*prev = x.rec.add(*prev, "ActivityScheduled", d)
	w := newWaiter()
	x.e.cb.add(token, w)
	defer x.e.cb.remove(token)
	now := x.e.p.Now()
	rec := &store.TaskRecord{Token: token, ExecutionARN: x.arn, StateName: st.Name, ActivityARN: st.Resource, Input: input,
		Status: store.TaskScheduled, Scheduled: now, Heartbeat: now, TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat}
	if perr := tst.PutTask(context.Background(), rec); perr != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "schedule activity task: " + perr.Error()}
	}
	x.e.cb.queued(st.Resource)
	out, fail, timedOut := x.await(ctx, token, w, timeout, heartbeat, false, func(worker string) {
		*prev = x.rec.add(*prev, "ActivityStarted", map[string]any{"workerName": worker})
	})
	switch {
	case fail != nil && fail.Name == errCanceled:
		return nil, fail
	case timedOut:
		*prev = x.rec.add(*prev, "ActivityTimedOut", errDetails(fail))
	case fail != nil:
		*prev = x.rec.add(*prev, "ActivityFailed", errDetails(fail))
	default:
		*prev = x.rec.add(*prev, "ActivitySucceeded", payload("output", out))
	}
	if fail != nil {
		return nil, fail
	}
	return out, nil
}

// callbackTask runs a .waitForTaskToken integration: the integration is
// called (its response recorded as TaskSubmitted) and the state then waits
// for SendTaskSuccess or SendTaskFailure with the token. A mocked state
// completes with its mock and no callback, as Step Functions Local does.
func (x *execution) callbackTask(ctx context.Context, st *asl.State, r Resolved, base string, params any, token string, timeout int64, eff any, env *asl.Env, prev *int64) (any, *asl.Error) {
	tst := x.e.tst
	if tst == nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "Task tokens need a store that keeps tasks"}
	}
	heartbeat, err := heartbeatOf(st, eff, env)
	if err != nil {
		return nil, err
	}
	base0 := map[string]any{"resourceType": r.ResourceType, "resource": r.ResourceName}
	if x.rec != nil {
		d := map[string]any{"resourceType": r.ResourceType, "resource": r.ResourceName, "region": x.e.p.Region, "parameters": jsonString(params)}
		if timeout > 0 {
			d["timeoutInSeconds"] = timeout
		}
		if heartbeat > 0 {
			d["heartbeatInSeconds"] = heartbeat
		}
		*prev = x.rec.add(*prev, "TaskScheduled", d)
		*prev = x.rec.add(*prev, "TaskStarted", maps.Clone(base0))
	}
	event := func(typ string, more map[string]any) {
		if x.rec != nil {
			d := maps.Clone(base0)
			maps.Copy(d, more)
			*prev = x.rec.add(*prev, typ, d)
		}
	}
	// Register the token before calling out: the callee may answer at once.
	w := newWaiter()
	x.e.cb.add(token, w)
	defer x.e.cb.remove(token)
	now := x.e.p.Now()
	if perr := tst.PutTask(context.Background(), &store.TaskRecord{Token: token, ExecutionARN: x.arn, StateName: st.Name, Status: store.TaskScheduled,
		Scheduled: now, Heartbeat: now, TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat}); perr != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "register task token: " + perr.Error()}
	}
	var deadline time.Time
	tctx := ctx
	if timeout > 0 {
		deadline = time.Now().Add(time.Duration(timeout) * time.Second)
		var cancel context.CancelFunc
		tctx, cancel = context.WithDeadlineCause(ctx, deadline, errTaskTimeout)
		defer cancel()
	}
	result, rerr := x.run(tctx, st, r, base, params, token)
	if rerr != nil {
		if ctx.Err() != nil {
			tst.CloseTask(context.Background(), token, store.TaskFailed) //nolint:errcheck // the execution is stopping
			return nil, canceled()
		}
		tst.CloseTask(context.Background(), token, store.TaskFailed) //nolint:errcheck // the task failed before waiting
		fail := toErr(rerr)
		var ae *asl.Error
		if context.Cause(tctx) == errTaskTimeout {
			fail = &asl.Error{Name: asl.ErrTimeout}
			event("TaskTimedOut", errDetails(fail))
			return nil, fail
		}
		if !errors.As(rerr, &ae) {
			fail = &asl.Error{Name: asl.ErrTaskFailed, Cause: rerr.Error()}
		}
		event("TaskFailed", errDetails(fail))
		return nil, fail
	}
	event("TaskSubmitted", payload("output", result))
	remaining := int64(0)
	if timeout > 0 {
		remaining = max(1, int64(time.Until(deadline).Round(time.Second)/time.Second))
	}
	out, fail, timedOut := x.await(ctx, token, w, remaining, heartbeat, true, nil)
	switch {
	case fail != nil && fail.Name == errCanceled:
		return nil, fail
	case timedOut:
		event("TaskTimedOut", errDetails(fail))
	case fail != nil:
		event("TaskFailed", errDetails(fail))
	default:
		event("TaskSucceeded", payload("output", out))
	}
	if fail != nil {
		return nil, fail
	}
	return out, nil
}

// await waits for a task's result: a success or failure sent with its
// token, a timeout (TimeoutSeconds from now; HeartbeatSeconds since the
// task started or last heartbeat), or the execution stopping. The store's
// CloseTask decides races: a result that closed the task first wins over a
// timer firing at the same moment. onStart, if set, runs when a worker
// takes the task; started says the heartbeat clock runs from the start.
func (x *execution) await(ctx context.Context, token string, w *waiter, timeout, heartbeat int64, started bool, onStart func(worker string)) (any, *asl.Error, bool) {
	tst := x.e.tst
	var tC, hC <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		tC = t.C
	}
	hbDur := time.Duration(heartbeat) * time.Second
	var hb *time.Timer
	resetHB := func(d time.Duration) {
		if heartbeat <= 0 {
			return
		}
		if hb == nil {
			hb = time.NewTimer(d)
			hC = hb.C
			return
		}
		hb.Reset(d)
		hC = hb.C
	}
	defer func() {
		if hb != nil {
			hb.Stop()
		}
	}()
	if started {
		resetHB(hbDur)
	}
	// expire closes the task as timed out unless a result got there first.
	expire := func() bool {
		_, err := tst.CloseTask(context.Background(), token, store.TaskTimedOut)
		return err == nil
	}
	for {
		select {
		case <-w.notify:
			for _, s := range w.take() {
				switch s.kind {
				case sigStarted:
					if onStart != nil {
						onStart(s.worker)
					}
					started = true
					resetHB(hbDur)
				case sigHeartbeat:
					if started {
						resetHB(hbDur)
					}
				case sigSuccess:
					return s.output, nil, false
				case sigFailure:
					return nil, s.err, false
				}
			}
		case <-tC:
			tC = nil
			if expire() {
				return nil, &asl.Error{Name: asl.ErrTimeout}, true
			}
		case <-hC:
			hC = nil
			// A heartbeat may have arrived while the timer fired: the
			// store's time of the last one decides.
			if rec, err := tst.GetTask(context.Background(), token); err == nil && rec.Open() {
				if idle := x.e.p.Now().Sub(rec.Heartbeat); idle < hbDur {
					resetHB(hbDur - idle)
					continue
				}
			}
			if expire() {
				return nil, errHeartbeat, true
			}
		case <-ctx.Done():
			tst.CloseTask(context.Background(), token, store.TaskFailed) //nolint:errcheck // the execution is stopping either way
			return nil, canceled(), false
		}
	}
}
