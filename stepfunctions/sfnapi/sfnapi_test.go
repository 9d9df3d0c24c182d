package sfnapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/stepfunctions/engine"
	"github.com/appsync-local/appsync-local/stepfunctions/sfnapi"
	"github.com/appsync-local/appsync-local/stepfunctions/store/memstore"
)

// TestWire checks the wire shapes the SDK tests do not reach: unknown
// operations, malformed bodies, and epoch-second timestamps.
func TestWire(t *testing.T) {
	t.Parallel()
	eng := engine.New(engine.Params{Store: memstore.New()})
	t.Cleanup(func() { eng.Close() })
	srv := httptest.NewServer(sfnapi.New(eng, nil))
	t.Cleanup(srv.Close)
	call := func(target, body string) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
		req.Header.Set("X-Amz-Target", target)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	cases := []struct {
		target, body string
		status       int
		want         string
	}{
		{"AWSStepFunctions.Frobnicate", `{}`, 400, `{"__type":"UnknownOperationException","message":"Operation Frobnicate is not supported by appsync-local"}`},
		{"AWSStepFunctions.DescribeStateMachine", `{"stateMachineArn":`, 400, `{"__type":"SerializationException","message":"unexpected end of JSON input"}`},
		{"AWSStepFunctions.DescribeStateMachine", `{"stateMachineArn":7}`, 400, `{"__type":"SerializationException","message":"json: cannot unmarshal number into Go struct field arnInput.stateMachineArn of type string"}`},
		{"AWSStepFunctions.CreateStateMachine", `{"name":"w","definition":"{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}","roleArn":"r"}`, 200, `"creationDate":`},
		{"AWSStepFunctions.ListStateMachines", ``, 200, `{"stateMachines":[{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:w","name":"w","type":"STANDARD","creationDate":`},
	}
	for _, c := range cases {
		status, body := call(c.target, c.body)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s %s:\n got %d %s\nwant %d %s", c.target, c.body, status, body, c.status, c.want)
		}
	}
	// GET is refused.
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", res.StatusCode)
	}
}
