package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/appsync-local/appsync-local/internal/golden"
)

// activity creates an activity under a fresh name and returns its ARN.
func (b *sfnBundle) activity(t *testing.T) string {
	t.Helper()
	name := fmt.Sprintf("a%d-%s", b.seq.Add(1), nameSafe.ReplaceAllString(t.Name(), "-"))
	if len(name) > 80 {
		name = name[:80]
	}
	out, err := b.client.CreateActivity(ctxT(t), &sfn.CreateActivityInput{Name: &name})
	if err != nil {
		t.Fatalf("CreateActivity: %v", err)
	}
	return *out.ActivityArn
}

// start starts a Standard execution of machine arn.
func (b *sfnBundle) start(t *testing.T, arn, input string) string {
	t.Helper()
	out, err := b.client.StartExecution(ctxT(t), &sfn.StartExecutionInput{StateMachineArn: &arn, Input: aws.String(input)})
	if err != nil {
		t.Fatalf("StartExecution: %v", err)
	}
	return *out.ExecutionArn
}

// finish waits for an execution and describes it.
func (b *sfnBundle) finish(t *testing.T, arn string) *sfn.DescribeExecutionOutput {
	t.Helper()
	if err := b.main.StepFunctions().Wait(ctxT(t), arn); err != nil {
		t.Fatal(err)
	}
	d, err := b.client.DescribeExecution(ctxT(t), &sfn.DescribeExecutionInput{ExecutionArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func outcome(d *sfn.DescribeExecutionOutput) string {
	if d.Status == types.ExecutionStatusSucceeded {
		return "SUCCEEDED " + str(d.Output)
	}
	return string(d.Status) + " " + str(d.Error) + ": " + str(d.Cause)
}

// poll takes one activity task, failing the test if none comes.
func (b *sfnBundle) poll(t *testing.T, activity, worker string) (token, input string) {
	t.Helper()
	out, err := b.client.GetActivityTask(ctxT(t), &sfn.GetActivityTaskInput{ActivityArn: &activity, WorkerName: &worker})
	if err != nil || out.TaskToken == nil {
		t.Fatalf("GetActivityTask: %v %+v", err, out)
	}
	return *out.TaskToken, str(out.Input)
}

func historyTypes(t *testing.T, b *sfnBundle, arn string) string {
	t.Helper()
	h, err := b.client.GetExecutionHistory(ctxT(t), &sfn.GetExecutionHistoryInput{ExecutionArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, e := range h.Events {
		parts = append(parts, string(e.Type))
	}
	return strings.Join(parts, " ")
}

func TestSFNActivityAPI(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	name := "act-api"
	c1, err := b.client.CreateActivity(ctx, &sfn.CreateActivityInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:states:us-east-1:123456789012:activity:act-api"; *c1.ActivityArn != want {
		t.Errorf("arn %s, want %s", *c1.ActivityArn, want)
	}
	c2, err := b.client.CreateActivity(ctx, &sfn.CreateActivityInput{Name: &name})
	if err != nil || *c2.ActivityArn != *c1.ActivityArn || !c2.CreationDate.Equal(*c1.CreationDate) {
		t.Errorf("CreateActivity is idempotent by name: %v %+v", err, c2)
	}
	d, err := b.client.DescribeActivity(ctx, &sfn.DescribeActivityInput{ActivityArn: c1.ActivityArn})
	if err != nil || *d.Name != name {
		t.Errorf("describe: %v %+v", err, d)
	}
	l, err := b.client.ListActivities(ctx, &sfn.ListActivitiesInput{})
	if err != nil || len(l.Activities) != 1 || *l.Activities[0].Name != name {
		t.Errorf("list: %v %+v", err, l)
	}
	missing := "arn:aws:states:us-east-1:123456789012:activity:nope"
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"describe missing", second(b.client.DescribeActivity(ctx, &sfn.DescribeActivityInput{ActivityArn: &missing})), "ActivityDoesNotExist: Activity Does Not Exist: '" + missing + "'"},
		{"poll missing", second(b.client.GetActivityTask(ctx, &sfn.GetActivityTaskInput{ActivityArn: &missing})), "ActivityDoesNotExist: Activity Does Not Exist: '" + missing + "'"},
		{"bad name", second(b.client.CreateActivity(ctx, &sfn.CreateActivityInput{Name: aws.String("a b")})), "InvalidName: Invalid Name: 'a b'"},
		{"machine arn", second(b.client.DescribeActivity(ctx, &sfn.DescribeActivityInput{ActivityArn: aws.String("arn:aws:states:us-east-1:123456789012:stateMachine:x")})), "InvalidArn: Invalid Arn: 'Resource type not valid in this context: stateMachine'"},
		{"malformed token", second(b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: aws.String("garbage"), Output: aws.String("{}")})), "InvalidToken: Invalid token"},
		{"unknown token", second(b.client.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{TaskToken: aws.String("AQAAAL1" + "00000000-0000-4000-8000-000000000000")})), "TaskDoesNotExist: Task Does Not Exist"},
		{"unknown heartbeat", second(b.client.SendTaskHeartbeat(ctx, &sfn.SendTaskHeartbeatInput{TaskToken: aws.String("AQAAAL1x")})), "TaskDoesNotExist: Task Does Not Exist"},
	} {
		if got := apiErr(c.err); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
	// A poll ends with the request context, returning at once.
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := b.client.GetActivityTask(pctx, &sfn.GetActivityTaskInput{ActivityArn: c1.ActivityArn})
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled poll: %v", err)
	}
	if _, err := b.client.DeleteActivity(ctx, &sfn.DeleteActivityInput{ActivityArn: c1.ActivityArn}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.client.DescribeActivity(ctx, &sfn.DescribeActivityInput{ActivityArn: c1.ActivityArn}); !strings.HasPrefix(apiErr(err), "ActivityDoesNotExist") {
		t.Errorf("describe deleted: %v", apiErr(err))
	}
}

func second[T any](_ T, err error) error { return err }

// TestSFNActivityWorkers runs many executions of an activity task against
// several concurrent workers and checks every task is delivered exactly
// once and every execution gets its own worker's answer.
func TestSFNActivityWorkers(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	act := b.activity(t)
	arn := b.create(t, `{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"`+act+`","TimeoutSeconds":30,"End":true}}}`, "STANDARD")
	const n, workers = 60, 5
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	var mu sync.Mutex
	delivered := map[string]int{} // input n → deliveries
	tokens := map[string]bool{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprint("worker-", w)
			for {
				out, err := b.client.GetActivityTask(ctx, &sfn.GetActivityTaskInput{ActivityArn: &act, WorkerName: &name})
				if err != nil {
					return // cancelled at the end
				}
				if out.TaskToken == nil {
					continue
				}
				var in struct{ N int }
				json.Unmarshal([]byte(*out.Input), &in)
				mu.Lock()
				delivered[fmt.Sprint(in.N)]++
				dup := tokens[*out.TaskToken]
				tokens[*out.TaskToken] = true
				mu.Unlock()
				if dup {
					t.Errorf("token delivered twice: %s", *out.TaskToken)
				}
				res := fmt.Sprintf(`{"n":%d,"worker":%q}`, in.N, name)
				if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: out.TaskToken, Output: &res}); err != nil {
					t.Errorf("SendTaskSuccess: %v", err)
				}
			}
		}()
	}
	began := time.Now()
	execs := make([]string, n)
	for i := range execs {
		execs[i] = b.start(t, arn, fmt.Sprintf(`{"N":%d}`, i))
	}
	for i, e := range execs {
		d := b.finish(t, e)
		var out struct {
			N      int
			Worker string
		}
		if d.Status != types.ExecutionStatusSucceeded || json.Unmarshal([]byte(str(d.Output)), &out) != nil || out.N != i || out.Worker == "" {
			t.Errorf("execution %d: %s", i, outcome(d))
		}
	}
	took := time.Since(began)
	t.Logf("%d activity executions through %d SDK workers in %v (%.0f/s)", n, workers, took.Round(time.Millisecond), float64(n)/took.Seconds())
	cancel()
	wg.Wait()
	if len(delivered) != n {
		t.Errorf("%d distinct tasks delivered, want %d", len(delivered), n)
	}
	for k, c := range delivered {
		if c != 1 {
			t.Errorf("task %s delivered %d times", k, c)
		}
	}
	h := historyTypes(t, b, execs[0])
	if want := "ExecutionStarted TaskStateEntered ActivityScheduled ActivityStarted ActivitySucceeded TaskStateExited ExecutionSucceeded"; h != want {
		t.Errorf("history %s\nwant %s", h, want)
	}
}

