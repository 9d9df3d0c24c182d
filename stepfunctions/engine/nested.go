package engine

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
)

// NestedResolver handles arn:aws:states:::states:startExecution with the
// request-response, .sync (Output as a JSON string) and .sync:2 (Output
// parsed) patterns, starting the child in this engine; .waitForTaskToken is
// handled by the engine around the request-response form. Parameters are
// StartExecution's: StateMachineArn, Input (an object or a JSON string) and
// Name. Pass "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"
// in Input to link the child to its parent, as on AWS.
func (e *Engine) NestedResolver() Resolver {
	return func(resource string) (Resolved, bool) {
		rest, ok := strings.CutPrefix(resource, "arn:aws:states:::states:startExecution")
		if !ok {
			return Resolved{}, false
		}
		var mode int
		switch rest {
		case "":
		case ".sync":
			mode = 1
		case ".sync:2":
			mode = 2
		default:
			return Resolved{}, false
		}
		return Resolved{Kind: KindTask, ResourceType: "states", ResourceName: "startExecution" + rest, Run: func(ctx context.Context, t *Task) (any, error) {
			return e.nested(ctx, t, mode)
		}}, true
	}
}

func epochMillis(t time.Time) int64 { return t.UnixMilli() }

func (e *Engine) nested(ctx context.Context, t *Task, mode int) (any, error) {
	p, _ := t.Input.(map[string]any)
	arn, _ := p["StateMachineArn"].(string)
	if arn == "" {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The field 'StateMachineArn' is required for resource " + t.Resource}
	}
	in := &StartExecutionInput{StateMachineArn: arn}
	if n, ok := p["Name"].(string); ok {
		in.Name = n
	} else {
		in.Name = t.ID // stable, so a parent resumed after a restart finds its child
	}
	switch v := p["Input"].(type) {
	case nil:
	case string:
		in.Input = &v
	default:
		s := jsonString(v)
		in.Input = &s
	}
	sdkErr := func(err error) error {
		var ae *Error
		if errors.As(err, &ae) {
			return &asl.Error{Name: "StepFunctions." + ae.Code + "Exception", Cause: ae.Message}
		}
		return err
	}
	m, aerr := e.lookup(ctx, strings.SplitN(arn, "#", 2)[0])
	if aerr != nil {
		return nil, sdkErr(aerr)
	}
	if mode != 0 && m.sm.Type == store.TypeExpress {
		out, err := e.StartSyncExecution(ctx, in)
		if err != nil {
			return nil, sdkErr(err)
		}
		d := &DescribeExecutionOutput{ExecutionArn: out.ExecutionArn, StateMachineArn: out.StateMachineArn, Name: out.Name, Status: out.Status,
			StartDate: out.StartDate, StopDate: out.StopDate, Input: out.Input, Output: out.Output, Error: out.Error, Cause: out.Cause}
		return syncResult(d, mode)
	}
	started, err := e.StartExecution(ctx, in)
	var ae *Error
	if errors.As(err, &ae) && ae.Code == "ExecutionAlreadyExists" && in.Name == t.ID && t.ID != "" {
		// The child this task started before a restart, and it has
		// finished: take its outcome rather than fail.
		_, rest, _ := arnParts(m.sm.ARN)
		arn := "arn:aws:states:" + e.p.Region + ":" + e.p.Account + ":execution:" + rest + ":" + in.Name
		if ex, gerr := e.st.GetExecution(ctx, arn); gerr == nil {
			started, err = &StartExecutionOutput{ExecutionArn: ex.ARN, StartDate: ts(ex.Started)}, nil
		}
	}
	if err != nil {
		return nil, sdkErr(err)
	}
	if mode == 0 {
		return map[string]any{"ExecutionArn": started.ExecutionArn, "StartDate": epochMillis(time.Time(*started.StartDate))}, nil
	}
	if err := e.Wait(ctx, started.ExecutionArn); err != nil {
		// The parent stopped or timed out: stop the child too, as AWS does
		// (unless the engine is shutting down: both resume later).
		if e.ctx.Err() == nil {
			e.StopExecution(context.Background(), started.ExecutionArn, "", "") //nolint:errcheck // best effort
		}
		return nil, err
	}
	d, err := e.DescribeExecution(ctx, started.ExecutionArn)
	if err != nil {
		return nil, sdkErr(err)
	}
	return syncResult(d, mode)
}

// syncResult shapes a finished child as .sync (Output a JSON string) or
// .sync:2 (Output parsed) returns it; a child that did not succeed fails
// the task with States.TaskFailed and the description as cause.
func syncResult(d *DescribeExecutionOutput, mode int) (any, error) {
	out := map[string]any{
		"ExecutionArn": d.ExecutionArn, "StateMachineArn": d.StateMachineArn, "Name": d.Name, "Status": d.Status,
		"Input": d.Input, "InputDetails": map[string]any{"Included": true},
	}
	if mode == 2 {
		v, _ := asl.Decode([]byte(d.Input))
		out["Input"] = v
	}
	if d.StartDate != nil {
		out["StartDate"] = epochMillis(time.Time(*d.StartDate))
	}
	if d.StopDate != nil {
		out["StopDate"] = epochMillis(time.Time(*d.StopDate))
	}
	if d.Output != nil {
		out["OutputDetails"] = map[string]any{"Included": true}
		if mode == 2 {
			v, err := asl.Decode([]byte(*d.Output))
			if err != nil {
				return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "child output is not JSON: " + err.Error()}
			}
			out["Output"] = v
		} else {
			out["Output"] = *d.Output
		}
	}
	if d.Error != nil {
		out["Error"] = *d.Error
	}
	if d.Cause != nil {
		out["Cause"] = *d.Cause
	}
	if d.Status != store.StatusSucceeded {
		return nil, &asl.Error{Name: asl.ErrTaskFailed, Cause: jsonString(out)}
	}
	return out, nil
}
