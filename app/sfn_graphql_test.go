package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
	"github.com/appsync-local/appsync-local/internal/appsyncws"
)

// sfnGQL is testdata/sfngraphql running with Wait states at scale 0 and the
// askApproval handler handing out task tokens.
type sfnGQL struct {
	main   *app.Main
	key    string
	mu     sync.Mutex
	tokens map[string]chan string // task tokens askApproval received, by orderId
}

// tokenCh returns the channel of orderId's task tokens.
func (b *sfnGQL) tokenCh(orderID string) chan string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := b.tokens[orderID]
	if ch == nil {
		ch = make(chan string, 1)
		b.tokens[orderID] = ch
	}
	return ch
}

func startSFNGraphQL(t *testing.T) *sfnGQL {
	t.Helper()
	b := &sfnGQL{tokens: map[string]chan string{}}
	fns := gohandler.NewRegistry()
	fns.MustRegister("askApproval", func(in struct{ Token, OrderID string }) (map[string]bool, error) {
		b.tokenCh(in.OrderID) <- in.Token
		return map[string]bool{"asked": true}, nil
	})
	zero := 0.0
	b.main = &app.Main{Stdout: io.Discard, Stderr: io.Discard, Functions: fns, WaitTimeScale: &zero}
	if err := b.main.Start([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), filepath.Join("testdata", "sfngraphql", "appsync.yml")}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { b.main.Close() })
	b.key = b.main.API().APIKeys[0].Value
	return b
}

