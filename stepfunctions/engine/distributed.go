package engine

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// batchItems groups items as ItemBatcher says: {"Items": [...]} plus
// BatchInput's fields.
func batchItems(b *asl.ItemBatcher, items []any, eff any, env *asl.Env) ([]any, *asl.Error) {
	maxItems := b.MaxItemsPerBatch
	if b.MaxItemsPerBatchPath != nil {
		v, err := selectPath(b.MaxItemsPerBatchPath, eff, env)
		if err != nil {
			return nil, err
		}
		n, ok := asInt(v)
		if !ok || n <= 0 {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The MaxItemsPerBatchPath field does not reference a positive integer: " + jsonString(v)}
		}
		maxItems = int(n)
	}
	maxBytes := b.MaxInputBytesPerBatch
	if b.MaxInputBytesPerBatchPath != nil {
		v, err := selectPath(b.MaxInputBytesPerBatchPath, eff, env)
		if err != nil {
			return nil, err
		}
		n, ok := asInt(v)
		if !ok || n <= 0 {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The MaxInputBytesPerBatchPath field does not reference a positive integer: " + jsonString(v)}
		}
		maxBytes = int(n)
	}
	if maxBytes == 0 || maxBytes > maxPayload {
		maxBytes = maxPayload
	}
	var batchInput map[string]any
	if b.BatchInput != nil {
		v, err := evalTemplate(b.BatchInput, eff, env)
		if err != nil {
			return nil, err
		}
		batchInput, _ = v.(map[string]any)
	}
	var out []any
	var cur []any
	size := 0
	flush := func() {
		if len(cur) == 0 {
			return
		}
		m := map[string]any{"Items": cur}
		if batchInput != nil {
			m["BatchInput"] = batchInput
		}
		out = append(out, m)
		cur, size = nil, 0
	}
	for _, it := range items {
		n := len(jsonString(it)) + 1
		if len(cur) > 0 && ((maxItems > 0 && len(cur) >= maxItems) || size+n > maxBytes) {
			flush()
		}
		cur = append(cur, it)
		size += n
	}
	flush()
	return out, nil
}

// distributedMap runs each item (or batch) as a child execution of a map
// run and applies the tolerated-failure thresholds.
func (x *execution) distributedMap(ctx context.Context, st *asl.State, inputs []any, eff any, env *asl.Env, sc *scope, prev *int64) (any, *asl.Error) {
	if st.ItemBatcher != nil {
		b, err := batchItems(st.ItemBatcher, inputs, eff, env)
		if err != nil {
			return nil, err
		}
		inputs = b
	}
	tolCount, tolPct := -1.0, -1.0
	if st.ToleratedFailureCount > 0 {
		tolCount = float64(st.ToleratedFailureCount)
	}
	if st.ToleratedFailureCountPath != nil {
		v, err := selectPath(st.ToleratedFailureCountPath, eff, env)
		if err != nil {
			return nil, err
		}
		n, ok := asInt(v)
		if !ok || n < 0 {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The ToleratedFailureCountPath field does not reference a non-negative integer: " + jsonString(v)}
		}
		tolCount = float64(n)
	}
	if st.ToleratedFailurePercentage > 0 {
		tolPct = st.ToleratedFailurePercentage
	}
	if st.ToleratedFailurePercentagePath != nil {
		v, err := selectPath(st.ToleratedFailurePercentagePath, eff, env)
		if err != nil {
			return nil, err
		}
		f, ok := asFloat(v)
		if !ok || f < 0 || f > 100 {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The ToleratedFailurePercentagePath field does not reference a number between 0 and 100: " + jsonString(v)}
		}
		tolPct = f
	}
	label := st.Label
	if label == "" {
		label = st.Name
	}
	p := x.e.p
	runID := p.NewID()
	if x.rec != nil {
		runID = x.stableUUID("mapRun#" + strconv.FormatInt(*prev, 10))
	}
	base := x.machineName + "/" + label
	mapRunARN := fmt.Sprintf("arn:aws:states:%s:%s:mapRun:%s:%s", p.Region, p.Account, base, runID)
	childMachine := fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", p.Region, p.Account, base)
	if x.rec != nil {
		*prev = x.rec.add(*prev, "MapRunStarted", map[string]any{"mapRunArn": mapRunARN})
	}
	runStarted := *prev
	x.rec.flush() // before its children exist
	express := st.ExecutionType == store.TypeExpress
	limit := st.MaxConcurrency
	if limit <= 0 || limit > 40 {
		limit = 40
	}
	results := make([]any, len(inputs))
	var (
		mu       sync.Mutex
		failures int
		wg       sync.WaitGroup
		sem      = make(chan struct{}, limit)
	)
	for i := range inputs {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			name := p.NewID()
			if x.rec != nil && !express {
				name = x.stableUUID(fmt.Sprintf("mapRun#%d#%d", runStarted, i))
			}
			child := &execution{
				e: x.e, name: name, machineARN: childMachine, machineName: base, roleARN: x.roleARN,
				start: p.Now(), input: inputs[i], usesContext: x.usesContext,
			}
			if express {
				child.arn = fmt.Sprintf("arn:aws:states:%s:%s:express:%s:%s:%s", p.Region, p.Account, base, name, p.NewID())
			} else {
				child.arn = fmt.Sprintf("arn:aws:states:%s:%s:execution:%s:%s", p.Region, p.Account, base, name)
			}
			child.initContext()
			var out any
			var err *asl.Error
			if express {
				var q int64
				out, err = child.runMachine(ctx, st.Processor, inputs[i], childScope(sc), &q)
			} else {
				out, err = x.e.runChild(ctx, child, st.Processor, inputs[i], childScope(sc), mapRunARN)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failures++
				results[i] = map[string]any{"Error": err.Name, "Cause": err.Cause}
				return
			}
			results[i] = out
		}(i)
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, canceled()
	}
	pct := float64(failures) * 100 / math.Max(1, float64(len(inputs)))
	exceeded := failures > 0 && tolCount < 0 && tolPct < 0 ||
		tolCount >= 0 && float64(failures) > tolCount ||
		tolPct >= 0 && pct > tolPct
	if exceeded {
		e := &asl.Error{Name: asl.ErrExceedToleratedFailure, Cause: "The specified tolerated failure threshold was exceeded"}
		if x.rec != nil {
			*prev = x.rec.addAfter(runStarted, x.rec.lastID(), "MapRunFailed", errDetails(e))
			*prev = x.rec.add(*prev, "MapStateFailed", nil)
		}
		return nil, e
	}
	if x.rec != nil {
		*prev = x.rec.addAfter(runStarted, x.rec.lastID(), "MapRunSucceeded", nil)
		*prev = x.rec.add(*prev, "MapStateSucceeded", nil)
	}
	return results, nil
}

