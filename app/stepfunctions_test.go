package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/internal/golden"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
)

// sfnBundle is a running server with Step Functions and an SDK client.
type sfnBundle struct {
	main   *app.Main
	client *sfn.Client
	seq    atomic.Int64
	// attempts counts calls of the "flaky" handler by key.
	mu       sync.Mutex
	attempts map[string]int
	// release unblocks the "block" handler.
	release chan struct{}
	// tokens receives the task tokens the "token" handler is called with.
	tokens chan string
}

type sfnOpts struct {
	lambdaEndpoint string
	// config replaces testdata/sfn/appsync.yml.
	config string
}

// startSFN starts testdata/sfn on a free port with Wait states and retry
// intervals scaled to zero, and Go handlers registered for Lambda tasks.
func startSFN(t *testing.T, opts ...sfnOpts) *sfnBundle {
	t.Helper()
	b := &sfnBundle{attempts: map[string]int{}, release: make(chan struct{}), tokens: make(chan string, 100)}
	fns := gohandler.NewRegistry()
	fns.MustRegister("echo", func(ctx context.Context, in any) (any, error) { return in, nil })
	fns.MustRegister("double", func(in struct{ N int }) (map[string]int, error) { return map[string]int{"N": in.N * 2}, nil })
	fns.MustRegister("fail", func(in struct{ Message string }) (any, error) {
		return nil, &gohandler.FunctionError{Message: in.Message, Type: "CustomError"}
	})
	fns.MustRegister("flaky", func(in struct {
		Key   string
		Fails int
	}) (map[string]any, error) {
		b.mu.Lock()
		b.attempts[in.Key]++
		n := b.attempts[in.Key]
		b.mu.Unlock()
		if n <= in.Fails {
			return nil, &gohandler.FunctionError{Message: fmt.Sprintf("attempt %d failed", n), Type: "Flaky"}
		}
		return map[string]any{"attempts": n}, nil
	})
	fns.MustRegister("block", func(ctx context.Context) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-b.release:
			return nil
		}
	})
	fns.MustRegister("panic", func() error { panic("handler exploded") })
	fns.MustRegister("token", func(in struct{ Token string }) (map[string]bool, error) {
		b.tokens <- in.Token
		return map[string]bool{"accepted": true}, nil
	})
	zero := 0.0
	b.main = &app.Main{Stdout: io.Discard, Stderr: io.Discard, Functions: fns, WaitTimeScale: &zero}
	dir := t.TempDir()
	if len(opts) > 0 && opts[0].lambdaEndpoint != "" {
		t.Setenv("LAMBDA_ENDPOINT", opts[0].lambdaEndpoint)
	}
	cfgPath := filepath.Join("testdata", "sfn", "appsync.yml")
	if len(opts) > 0 && opts[0].config != "" {
		cfgPath = opts[0].config
	}
	if err := b.main.Start([]string{"--port", "0", "--no-watch", "--data-dir", dir, cfgPath}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		close(b.release)
		b.main.Close()
	})
	b.client = sfn.New(sfn.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(b.main.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		Retryer:      aws.NopRetryer{},
		APIOptions:   []func(*middleware.Stack) error{sfnapi.DisableHostPrefix},
	})
	return b
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// create registers a machine under a fresh name and returns its ARN.
func (b *sfnBundle) create(t *testing.T, def, typ string) string {
	t.Helper()
	name := fmt.Sprintf("m%d-%s", b.seq.Add(1), nameSafe.ReplaceAllString(t.Name(), "-"))
	if len(name) > 80 {
		name = name[:80]
	}
	out, err := b.client.CreateStateMachine(ctxT(t), &sfn.CreateStateMachineInput{
		Name: aws.String(name), Definition: aws.String(def), RoleArn: aws.String("arn:aws:iam::123456789012:role/test"),
		Type: types.StateMachineType(typ),
	})
	if err != nil {
		t.Fatalf("CreateStateMachine: %v", err)
	}
	return *out.StateMachineArn
}

// sync runs def as an Express machine and returns the result.
func (b *sfnBundle) sync(t *testing.T, def, input string) *sfn.StartSyncExecutionOutput {
	t.Helper()
	arn := b.create(t, def, "EXPRESS")
	out, err := b.client.StartSyncExecution(ctxT(t), &sfn.StartSyncExecutionInput{StateMachineArn: &arn, Input: aws.String(input)})
	if err != nil {
		t.Fatalf("StartSyncExecution: %v", err)
	}
	return out
}