// do posts a GraphQL request and returns the decoded response.
func (b *sfnGQL) do(t *testing.T, query string, vars map[string]any) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.main.URL()+"/graphql", strings.NewReader(gql(query, vars)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", b.key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// data is do for a request that must succeed.
func (b *sfnGQL) data(t *testing.T, query string, vars map[string]any) map[string]any {
	t.Helper()
	out := b.do(t, query, vars)
	if out["errors"] != nil {
		t.Fatalf("%s: errors %v", query, out["errors"])
	}
	return out["data"].(map[string]any)
}

// token waits for the task token of orderID's approval.
func (b *sfnGQL) token(t *testing.T, orderID string) string {
	t.Helper()
	select {
	case tok := <-b.tokenCh(orderID):
		return tok
	case <-time.After(10 * time.Second):
		t.Fatal("no task token within 10s")
	}
	return ""
}

// firstError returns errors[0] of a response as {errorType, message}.
func firstError(t *testing.T, out map[string]any) (typ, msg string) {
	t.Helper()
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 {
		t.Fatalf("want an error, got %v", out)
	}
	e := errs[0].(map[string]any)
	typ, _ = e["errorType"].(string)
	msg, _ = e["message"].(string)
	return typ, msg
}

const updateSel = `{ executionArn stateMachineArn name status type stateName input output error cause timestamp id }`

// steps renders the updates of a subscription as "type stateName status" lines.
func steps(t *testing.T, frames []map[string]any) []map[string]any {
	t.Helper()
	out := make([]map[string]any, len(frames))
	for i, f := range frames {
		out[i] = f["data"].(map[string]any)["onExecutionUpdate"].(map[string]any)
	}
	return out
}

// through reads a subscription's updates up to and including the first of
// type typ.
func through(t *testing.T, s *appsyncws.Sub, typ string) []map[string]any {
	t.Helper()
	var last map[string]any
	got := s.Until(func(p map[string]any) bool {
		u, _ := p["data"].(map[string]any)["onExecutionUpdate"].(map[string]any)
		if u != nil && u["type"] == typ {
			last = p
			return true
		}
		return false
	})
	return steps(t, append(got, last))
}

// TestSFNGraphQL drives the built-in Step Functions data source end to end:
// a mutation starts a Standard execution, a subscriber over AppSync's
// real-time protocol sees every history event in order, a second mutation
// sends the task token, and a query returns the output.
func TestSFNGraphQL(t *testing.T) {
	t.Parallel()
	b := startSFNGraphQL(t)
	const machine = "arn:aws:states:us-east-1:123456789012:stateMachine:flow"
	arnOf := func(name string) string {
		return "arn:aws:states:us-east-1:123456789012:execution:flow:" + name
	}

	t.Run("start, live updates, token, output", func(t *testing.T) {
		t.Parallel()
		ws := appsyncws.Dial(t, b.main.URL(), b.key)
		mine := ws.Subscribe(`subscription($a: String) { onExecutionUpdate(executionArn: $a) `+updateSel+` }`, map[string]any{"a": arnOf("order-1")}, b.key)
		byMachine := ws.Subscribe(`subscription($m: String) { onExecutionUpdate(stateMachineArn: $m) { executionArn type } }`, map[string]any{"m": machine}, b.key)
		other := ws.Subscribe(`subscription { onExecutionUpdate(executionArn: "arn:none") { type } }`, nil, b.key)

		d := b.data(t, `mutation { startFlow(orderId: "order-1") { executionArn startDate } }`, nil)
		start := d["startFlow"].(map[string]any)
		if start["executionArn"] != arnOf("order-1") || start["startDate"] == nil {
			t.Fatalf("startFlow = %v", start)
		}
		tok := b.token(t, "order-1")
		// Waiting on the token: RUNNING, no output yet.
		d = b.data(t, `query($a: String!) { execution(executionArn: $a) { status output name stateMachineArn input } }`, map[string]any{"a": arnOf("order-1")})
		jsonEq(t, d["execution"], `{"status":"RUNNING","output":null,"name":"order-1","stateMachineArn":"`+machine+`","input":"{\"orderId\":\"order-1\"}"}`)

		d = b.data(t, `mutation($t: String!) { approve(token: $t, decision: "yes") }`, map[string]any{"t": tok})
		if d["approve"] != true {
			t.Fatalf("approve = %v", d)
		}
		updates := through(t, mine, "ExecutionSucceeded")
		var lines []string
		for i, u := range updates {
			lines = append(lines, u["type"].(string)+" "+text(u["stateName"])+" "+u["status"].(string))
			if u["executionArn"] != arnOf("order-1") || u["stateMachineArn"] != machine || u["name"] != "order-1" {
				t.Errorf("update %d names the wrong execution: %v", i, u)
			}
			if id := u["id"].(float64); int(id) != i+1 {
				t.Errorf("update %d has id %v: out of order", i, id)
			}
			if _, err := time.Parse(time.RFC3339, u["timestamp"].(string)); err != nil {
				t.Errorf("update %d timestamp: %v", i, err)
			}
		}
		want := []string{
			"ExecutionStarted  RUNNING",
			"PassStateEntered Validate RUNNING",
			"PassStateExited Validate RUNNING",
			"WaitStateEntered Pause RUNNING",
			"WaitStateExited Pause RUNNING",
			"TaskStateEntered Approval RUNNING",
			"TaskScheduled  RUNNING",
			"TaskStarted  RUNNING",
			"TaskSubmitted  RUNNING",
			"TaskSucceeded  RUNNING",
			"TaskStateExited Approval RUNNING",
			"PassStateEntered Done RUNNING",
			"PassStateExited Done RUNNING",
			"ExecutionSucceeded  SUCCEEDED",
		}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Fatalf("updates:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
		if updates[0]["input"] != `{"orderId":"order-1"}` {
			t.Errorf("ExecutionStarted input = %v", updates[0]["input"])
		}
		if final := updates[len(updates)-1]; final["output"] != `{"decision":"yes","orderId":"order-1"}` {
			t.Errorf("ExecutionSucceeded output = %v", final["output"])
		}
		// The history agrees event for event.
		d = b.data(t, `query($a: String!) { execution(executionArn: $a) { status output } history(executionArn: $a) { id type } }`, map[string]any{"a": arnOf("order-1")})
		jsonEq(t, d["execution"], `{"status":"SUCCEEDED","output":"{\"decision\":\"yes\",\"orderId\":\"order-1\"}"}`)
		hist := d["history"].([]any)
		if len(hist) != len(updates) {
			t.Errorf("history has %d events, the subscription delivered %d", len(hist), len(updates))
		}
		for i, u := range updates {
			if h := hist[i].(map[string]any); h["type"] != u["type"] {
				t.Errorf("event %d: history %v, update %v", i+1, h["type"], u["type"])
			}
		}
		// Other subtests run the same machine: keep order-1's updates.
		var n int
		byMachine.Until(func(p map[string]any) bool {
			u := p["data"].(map[string]any)["onExecutionUpdate"].(map[string]any)
			if u["executionArn"] != arnOf("order-1") {
				return false
			}
			n++
			return u["type"] == "ExecutionSucceeded"
		})
		if n != len(updates) {
			t.Errorf("stateMachineArn subscriber got %d updates of order-1, want %d", n, len(updates))
		}
		if !other.Quiet() {
			t.Errorf("a subscriber of another execution got %s", (<-other.Frames).Payload)
		}
	})

	t.Run("graphql-transport-ws", func(t *testing.T) {
		t.Parallel()
		u := strings.TrimPrefix(b.main.URL(), "http://")
		d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 10 * time.Second}
		ws, _, err := d.Dial("ws://"+u+"/graphql", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		ws.SetReadDeadline(time.Now().Add(20 * time.Second)) //nolint:errcheck
		read := func() map[string]any {
			t.Helper()
			var m map[string]any
			if err := ws.ReadJSON(&m); err != nil {
				t.Fatalf("read: %v", err)
			}
			return m
		}
		ws.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{"x-api-key": b.key}}) //nolint:errcheck
		if m := read(); m["type"] != "connection_ack" {
			t.Fatalf("want connection_ack, got %v", m)
		}
		ws.WriteJSON(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{ //nolint:errcheck
			"query":     `subscription($a: String) { onExecutionUpdate(executionArn: $a) { type stateName status } }`,
			"variables": map[string]any{"a": arnOf("tws-1")}}})
		// Messages are handled in order: once the ping is answered the
		// subscription is registered.
		ws.WriteJSON(map[string]any{"type": "ping"}) //nolint:errcheck
		if m := read(); m["type"] != "pong" {
			t.Fatalf("want pong, got %v", m)
		}
		b.data(t, `mutation { startFlow(orderId: "tws-1") { executionArn } }`, nil)
		var lines []string
		for {
			m := read()
			if m["type"] != "next" {
				t.Fatalf("want next, got %v", m)
			}
			u := m["payload"].(map[string]any)["data"].(map[string]any)["onExecutionUpdate"].(map[string]any)
			lines = append(lines, u["type"].(string)+" "+text(u["stateName"]))
			if u["type"] == "TaskSubmitted" {
				b.data(t, `mutation($t: String!) { approve(token: $t, decision: "ok") }`, map[string]any{"t": b.token(t, "tws-1")})
			}
			if u["type"] == "ExecutionSucceeded" {
				break
			}
		}
		if len(lines) != 14 || lines[0] != "ExecutionStarted " || lines[5] != "TaskStateEntered Approval" {
			t.Errorf("graphql-transport-ws updates:\n%s", strings.Join(lines, "\n"))
		}
	})

	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		out := b.do(t, `query { execution(executionArn: "arn:aws:states:us-east-1:123456789012:execution:flow:missing") { status } }`, nil)
		if typ, msg := firstError(t, out); typ != "StepFunctions:ExecutionDoesNotExist" || !strings.Contains(msg, "missing") {
			t.Errorf("describe missing: %s %q", typ, msg)
		}
		out = b.do(t, `mutation { startFlow(orderId: "x", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:nope") { executionArn } }`, nil)
		if typ, msg := firstError(t, out); typ != "StepFunctions:StateMachineDoesNotExist" || msg == "" {
			t.Errorf("start on a missing machine: %s %q", typ, msg)
		}
		out = b.do(t, `mutation { approve(token: "not-a-token", decision: "no") }`, nil)
		if typ, _ := firstError(t, out); typ != "StepFunctions:InvalidToken" && typ != "StepFunctions:TaskDoesNotExist" {
			t.Errorf("approve with a bad token: %s", typ)
		}
	})

	t.Run("HTTP data source on states.us-east-1.amazonaws.com", func(t *testing.T) {
		t.Parallel()
		ws := appsyncws.Dial(t, b.main.URL(), b.key)
		sub := ws.Subscribe(`subscription($a: String) { onExecutionUpdate(executionArn: $a) { type stateName status output } }`, map[string]any{"a": arnOf("http-1")}, b.key)
		d := b.data(t, `mutation { startFlowViaHTTP(orderId: "http-1") { executionArn startDate } }`, nil)
		if d["startFlowViaHTTP"].(map[string]any)["executionArn"] != arnOf("http-1") {
			t.Fatalf("startFlowViaHTTP = %v", d)
		}
		tok := b.token(t, "http-1")
		b.data(t, `mutation($t: String!) { approve(token: $t, decision: "ok") }`, map[string]any{"t": tok})
		got := through(t, sub, "ExecutionSucceeded")
		if len(got) < 10 || got[0]["type"] != "ExecutionStarted" {
			t.Errorf("updates: %v", got)
		}
		final := got[len(got)-1]
		jsonEq(t, final, `{"type":"ExecutionSucceeded","stateName":null,"status":"SUCCEEDED","output":"{\"decision\":\"ok\",\"orderId\":\"http-1\"}"}`)
		d = b.data(t, `query($a: String!) { executionViaHTTP(executionArn: $a) { status output } }`, map[string]any{"a": arnOf("http-1")})
		jsonEq(t, d["executionViaHTTP"], `{"status":"SUCCEEDED","output":"{\"decision\":\"ok\",\"orderId\":\"http-1\"}"}`)

		out := b.do(t, `query { executionViaHTTP(executionArn: "arn:aws:states:us-east-1:123456789012:execution:flow:gone") { status } }`, nil)
		if typ, msg := firstError(t, out); typ != "400" || !strings.Contains(msg, "ExecutionDoesNotExist") {
			t.Errorf("HTTP describe missing: %s %q", typ, msg)
		}
	})
}

