package sfnapi

import (
	"context"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
)

type activityInput struct {
	ActivityArn string `json:"activityArn"`
	WorkerName  string `json:"workerName"`
}

type tokenInput struct {
	TaskToken string  `json:"taskToken"`
	Output    *string `json:"output"`
	Error     string  `json:"error"`
	Cause     string  `json:"cause"`
}

// addActivityOps registers the activity and task-token operations.
func (h *Handler) addActivityOps() {
	eng := h.eng
	h.ops["CreateActivity"] = call(func(ctx context.Context, in *engine.CreateActivityInput) (any, error) {
		return eng.CreateActivity(ctx, in)
	})
	h.ops["DescribeActivity"] = call(func(ctx context.Context, in *activityInput) (any, error) {
		return eng.DescribeActivity(ctx, in.ActivityArn)
	})
	h.ops["DeleteActivity"] = call(func(ctx context.Context, in *activityInput) (any, error) {
		return done(eng.DeleteActivity(ctx, in.ActivityArn))
	})
	h.ops["ListActivities"] = call(func(ctx context.Context, in *pageInput) (any, error) {
		list, err := eng.ListActivities(ctx)
		return paged("activities", *in, list, err)
	})
	h.ops["GetActivityTask"] = call(func(ctx context.Context, in *activityInput) (any, error) {
		return eng.GetActivityTask(ctx, in.ActivityArn, in.WorkerName)
	})
	h.ops["SendTaskSuccess"] = call(func(ctx context.Context, in *tokenInput) (any, error) {
		if in.Output == nil {
			return nil, &engine.Error{Code: "ValidationException", Message: "1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null"}
		}
		return done(eng.SendTaskSuccess(ctx, in.TaskToken, *in.Output))
	})
	h.ops["SendTaskFailure"] = call(func(ctx context.Context, in *tokenInput) (any, error) {
		return done(eng.SendTaskFailure(ctx, in.TaskToken, in.Error, in.Cause))
	})
	h.ops["SendTaskHeartbeat"] = call(func(ctx context.Context, in *tokenInput) (any, error) {
		return done(eng.SendTaskHeartbeat(ctx, in.TaskToken))
	})
}