// standard runs def as a Standard machine to its end.
func (b *sfnBundle) standard(t *testing.T, def, input, name string) *sfn.DescribeExecutionOutput {
	t.Helper()
	arn := b.create(t, def, "STANDARD")
	in := &sfn.StartExecutionInput{StateMachineArn: &arn, Input: aws.String(input)}
	if name != "" {
		in.Name = &name
	}
	out, err := b.client.StartExecution(ctxT(t), in)
	if err != nil {
		t.Fatalf("StartExecution: %v", err)
	}
	if err := b.main.StepFunctions().Wait(ctxT(t), *out.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	d, err := b.client.DescribeExecution(ctxT(t), &sfn.DescribeExecutionInput{ExecutionArn: out.ExecutionArn})
	if err != nil {
		t.Fatalf("DescribeExecution: %v", err)
	}
	return d
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// result renders a sync execution as "SUCCEEDED <output>" or "FAILED <error>: <cause>".
func result(o *sfn.StartSyncExecutionOutput) string {
	if o.Status == types.SyncExecutionStatusSucceeded {
		return "SUCCEEDED " + str(o.Output)
	}
	return string(o.Status) + " " + str(o.Error) + ": " + str(o.Cause)
}

func apiErr(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	if err == nil {
		return "<nil>"
	}
	return "not an API error: " + err.Error()
}

var nameSafe = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

type sfnCase struct {
	name, def, input, want string
}

func runCases(t *testing.T, b *sfnBundle, cases []sfnCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			input := c.input
			if input == "" {
				input = "{}"
			}
			if got := result(b.sync(t, c.def, input)); got != c.want {
				t.Errorf("\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

// pass wraps a Pass state's fields as a one-state machine.
func pass(fields string) string {
	return `{"StartAt":"P","States":{"P":{"Type":"Pass",` + fields + `,"End":true}}}`
}

// TestSFNDataFlow covers Pass and the JSONPath data flow through the SDK.
func TestSFNDataFlow(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	runCases(t, b, []sfnCase{
		{"Pass passes input", pass(`"Comment":"x"`), `{"a":1}`, `SUCCEEDED {"a":1}`},
		{"Result replaces", pass(`"Result":{"r":true}`), `{"a":1}`, `SUCCEEDED {"r":true}`},
		{"ResultPath merges into the raw input", pass(`"InputPath":"$.a","Result":"x","ResultPath":"$.b.c"`), `{"a":{"k":1}}`, `SUCCEEDED {"a":{"k":1},"b":{"c":"x"}}`},
		{"ResultPath null keeps input", pass(`"Result":"x","ResultPath":null`), `{"a":1}`, `SUCCEEDED {"a":1}`},
		{"InputPath null gives {}", pass(`"InputPath":null`), `{"a":1}`, `SUCCEEDED {}`},
		{"OutputPath selects", pass(`"OutputPath":"$.a.b"`), `{"a":{"b":[1,2]}}`, `SUCCEEDED [1,2]`},
		{"OutputPath null gives {}", pass(`"OutputPath":null`), `{"a":1}`, `SUCCEEDED {}`},
		{"Parameters with paths and context", pass(`"Parameters":{"v.$":"$.a","name.$":"$$.State.Name","lit":"$.a","nested":{"n.$":"$.a"}}`), `{"a":5}`,
			`SUCCEEDED {"lit":"$.a","name":"P","nested":{"n":5},"v":5}`},
		{"missing path is States.Runtime", pass(`"InputPath":"$.missing"`), `{"a":1}`,
			`FAILED States.Runtime: An error occurred while executing the state 'P'. Invalid path '$.missing' : No results for path: $['missing']`},
		{"context object", `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"state.$":"$$.State.Name","input.$":"$$.Execution.Input","retry.$":"$$.State.RetryCount","redrive.$":"$$.Execution.RedriveCount"},"End":true}}}`,
			`{"k":"v"}`, `SUCCEEDED {"input":{"k":"v"},"redrive":0,"retry":0,"state":"P"}`},
		{"variables visible from the next state", `{"StartAt":"A","States":{
			"A":{"Type":"Pass","Assign":{"x.$":"$.v","y":2},"Next":"B"},
			"B":{"Type":"Pass","Parameters":{"x.$":"$x","y.$":"$y"},"End":true}}}`, `{"v":7}`, `SUCCEEDED {"x":7,"y":2}`},
		{"ResultSelector on Task", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:double","ResultSelector":{"doubled.$":"$.N"},"ResultPath":"$.out","End":true}}}`,
			`{"N":21}`, `SUCCEEDED {"N":21,"out":{"doubled":42}}`},
	})
}

// TestSFNChoice covers every Choice operator family.
func TestSFNChoice(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	choice := func(rule string) string {
		return `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[` + rule + `],"Default":"No"},
			"Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}`
	}
	in := `{"s":"abc","n":5,"f":2.5,"b":true,"t":"2024-01-02T03:04:05Z","z":null,"other":"abd","m":5.0,"arr":[1]}`
	cases := []struct{ name, rule, want string }{
		{"StringEquals", `{"Variable":"$.s","StringEquals":"abc","Next":"Yes"}`, "yes"},
		{"StringEqualsPath", `{"Variable":"$.s","StringEqualsPath":"$.other","Next":"Yes"}`, "no"},
		{"StringLessThan", `{"Variable":"$.s","StringLessThan":"abd","Next":"Yes"}`, "yes"},
		{"StringGreaterThanEquals", `{"Variable":"$.s","StringGreaterThanEquals":"abc","Next":"Yes"}`, "yes"},
		{"StringLessThanPath", `{"Variable":"$.s","StringLessThanPath":"$.other","Next":"Yes"}`, "yes"},
		{"StringMatches", `{"Variable":"$.s","StringMatches":"a*c","Next":"Yes"}`, "yes"},
		{"StringMatches escaped star", `{"Variable":"$.s","StringMatches":"a\\*c","Next":"Yes"}`, "no"},
		{"NumericEquals int vs float", `{"Variable":"$.n","NumericEqualsPath":"$.m","Next":"Yes"}`, "yes"},
		{"NumericGreaterThan", `{"Variable":"$.f","NumericGreaterThan":2,"Next":"Yes"}`, "yes"},
		{"NumericLessThanEquals", `{"Variable":"$.n","NumericLessThanEquals":4,"Next":"Yes"}`, "no"},
		{"type mismatch is false", `{"Variable":"$.s","NumericEquals":5,"Next":"Yes"}`, "no"},
		{"BooleanEquals", `{"Variable":"$.b","BooleanEquals":true,"Next":"Yes"}`, "yes"},
		{"BooleanEqualsPath", `{"Variable":"$.b","BooleanEqualsPath":"$.b","Next":"Yes"}`, "yes"},
		{"TimestampEquals", `{"Variable":"$.t","TimestampEquals":"2024-01-02T03:04:05Z","Next":"Yes"}`, "yes"},
		{"TimestampLessThan", `{"Variable":"$.t","TimestampLessThan":"2023-01-01T00:00:00Z","Next":"Yes"}`, "no"},
		{"TimestampGreaterThanPath", `{"Variable":"$.t","TimestampGreaterThanEqualsPath":"$.t","Next":"Yes"}`, "yes"},
		{"IsNull", `{"Variable":"$.z","IsNull":true,"Next":"Yes"}`, "yes"},
		{"IsPresent false on missing", `{"Variable":"$.nope","IsPresent":true,"Next":"Yes"}`, "no"},
		{"IsNumeric", `{"Variable":"$.n","IsNumeric":true,"Next":"Yes"}`, "yes"},
		{"IsString", `{"Variable":"$.n","IsString":true,"Next":"Yes"}`, "no"},
		{"IsBoolean", `{"Variable":"$.b","IsBoolean":true,"Next":"Yes"}`, "yes"},
		{"IsTimestamp", `{"Variable":"$.t","IsTimestamp":true,"Next":"Yes"}`, "yes"},
		{"And", `{"And":[{"Variable":"$.n","NumericEquals":5},{"Variable":"$.s","StringEquals":"abc"}],"Next":"Yes"}`, "yes"},
		{"Or", `{"Or":[{"Variable":"$.n","NumericEquals":6},{"Variable":"$.s","StringEquals":"x"}],"Next":"Yes"}`, "no"},
		{"Not", `{"Not":{"Variable":"$.n","NumericEquals":6},"Next":"Yes"}`, "yes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got, want := result(b.sync(t, choice(c.rule), in)), `SUCCEEDED "`+c.want+`"`; got != want {
				t.Errorf("\n got %s\nwant %s", got, want)
			}
		})
	}
	runCases(t, b, []sfnCase{
		{"no match and no Default", `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"E"}]},"E":{"Type":"Succeed"}}}`,
			`{"n":2}`, `FAILED States.NoChoiceMatched: No Matches!`},
		{"missing Variable is States.Runtime", `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.nope","NumericEquals":1,"Next":"E"}],"Default":"E"},"E":{"Type":"Succeed"}}}`,
			`{"n":2}`, `FAILED States.Runtime: An error occurred while executing the state 'C'. Invalid path '$.nope': The choice state's condition path references an invalid value.`},
		{"Choice rule Assign", `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":2,"Assign":{"picked":"two"},"Next":"E"}]},"E":{"Type":"Pass","Parameters":{"p.$":"$picked"},"End":true}}}`,
			`{"n":2}`, `SUCCEEDED {"p":"two"}`},
	})
}

// TestSFNStates covers Wait, Succeed, Fail, Parallel and Map.
func TestSFNStates(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	wait := func(f string) string {
		return `{"StartAt":"W","States":{"W":{"Type":"Wait",` + f + `,"Next":"S"},"S":{"Type":"Succeed","OutputPath":"$.v"}}}`
	}
	runCases(t, b, []sfnCase{
		{"Wait Seconds", wait(`"Seconds":100`), `{"v":1}`, `SUCCEEDED 1`},
		{"Wait SecondsPath", wait(`"SecondsPath":"$.s"`), `{"v":2,"s":100}`, `SUCCEEDED 2`},
		{"Wait SecondsPath not a number", wait(`"SecondsPath":"$.s"`), `{"v":2,"s":"x"}`, `FAILED States.Runtime: An error occurred while executing the state 'W'. The SecondsPath parameter does not reference a valid integer value: "x"`},
		{"Wait Timestamp", wait(`"Timestamp":"2030-01-01T00:00:00Z"`), `{"v":3}`, `SUCCEEDED 3`},
		{"Wait TimestampPath", wait(`"TimestampPath":"$.t"`), `{"v":4,"t":"2030-01-01T00:00:00Z"}`, `SUCCEEDED 4`},
		{"Wait TimestampPath invalid", wait(`"TimestampPath":"$.t"`), `{"v":4,"t":"tomorrow"}`,
			`FAILED States.Runtime: An error occurred while executing the state 'W'. The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "tomorrow"`},
		{"Succeed InputPath", `{"StartAt":"S","States":{"S":{"Type":"Succeed","InputPath":"$.a"}}}`, `{"a":[1]}`, `SUCCEEDED [1]`},
		{"Fail Error and Cause", `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"MyError","Cause":"my cause"}}}`, `{}`, `FAILED MyError: my cause`},
		{"Fail ErrorPath and CausePath", `{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('bad {}', $.n)"}}}`,
			`{"e":"Dyn","n":3}`, `FAILED Dyn: bad 3`},
		{"Fail without Error", `{"StartAt":"F","States":{"F":{"Type":"Fail"}}}`, `{}`, `FAILED <nil>: <nil>`},
		{"Parallel keeps branch order", `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
			{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:double","End":true}}},
			{"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}},
			{"StartAt":"C","States":{"C":{"Type":"Pass","InputPath":"$.N","End":true}}}]}}}`, `{"N":4}`, `SUCCEEDED [{"N":8},"b",4]`},
		{"Parallel propagates the inner error unchanged", `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
			{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:block","End":true}}},
			{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"FailureType","Cause":"branch failed"}}}]}}}`, `{}`, `FAILED FailureType: branch failed`},
		{"Parallel Catch", `{"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Done","Catch":[{"ErrorEquals":["FailureType"],"ResultPath":"$.err","Next":"Done"}],"Branches":[
			{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"FailureType","Cause":"c"}}}]},"Done":{"Type":"Succeed"}}}`, `{"in":1}`,
			`SUCCEEDED {"err":{"Cause":"c","Error":"FailureType"},"in":1}`},
		{"Map keeps order with MaxConcurrency", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"End":true,
			"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"D","States":{"D":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:double","End":true}}}}}}`,
			`{"items":[{"N":1},{"N":2},{"N":3},{"N":4},{"N":5}]}`, `SUCCEEDED [{"N":2},{"N":4},{"N":6},{"N":8},{"N":10}]`},
		{"Map ItemSelector sees Map.Item", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","End":true,
			"ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","k.$":"$.k"},
			"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`,
			`{"k":"K","items":["a","b"]}`, `SUCCEEDED [{"i":0,"k":"K","v":"a"},{"i":1,"k":"K","v":"b"}]`},
		{"Map legacy Iterator and Parameters", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrencyPath":"$.c","End":true,
			"Parameters":{"x.$":"$$.Map.Item.Value"},"Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`,
			`{"c":1,"items":[1,2]}`, `SUCCEEDED [{"x":1},{"x":2}]`},
		{"Map empty", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`,
			`[]`, `SUCCEEDED []`},
		{"Map ItemsPath not an array", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.x","End":true,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`,
			`{"x":1}`, `FAILED States.Runtime: An error occurred while executing the state 'M'. Invalid path '$.x': The ItemsPath field must reference an array in the effective input, but '1' was found`},
		{"Map failure propagates unchanged", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:fail","End":true}}}}}}`,
			`[{"Message":"one"}]`, `FAILED CustomError: {"errorMessage":"one","errorType":"CustomError"}`},
		{"Map ResultSelector and ResultPath", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.out","ResultSelector":{"n.$":"States.ArrayLength($)"},"End":true,
			"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`, `{"items":[1,2,3]}`, `SUCCEEDED {"items":[1,2,3],"out":{"n":3}}`},
		{"distributed Map", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","Label":"lbl","End":true,
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"D","States":{"D":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:double","End":true}}}}}}`,
			`{"items":[{"N":1},{"N":2},{"N":3}]}`, `SUCCEEDED [{"N":2},{"N":4},{"N":6}]`},
		{"distributed Map ItemBatcher", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"b":"x"}},
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`,
			`[1,2,3]`, `SUCCEEDED [{"BatchInput":{"b":"x"},"Items":[1,2]},{"BatchInput":{"b":"x"},"Items":[3]}]`},
		{"distributed Map tolerated failures", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ToleratedFailureCount":1,
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:fail","End":true}}}}}}`,
			`[{"Message":"x"}]`, `SUCCEEDED [{"Cause":"{\"errorMessage\":\"x\",\"errorType\":\"CustomError\"}","Error":"CustomError"}]`},
		{"distributed Map threshold exceeded", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ToleratedFailurePercentage":40,
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:fail","End":true}}}}}}`,
			`[{"Message":"x"},{"Message":"y"}]`, `FAILED States.ExceedToleratedFailureThreshold: The specified tolerated failure threshold was exceeded`},
	})
}

