package sfnapi

import (
	"context"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
)

type versionArnInput struct {
	StateMachineArn        string `json:"stateMachineArn"`
	StateMachineVersionArn string `json:"stateMachineVersionArn"`
	StateMachineAliasArn   string `json:"stateMachineAliasArn"`
	pageInput
}

// addVersionOps registers the state machine version and alias operations,
// and RedriveExecution.
func (h *Handler) addVersionOps() {
	eng := h.eng
	h.ops["RedriveExecution"] = call(func(ctx context.Context, in *arnInput) (any, error) {
		t, err := eng.RedriveExecution(ctx, in.ExecutionArn)
		if err != nil {
			return nil, err
		}
		return struct {
			RedriveDate *engine.Timestamp `json:"redriveDate"`
		}{t}, nil
	})
	h.ops["PublishStateMachineVersion"] = call(func(ctx context.Context, in *engine.PublishStateMachineVersionInput) (any, error) {
		return eng.PublishStateMachineVersion(ctx, in)
	})
	h.ops["ListStateMachineVersions"] = call(func(ctx context.Context, in *versionArnInput) (any, error) {
		list, err := eng.ListStateMachineVersions(ctx, in.StateMachineArn)
		return paged("stateMachineVersions", in.pageInput, list, err)
	})
	h.ops["DeleteStateMachineVersion"] = call(func(ctx context.Context, in *versionArnInput) (any, error) {
		return done(eng.DeleteStateMachineVersion(ctx, in.StateMachineVersionArn))
	})
	h.ops["CreateStateMachineAlias"] = call(func(ctx context.Context, in *engine.CreateStateMachineAliasInput) (any, error) {
		return eng.CreateStateMachineAlias(ctx, in)
	})
	h.ops["DescribeStateMachineAlias"] = call(func(ctx context.Context, in *versionArnInput) (any, error) {
		return eng.DescribeStateMachineAlias(ctx, in.StateMachineAliasArn)
	})
	h.ops["UpdateStateMachineAlias"] = call(func(ctx context.Context, in *engine.UpdateStateMachineAliasInput) (any, error) {
		t, err := eng.UpdateStateMachineAlias(ctx, in)
		if err != nil {
			return nil, err
		}
		return struct {
			UpdateDate *engine.Timestamp `json:"updateDate"`
		}{t}, nil
	})
	h.ops["DeleteStateMachineAlias"] = call(func(ctx context.Context, in *versionArnInput) (any, error) {
		return done(eng.DeleteStateMachineAlias(ctx, in.StateMachineAliasArn))
	})
	h.ops["ListStateMachineAliases"] = call(func(ctx context.Context, in *versionArnInput) (any, error) {
		list, err := eng.ListStateMachineAliases(ctx, in.StateMachineArn)
		return paged("stateMachineAliases", in.pageInput, list, err)
	})
}