// TestSFNActivityTimeouts covers HeartbeatSeconds kept alive by heartbeats,
// a heartbeat timeout, a task timeout with nobody polling, SendTaskFailure,
// and the errors for tokens of closed tasks.
func TestSFNActivityTimeouts(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	act := b.activity(t)
	task := func(extra string) string {
		return `{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"` + act + `"` + extra + `,"End":true}}}`
	}

	t.Run("heartbeats keep it alive", func(t *testing.T) {
		e := b.start(t, b.create(t, task(`,"HeartbeatSeconds":1,"TimeoutSeconds":20`), "STANDARD"), `{}`)
		tok, _ := b.poll(t, act, "hb")
		// Heartbeat for twice the heartbeat interval, then answer.
		tick := time.NewTicker(300 * time.Millisecond)
		defer tick.Stop()
		stop := time.Now().Add(2 * time.Second)
		for now := range tick.C {
			if _, err := b.client.SendTaskHeartbeat(ctx, &sfn.SendTaskHeartbeatInput{TaskToken: &tok}); err != nil {
				t.Fatalf("heartbeat: %v", err)
			}
			if now.After(stop) {
				break
			}
		}
		if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{"ok":true}`)}); err != nil {
			t.Fatal(err)
		}
		if got := outcome(b.finish(t, e)); got != `SUCCEEDED {"ok":true}` {
			t.Errorf("got %s", got)
		}
		if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{}`)}); apiErr(err) != "TaskDoesNotExist: Task Does Not Exist" {
			t.Errorf("second success: %s", apiErr(err))
		}
	})

	t.Run("heartbeat timeout", func(t *testing.T) {
		e := b.start(t, b.create(t, task(`,"HeartbeatSecondsPath":"$.hb","TimeoutSeconds":20`), "STANDARD"), `{"hb":1}`)
		tok, in := b.poll(t, act, "silent")
		if in != `{"hb":1}` {
			t.Errorf("task input %s", in)
		}
		if got := outcome(b.finish(t, e)); got != "FAILED States.Timeout: <nil>" {
			t.Errorf("got %s", got)
		}
		if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{}`)}); apiErr(err) != "TaskTimedOut: Task Timed Out" {
			t.Errorf("success after timeout: %s", apiErr(err))
		}
		if _, err := b.client.SendTaskHeartbeat(ctx, &sfn.SendTaskHeartbeatInput{TaskToken: &tok}); apiErr(err) != "TaskTimedOut: Task Timed Out" {
			t.Errorf("heartbeat after timeout: %s", apiErr(err))
		}
		if h := historyTypes(t, b, e); !strings.Contains(h, "ActivityScheduled ActivityStarted ActivityTimedOut") {
			t.Errorf("history %s", h)
		}
	})

	t.Run("task timeout caught", func(t *testing.T) {
		other := b.activity(t) // nobody polls it
		def := `{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"` + other + `","TimeoutSeconds":1,"Catch":[{"ErrorEquals":["States.Timeout"],"Next":"Late"}],"End":true},"Late":{"Type":"Pass","End":true}}}`
		e := b.start(t, b.create(t, def, "STANDARD"), `{}`)
		if got := outcome(b.finish(t, e)); got != `SUCCEEDED {"Cause":"","Error":"States.Timeout"}` {
			t.Errorf("got %s", got)
		}
		if h := historyTypes(t, b, e); !strings.Contains(h, "ActivityScheduled ActivityTimedOut TaskStateExited PassStateEntered") {
			t.Errorf("history %s", h)
		}
	})

	t.Run("failure", func(t *testing.T) {
		e := b.start(t, b.create(t, task(``), "STANDARD"), `{}`)
		tok, _ := b.poll(t, act, "w")
		if _, err := b.client.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{TaskToken: &tok, Error: aws.String("Oops"), Cause: aws.String("it broke")}); err != nil {
			t.Fatal(err)
		}
		if got := outcome(b.finish(t, e)); got != "FAILED Oops: it broke" {
			t.Errorf("got %s", got)
		}
	})

	t.Run("invalid output", func(t *testing.T) {
		e := b.start(t, b.create(t, task(``), "STANDARD"), `{}`)
		tok, _ := b.poll(t, act, "w")
		if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{nope`)}); !strings.HasPrefix(apiErr(err), "InvalidOutput: ") {
			t.Errorf("bad output: %s", apiErr(err))
		}
		if _, err := b.client.StopExecution(ctx, &sfn.StopExecutionInput{ExecutionArn: &e}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{}`)}); apiErr(err) != "TaskDoesNotExist: Task Does Not Exist" {
			t.Errorf("success after stop: %s", apiErr(err))
		}
	})
}

// TestSFNTaskToken drives .waitForTaskToken: the Lambda gets the token in
// its payload, the execution waits until SendTaskSuccess or
// SendTaskFailure, and a HeartbeatSeconds without heartbeats times out.
func TestSFNTaskToken(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	def := func(extra string) string {
		return `{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",` +
			`"Parameters":{"FunctionName":"token","Payload":{"Token.$":"$$.Task.Token"}}` + extra + `,"End":true}}}`
	}
	// One test at a time uses b.tokens.
	e := b.start(t, b.create(t, def(""), "STANDARD"), `{}`)
	tok := <-b.tokens
	if d, _ := b.client.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: &e}); d.Status != types.ExecutionStatusRunning {
		t.Errorf("status while waiting: %s", d.Status)
	}
	if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{"approved":true}`)}); err != nil {
		t.Fatal(err)
	}
	if got := outcome(b.finish(t, e)); got != `SUCCEEDED {"approved":true}` {
		t.Errorf("success: %s", got)
	}
	if h := historyTypes(t, b, e); h != "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSubmitted TaskSucceeded TaskStateExited ExecutionSucceeded" {
		t.Errorf("history %s", h)
	}

	e = b.start(t, b.create(t, def(""), "STANDARD"), `{}`)
	tok = <-b.tokens
	if _, err := b.client.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{TaskToken: &tok, Error: aws.String("Rejected"), Cause: aws.String("no")}); err != nil {
		t.Fatal(err)
	}
	if got := outcome(b.finish(t, e)); got != "FAILED Rejected: no" {
		t.Errorf("failure: %s", got)
	}

	e = b.start(t, b.create(t, def(`,"HeartbeatSeconds":1`), "STANDARD"), `{}`)
	tok = <-b.tokens
	if got := outcome(b.finish(t, e)); got != "FAILED States.Timeout: <nil>" {
		t.Errorf("heartbeat timeout: %s", got)
	}
	if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{}`)}); apiErr(err) != "TaskTimedOut: Task Timed Out" {
		t.Errorf("late success: %s", apiErr(err))
	}
	// Catch matches a heartbeat timeout with States.HeartbeatTimeout too.
	caught := `{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",` +
		`"Parameters":{"FunctionName":"token","Payload":{"Token.$":"$$.Task.Token"}},"HeartbeatSeconds":1,` +
		`"Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"Next":"Late"}],"End":true},"Late":{"Type":"Pass","End":true}}}`
	e = b.start(t, b.create(t, caught, "STANDARD"), `{}`)
	<-b.tokens
	if got := outcome(b.finish(t, e)); got != `SUCCEEDED {"Cause":"","Error":"States.Timeout"}` {
		t.Errorf("caught heartbeat timeout: %s", got)
	}
	if h := historyTypes(t, b, e); !strings.Contains(h, "TaskSubmitted TaskTimedOut TaskStateExited PassStateEntered") {
		t.Errorf("history %s", h)
	}
}

