package app_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/smithy-go/middleware"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
)

// serveSFN starts the server on cfg with its data in dir and returns it
// with an SDK client.
func serveSFN(t *testing.T, dir, cfg string) (*app.Main, *sfn.Client) {
	t.Helper()
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard, Functions: gohandler.NewRegistry()}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", dir, cfg}); err != nil {
		t.Fatalf("start: %v", err)
	}
	return m, sfn.New(sfn.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(m.URL()), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		APIOptions:  []func(*middleware.Stack) error{sfnapi.DisableHostPrefix},
	})
}

// TestSFNSurvivesRestart: with the default store (SQLite in the data dir)
// a server stopped while an execution waits on an activity, and started
// again on the same data dir, still has the machines, the activity and the
// execution, which finishes when the worker answers; a machine configured
// in appsync.yml whose definition changed in between is updated, not
// refused as existing.
func TestSFNSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgDir := t.TempDir()
	cfg := filepath.Join(cfgDir, "appsync.yml")
	writeConfig := func(greeting string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(cfgDir, "schema.graphql"), []byte("type Query { ping: String }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		yml := "name: durable\nschema: schema.graphql\nauthentication:\n  type: API_KEY\napiKeys:\n  - name: k\n    apiKeyId: da2-k\n" +
			"local:\n  stepFunctions:\n    stateMachines:\n      configured:\n        definition: {StartAt: P, States: {P: {Type: Pass, Result: " + greeting + ", End: true}}}\n"
		if err := os.WriteFile(cfg, []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := ctxT(t)
	writeConfig("first")
	m, c := serveSFN(t, dir, cfg)
	act, err := c.CreateActivity(ctx, &sfn.CreateActivityInput{Name: aws.String("durable-work")})
	if err != nil {
		t.Fatal(err)
	}
	def := `{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"` + *act.ActivityArn + `","End":true}}}`
	sm, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("durable"), Definition: &def, RoleArn: aws.String("arn:aws:iam::123456789012:role/r")})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Input: aws.String(`{"n":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	m.Close()

	writeConfig("second")
	m, c = serveSFN(t, dir, cfg)
	t.Cleanup(func() { m.Close() })
	task, err := c.GetActivityTask(ctx, &sfn.GetActivityTaskInput{ActivityArn: act.ActivityArn, WorkerName: aws.String("w")})
	if err != nil || task.TaskToken == nil || *task.Input != `{"n":1}` {
		t.Fatalf("the activity task after the restart: %v %+v", err, task)
	}
	if _, err := c.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: task.TaskToken, Output: aws.String(`{"done":true}`)}); err != nil {
		t.Fatal(err)
	}
	if err := m.StepFunctions().Wait(ctx, *ex.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: ex.ExecutionArn})
	if err != nil || d.Status != "SUCCEEDED" || *d.Output != `{"done":true}` {
		t.Fatalf("after the restart: %v %+v", err, d)
	}
	h, err := c.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: ex.ExecutionArn})
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range h.Events {
		types = append(types, string(e.Type))
	}
	if got := strings.Join(types, " "); got != "ExecutionStarted TaskStateEntered ActivityScheduled ActivityStarted ActivitySucceeded TaskStateExited ExecutionSucceeded" {
		t.Errorf("history %s", got)
	}
	configured, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String("arn:aws:states:us-east-1:123456789012:stateMachine:configured")})
	if err != nil || !strings.Contains(*configured.Definition, "second") {
		t.Errorf("configured machine after the config changed: %v %+v", err, configured)
	}
}

// TestSFNStoreConfig: a store that is not one of the kinds is refused at
// start with what to write instead.
func TestSFNStoreConfig(t *testing.T) {
	t.Setenv("SFN_STORE_URL", "redis://nope")
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard, Functions: gohandler.NewRegistry()}
	err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), filepath.Join("testdata", "sfn", "appsync.yml")})
	if err == nil {
		m.Close()
		t.Fatal("started with SFN_STORE_URL=redis://nope")
	}
	if want := `SFN_STORE_URL: "redis://nope" is not a Step Functions store; use sqlite (the default, in the data dir), sqlite:PATH, memory, or a postgres:// URL`; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want %q", err, want)
	}
}
