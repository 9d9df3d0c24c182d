package sfnapi_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/jsonata"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// TestJSONataOverHTTP runs a JSONata Express machine through the wire API
// and validates a definition with a JSONata syntax error.
func TestJSONataOverHTTP(t *testing.T) {
	t.Parallel()
	if _, err := jsonata.Compile("1"); errors.Is(err, jsonata.ErrNoBundle) {
		t.Skip("jsonata-js bundle not embedded: run `make jsonata` first")
	}
	eng := engine.New(engine.Params{Store: memstore.New()})
	t.Cleanup(func() { eng.Close() })
	srv := httptest.NewServer(sfnapi.New(eng, nil))
	t.Cleanup(srv.Close)
	call := func(op string, body any) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(string(b)))
		req.Header.Set("X-Amz-Target", "AWSStepFunctions."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var out map[string]any
		if err := json.Unmarshal(raw, &out); err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", op, res.StatusCode, raw)
		}
		return out
	}
	def := `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Assign":{"n":"{% $states.input.n %}"},"Next":"Q"},
		"Q":{"Type":"Pass","Output":{"sq":"{% $n * $n %}","parts":"{% $partition([1,2,3], 2) %}"},"End":true}}}`
	sm := call("CreateStateMachine", map[string]any{"name": "j", "definition": def, "roleArn": "arn:aws:iam::123456789012:role/r", "type": "EXPRESS"})
	out := call("StartSyncExecution", map[string]any{"stateMachineArn": sm["stateMachineArn"], "input": `{"n":12}`})
	if out["status"] != "SUCCEEDED" || out["output"] != `{"parts":[[1,2],[3]],"sq":144}` {
		t.Errorf("StartSyncExecution: %v", out)
	}
	v := call("ValidateStateMachineDefinition", map[string]any{"definition": `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% 1 + %}","End":true}}}`})
	diags, _ := v["diagnostics"].([]any)
	if v["result"] != "FAIL" || len(diags) != 1 {
		t.Fatalf("validate: %v", v)
	}
	d := diags[0].(map[string]any)
	if d["code"] != "INVALID_JSONATA_EXPRESSION" || d["location"] != "/States/P/Output" || d["message"] != "Unexpected end of expression" {
		t.Errorf("diagnostic %v", d)
	}
}