// TestSFNNested runs arn:aws:states:::states:startExecution in its three
// patterns against a child machine in the same engine.
func TestSFNNested(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	child := b.create(t, `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"got.$":"$.v"},"End":true}}}`, "STANDARD")
	failing := b.create(t, `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"ChildError","Cause":"bad"}}}`, "STANDARD")
	parent := func(resource, arn, sel string) string {
		return `{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::states:` + resource + `",` +
			`"Parameters":{"StateMachineArn":"` + arn + `","Input":{"v":7,"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$":"$$.Execution.Id"}}` + sel + `,"End":true}}}`
	}
	cases := []struct{ name, def, want string }{
		{"sync", parent("startExecution.sync", child, `,"ResultSelector":{"Output.$":"$.Output","Status.$":"$.Status"}`), `SUCCEEDED {"Output":"{\"got\":7}","Status":"SUCCEEDED"}`},
		{"sync2", parent("startExecution.sync:2", child, `,"OutputPath":"$.Output"`), `SUCCEEDED {"got":7}`},
		{"fire and forget", parent("startExecution", child, `,"ResultSelector":{"arn.$":"$.ExecutionArn"},"OutputPath":"$.arn"`), `SUCCEEDED "arn:aws:states:us-east-1:123456789012:execution:`},
		{"child fails", parent("startExecution.sync", failing, `,"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"C"}]`), `SUCCEEDED {"Cause":"{\"Cause\":\"bad\",\"Error\":\"ChildError\",`},
		{"no such machine", parent("startExecution.sync", child+"x", ``), `FAILED StepFunctions.StateMachineDoesNotExistException: State Machine Does Not Exist: '` + child + `x'`},
	}
	t.Run("stopping the parent stops the child", func(t *testing.T) {
		act := b.activity(t) // nobody polls: the child waits
		slow := b.create(t, `{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"`+act+`","End":true}}}`, "STANDARD")
		def := `{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync",` +
			`"Parameters":{"StateMachineArn":"` + slow + `","Name":"stopped-child"},"End":true}}}`
		e := b.start(t, b.create(t, def, "STANDARD"), `{}`)
		childARN := strings.Replace(slow, ":stateMachine:", ":execution:", 1) + ":stopped-child"
		// The child is running once its activity task can be taken.
		tok, _ := b.poll(t, act, "w")
		if _, err := b.client.StopExecution(ctxT(t), &sfn.StopExecutionInput{ExecutionArn: &e}); err != nil {
			t.Fatal(err)
		}
		if got := outcome(b.finish(t, childARN)); !strings.HasPrefix(got, "ABORTED") {
			t.Errorf("child: %s", got)
		}
		if _, err := b.client.SendTaskSuccess(ctxT(t), &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{}`)}); apiErr(err) != "TaskDoesNotExist: Task Does Not Exist" {
			t.Errorf("child's token after stop: %s", apiErr(err))
		}
	})
	t.Run("waitForTaskToken", func(t *testing.T) {
		// The child gets the parent's token and hands it to a Lambda; the
		// parent resumes when SendTaskSuccess comes with it.
		waiting := b.create(t, `{"StartAt":"Give","States":{"Give":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"token","Payload":{"Token.$":"$.token"}},"End":true}}}`, "STANDARD")
		def := `{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.waitForTaskToken",` +
			`"Parameters":{"StateMachineArn":"` + waiting + `","Input":{"token.$":"$$.Task.Token"}},"End":true}}}`
		e := b.start(t, b.create(t, def, "STANDARD"), `{}`)
		tok := <-b.tokens
		if _, err := b.client.SendTaskSuccess(ctxT(t), &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{"fromChild":true}`)}); err != nil {
			t.Fatal(err)
		}
		if got := outcome(b.finish(t, e)); got != `SUCCEEDED {"fromChild":true}` {
			t.Errorf("got %s", got)
		}
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			def := c.def
			if strings.Contains(def, `"Next":"C"`) {
				def = strings.Replace(def, `,"End":true}}}`, `,"End":true},"C":{"Type":"Pass","End":true}}}`, 1)
			}
			d := b.standard(t, def, `{}`, "")
			if got := outcome(d); !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %s\nwant %s…", got, c.want)
			}
		})
	}
}

// TestSFNCallbackHistory checks the full histories of an activity task, a
// callback task and a nested .sync execution against golden files.
func TestSFNCallbackHistory(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	if _, err := b.client.CreateActivity(ctx, &sfn.CreateActivityInput{Name: aws.String("golden-activity")}); err != nil {
		t.Fatal(err)
	}
	childDef := `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"child":true},"End":true}}}`
	if _, err := b.client.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("golden-child"), Definition: &childDef, RoleArn: aws.String("arn:aws:iam::123456789012:role/golden")}); err != nil {
		t.Fatal(err)
	}
	var tokenMu sync.Mutex // the cases share b.tokens
	golden.Run(t, "testdata/sfn/callbacks/*.txtar", func(t *testing.T, c *golden.Case) {
		def, _ := c.Section("definition")
		input, _ := c.Section("input")
		name := "golden-" + strings.TrimSuffix(filepath.Base(c.Path), ".txtar")
		sm, err := b.client.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: &name, Definition: &def, RoleArn: aws.String("arn:aws:iam::123456789012:role/golden")})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(def, "waitForTaskToken") {
			tokenMu.Lock()
			defer tokenMu.Unlock()
		}
		run, err := b.client.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: aws.String("golden"), Input: aws.String(strings.TrimSpace(input))})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.Contains(def, ":activity:"):
			tok, in := b.poll(t, "arn:aws:states:us-east-1:123456789012:activity:golden-activity", "golden-worker")
			if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{"worker":"done","input":` + in + `}`)}); err != nil {
				t.Fatal(err)
			}
		case strings.Contains(def, "waitForTaskToken"):
			tok := <-b.tokens
			if _, err := b.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &tok, Output: aws.String(`{"approved":true}`)}); err != nil {
				t.Fatal(err)
			}
		}
		d := b.finish(t, *run.ExecutionArn)
		h, err := b.client.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: run.ExecutionArn})
		if err != nil {
			t.Fatal(err)
		}
		c.Check(t, "status", fmt.Sprintf("%s %s %s %s\n", d.Status, str(d.Output), str(d.Error), str(d.Cause)))
		c.Check(t, "history", tokenRE.ReplaceAllString(epochRE.ReplaceAllString(renderHistory(t, h.Events), `${1}EPOCH`), "TOKEN"))
	})
}

var (
	tokenRE = regexp.MustCompile(`AQAAAL1[A-Za-z0-9_-]+`)
	epochRE = regexp.MustCompile(`(\\"St(?:art|op)Date\\":)\d+`)
)
