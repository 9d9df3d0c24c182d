package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/jsonata"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// jsonataEngine is an engine whose "jt:" tasks echo their input
// ("jt:echo") or fail with Boom ("jt:fail"), recording each input and
// every Sleep.
type jsonataEngine struct {
	eng    *engine.Engine
	mu     sync.Mutex
	inputs []any
	sleeps []time.Duration
}

func newJSONataEngine(t *testing.T) *jsonataEngine {
	t.Helper()
	if _, err := jsonata.Compile("1"); errors.Is(err, jsonata.ErrNoBundle) {
		t.Skip("jsonata-js bundle not embedded: run `make jsonata` first")
	}
	j := &jsonataEngine{}
	tasks := engine.NewTasks()
	if err := tasks.Add("jt", func(resource string) (engine.Resolved, bool) {
		if !strings.HasPrefix(resource, "jt:") {
			return engine.Resolved{}, false
		}
		return engine.Resolved{ResourceType: "jt", ResourceName: strings.TrimPrefix(resource, "jt:"), Run: func(ctx context.Context, tk *engine.Task) (any, error) {
			j.mu.Lock()
			j.inputs = append(j.inputs, tk.Input)
			j.mu.Unlock()
			if resource == "jt:fail" {
				return nil, &asl.Error{Name: "Boom", Cause: "always"}
			}
			return tk.Input, nil
		}}, true
	}); err != nil {
		t.Fatal(err)
	}
	j.eng = engine.New(engine.Params{Store: memstore.New(), Tasks: tasks, WaitTimeScale: 1, Sleep: func(ctx context.Context, d time.Duration) error {
		j.mu.Lock()
		j.sleeps = append(j.sleeps, d)
		j.mu.Unlock()
		return ctx.Err()
	}})
	t.Cleanup(func() { j.eng.Close() })
	return j
}

