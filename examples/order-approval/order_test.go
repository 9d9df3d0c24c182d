package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/internal/appsyncws"
)

// TestOrderApproval runs the README's flow end to end: restock, subscribe,
// place an order, approve it, watch every step arrive over AppSync's
// real-time protocol, and read the result; then a rejected order and one
// that cannot be reserved.
func TestOrderApproval(t *testing.T) {
	payments := httptest.NewServer(Payments())
	t.Cleanup(payments.Close)
	t.Setenv("PAYMENTS_URL", payments.URL+"/charges")
	zero := 0.0
	m := &app.Main{Functions: Functions(), Stdout: io.Discard, Stderr: io.Discard, WaitTimeScale: &zero}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), "appsync.yml"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	key := m.API().APIKeys[0].Value
	post := func(query string, vars map[string]any) map[string]any {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, m.URL()+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("x-api-key", key)
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
	data := func(query string, vars map[string]any) map[string]any {
		t.Helper()
		out := post(query, vars)
		if out["errors"] != nil {
			t.Fatalf("%s: %v", query, out["errors"])
		}
		return out["data"].(map[string]any)
	}
	ws := appsyncws.Dial(t, m.URL(), key)
	follow := func(orderID string) *appsyncws.Sub {
		return ws.Subscribe(`subscription($o: String) { onOrderUpdated(name: $o) { name status type stateName output error } }`, map[string]any{"o": orderID}, key)
	}
	// steps reads an order's updates up to its closing event and returns
	// "type stateName" lines and the last update.
	steps := func(s *appsyncws.Sub) ([]string, map[string]any) {
		t.Helper()
		var lines []string
		for {
			f := s.Next()
			var p struct {
				Data struct{ OnOrderUpdated map[string]any }
			}
			if f.Type != "data" || json.Unmarshal(f.Payload, &p) != nil {
				t.Fatalf("want data, got %s %s", f.Type, f.Payload)
			}
			u := p.Data.OnOrderUpdated
			name, _ := u["stateName"].(string)
			lines = append(lines, strings.TrimSpace(u["type"].(string)+" "+name))
			if strings.HasPrefix(u["type"].(string), "Execution") && u["type"] != "ExecutionStarted" {
				return lines, u
			}
		}
	}

	data(`mutation { restock(item: "widget", stock: 5) { item stock } }`, nil)

	t.Run("approved order", func(t *testing.T) {
		sub := follow("o-1")
		d := data(`mutation { placeOrder(orderId: "o-1", item: "widget", qty: 2) { orderId status } }`, nil)
		jsonEq(t, d["placeOrder"], `{"orderId":"o-1","status":"PLACED"}`)
		// The client approves once the workflow waits for it: TaskSubmitted
		// (only the .waitForTaskToken step has one) means the token is stored.
		var before []string
		for {
			f := sub.Next()
			before = append(before, string(f.Payload))
			if strings.Contains(string(f.Payload), `"type":"TaskSubmitted"`) {
				break
			}
		}
		data(`mutation { approveOrder(orderId: "o-1", approved: true) }`, nil)
		lines, last := steps(sub)
		all := append(typesOf(t, before), lines...)
		want := []string{
			"ExecutionStarted", "TaskStateEntered Validate", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited Validate",
			"TaskStateEntered Reserve", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited Reserve",
			"TaskStateEntered AwaitApproval", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited AwaitApproval",
			"ChoiceStateEntered Approved?", "ChoiceStateExited Approved?",
			"TaskStateEntered Charge", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited Charge",
			"TaskStateEntered Notify", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited Notify",
			"PassStateEntered Confirmed", "PassStateExited Confirmed", "ExecutionSucceeded",
		}
		if strings.Join(all, "\n") != strings.Join(want, "\n") {
			t.Errorf("steps:\n%s\nwant\n%s", strings.Join(all, "\n"), strings.Join(want, "\n"))
		}
		if last["status"] != "SUCCEEDED" {
			t.Errorf("last update %v", last)
		}
		d = data(`query { order(orderId: "o-1") { orderId status result error } }`, nil)
		jsonEq(t, d["order"], `{"orderId":"o-1","status":"SUCCEEDED","result":"{\"amount\":500,\"chargeId\":\"ch_o-1\",\"orderId\":\"o-1\",\"status\":\"CONFIRMED\"}","error":null}`)
	})

	t.Run("rejected order", func(t *testing.T) {
		sub := follow("o-2")
		data(`mutation { placeOrder(orderId: "o-2", item: "widget", qty: 1) { orderId } }`, nil)
		for {
			if f := sub.Next(); strings.Contains(string(f.Payload), `"type":"TaskSubmitted"`) {
				break
			}
		}
		data(`mutation { approveOrder(orderId: "o-2", approved: false) }`, nil)
		_, last := steps(sub)
		if last["type"] != "ExecutionFailed" || last["error"] != "OrderRejected" || last["status"] != "FAILED" {
			t.Errorf("last update %v", last)
		}
	})

	t.Run("watch command", func(t *testing.T) {
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() { done <- Watch(m.URL(), key, "o-5", pw); pw.Close() }()
		lines := bufio.NewScanner(pr)
		next := func() string {
			t.Helper()
			if !lines.Scan() {
				t.Fatalf("watch ended early: %v", <-done)
			}
			return lines.Text()
		}
		if l := next(); l != "watching order o-5" {
			t.Fatalf("first line %q", l)
		}
		data(`mutation { restock(item: "gadget", stock: 1) { stock } placeOrder(orderId: "o-5", item: "gadget", qty: 1) { orderId } }`, nil)
		var printed []string
		for l := next(); ; l = next() {
			printed = append(printed, l)
			if strings.Contains(l, "TaskSubmitted") {
				break
			}
		}
		data(`mutation { approveOrder(orderId: "o-5", approved: true) }`, nil)
		for l := next(); ; l = next() {
			printed = append(printed, l)
			if strings.HasPrefix(l, "order o-5 ") {
				break
			}
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		text := strings.Join(printed, "\n")
		if !strings.Contains(printed[0], "ExecutionStarted") || !strings.Contains(text, `ExecutionSucceeded`) || !strings.Contains(text, `"chargeId":"ch_o-5"`) || printed[len(printed)-1] != "order o-5 SUCCEEDED" {
			t.Errorf("watch printed:\n%s", text)
		}
	})

	t.Run("out of stock, unknown order, invalid order", func(t *testing.T) {
		sub := follow("o-3")
		data(`mutation { placeOrder(orderId: "o-3", item: "widget", qty: 50) { orderId } }`, nil)
		_, last := steps(sub)
		if last["error"] != "OutOfStock" {
			t.Errorf("last update %v", last)
		}
		sub = follow("o-4")
		data(`mutation { placeOrder(orderId: "o-4", item: "sprocket", qty: 1) { orderId } }`, nil)
		_, last = steps(sub)
		if last["error"] != "InvalidOrder" {
			t.Errorf("last update %v", last)
		}
		out := post(`query { order(orderId: "nope") { status } }`, nil)
		if errs, _ := out["errors"].([]any); len(errs) == 0 || errs[0].(map[string]any)["errorType"] != "StepFunctions:ExecutionDoesNotExist" {
			t.Errorf("unknown order: %v", out)
		}
		out = post(`mutation { approveOrder(orderId: "o-3", approved: true) }`, nil)
		if errs, _ := out["errors"].([]any); len(errs) == 0 || errs[0].(map[string]any)["errorType"] != "NotWaitingForApproval" {
			t.Errorf("approving an order that never waited: %v", out)
		}
	})
}

func typesOf(t *testing.T, payloads []string) []string {
	t.Helper()
	var out []string
	for _, p := range payloads {
		var v struct {
			Data struct{ OnOrderUpdated map[string]any }
		}
		if err := json.Unmarshal([]byte(p), &v); err != nil {
			t.Fatal(err)
		}
		name, _ := v.Data.OnOrderUpdated["stateName"].(string)
		out = append(out, strings.TrimSpace(v.Data.OnOrderUpdated["type"].(string)+" "+name))
	}
	return out
}

func jsonEq(t *testing.T, got any, want string) {
	t.Helper()
	g, _ := json.Marshal(got)
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	wb, _ := json.Marshal(w)
	if !bytes.Equal(g, wb) {
		t.Errorf("got  %s\nwant %s", g, wb)
	}
}