// TestSFNIntrinsics runs every intrinsic function once end to end.
func TestSFNIntrinsics(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	in := `{"s":"a,b;;c","obj":{"k":1,"l":[1,2]},"arr":[1,2,2,3],"json":"{\"x\":1}","n":2}`
	cases := []struct{ expr, want string }{
		{`States.Format('{} and {}', $.s, $.obj)`, `"a,b;;c and {k=1, l=[1, 2]}"`},
		{`States.StringToJson($.json)`, `{"x":1}`},
		{`States.JsonToString($.obj)`, `"{\"k\":1,\"l\":[1,2]}"`},
		{`States.Array($.n, 'x', true)`, `[2,"x",true]`},
		{`States.ArrayPartition($.arr, 3)`, `[[1,2,2],[3]]`},
		{`States.ArrayContains($.arr, 3)`, `true`},
		{`States.ArrayRange(1, 9, 3)`, `[1,4,7]`},
		{`States.ArrayGetItem($.arr, 3)`, `3`},
		{`States.ArrayLength($.arr)`, `4`},
		{`States.ArrayUnique($.arr)`, `[1,2,3]`},
		{`States.Base64Encode('hello')`, `"aGVsbG8="`},
		{`States.Base64Decode('aGVsbG8=')`, `"hello"`},
		{`States.Hash('hello', 'SHA-256')`, `"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"`},
		{`States.JsonMerge($.obj, States.StringToJson($.json), false)`, `{"k":1,"l":[1,2],"x":1}`},
		{`States.MathAdd($.n, -5)`, `-3`},
		{`States.StringSplit($.s, ',;')`, `["a","b","c"]`},
		{`States.ArrayLength(States.Array(States.UUID(), States.MathRandom(1, 10)))`, `2`},
	}
	for _, c := range cases {
		name, _, _ := strings.Cut(c.expr, "(")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			def, _ := json.Marshal(map[string]any{"StartAt": "P", "States": map[string]any{"P": map[string]any{
				"Type": "Pass", "Parameters": map[string]any{"v.$": c.expr}, "OutputPath": "$.v", "End": true}}})
			if got, want := result(b.sync(t, string(def), in)), "SUCCEEDED "+c.want; got != want {
				t.Errorf("%s\n got %s\nwant %s", c.expr, got, want)
			}
		})
	}
	t.Run("UUID and MathRandom shapes", func(t *testing.T) {
		t.Parallel()
		out := b.sync(t, pass(`"Parameters":{"u.$":"States.UUID()","r.$":"States.MathRandom(5, 6)"}`), `{}`)
		if !regexp.MustCompile(`^\{"r":5,"u":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"\}$`).MatchString(str(out.Output)) {
			t.Errorf("got %s", result(out))
		}
	})
	runCases(t, b, []sfnCase{
		{"IntrinsicFailure", `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"States.ArrayGetItem($.a, 5)"},"End":true}}}`,
			`{"a":[1]}`, `FAILED States.IntrinsicFailure: Invalid arguments in States.ArrayGetItem: index 5 is out of bounds for an array of length 1`},
		{"IntrinsicFailure is caught by States.ALL", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],
			"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"States.ArrayGetItem($, 5)"},"End":true}}}},"C":{"Type":"Pass","OutputPath":"$.Error","End":true}}}`,
			`[[1]]`, `SUCCEEDED "States.IntrinsicFailure"`},
	})
}