// run runs def as a Standard execution named "run" and returns its
// description and history.
func (j *jsonataEngine) run(t *testing.T, def, input string) (*engine.DescribeExecutionOutput, []engine.HistoryEvent) {
	t.Helper()
	ctx := context.Background()
	sm, err := j.eng.CreateStateMachine(ctx, &engine.CreateStateMachineInput{Name: "m", Definition: def, RoleArn: "arn:aws:iam::123456789012:role/r"})
	if err != nil {
		t.Fatal(err)
	}
	name := "run"
	ex, err := j.eng.StartExecution(ctx, &engine.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: name, Input: &input})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.eng.Wait(ctx, ex.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	d, err := j.eng.DescribeExecution(ctx, ex.ExecutionArn)
	if err != nil {
		t.Fatal(err)
	}
	h, err := j.eng.GetExecutionHistory(ctx, ex.ExecutionArn, true)
	if err != nil {
		t.Fatal(err)
	}
	return d, h
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// canon re-encodes JSON text with sorted keys.
func canon(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func event(h []engine.HistoryEvent, typ, name string) *engine.HistoryEvent {
	for i := range h {
		if h[i].Type == typ && (name == "" || h[i].Details["name"] == name) {
			return &h[i]
		}
	}
	return nil
}

// TestJSONataDataFlow runs every state type in JSONata: Arguments into the
// task, Output out, Assign visible from the next state, $states.result,
// $states.context (execution name, Map item), Choice Conditions with a
// rule's Output and Assign, Wait Seconds from an expression, Parallel
// Arguments and a Fail whose Cause is an expression.
func TestJSONataDataFlow(t *testing.T) {
	t.Parallel()
	j := newJSONataEngine(t)
	d, h := j.run(t, `{"QueryLanguage":"JSONata","StartAt":"P","States":{
		"P":{"Type":"Pass","Assign":{"greeting":"{% 'hi ' & $states.input.name %}","n":"{% $count($states.input.items) %}"},
			"Output":{"items":"{% $states.input.items %}","lit":"{% not closed"},"Next":"T"},
		"T":{"Type":"Task","Resource":"jt:echo","Arguments":{"who":"{% $greeting %}","count":"{% $n %}"},"TimeoutSeconds":"{% $n * 100 %}",
			"Output":{"echo":"{% $states.result %}","items":"{% $states.input.items %}"},"Assign":{"last":"{% $states.result.who %}"},"Next":"M"},
		"M":{"Type":"Map","Items":"{% $states.input.items %}","MaxConcurrency":"{% 1 %}",
			"ItemSelector":{"v":"{% $states.context.Map.Item.Value %}","i":"{% $states.context.Map.Item.Index %}"},
			"ItemProcessor":{"StartAt":"Double","States":{"Double":{"Type":"Pass","Output":"{% $states.input.v * 2 + $states.input.i %}","End":true}}},
			"Output":"{% $states.result %}","Next":"C"},
		"C":{"Type":"Choice","Choices":[
			{"Condition":"{% $sum($states.input) > 100 %}","Next":"Big"},
			{"Condition":"{% $last = 'hi bob' %}","Output":{"sum":"{% $sum($states.input) %}","who":"{% $last %}"},"Assign":{"picked":"second"},"Next":"W"}],
			"Default":"Big"},
		"W":{"Type":"Wait","Seconds":"{% $n * 10 %}","Next":"Par"},
		"Par":{"Type":"Parallel","Arguments":{"x":"{% $states.input.sum %}"},"Branches":[
			{"StartAt":"B1","States":{"B1":{"Type":"Pass","Output":"{% $states.input.x + 1 %}","End":true}}},
			{"StartAt":"B2","States":{"B2":{"Type":"Pass","Output":"{% $picked %}","End":true}}}],
			"Output":{"par":"{% $states.result %}","name":"{% $states.context.Execution.Name %}"},"Next":"Check"},
		"Check":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.par[0] = 16 %}","Next":"Big"}]},
		"Big":{"Type":"Fail","Error":"TooBig","Cause":"{% 'par was ' & $string($states.input.par) & ' in ' & $states.input.name %}"}
	}}`, `{"name":"bob","items":[1,2,3]}`)
	if d.Status != "FAILED" || str(d.Error) != "TooBig" || str(d.Cause) != `par was [16,"second"] in run` {
		t.Fatalf("execution %s %s %s", d.Status, str(d.Error), str(d.Cause))
	}
	if len(j.inputs) != 1 || canon(t, mustJSON(t, j.inputs[0])) != `{"count":3,"who":"hi bob"}` {
		t.Errorf("task inputs %v", j.inputs)
	}
	if len(j.sleeps) != 1 || j.sleeps[0] <= 29*time.Second || j.sleeps[0] > 30*time.Second {
		t.Errorf("sleeps %v, want one of 30s", j.sleeps)
	}
	for _, c := range []struct{ typ, name, want string }{
		{"PassStateExited", "P", `{"items":[1,2,3],"lit":"{% not closed"}`},
		{"TaskStateExited", "T", `{"echo":{"count":3,"who":"hi bob"},"items":[1,2,3]}`},
		{"MapStateExited", "M", `[2,5,8]`},
		{"ChoiceStateExited", "C", `{"sum":15,"who":"hi bob"}`},
		{"ParallelStateExited", "Par", `{"name":"run","par":[16,"second"]}`},
	} {
		ev := event(h, c.typ, c.name)
		if ev == nil {
			t.Errorf("no %s for %s", c.typ, c.name)
			continue
		}
		if got := canon(t, ev.Details["output"].(string)); got != canon(t, c.want) {
			t.Errorf("%s output %s, want %s", c.name, got, c.want)
		}
	}
	if ev := event(h, "PassStateExited", "P"); ev != nil {
		av, _ := ev.Details["assignedVariables"].(map[string]any)
		if av["greeting"] != `"hi bob"` || av["n"] != "3" {
			t.Errorf("assignedVariables %v", ev.Details["assignedVariables"])
		}
	}
	if ev := event(h, "TaskScheduled", ""); ev == nil || ev.Details["timeoutInSeconds"] != int64(300) {
		t.Errorf("TaskScheduled %+v, want timeoutInSeconds 300", ev)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestJSONataQueryEvaluationError: an undefined result fails the state with
// AWS's cause and an EvaluationFailed event; a Catcher's Output and Assign
// see $states.errorOutput; wrong result types fail the same way.
func TestJSONataQueryEvaluationError(t *testing.T) {
	t.Parallel()
	t.Run("undefined Output", func(t *testing.T) {
		t.Parallel()
		j := newJSONataEngine(t)
		d, h := j.run(t, `{"QueryLanguage":"JSONata","StartAt":"X","States":{"X":{"Type":"Pass","Output":"{% $states.input.missing %}","End":true}}}`, `{}`)
		want := "An error occurred while executing the state 'X' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined)."
		if d.Status != "FAILED" || str(d.Error) != "States.QueryEvaluationError" || str(d.Cause) != want {
			t.Fatalf("got %s %s %q", d.Status, str(d.Error), str(d.Cause))
		}
		ev := event(h, "EvaluationFailed", "")
		if ev == nil || ev.Details["location"] != "Output" || ev.Details["state"] != "X" || ev.Details["cause"] != want || ev.PreviousEventID != 2 {
			t.Errorf("EvaluationFailed %+v", ev)
		}
	})
	t.Run("caught Arguments and task failures", func(t *testing.T) {
		t.Parallel()
		j := newJSONataEngine(t)
		d, _ := j.run(t, `{"QueryLanguage":"JSONata","StartAt":"T","States":{
			"T":{"Type":"Task","Resource":"jt:echo","Arguments":{"a":{"b":"{% $states.input.nope %}"}},"Next":"Done",
				"Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Output":{"cause":"{% $states.errorOutput.Cause %}","in":"{% $states.input %}"},
					"Assign":{"caught":"{% $states.errorOutput.Error %}"},"Next":"T2"}]},
			"T2":{"Type":"Task","Resource":"jt:fail","Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":1}],"Next":"Done",
				"Catch":[{"ErrorEquals":["States.ALL"],"Output":{"first":"{% $caught %}","second":"{% $states.errorOutput %}","prev":"{% $states.input.in %}"},"Next":"Done"}]},
			"Done":{"Type":"Succeed"}}}`, `{"k":1}`)
		if d.Status != "SUCCEEDED" {
			t.Fatalf("status %s %s %s", d.Status, str(d.Error), str(d.Cause))
		}
		got := canon(t, str(d.Output))
		want := canon(t, `{"first":"States.QueryEvaluationError","second":{"Error":"Boom","Cause":"always"},"prev":{"k":1}}`)
		if got != want {
			t.Errorf("output %s, want %s", got, want)
		}
		if len(j.inputs) != 2 {
			t.Errorf("jt:fail ran %d times, want 2 (one retry)", len(j.inputs))
		}
	})
	for _, c := range []struct{ name, def, cause string }{
		{"Condition not boolean", `{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n %}","Next":"S"}]},"S":{"Type":"Succeed"}}}`,
			"The JSONata expression '$states.input.n' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'number'"},
		{"Items not an array", `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input %}","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}`,
			"Expected 'array', but was 'object'"},
		{"Seconds negative", `{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"{% -1 %}","End":true}}}`,
			"specified for the field 'Seconds' returned an unexpected result type"},
		{"evaluation error", `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input.n + 'a' %}","End":true}}}`,
			"specified for the field 'Output' threw an error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			j := newJSONataEngine(t)
			d, _ := j.run(t, c.def, `{"n":1}`)
			if d.Status != "FAILED" || str(d.Error) != "States.QueryEvaluationError" || !strings.Contains(str(d.Cause), c.cause) {
				t.Errorf("got %s %s %q, want cause containing %q", d.Status, str(d.Error), str(d.Cause), c.cause)
			}
			if testing.Verbose() {
				t.Log(str(d.Cause))
			}
		})
	}
}

// TestJSONataMixed: a JSONPath machine with one JSONata state; variables
// cross between them.
func TestJSONataMixed(t *testing.T) {
	t.Parallel()
	j := newJSONataEngine(t)
	d, _ := j.run(t, `{"StartAt":"A","States":{
		"A":{"Type":"Pass","Parameters":{"x.$":"$.x"},"Assign":{"v.$":"$.x"},"Next":"B"},
		"B":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"y":"{% $states.input.x * $v %}"},"Assign":{"w":"{% $v + 1 %}"},"Next":"C"},
		"C":{"Type":"Pass","Parameters":{"y.$":"$.y","w.$":"$w"},"End":true}}}`, `{"x":7}`)
	if d.Status != "SUCCEEDED" || canon(t, str(d.Output)) != `{"w":8,"y":49}` {
		t.Errorf("got %s %s %s", d.Status, str(d.Output), str(d.Cause))
	}
}

// TestJSONataInvalidDefinition: CreateStateMachine refuses JSONata syntax
// errors with the field's location, and JSONPath fields in JSONata states.
func TestJSONataInvalidDefinition(t *testing.T) {
	t.Parallel()
	j := newJSONataEngine(t)
	for _, c := range []struct{ def, want string }{
		{`{"QueryLanguage":"JSONata","StartAt":"E","States":{"E":{"Type":"Pass","Output":{"v":"{% $states.input[1,2) %}"},"End":true}}}`,
			`Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: Expected "]", got "," at /States/E/Output/v'`},
		{`{"QueryLanguage":"JSONata","StartAt":"X","States":{"X":{"Type":"Pass","InputPath":"$.a","End":true}}}`,
			`Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage at /States/X'`},
		{`{"QueryLanguage":"JSONata","StartAt":"X","States":{"X":{"Type":"Pass","Output":"{% $states.errorOutput %}","End":true}}}`,
			`Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not exist. at /States/X/Output'`},
	} {
		_, err := j.eng.CreateStateMachine(context.Background(), &engine.CreateStateMachineInput{Name: "bad", Definition: c.def, RoleArn: "arn:aws:iam::123456789012:role/r"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %s", c.def, err, c.want)
		}
	}
}