func text(v any) string {
	s, _ := v.(string)
	return s
}

// TestSFNGraphQLConfigErrors checks that validate names the file and line of
// a bad stateMachineArn, and of an executionUpdates field the schema lacks.
func TestSFNGraphQLConfigErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := `name: bad
schema: schema.graphql
authentication: {type: API_KEY}
dataSources:
  flow: {type: AWS_STEP_FUNCTIONS, config: {stateMachineArn: flow}}
resolvers:
  Query.a: {kind: UNIT, dataSource: flow, request: req.vtl, response: res.vtl}
local:
  stepFunctions:
    executionUpdates: {field: Subscription.onNothing}
`
	for name, content := range map[string]string{
		"appsync.yml":    cfg,
		"schema.graphql": "type Query { a: String }\ntype Subscription { onUpdate: String }\n",
		"req.vtl":        `{"operation": "ListExecutions"}`,
		"res.vtl":        `$util.toJson($ctx.result)`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, errOut, err := runCLI("validate", filepath.Join(dir, "appsync.yml"))
	if err == nil {
		t.Fatal("validate passed")
	}
	errOut = strings.ReplaceAll(errOut, dir+string(filepath.Separator), "")
	// Once the config is right, the schema check runs.
	fixed := strings.Replace(cfg, "stateMachineArn: flow", "stateMachine: flow", 1)
	if err := os.WriteFile(filepath.Join(dir, "appsync.yml"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut2, err := runCLI("validate", filepath.Join(dir, "appsync.yml"))
	if err == nil {
		t.Fatal("validate passed with a missing executionUpdates field")
	}
	errOut += strings.ReplaceAll(errOut2, dir+string(filepath.Separator), "")
	for _, want := range []string{
		`appsync.yml:10:31: local.stepFunctions.executionUpdates.field Subscription.onNothing: the schema has no such field; add it to type Subscription`,
		`appsync.yml:5:62: stateMachineArn "flow" is not an ARN; write arn:aws:states:<region>:<account>:stateMachine:<name>, or give the name as stateMachine`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("validate output lacks\n%s\ngot\n%s", want, errOut)
		}
	}
}