const fnARN = "arn:aws:lambda:us-east-1:123456789012:function:"

func task(fn, extra string) string {
	return `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + fn + `"` + extra + `,"End":true}}}`
}

// TestSFNTasks covers Lambda tasks on in-process Go handlers, Retry and Catch.
func TestSFNTasks(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	runCases(t, b, []sfnCase{
		{"legacy function ARN", task("double", ""), `{"N":2}`, `SUCCEEDED {"N":4}`},
		{"legacy ARN with qualifier", task("double:live", ""), `{"N":3}`, `SUCCEEDED {"N":6}`},
		{"lambda:invoke envelope", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"` + fnARN + `double","Payload.$":"$"},
			"ResultSelector":{"p.$":"$.Payload","s.$":"$.StatusCode","v.$":"$.ExecutedVersion","h.$":"$.SdkHttpMetadata.HttpStatusCode"},"End":true}}}`,
			`{"N":5}`, `SUCCEEDED {"h":200,"p":{"N":10},"s":200,"v":"$LATEST"}`},
		{"function error", task("fail", ""), `{"Message":"boom"}`, `FAILED CustomError: {"errorMessage":"boom","errorType":"CustomError"}`},
		{"lambda:invoke function error", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"fail","Payload":{"Message":"bad"}},"End":true}}}`,
			`{}`, `FAILED CustomError: {"errorMessage":"bad","errorType":"CustomError"}`},
		{"handler panic", task("panic", ""), `{}`, `FAILED string: {"errorMessage":"handler exploded","errorType":"string"}`},
		{"unknown function", task("nope", ""), `{}`,
			`FAILED Lambda.ResourceNotFoundException: Function not found: nope (register a Go handler named "nope", or set LAMBDA_ENDPOINT to a Lambda Invoke API that serves it)`},
		{"unknown resource", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask","End":true}}}`, `{}`,
			`FAILED States.Runtime: An error occurred while executing the state 'T'. The resource 'arn:aws:states:::ecs:runTask' is not supported by appsync-local (supported: Lambda function ARNs, activity ARNs, arn:aws:states:::lambda:invoke, dynamodb:getItem|putItem|updateItem|deleteItem, http:invoke, states:startExecution(.sync, .sync:2), sqs:sendMessage, sns:publish, events:putEvents, each also with .waitForTaskToken)`},
		{"Catch default ResultPath", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `fail","Catch":[{"ErrorEquals":["Other"],"Next":"X"},{"ErrorEquals":["CustomError"],"Next":"C"}],"End":true},
			"X":{"Type":"Fail"},"C":{"Type":"Pass","End":true}}}`, `{"Message":"m"}`,
			`SUCCEEDED {"Cause":"{\"errorMessage\":\"m\",\"errorType\":\"CustomError\"}","Error":"CustomError"}`},
		{"Catch ResultPath and States.TaskFailed", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `fail","Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.error","Next":"C"}],"End":true},
			"C":{"Type":"Pass","End":true}}}`, `{"Message":"m"}`,
			`SUCCEEDED {"Message":"m","error":{"Cause":"{\"errorMessage\":\"m\",\"errorType\":\"CustomError\"}","Error":"CustomError"}}`},
		{"Catch Assign", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `fail","Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"e.$":"$.Error"},"Next":"C"}],"End":true},
			"C":{"Type":"Pass","Parameters":{"e.$":"$e"},"End":true}}}`, `{"Message":"m"}`, `SUCCEEDED {"e":"CustomError"}`},
		{"States.ALL does not catch States.Runtime", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `echo","InputPath":"$.nope","Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},
			"C":{"Type":"Pass","End":true}}}`, `{}`,
			`FAILED States.Runtime: An error occurred while executing the state 'T'. Invalid path '$.nope' : No results for path: $['nope']`},
		{"Retry until success", task("flaky", `,"Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":2,"IntervalSeconds":30,"BackoffRate":3}]`),
			`{"Key":"retry-ok","Fails":2}`, `SUCCEEDED {"attempts":3}`},
		{"Retry exhausted then Catch", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `flaky","Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":1,"JitterStrategy":"FULL","MaxDelaySeconds":2}],
			"Catch":[{"ErrorEquals":["Flaky"],"Next":"C"}],"End":true},"C":{"Type":"Pass","OutputPath":"$.Cause","End":true}}}`,
			`{"Key":"retry-catch","Fails":5}`, `SUCCEEDED "{\"errorMessage\":\"attempt 2 failed\",\"errorType\":\"Flaky\"}"`},
		{"first matching retrier decides", task("flaky", `,"Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":0},{"ErrorEquals":["States.ALL"],"MaxAttempts":5}]`),
			`{"Key":"first-retrier","Fails":1}`, `FAILED Flaky: {"errorMessage":"attempt 1 failed","errorType":"Flaky"}`},
		{"RetryCount in the context", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `flaky","Parameters":{"Key":"retry-count","Fails":2,"rc.$":"$$.State.RetryCount"},
			"ResultSelector":{"a.$":"$.attempts"},"Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}}}`, `{}`, `SUCCEEDED {"a":3}`},
		{"Task TimeoutSeconds", task("block", `,"TimeoutSeconds":1`), `{}`, `FAILED States.Timeout: Task timed out after 1 seconds`},
		{"Task TimeoutSecondsPath caught", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `block","TimeoutSecondsPath":"$.to","Catch":[{"ErrorEquals":["States.Timeout"],"Next":"C"}],"End":true},
			"C":{"Type":"Pass","OutputPath":"$.Error","End":true}}}`, `{"to":1}`, `SUCCEEDED "States.Timeout"`},
		{"machine TimeoutSeconds", `{"TimeoutSeconds":1,"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `block","End":true}}}`, `{}`,
			`TIMED_OUT States.Timeout: The execution timed out`},
		{"task result over 256 KiB", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `echo","Parameters":{"a.$":"$.big","b.$":"$.big"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},"C":{"Type":"Succeed"}}}`,
			`{"big":"` + strings.Repeat("x", 140000) + `"}`,
			`FAILED States.DataLimitExceeded: The state/task returned a result with a size exceeding the maximum number of bytes service limit (result of function echo).`},
	})
}

