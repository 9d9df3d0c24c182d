package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"strconv"
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
// prev is the event before the invocation (TaskStarted), which names it.
func (x *execution) run(ctx context.Context, st *asl.State, r Resolved, resource string, params any, token string, prev int64) (any, error) {
	if v, err, ok := x.mock.next(st.Name); ok {
		return v, err
	}
	return r.Run(ctx, &Task{Resource: resource, Input: params, Token: token, Region: x.e.p.Region, ID: x.callID(prev)})
}

// callID is Task.ID: a UUID-shaped digest of the execution and the event
// before the call, the same when a resumed run calls again.
func (x *execution) callID(prev int64) string {
	if x.rec == nil {
		return ""
	}
	return x.stableUUID("call#" + strconv.FormatInt(prev, 10))
}

// stableUUID is a UUID-shaped digest of the execution and what, for names
// that must come out the same when a resumed run makes them again.
func (x *execution) stableUUID(what string) string {
	h := sha256.Sum256([]byte(x.arn + "#" + what))
	h[6] = h[6]&0x0f | 0x40 // version 4 layout, variant 10
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
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
// Resumed after a restart, it replays what was recorded and waits on the
// task record the store kept (the same token): a result sent while the
// engine was down is in the record, and the timeouts run from the times the
// record holds.
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
	if x.rec.recorded(*prev, "ActivityScheduled") == nil { // else scheduled before a restart
		if _, gerr := tst.GetActivity(context.Background(), st.Resource); gerr != nil {
			fail := &asl.Error{Name: asl.ErrRuntime, Cause: "Activity Does Not Exist: '" + st.Resource + "'"}
			*prev = x.rec.add(*prev, "ActivityScheduleFailed", errDetails(fail))
			return nil, fail
		}
	}
	*prev = x.rec.add(*prev, "ActivityScheduled", d)
	started := false
	if ev := x.rec.recorded(*prev, "ActivityStarted"); ev != nil {
		*prev = x.rec.add(*prev, "ActivityStarted", ev.Details)
		started = true
	}
	var (
		out      any
		fail     *asl.Error
		timedOut bool
	)
	if ev := x.rec.recorded(*prev, "ActivitySucceeded", "ActivityFailed", "ActivityTimedOut"); ev != nil {
		out, fail, timedOut = outcomeOf(ev)
	} else {
		x.rec.flush()
		w := newWaiter()
		x.e.cb.add(token, w)
		defer x.e.cb.remove(token)
		rec, perr := x.taskRecord(&store.TaskRecord{Token: token, StateName: st.Name, ActivityARN: st.Resource, Input: input,
			TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat})
		if perr != nil {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "schedule activity task: " + perr.Error()}
		}
		if rec.Status != store.TaskScheduled && !started && rec.Worker != "" {
			// A worker took it before the restart, unrecorded.
			*prev = x.rec.add(*prev, "ActivityStarted", map[string]any{"workerName": rec.Worker})
			started = true
		}
		if rec.Status == store.TaskScheduled {
			x.e.cb.queued(st.Resource)
		}
		out, fail, timedOut = x.await(ctx, rec, w, started, func(worker string) {
			*prev = x.rec.add(*prev, "ActivityStarted", map[string]any{"workerName": worker})
			x.rec.flush() // seen in the history while the worker works
		})
	}
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

// outcomeOf reads a task's result back from its recorded closing event
// (…Succeeded with an output, …Failed or …TimedOut with an error), for a
// run resumed after a restart.
func outcomeOf(ev *store.Event) (out any, fail *asl.Error, timedOut bool) {
	d := ev.Details
	str := func(k string) string { s, _ := d[k].(string); return s }
	switch {
	case strings.HasSuffix(ev.Type, "Succeeded"):
		v, err := asl.Decode([]byte(str("output")))
		if err != nil {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "recorded task output: " + err.Error()}, false
		}
		return v, nil, false
	case strings.HasSuffix(ev.Type, "TimedOut"):
		return nil, &asl.Error{Name: str("error"), Cause: str("cause")}, true
	default:
		return nil, &asl.Error{Name: str("error"), Cause: str("cause")}, false
	}
}

// recordedEnd is the result a closed task record holds.
func recordedEnd(rec *store.TaskRecord) (out any, fail *asl.Error, timedOut bool) {
	switch rec.Status {
	case store.TaskSucceeded:
		v, err := asl.Decode([]byte(rec.Output))
		if err != nil {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "recorded task output: " + err.Error()}, false
		}
		return v, nil, false
	case store.TaskTimedOut:
		return nil, &asl.Error{Name: asl.ErrTimeout}, true
	default:
		return nil, &asl.Error{Name: rec.Error, Cause: rec.Cause}, false
	}
}

