package bench

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// sfnMachine is the 10-state Pass/Choice machine of the DESIGN.md goal
// (≥ 20,000 Express executions/s in-process): every state runs once.
const sfnMachine = `{"StartAt":"S1","States":{
 "S1":{"Type":"Pass","Result":{"n":1},"ResultPath":"$.a","Next":"S2"},
 "S2":{"Type":"Pass","Parameters":{"n.$":"$.a.n","who.$":"$.who","x":"y"},"Next":"S3"},
 "S3":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"S4"}],"Default":"Bad"},
 "S4":{"Type":"Pass","Result":"b","ResultPath":"$.b","Next":"S5"},
 "S5":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.b","StringEquals":"b"},{"Variable":"$.x","IsPresent":true}],"Next":"S6"}],"Default":"Bad"},
 "S6":{"Type":"Pass","InputPath":"$","ResultPath":"$.c","Next":"S7"},
 "S7":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":5,"Next":"S8"}],"Default":"Bad"},
 "S8":{"Type":"Pass","OutputPath":"$.c","Next":"S9"},
 "S9":{"Type":"Pass","Parameters":{"done":true,"who.$":"$.who"},"Next":"S10"},
 "S10":{"Type":"Succeed"},
 "Bad":{"Type":"Fail","Error":"Bad"}}}`

const sfnWant = `{"done":true,"who":"bench"}`

func newSFNEngine(b *testing.B) (*engine.Engine, string) {
	b.Helper()
	eng := engine.New(engine.Params{Store: memstore.New()})
	b.Cleanup(func() { eng.Close() })
	out, err := eng.CreateStateMachine(context.Background(), &engine.CreateStateMachineInput{Name: "bench", Definition: sfnMachine, Type: "EXPRESS", RoleArn: "arn:aws:iam::123456789012:role/bench"})
	if err != nil {
		b.Fatal(err)
	}
	return eng, out.StateMachineArn
}

// BenchmarkSFNExpress runs the 10-state machine with StartSyncExecution:
// "engine" calls the engine in-process (the DESIGN goal), "http" goes
// through the server's AWS JSON 1.0 API over loopback, and "http-baseline"
// is a bare net/http handler that decodes the same request and writes a
// same-sized answer, for the ratio.
func BenchmarkSFNExpress(b *testing.B) {
	b.Run("engine", func(b *testing.B) {
		eng, arn := newSFNEngine(b)
		input := `{"who":"bench"}`
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			in := &engine.StartExecutionInput{StateMachineArn: arn, Input: &input}
			for pb.Next() {
				out, err := eng.StartSyncExecution(context.Background(), in)
				if err != nil || out.Output == nil || *out.Output != sfnWant {
					b.Fatalf("%v %+v", err, out)
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "executions/s")
	})
	body := `{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:bench","input":"{\"who\":\"bench\"}"}`
	b.Run("http-baseline", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var in engine.StartExecutionInput
			if err := decodeJSON(r.Body, &in); err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			io.WriteString(w, `{"executionArn":"arn:aws:states:us-east-1:123456789012:express:bench:0d7a6b2e-6a4e-4e8e-9a55-3f0c1c9d6f00:1b4a2c55-1b07-4a38-a0a8-1f0c3a0e2d55","output":"{\"done\":true,\"who\":\"bench\"}","status":"SUCCEEDED"}`)
		}))
		defer srv.Close()
		runSFN(b, srv.URL, body)
	})
	b.Run("http", func(b *testing.B) {
		m := startServer(b)
		if _, err := m.StepFunctions().CreateStateMachine(context.Background(), &engine.CreateStateMachineInput{Name: "bench", Definition: sfnMachine, Type: "EXPRESS", RoleArn: "arn:aws:iam::123456789012:role/bench"}); err != nil {
			b.Fatal(err)
		}
		runSFN(b, m.URL(), body)
	})
}

func runSFN(b *testing.B, url, body string) {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", url+"/", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-amz-json-1.0")
			req.Header.Set("X-Amz-Target", "AWSStepFunctions.StartSyncExecution")
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(got), `"status":"SUCCEEDED"`) {
				b.Fatalf("%d %s", res.StatusCode, got)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "executions/s")
}

// BenchmarkSFNStandard runs the same machine as a Standard execution, so
// every state appends two history events: the cost per execution, and
// per event, of recording history in the in-memory store.
func BenchmarkSFNStandard(b *testing.B) {
	eng := engine.New(engine.Params{Store: memstore.New()})
	b.Cleanup(func() { eng.Close() })
	out, err := eng.CreateStateMachine(context.Background(), &engine.CreateStateMachineInput{Name: "std", Definition: sfnMachine, RoleArn: "arn:aws:iam::123456789012:role/bench"})
	if err != nil {
		b.Fatal(err)
	}
	input := `{"who":"bench"}`
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			run, err := eng.StartExecution(context.Background(), &engine.StartExecutionInput{StateMachineArn: out.StateMachineArn, Input: &input})
			if err != nil {
				b.Fatal(err)
			}
			if err := eng.Wait(context.Background(), run.ExecutionArn); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	// 1 ExecutionStarted + 2 per state (Succeed included) + ExecutionSucceeded.
	const events = 1 + 2*10 + 1
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/events, "ns/event")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "executions/s")
}

func decodeJSON(r io.Reader, v any) error {
	return json.NewDecoder(r).Decode(v)
}
