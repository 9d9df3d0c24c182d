package config_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/config"
)

// TestStepFunctionsSettings reads an AWS_STEP_FUNCTIONS data source and
// local.stepFunctions.executionUpdates.
func TestStepFunctionsSettings(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"appsync.yml": `name: api
authentication: {type: API_KEY}
dataSources:
  flow: {type: AWS_STEP_FUNCTIONS, config: {stateMachine: orderFlow}}
  byArn: {type: AWS_STEP_FUNCTIONS, config: {stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:x"}}
  bare: {type: AWS_STEP_FUNCTIONS}
local:
  stepFunctions:
    executionUpdates: {field: Subscription.onExecutionUpdate}
`,
		"schema.graphql": "type Query { a: String }",
	})
	c := mustLoad(t, filepath.Join(dir, "appsync.yml"))
	if ds := c.DataSources["flow"]; ds.Type != config.DataSourceStepFunctions || ds.Config["stateMachine"] != "orderFlow" {
		t.Errorf("flow = %+v", ds)
	}
	if ds := c.DataSources["byArn"]; ds.Config["stateMachineArn"] != "arn:aws:states:us-east-1:123456789012:stateMachine:x" {
		t.Errorf("byArn = %+v", ds)
	}
	if ds := c.DataSources["bare"]; ds.Type != config.DataSourceStepFunctions {
		t.Errorf("bare = %+v", ds)
	}
	eu := c.Local.StepFunctions.ExecutionUpdates
	if eu.Type != "Subscription" || eu.Field != "onExecutionUpdate" || eu.Pos.Line != 9 {
		t.Errorf("executionUpdates = %+v", eu)
	}
}

// TestStepFunctionsErrors checks the file:line:col messages of mistakes in
// the Step Functions settings.
func TestStepFunctionsErrors(t *testing.T) {
	t.Parallel()
	head := "name: api\nauthentication: {type: API_KEY}\n"
	for _, tc := range []struct{ name, in, want string }{
		{"both machine keys", head + "dataSources:\n  f: {type: AWS_STEP_FUNCTIONS, config: {stateMachine: a, stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:a'}}\n",
			`appsync.yml:4:42: stateMachineArn and stateMachine are exclusive in AWS_STEP_FUNCTIONS data source config; keep one`},
		{"unknown config key", head + "dataSources:\n  f: {type: AWS_STEP_FUNCTIONS, config: {stateMachineName: a}}\n",
			`appsync.yml:4:42: unknown key "stateMachineName" in AWS_STEP_FUNCTIONS data source config; did you mean "stateMachineArn"?`},
		{"ARN that is a name", head + "dataSources:\n  f: {type: AWS_STEP_FUNCTIONS, config: {stateMachineArn: orderFlow}}\n",
			`appsync.yml:4:59: stateMachineArn "orderFlow" is not an ARN; write arn:aws:states:<region>:<account>:stateMachine:<name>, or give the name as stateMachine`},
		{"machine not a string", head + "dataSources:\n  f: {type: AWS_STEP_FUNCTIONS, config: {stateMachine: [a]}}\n",
			`appsync.yml:4:56: stateMachine: expected a string, got a sequence`},
		{"field not Type.field", head + "local:\n  stepFunctions:\n    executionUpdates: {field: onExecutionUpdate}\n",
			`appsync.yml:5:31: local.stepFunctions.executionUpdates.field "onExecutionUpdate" is not Type.field; write it like Subscription.onExecutionUpdate`},
		{"field missing", head + "local:\n  stepFunctions:\n    executionUpdates: {}\n",
			`appsync.yml:5:23: missing "field" in local.stepFunctions.executionUpdates; add field: Subscription.<field> (the subscription field that receives execution updates)`},
		{"unknown key", head + "local:\n  stepFunctions:\n    executionUpdates: {feild: Subscription.x}\n",
			`appsync.yml:5:23: missing "field" in local.stepFunctions.executionUpdates; add field: Subscription.<field> (the subscription field that receives execution updates)` + "\n" +
				`appsync.yml:5:24: unknown key "feild" in local.stepFunctions.executionUpdates; did you mean "field"?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := writeFiles(t, map[string]string{"appsync.yml": tc.in, "schema.graphql": "type Query { a: String }"})
			_, err := loader().Load(filepath.Join(dir, "appsync.yml"))
			var errs config.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load: got %v, want config.Errors", err)
			}
			if got := strings.ReplaceAll(errs.Error(), dir+string(filepath.Separator), ""); got != tc.want {
				t.Errorf("errors:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}