// callbackTask runs a .waitForTaskToken integration: the integration is
// called (its response recorded as TaskSubmitted) and the state then waits
// for SendTaskSuccess or SendTaskFailure with the token. A mocked state
// completes with its mock and no callback, as Step Functions Local does.
// Resumed after a restart, an integration whose TaskSubmitted was recorded
// is not called again: the state waits on its token, which is the same.
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
	// What a run before a restart recorded: the call's failure, or its
	// submission and perhaps the result.
	if ev := x.rec.recorded(*prev, "TaskFailed", "TaskTimedOut", "TaskSubmitted"); ev != nil && ev.Type != "TaskSubmitted" {
		_, fail, _ := outcomeOf(ev)
		event(ev.Type, errDetails(fail))
		return nil, fail
	} else if ev != nil {
		*prev = x.rec.add(*prev, ev.Type, ev.Details)
		if end := x.rec.recorded(*prev, "TaskSucceeded", "TaskFailed", "TaskTimedOut"); end != nil {
			out, fail, _ := outcomeOf(end)
			*prev = x.rec.add(*prev, end.Type, end.Details)
			return out, fail
		}
		rec, gerr := tst.GetTask(context.Background(), token)
		if gerr != nil {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "resume task token: " + gerr.Error()}
		}
		w := newWaiter()
		x.e.cb.add(token, w)
		defer x.e.cb.remove(token)
		if again, err := tst.GetTask(context.Background(), token); err == nil {
			rec = again // a result may have come between the read and the registration
		}
		return x.callbackResult(ctx, rec, w, event)
	}
	x.rec.flush()
	// Register the token before calling out: the callee may answer at once.
	w := newWaiter()
	x.e.cb.add(token, w)
	defer x.e.cb.remove(token)
	rec, perr := x.taskRecord(&store.TaskRecord{Token: token, StateName: st.Name, TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat})
	if perr != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "register task token: " + perr.Error()}
	}
	tctx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		tctx, cancel = context.WithTimeoutCause(ctx, remaining(rec.Scheduled, timeout, x.e.p.Now()), errTaskTimeout)
		defer cancel()
	}
	result, rerr := x.run(tctx, st, r, base, params, token, *prev)
	if rerr != nil {
		if ctx.Err() != nil {
			x.e.closeTask(token, store.TaskEnd{Status: store.TaskFailed})
			return nil, canceled()
		}
		x.e.closeTask(token, store.TaskEnd{Status: store.TaskFailed}) // the task failed before waiting
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
	if again, err := tst.GetTask(context.Background(), token); err == nil {
		rec = again
	}
	return x.callbackResult(ctx, rec, w, event)
}

// callbackResult waits for a submitted callback task's result and records it.
func (x *execution) callbackResult(ctx context.Context, rec *store.TaskRecord, w *waiter, event func(string, map[string]any)) (any, *asl.Error) {
	x.rec.flush()
	out, fail, timedOut := x.await(ctx, rec, w, true, nil)
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

// taskRecord returns the stored task with want's token: the one a run
// before a restart created, or want, stored now as a new SCHEDULED task of
// this execution.
func (x *execution) taskRecord(want *store.TaskRecord) (*store.TaskRecord, error) {
	if rec, err := x.e.tst.GetTask(context.Background(), want.Token); err == nil {
		return rec, nil
	}
	now := x.e.p.Now()
	want.ExecutionARN, want.Status, want.Scheduled, want.Heartbeat = x.arn, store.TaskScheduled, now, now
	return want, x.e.tst.PutTask(context.Background(), want)
}

// remaining is what is left of a timeout of secs seconds that started at
// since (at least a millisecond, so an expired one still fires).
func remaining(since time.Time, secs int64, now time.Time) time.Duration {
	return max(time.Millisecond, time.Duration(secs)*time.Second-now.Sub(since))
}

// closeTask ends a task the execution gives up on, unless the engine is
// shutting down: then the task stays open for the resumed execution.
func (e *Engine) closeTask(token string, end store.TaskEnd) {
	if e.ctx.Err() != nil {
		return
	}
	e.tst.CloseTask(context.Background(), token, end) //nolint:errcheck // the execution is leaving the state either way
}

// await waits for a task's result: a success or failure sent with its
// token, a timeout (the record's TimeoutSeconds from when it was scheduled;
// HeartbeatSeconds since the task started or last heartbeat), or the
// execution stopping. rec is the task as stored: a task that closed while
// the engine was down returns its kept result at once. The store's
// CloseTask decides races: a result that closed the task first wins over a
// timer firing at the same moment. onStart, if set, runs when a worker
// takes the task; started says the heartbeat clock runs already.
func (x *execution) await(ctx context.Context, rec *store.TaskRecord, w *waiter, started bool, onStart func(worker string)) (any, *asl.Error, bool) {
	if !rec.Open() {
		return recordedEnd(rec)
	}
	tst := x.e.tst
	token := rec.Token
	now := x.e.p.Now()
	var tC, hC <-chan time.Time
	if rec.TimeoutSeconds > 0 {
		t := time.NewTimer(remaining(rec.Scheduled, rec.TimeoutSeconds, now))
		defer t.Stop()
		tC = t.C
	}
	heartbeat := rec.HeartbeatSeconds
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
		resetHB(remaining(rec.Heartbeat, heartbeat, now))
	}
	// expire closes the task as timed out unless a result got there first.
	expire := func() bool {
		_, err := tst.CloseTask(context.Background(), token, store.TaskEnd{Status: store.TaskTimedOut})
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
			x.e.closeTask(token, store.TaskEnd{Status: store.TaskFailed})
			return nil, canceled(), false
		}
	}
}
