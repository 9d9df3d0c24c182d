package app_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// TestSFNRedrive fails a Task on its first call, redrives the execution and
// checks it resumes at the failed state with the variables assigned before
// it, succeeds, and records the redrive.
func TestSFNRedrive(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	c := b.client
	key := "redrive-" + t.Name()
	def := `{"StartAt":"Prep","States":{
		"Prep":{"Type":"Pass","Result":{"Key":"` + key + `","Fails":1},"Assign":{"greeting":"hi"},"Next":"Call"},
		"Call":{"Type":"Task","Resource":"` + fnARN + `flaky","Next":"Done"},
		"Done":{"Type":"Pass","Parameters":{"g.$":"$greeting","attempts.$":"$.attempts"},"End":true}}}`
	d := b.standard(t, def, "{}", "")
	arn := d.ExecutionArn
	if d.Status != types.ExecutionStatusFailed || str(d.Error) != "Flaky" {
		t.Fatalf("first run: %s %s", d.Status, str(d.Error))
	}
	if d.RedriveStatus != types.ExecutionRedriveStatusRedrivable || d.RedriveCount == nil || *d.RedriveCount != 0 || d.RedriveDate != nil {
		t.Errorf("before redrive: status %s, count %v, date %v", d.RedriveStatus, d.RedriveCount, d.RedriveDate)
	}

	out, err := c.RedriveExecution(ctx, &sfn.RedriveExecutionInput{ExecutionArn: arn})
	if err != nil {
		t.Fatalf("RedriveExecution: %v", err)
	}
	if out.RedriveDate == nil {
		t.Error("no redriveDate")
	}
	if err := b.main.StepFunctions().Wait(ctx, *arn); err != nil {
		t.Fatal(err)
	}
	d, err = c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != types.ExecutionStatusSucceeded || str(d.Output) != `{"attempts":2,"g":"hi"}` || d.Error != nil {
		t.Errorf("after redrive: %s output %s error %s", d.Status, str(d.Output), str(d.Error))
	}
	if d.RedriveCount == nil || *d.RedriveCount != 1 || d.RedriveDate == nil || d.RedriveStatus != types.ExecutionRedriveStatusNotRedrivable {
		t.Errorf("after redrive: count %v, date %v, status %s", d.RedriveCount, d.RedriveDate, d.RedriveStatus)
	}

	h, err := c.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	var seq []string
	for i, ev := range h.Events {
		if ev.Id != int64(i+1) {
			t.Errorf("event %d has id %d", i+1, ev.Id)
		}
		s := string(ev.Type)
		if ev.StateEnteredEventDetails != nil {
			s += ":" + str(ev.StateEnteredEventDetails.Name)
		}
		if ev.ExecutionRedrivenEventDetails != nil && ev.ExecutionRedrivenEventDetails.RedriveCount != nil {
			s += ":" + string(rune('0'+*ev.ExecutionRedrivenEventDetails.RedriveCount))
		}
		if strings.HasPrefix(s, "Execution") || strings.Contains(s, "StateEntered") {
			seq = append(seq, s)
		}
	}
	want := "ExecutionStarted PassStateEntered:Prep TaskStateEntered:Call ExecutionFailed ExecutionRedriven:1 TaskStateEntered:Call PassStateEntered:Done ExecutionSucceeded"
	if got := strings.Join(seq, " "); got != want {
		t.Errorf("history\n got %s\nwant %s", got, want)
	}

	// Errors: a succeeded, a running and a missing execution.
	_, err = c.RedriveExecution(ctx, &sfn.RedriveExecutionInput{ExecutionArn: arn})
	if got := apiErr(err); !strings.HasPrefix(got, "ExecutionNotRedrivable:") {
		t.Errorf("redrive succeeded execution: %s", got)
	}
	blocked := b.create(t, task("block", ""), "STANDARD")
	st, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &blocked})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.RedriveExecution(ctx, &sfn.RedriveExecutionInput{ExecutionArn: st.ExecutionArn})
	if got := apiErr(err); !strings.HasPrefix(got, "ExecutionNotRedrivable:") {
		t.Errorf("redrive running execution: %s", got)
	}
	_, err = c.RedriveExecution(ctx, &sfn.RedriveExecutionInput{ExecutionArn: aws.String(strings.Replace(*arn, ":execution:", ":execution:", 1) + "-missing")})
	if got := apiErr(err); !strings.HasPrefix(got, "ExecutionDoesNotExist:") {
		t.Errorf("redrive missing execution: %s", got)
	}
	// An aborted execution can be redriven; it resumes in the state it was stopped in.
	if _, err := c.StopExecution(ctx, &sfn.StopExecutionInput{ExecutionArn: st.ExecutionArn}); err != nil {
		t.Fatal(err)
	}
	if err := b.main.StepFunctions().Wait(ctx, *st.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RedriveExecution(ctx, &sfn.RedriveExecutionInput{ExecutionArn: st.ExecutionArn}); err != nil {
		t.Fatalf("redrive aborted execution: %v", err)
	}
	d, err = c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: st.ExecutionArn})
	if err != nil || d.Status != types.ExecutionStatusRunning || d.StopDate != nil || d.RedriveCount == nil || *d.RedriveCount != 1 {
		t.Errorf("redriven aborted execution: %+v, %v", d, err)
	}
}