// TestSFNRemoteLambda calls functions through the Lambda Invoke API at
// LAMBDA_ENDPOINT (a test server speaking it).
func TestSFNRemoteLambda(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/2015-03-31/functions/remoteEcho/invocations":
			w.Header().Set("X-Amz-Executed-Version", "$LATEST")
			w.Write(append([]byte(`{"remote":`), append(body, '}')...))
		case "/2015-03-31/functions/remoteFail/invocations":
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			w.Write([]byte(`{"errorMessage":"remote boom","errorType":"RemoteError","stackTrace":[]}`))
		default:
			w.Header().Set("X-Amzn-Errortype", "ResourceNotFoundException")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"Type":"User","message":"Function not found: ` + r.URL.Path + `"}`))
		}
	}))
	t.Cleanup(srv.Close)
	b := startSFN(t, sfnOpts{lambdaEndpoint: srv.URL})
	runCases(t, b, []sfnCase{
		{"remote result", task("remoteEcho", ""), `{"a":1}`, `SUCCEEDED {"remote":{"a":1}}`},
		{"in-process handlers win", task("double", ""), `{"N":1}`, `SUCCEEDED {"N":2}`},
		{"remote function error", task("remoteFail", ""), `{}`, `FAILED RemoteError: {"errorMessage":"remote boom","errorType":"RemoteError","stackTrace":[]}`},
		{"remote lambda:invoke", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"remoteEcho","Payload":{"x":1}},"OutputPath":"$.Payload","End":true}}}`,
			`{}`, `SUCCEEDED {"remote":{"x":1}}`},
		{"remote not found", task("missing", ""), `{}`, `FAILED Lambda.ResourceNotFoundException: Function not found: /2015-03-31/functions/missing/invocations`},
	})
}

