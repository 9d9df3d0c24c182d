package sfn_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/datasources/sfn"
	"github.com/appsync-local/appsync-local/resolvers"
	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
	"github.com/appsync-local/appsync-local/stepfunctions/store"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

var _ resolvers.DataSource = (*sfn.Source)(nil)

// bundle is an engine over an observed memstore, its API handler, and the
// updates the store reported.
type bundle struct {
	eng     *engine.Engine
	api     http.Handler
	mu      sync.Mutex
	updates []*sfn.Update
}

const (
	express  = "arn:aws:states:us-east-1:123456789012:stateMachine:express"
	standard = "arn:aws:states:us-east-1:123456789012:stateMachine:standard"
)

func setup(t testing.TB) *bundle {
	t.Helper()
	b := &bundle{}
	st := sfn.Observe(memstore.New(), func(u *sfn.Update) {
		b.mu.Lock()
		b.updates = append(b.updates, u)
		b.mu.Unlock()
	})
	if _, ok := st.(store.TaskStore); !ok {
		t.Fatal("Observe dropped the memstore's TaskStore")
	}
	b.eng = engine.New(engine.Params{Store: st, WaitTimeScale: 1})
	t.Cleanup(func() { b.eng.Close(); st.Close() })
	b.api = sfnapi.New(b.eng, nil)
	for name, def := range map[string]string{
		"express":  `{"StartAt":"Hi","States":{"Hi":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('hi {}', $.who)"},"End":true}}}`,
		"standard": `{"StartAt":"Hold","States":{"Hold":{"Type":"Wait","Seconds":3600,"End":true}}}`,
	} {
		typ := "STANDARD"
		if name == "express" {
			typ = "EXPRESS"
		}
		if _, err := b.eng.CreateStateMachine(context.Background(), &engine.CreateStateMachineInput{Name: name, Definition: def, Type: typ, RoleArn: "arn:aws:iam::123456789012:role/r"}); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// doc parses a request document as a template would render it.
func doc(t *testing.T, s string) *value.Map {
	t.Helper()
	v, err := value.FromJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v.(*value.Map)
}

func get(v any, key string) any {
	m, _ := v.(*value.Map)
	if m == nil {
		return nil
	}
	x, _ := m.Get(key)
	return x
}

func TestSource(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	src := &sfn.Source{Name: "flow", StateMachineArn: standard, API: b.api}

	t.Run("StartSyncExecution with an object input", func(t *testing.T) {
		out, err := src.Invoke(ctx, doc(t, `{"version":"2018-05-29","operation":"StartSyncExecution","stateMachineArn":"`+express+`","input":{"who":"ada"}}`))
		if err != nil {
			t.Fatal(err)
		}
		if get(out, "status") != "SUCCEEDED" || get(out, "output") != `{"greeting":"hi ada"}` {
			t.Errorf("StartSyncExecution = %v", value.ToJSON(out))
		}
	})

	t.Run("Start, Describe, List, Stop, History on the default machine", func(t *testing.T) {
		out, err := src.Invoke(ctx, doc(t, `{"operation":"StartExecution","name":"run-1","input":"{\"a\":1}"}`))
		if err != nil {
			t.Fatal(err)
		}
		arn := get(out, "executionArn")
		if arn != "arn:aws:states:us-east-1:123456789012:execution:standard:run-1" || get(out, "startDate") == nil {
			t.Fatalf("StartExecution = %v", value.ToJSON(out))
		}
		out, err = src.Invoke(ctx, doc(t, `{"operation":"ListExecutions","statusFilter":"RUNNING"}`))
		if err != nil {
			t.Fatal(err)
		}
		if l, _ := get(out, "executions").(*value.List); l == nil || len(l.Items) != 1 || get(l.Items[0], "name") != "run-1" {
			t.Errorf("ListExecutions = %v", value.ToJSON(out))
		}
		if _, err := src.Invoke(ctx, doc(t, `{"operation":"StopExecution","executionArn":"`+arn.(string)+`","error":"Halt","cause":"test"}`)); err != nil {
			t.Fatal(err)
		}
		if err := b.eng.Wait(ctx, arn.(string)); err != nil {
			t.Fatal(err)
		}
		out, err = src.Invoke(ctx, doc(t, `{"operation":"DescribeExecution","executionArn":"`+arn.(string)+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		if get(out, "status") != "ABORTED" || get(out, "error") != "Halt" || get(out, "input") != `{"a":1}` {
			t.Errorf("DescribeExecution = %v", value.ToJSON(out))
		}
		out, err = src.Invoke(ctx, doc(t, `{"operation":"GetExecutionHistory","executionArn":"`+arn.(string)+`","reverseOrder":true,"maxResults":1}`))
		if err != nil {
			t.Fatal(err)
		}
		evs, _ := get(out, "events").(*value.List)
		if evs == nil || len(evs.Items) != 1 || get(evs.Items[0], "type") != "ExecutionAborted" || get(out, "nextToken") == nil {
			t.Errorf("GetExecutionHistory = %v", value.ToJSON(out))
		}
		// The observed store reported the same history, in order.
		out, err = src.Invoke(ctx, doc(t, `{"operation":"GetExecutionHistory","executionArn":"`+arn.(string)+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, ev := range get(out, "events").(*value.List).Items {
			st := "RUNNING"
			if get(ev, "type") == "ExecutionAborted" {
				st = "ABORTED"
			}
			want = append(want, get(ev, "type").(string)+"/"+st)
		}
		b.mu.Lock()
		var types []string
		for _, u := range b.updates {
			if u.ExecutionArn == arn {
				types = append(types, u.Type+"/"+u.Status)
			}
		}
		b.mu.Unlock()
		if got := strings.Join(types, " "); got != strings.Join(want, " ") || len(want) < 2 || want[len(want)-1] != "ExecutionAborted/ABORTED" {
			t.Errorf("updates: %s\nhistory: %s", got, strings.Join(want, " "))
		}
	})

	t.Run("errors", func(t *testing.T) {
		for _, c := range []struct{ doc, typ, msg string }{
			{`{"operation":"DescribeExecution","executionArn":"arn:aws:states:us-east-1:123456789012:execution:standard:nope"}`, "StepFunctions:ExecutionDoesNotExist", "nope"},
			{`{"operation":"StartExecution","stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:nope"}`, "StepFunctions:StateMachineDoesNotExist", "nope"},
			{`{"operation":"SendTaskSuccess","taskToken":"bogus","output":{}}`, "StepFunctions:", ""},
			{`{"version":"2018-05-29"}`, "MappingTemplate", "needs an operation"},
			{`{"operation":"CreateStateMachine"}`, "MappingTemplate", "not a Step Functions data source operation"},
		} {
			_, err := src.Invoke(ctx, doc(t, c.doc))
			var e *sfn.Error
			if !errors.As(err, &e) || !strings.HasPrefix(e.ErrorType(), c.typ) || !strings.Contains(e.Message, c.msg) {
				t.Errorf("%s: got %v (%T), want %s ~ %q", c.doc, err, err, c.typ, c.msg)
			}
		}
		none := &sfn.Source{Name: "down"}
		if _, err := none.Invoke(ctx, doc(t, `{"operation":"ListExecutions"}`)); err == nil || !strings.Contains(err.Error(), "not running") {
			t.Errorf("no engine: %v", err)
		}
	})
}

func TestTransport(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := &http.Client{Transport: &sfn.Transport{Handler: b.api}}
	req, _ := http.NewRequest(http.MethodPost, "https://states.us-east-1.amazonaws.com/", strings.NewReader(`{"stateMachineArn":"`+express+`","input":"{\"who\":\"bo\"}"}`))
	req.Header.Set("X-Amz-Target", "AWSStepFunctions.StartSyncExecution")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := c.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var out struct{ Status, Output string }
	if res.StatusCode != 200 || json.Unmarshal(body, &out) != nil || out.Output != `{"greeting":"hi bo"}` {
		t.Errorf("%d %s", res.StatusCode, body)
	}
}

func TestIsEndpoint(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"states.us-east-1.amazonaws.com":      true,
		"sync-states.us-east-2.amazonaws.com": true,
		"sync-lambda.us-east-2.amazonaws.com": false,
		"states.eu-west-3.amazonaws.com:443":  true,
		"states.amazonaws.com":                true,
		"states-fips.us-east-1.amazonaws.com": true,
		"STATES.US-EAST-1.AMAZONAWS.COM.":     true,
		"lambda.us-east-1.amazonaws.com":      false,
		"states.us-east-1.example.com":        false,
		"states.a.b.amazonaws.com":            false,
		"api.example.com":                     false,
	} {
		if got := sfn.IsEndpoint(host); got != want {
			t.Errorf("IsEndpoint(%q) = %v, want %v", host, got, want)
		}
	}
}

// BenchmarkInvoke measures a data source call through the in-process API
// handler: an Express StartSyncExecution of a one-state machine, and a
// DescribeExecution.
func BenchmarkInvoke(b *testing.B) {
	bb := setup(b)
	ctx := context.Background()
	src := &sfn.Source{Name: "bench", StateMachineArn: express, API: bb.api}
	b.Run("StartSyncExecution", func(b *testing.B) {
		d, _ := value.FromJSON([]byte(`{"operation":"StartSyncExecution","input":{"who":"b"}}`))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := src.Invoke(ctx, d.(*value.Map)); err != nil {
				b.Fatal(err)
			}
		}
	})
	out, err := src.Invoke(ctx, func() *value.Map {
		d, _ := value.FromJSON([]byte(`{"operation":"StartExecution","stateMachineArn":"` + standard + `"}`))
		return d.(*value.Map)
	}())
	if err != nil {
		b.Fatal(err)
	}
	arn, _ := get(out, "executionArn").(string)
	b.Run("DescribeExecution", func(b *testing.B) {
		d, _ := value.FromJSON([]byte(`{"operation":"DescribeExecution","executionArn":"` + arn + `"}`))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := src.Invoke(ctx, d.(*value.Map)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