// mapRunMachine turns a map run ARN into the ARN its child executions list under.
func mapRunMachine(mapRunARN string) (string, bool) {
	i := strings.Index(mapRunARN, ":mapRun:")
	if i < 0 {
		return "", false
	}
	rest := mapRunARN[i+len(":mapRun:"):]
	j := strings.LastIndexByte(rest, ':')
	if j < 0 {
		return "", false
	}
	return mapRunARN[:i] + ":stateMachine:" + rest[:j], true
}

// runChild runs a distributed Map's Standard child execution. A parent
// resumed after a restart runs its Map state again and names its children
// the same: a child that already finished gives its recorded outcome, and
// one still running is resumed from its history like any execution.
func (e *Engine) runChild(ctx context.Context, child *execution, proc *asl.StateMachine, input any, sc *scope, mapRun string) (any, *asl.Error) {
	if ex, err := e.st.GetExecution(ctx, child.arn); err == nil {
		if ex.Closed() {
			return childOutcome(ex)
		}
		if h, err := e.st.History(ctx, child.arn); err == nil && len(h) > 0 {
			child.start = ex.Started
			child.initContext()
			child.rec = &recorder{arn: child.arn, st: e.st, now: e.p.Now, stopped: e.ctx.Done()}
			child.rec.resume(h)
			q := h[0].ID
			out, aerr := child.runMachine(ctx, proc, input, sc, &q)
			e.finishRecord(ctx, child, out, aerr)
			return out, aerr
		}
	}
	child.rec = e.startRecord(ctx, child, jsonString(input), mapRun)
	q := child.rec.lastID()
	out, aerr := child.runMachine(ctx, proc, input, sc, &q)
	e.finishRecord(ctx, child, out, aerr)
	return out, aerr
}

// childOutcome is a finished child's result or error, as its run gave it.
func childOutcome(ex *store.Execution) (any, *asl.Error) {
	if ex.Status == store.StatusSucceeded && ex.Output != nil {
		v, err := asl.Decode([]byte(*ex.Output))
		if err != nil {
			return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "child output is not JSON: " + err.Error()}
		}
		return v, nil
	}
	e := &asl.Error{}
	if ex.Error != nil {
		e.Name = *ex.Error
	}
	if ex.Cause != nil {
		e.Cause = *ex.Cause
	}
	return nil, e
}