// TestSFNAPIErrors checks AWS's error types and messages.
func TestSFNAPIErrors(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	c := b.client
	std := b.create(t, pass(`"Result":1`), "STANDARD")
	exp := b.create(t, pass(`"Result":1`), "EXPRESS")
	missing := "arn:aws:states:us-east-1:123456789012:stateMachine:missing"
	def := aws.String(pass(`"Result":1`))
	role := aws.String("arn:aws:iam::123456789012:role/r")
	run, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &std, Name: aws.String("once")})
	if err != nil {
		t.Fatal(err)
	}
	b.main.StepFunctions().Wait(ctx, *run.ExecutionArn)
	stdName := std[strings.LastIndexByte(std, ':')+1:]
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"InvalidDefinition", func() error {
			_, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("bad"), Definition: aws.String(`{"StartAt":"A"}`), RoleArn: role})
			return err
		}, "InvalidDefinition: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'"},
		{"InvalidDefinition JSON", func() error {
			_, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("bad"), Definition: aws.String(`{"StartAt":`), RoleArn: role})
			return err
		}, "InvalidDefinition: Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: unexpected end of JSON input\n at [Source: (String)\"{\"StartAt\":\"; line: 1, column: 12]'"},
		{"express restrictions", func() error {
			_, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("exp"), Type: types.StateMachineTypeExpress, RoleArn: role,
				Definition: aws.String(`{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Next":"B"},"B":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:act","End":true}}}`)})
			return err
		}, "InvalidDefinition: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at /States/A/Resource, SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/B/Resource'"},
		{"StateMachineAlreadyExists", func() error {
			_, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String(stdName), Definition: aws.String(pass(`"Result":2`)), RoleArn: role})
			return err
		}, "StateMachineAlreadyExists: State Machine Already Exists: '" + std + "'"},
		{"InvalidName", func() error {
			_, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("has space"), Definition: def, RoleArn: role})
			return err
		}, "InvalidName: Invalid Name: 'has space'"},
		{"StateMachineDoesNotExist", func() error {
			_, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: &missing})
			return err
		}, "StateMachineDoesNotExist: State Machine Does Not Exist: '" + missing + "'"},
		{"InvalidArn", func() error {
			_, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String("not-an-arn")})
			return err
		}, "InvalidArn: Invalid Arn: 'not-an-arn'"},
		{"InvalidArn express execution", func() error {
			_, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String("arn:aws:states:us-east-1:123456789012:express:m:n:u")})
			return err
		}, "InvalidArn: Invalid Arn: 'Resource type not valid in this context: express'"},
		{"ExecutionDoesNotExist", func() error {
			_, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String("arn:aws:states:us-east-1:123456789012:execution:m:n")})
			return err
		}, "ExecutionDoesNotExist: Execution Does Not Exist: 'arn:aws:states:us-east-1:123456789012:execution:m:n'"},
		{"ExecutionAlreadyExists after close", func() error {
			_, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &std, Name: aws.String("once")})
			return err
		}, "ExecutionAlreadyExists: Execution Already Exists: '" + *run.ExecutionArn + "'"},
		{"InvalidExecutionInput", func() error {
			_, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &std, Input: aws.String("{nope")})
			return err
		}, "InvalidExecutionInput: Invalid State Machine Execution Input: 'invalid character 'n' looking for beginning of object key string at line 1, column 2'"},
		{"InvalidName execution", func() error {
			_, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &std, Name: aws.String("a/b")})
			return err
		}, "InvalidName: Invalid Name: 'a/b'"},
		{"StartSyncExecution on Standard", func() error {
			_, err := c.StartSyncExecution(ctx, &sfn.StartSyncExecutionInput{StateMachineArn: &std})
			return err
		}, "StateMachineTypeNotSupported: This operation is not supported by this type of state machine"},
		{"ListExecutions on Express", func() error {
			_, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &exp})
			return err
		}, "StateMachineTypeNotSupported: This operation is not supported by this type of state machine"},
		{"maxResults too large", func() error {
			_, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &std, MaxResults: 1001})
			return err
		}, "ValidationException: 1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"},
		{"bad nextToken", func() error {
			_, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &std, NextToken: aws.String("garbage")})
			return err
		}, "InvalidToken: Invalid Token: 'garbage'"},
		{"Update with nothing", func() error {
			_, err := c.UpdateStateMachine(ctx, &sfn.UpdateStateMachineInput{StateMachineArn: &std})
			return err
		}, "MissingRequiredParameter: Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified"},
		{"StopExecution on a closed execution", func() error {
			_, err := c.StopExecution(ctx, &sfn.StopExecutionInput{ExecutionArn: run.ExecutionArn})
			return err
		}, "ValidationException: Execution is not running: '" + *run.ExecutionArn + "'"},
		{"tags on a missing machine", func() error {
			_, err := c.ListTagsForResource(ctx, &sfn.ListTagsForResourceInput{ResourceArn: &missing})
			return err
		}, "ResourceNotFound: Resource not found: '" + missing + "'"},
	}
	for _, tc := range cases {
		if got := apiErr(tc.call()); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestSFNAPI exercises the machine, execution, tag, validation and
// TestState operations.
func TestSFNAPI(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	ctx := ctxT(t)
	c := b.client
	role := aws.String("arn:aws:iam::123456789012:role/r")

	t.Run("configured machines", func(t *testing.T) {
		arn := "arn:aws:states:us-east-1:123456789012:stateMachine:fromFile"
		out, err := c.StartSyncExecution(ctx, &sfn.StartSyncExecutionInput{StateMachineArn: &arn, Input: aws.String(`{"name":"Ada"}`), Name: aws.String("x1")})
		if err != nil {
			t.Fatal(err)
		}
		if got := result(out); got != `SUCCEEDED {"greeting":"Hello, Ada!"}` {
			t.Errorf("fromFile: %s", got)
		}
		if !strings.HasPrefix(*out.ExecutionArn, "arn:aws:states:us-east-1:123456789012:express:fromFile:x1:") {
			t.Errorf("express ARN %s", *out.ExecutionArn)
		}
		async, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &arn, Name: aws.String("async1"), Input: aws.String(`{"name":"x"}`)})
		if err != nil || !strings.HasPrefix(*async.ExecutionArn, "arn:aws:states:us-east-1:123456789012:express:fromFile:async1:") {
			t.Errorf("express StartExecution: %v %+v", err, async)
		}
		d, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String("arn:aws:states:us-east-1:123456789012:stateMachine:inline")})
		if err != nil {
			t.Fatal(err)
		}
		if d.Type != types.StateMachineTypeStandard || !strings.Contains(*d.Definition, `"greeting":"inline"`) {
			t.Errorf("inline: %s %s", d.Type, *d.Definition)
		}
	})

	t.Run("machine lifecycle", func(t *testing.T) {
		created, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("life"), Definition: aws.String(pass(`"Result":1`)), RoleArn: role,
			Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}})
		if err != nil {
			t.Fatal(err)
		}
		arn := created.StateMachineArn
		if *arn != "arn:aws:states:us-east-1:123456789012:stateMachine:life" {
			t.Errorf("arn %s", *arn)
		}
		again, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("life"), Definition: aws.String(pass(`"Result":1`)), RoleArn: role})
		if err != nil || *again.StateMachineArn != *arn {
			t.Errorf("identical create: %v", err)
		}
		if _, err := c.UpdateStateMachine(ctx, &sfn.UpdateStateMachineInput{StateMachineArn: arn, Definition: aws.String(pass(`"Result":2`))}); err != nil {
			t.Fatal(err)
		}
		d, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: arn})
		if err != nil || *d.Definition != pass(`"Result":2`) || d.Status != types.StateMachineStatusActive || *d.Name != "life" {
			t.Errorf("describe after update: %v %+v", err, d)
		}
		if _, err := c.TagResource(ctx, &sfn.TagResourceInput{ResourceArn: arn, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("dev")}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UntagResource(ctx, &sfn.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"team"}}); err != nil {
			t.Fatal(err)
		}
		tags, err := c.ListTagsForResource(ctx, &sfn.ListTagsForResourceInput{ResourceArn: arn})
		if err != nil || len(tags.Tags) != 1 || *tags.Tags[0].Key != "env" || *tags.Tags[0].Value != "dev" {
			t.Errorf("tags: %v %+v", err, tags)
		}
		list, err := c.ListStateMachines(ctx, &sfn.ListStateMachinesInput{})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, m := range list.StateMachines {
			names[*m.Name] = true
		}
		if !names["life"] || !names["fromFile"] || !names["inline"] {
			t.Errorf("ListStateMachines: %v", names)
		}
		if _, err := c.DeleteStateMachine(ctx, &sfn.DeleteStateMachineInput{StateMachineArn: arn}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: arn}); !strings.HasPrefix(apiErr(err), "StateMachineDoesNotExist") {
			t.Errorf("after delete: %s", apiErr(err))
		}
	})

	t.Run("executions", func(t *testing.T) {
		arn := b.create(t, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"`+fnARN+`block","End":true}}}`, "STANDARD")
		quick := b.create(t, pass(`"Result":"done"`), "STANDARD")
		start := func(m, name, input string) *sfn.StartExecutionOutput {
			t.Helper()
			out, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &m, Name: &name, Input: &input})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		running := start(arn, "run1", `{"a":1}`)
		// Idempotent while running: same name and input.
		if again := start(arn, "run1", `{"a":1}`); *again.ExecutionArn != *running.ExecutionArn {
			t.Errorf("idempotent start: %s", *again.ExecutionArn)
		}
		if _, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: &arn, Name: aws.String("run1"), Input: aws.String(`{"a":2}`)}); !strings.HasPrefix(apiErr(err), "ExecutionAlreadyExists") {
			t.Errorf("different input: %s", apiErr(err))
		}
		for i := 0; i < 3; i++ {
			out := start(quick, fmt.Sprintf("q%d", i), "{}")
			b.main.StepFunctions().Wait(ctx, *out.ExecutionArn)
		}
		d, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: running.ExecutionArn})
		if err != nil || d.Status != types.ExecutionStatusRunning || *d.Input != `{"a":1}` || d.StopDate != nil {
			t.Errorf("running: %v %+v", err, d)
		}
		if _, err := c.StopExecution(ctx, &sfn.StopExecutionInput{ExecutionArn: running.ExecutionArn, Error: aws.String("Stopped"), Cause: aws.String("by test")}); err != nil {
			t.Fatal(err)
		}
		d, err = c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: running.ExecutionArn})
		if err != nil || d.Status != types.ExecutionStatusAborted || str(d.Error) != "Stopped" || str(d.Cause) != "by test" || d.StopDate == nil {
			t.Errorf("stopped: %v %+v", err, d)
		}
		h, err := c.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: running.ExecutionArn, ReverseOrder: true, MaxResults: 2})
		if err != nil || len(h.Events) != 2 || h.Events[0].Type != types.HistoryEventTypeExecutionAborted || h.NextToken == nil ||
			str(h.Events[0].ExecutionAbortedEventDetails.Error) != "Stopped" || h.Events[1].Type != types.HistoryEventTypeTaskStateAborted ||
			h.Events[0].PreviousEventId != h.Events[1].Id {
			t.Errorf("aborted history: %v %+v", err, h)
		}
		// Pagination and status filter.
		var names []string
		var token *string
		for {
			page, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &quick, MaxResults: 2, NextToken: token})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Executions {
				names = append(names, *e.Name+":"+string(e.Status))
			}
			if token = page.NextToken; token == nil {
				break
			}
		}
		if got := strings.Join(names, " "); got != "q2:SUCCEEDED q1:SUCCEEDED q0:SUCCEEDED" {
			t.Errorf("ListExecutions pages: %s", got)
		}
		f, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &arn, StatusFilter: types.ExecutionStatusSucceeded})
		if err != nil || len(f.Executions) != 0 {
			t.Errorf("status filter: %v %+v", err, f)
		}
		f, err = c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: &arn, StatusFilter: types.ExecutionStatusAborted})
		if err != nil || len(f.Executions) != 1 {
			t.Errorf("status filter ABORTED: %v %+v", err, f)
		}
		dm, err := c.DescribeStateMachineForExecution(ctx, &sfn.DescribeStateMachineForExecutionInput{ExecutionArn: running.ExecutionArn})
		if err != nil || *dm.StateMachineArn != arn || !strings.Contains(*dm.Definition, "block") {
			t.Errorf("DescribeStateMachineForExecution: %v %+v", err, dm)
		}
		hist, err := c.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: running.ExecutionArn, IncludeExecutionData: aws.Bool(false)})
		if err != nil || hist.Events[0].ExecutionStartedEventDetails.Input != nil || *hist.Events[0].ExecutionStartedEventDetails.RoleArn == "" {
			t.Errorf("includeExecutionData=false: %v %+v", err, hist.Events[0].ExecutionStartedEventDetails)
		}
	})

	t.Run("distributed Map children", func(t *testing.T) {
		d := b.standard(t, `{"StartAt":"M","States":{"M":{"Type":"Map","Label":"kids","End":true,
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`, `[1,2,3]`, "parent")
		h, err := c.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: d.ExecutionArn})
		if err != nil {
			t.Fatal(err)
		}
		var mapRun string
		for _, e := range h.Events {
			if e.MapRunStartedEventDetails != nil {
				mapRun = *e.MapRunStartedEventDetails.MapRunArn
			}
		}
		kids, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{MapRunArn: &mapRun})
		if err != nil || len(kids.Executions) != 3 {
			t.Fatalf("children of %s: %v %+v", mapRun, err, kids)
		}
		for _, k := range kids.Executions {
			if k.Status != types.ExecutionStatusSucceeded || str(k.MapRunArn) != mapRun || !strings.Contains(*k.StateMachineArn, "/kids") {
				t.Errorf("child %+v", k)
			}
		}
		kh, err := c.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: kids.Executions[0].ExecutionArn})
		if err != nil || len(kh.Events) != 4 || kh.Events[3].Type != types.HistoryEventTypeExecutionSucceeded {
			t.Errorf("child history: %v %+v", err, kh)
		}
	})

	t.Run("ValidateStateMachineDefinition", func(t *testing.T) {
		ok, err := c.ValidateStateMachineDefinition(ctx, &sfn.ValidateStateMachineDefinitionInput{Definition: aws.String(pass(`"Result":1`))})
		if err != nil || ok.Result != types.ValidateStateMachineDefinitionResultCodeOk || len(ok.Diagnostics) != 0 {
			t.Errorf("OK: %v %+v", err, ok)
		}
		bad, err := c.ValidateStateMachineDefinition(ctx, &sfn.ValidateStateMachineDefinitionInput{Definition: aws.String(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}`)})
		if err != nil || bad.Result != types.ValidateStateMachineDefinitionResultCodeFail || len(bad.Diagnostics) != 1 ||
			*bad.Diagnostics[0].Code != "MISSING_TRANSITION_TARGET" || *bad.Diagnostics[0].Location != "/States/A/Next" || bad.Diagnostics[0].Severity != types.ValidateStateMachineDefinitionSeverityError {
			t.Errorf("FAIL: %v %+v", err, bad)
		}
	})

	t.Run("TestState", func(t *testing.T) {
		out, err := c.TestState(ctx, &sfn.TestStateInput{RoleArn: role, InspectionLevel: types.InspectionLevelDebug,
			Definition: aws.String(`{"Type":"Task","Resource":"` + fnARN + `double","InputPath":"$.in","ResultSelector":{"d.$":"$.N"},"ResultPath":"$.out","Next":"After"}`),
			Input:      aws.String(`{"in":{"N":4}}`)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Status != types.TestExecutionStatusSucceeded || str(out.Output) != `{"in":{"N":4},"out":{"d":8}}` || str(out.NextState) != "After" {
			t.Errorf("TestState: %s %s %s", out.Status, str(out.Output), str(out.NextState))
		}
		if d := out.InspectionData; d == nil || str(d.AfterInputPath) != `{"N":4}` || str(d.Result) != `{"N":8}` || str(d.AfterResultSelector) != `{"d":8}` || str(d.AfterResultPath) != `{"in":{"N":4},"out":{"d":8}}` {
			t.Errorf("inspection: %+v", d)
		}
		out, err = c.TestState(ctx, &sfn.TestStateInput{RoleArn: role,
			Definition: aws.String(`{"Type":"Task","Resource":"` + fnARN + `fail","Retry":[{"ErrorEquals":["CustomError"]}],"End":true}`), Input: aws.String(`{"Message":"m"}`)})
		if err != nil || out.Status != types.TestExecutionStatusRetriable || str(out.Error) != "CustomError" {
			t.Errorf("RETRIABLE: %v %+v", err, out)
		}
		out, err = c.TestState(ctx, &sfn.TestStateInput{RoleArn: role,
			Definition: aws.String(`{"Type":"Task","Resource":"` + fnARN + `fail","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handler"}],"End":true}`), Input: aws.String(`{"Message":"m"}`)})
		if err != nil || out.Status != types.TestExecutionStatusCaughtError || str(out.NextState) != "Handler" || str(out.Error) != "CustomError" {
			t.Errorf("CAUGHT_ERROR: %v %+v", err, out)
		}
		out, err = c.TestState(ctx, &sfn.TestStateInput{RoleArn: role,
			Definition: aws.String(`{"Type":"Choice","Choices":[{"Variable":"$.x","NumericGreaterThan":1,"Next":"Big"}],"Default":"Small"}`), Input: aws.String(`{"x":2}`)})
		if err != nil || out.Status != types.TestExecutionStatusSucceeded || str(out.NextState) != "Big" {
			t.Errorf("Choice: %v %+v", err, out)
		}
		out, err = c.TestState(ctx, &sfn.TestStateInput{RoleArn: role, InspectionLevel: types.InspectionLevelDebug, Variables: aws.String(`{"greeting":"hi"}`),
			Definition: aws.String(`{"Type":"Pass","Parameters":{"g.$":"$greeting","n.$":"$.n"},"Assign":{"seen.$":"$.g"},"End":true}`), Input: aws.String(`{"n":1}`)})
		if err != nil || str(out.Output) != `{"g":"hi","n":1}` || out.InspectionData == nil || str(out.InspectionData.Variables) != `{"greeting":"hi","seen":"hi"}` ||
			str(out.InspectionData.AfterParameters) != `{"g":"hi","n":1}` {
			t.Errorf("variables: %v %+v %+v", err, out, out.InspectionData)
		}
		_, err = c.TestState(ctx, &sfn.TestStateInput{RoleArn: role, Definition: aws.String(`{"Type":"Nope"}`)})
		if !strings.HasPrefix(apiErr(err), "InvalidDefinition") {
			t.Errorf("bad definition: %s", apiErr(err))
		}
	})
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// renderHistory prints events one a line: id, previous id, type and the
// details as the SDK decoded them (timestamps and UUIDs left out).
func renderHistory(t *testing.T, evs []types.HistoryEvent) string {
	var sb strings.Builder
	for _, e := range evs {
		d, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		json.Unmarshal(d, &m)
		delete(m, "Id")
		delete(m, "PreviousEventId")
		delete(m, "Timestamp")
		delete(m, "Type")
		details, _ := json.Marshal(dropNulls(m))
		fmt.Fprintf(&sb, "%d %d %s %s\n", e.Id, e.PreviousEventId, e.Type, uuidRE.ReplaceAllString(string(details), "UUID"))
	}
	return sb.String()
}

// TestSFNHistory runs each testdata/sfn/history case as a Standard
// execution and compares the status and full event history with the file.
func TestSFNHistory(t *testing.T) {
	t.Parallel()
	b := startSFN(t)
	golden.Run(t, "testdata/sfn/history/*.txtar", func(t *testing.T, c *golden.Case) {
		def, _ := c.Section("definition")
		input, _ := c.Section("input")
		name := strings.TrimSuffix(filepath.Base(c.Path), ".txtar")
		ctx := ctxT(t)
		sm, err := b.client.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: &name, Definition: &def, RoleArn: aws.String("arn:aws:iam::123456789012:role/golden")})
		if err != nil {
			t.Fatal(err)
		}
		run, err := b.client.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: aws.String("golden"), Input: aws.String(strings.TrimSpace(input))})
		if err != nil {
			t.Fatal(err)
		}
		b.main.StepFunctions().Wait(ctx, *run.ExecutionArn)
		d, err := b.client.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: run.ExecutionArn})
		if err != nil {
			t.Fatal(err)
		}
		h, err := b.client.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: run.ExecutionArn})
		if err != nil {
			t.Fatal(err)
		}
		c.Check(t, "status", fmt.Sprintf("%s %s %s %s\n", d.Status, str(d.Output), str(d.Error), str(d.Cause)))
		c.Check(t, "history", renderHistory(t, h.Events))
	})
}

// dropNulls removes null members (unset SDK fields) recursively.
func dropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			x[k] = dropNulls(e)
		}
	case []any:
		for i, e := range x {
			x[i] = dropNulls(e)
		}
	}
	return v
}

// TestSFNConfigErrors checks that a bad state machine in the config stops
// the server with the key and AWS's diagnostic.
func TestSFNConfigErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	schema, _ := filepath.Abs("testdata/sfn/schema.graphql")
	cfg := "name: bad\nschema: " + schema + "\nauthentication:\n  type: API_KEY\nlocal:\n  stepFunctions:\n    stateMachines:\n" +
		"      broken:\n        definition: { StartAt: A, States: { A: { Type: Pass, Next: Nowhere } } }\n" +
		"      express:\n        type: EXPRESS\n        definition: { StartAt: A, States: { A: { Type: Task, Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', End: true } } }\n"
	path := filepath.Join(dir, "appsync.yml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", filepath.Join(dir, "data"), path})
	if err == nil {
		m.Close()
		t.Fatal("Start succeeded with invalid state machines")
	}
	for _, want := range []string{
		"local.stepFunctions.stateMachines.broken: Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next'",
		"local.stepFunctions.stateMachines.express: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at /States/A/Resource'",
		path + ":",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// TestSFNWaitTimeScaleEnv: a WAIT_TIME_SCALE that is not a number ≥ 0 stops
// the server with a message saying what is wanted.
func TestSFNWaitTimeScaleEnv(t *testing.T) {
	t.Setenv("WAIT_TIME_SCALE", "fast")
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), filepath.Join("testdata", "sfn", "appsync.yml")})
	if err == nil {
		m.Close()
		t.Fatal("Start accepted WAIT_TIME_SCALE=fast")
	}
	if want := `WAIT_TIME_SCALE="fast": want a number ≥ 0 (1 = real time, 0 = no waiting)`; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}
