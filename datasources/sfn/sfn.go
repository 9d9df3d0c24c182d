package sfn

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Operations are the request document operations Source accepts.
var Operations = []string{
	"StartExecution", "StartSyncExecution", "DescribeExecution", "ListExecutions",
	"GetExecutionHistory", "StopExecution", "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat",
}

// defaultsMachine lists the operations that take stateMachineArn, which
// defaults to the data source's.
var defaultsMachine = map[string]bool{"StartExecution": true, "StartSyncExecution": true, "ListExecutions": true}

// Source is an AWS_STEP_FUNCTIONS data source.
type Source struct {
	Name string // data source name, for messages
	// StateMachineArn is the default stateMachineArn of StartExecution,
	// StartSyncExecution and ListExecutions; "" for none.
	StateMachineArn string
	// API serves the Step Functions API (AWS JSON 1.0, X-Amz-Target); the
	// app passes the engine's sfnapi handler.
	API http.Handler
}

// Error is a failed Step Functions call with AppSync's errorType.
type Error struct {
	Type    string // "StepFunctions:<Code>", or "MappingTemplate" for a bad document
	Message string
}

func (e *Error) Error() string { return e.Message }

// ErrorType returns the AppSync errorType, such as StepFunctions:ExecutionDoesNotExist.
func (e *Error) ErrorType() string { return e.Type }

// Invoke runs the operation the request document names and returns the
// API's output. A malformed document is a MappingTemplate *Error; an API
// error a StepFunctions:<Code> *Error.
func (s *Source) Invoke(ctx context.Context, doc *value.Map) (any, error) {
	body, op, err := s.requestBody(doc)
	if err != nil {
		return nil, err
	}
	if s.API == nil {
		return nil, &Error{Type: "StepFunctions:ServiceUnavailable", Message: "data source " + s.Name + ": the Step Functions engine is not running"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Amz-Target", "AWSStepFunctions."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	w := &response{header: http.Header{}, status: http.StatusOK}
	s.API.ServeHTTP(w, req)
	if w.status != http.StatusOK {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		if json.Unmarshal(w.body.Bytes(), &e) != nil || e.Type == "" {
			return nil, &Error{Type: "StepFunctions:InternalServerError", Message: fmt.Sprintf("Step Functions %s failed with HTTP %d", op, w.status)}
		}
		if _, code, ok := strings.Cut(e.Type, "#"); ok { // com.amazonaws.sfn#Code
			e.Type = code
		}
		return nil, &Error{Type: "StepFunctions:" + e.Type, Message: e.Message}
	}
	out, err := value.FromJSON(w.body.Bytes())
	if err != nil {
		return nil, fmt.Errorf("data source %s: decode %s output: %w", s.Name, op, err)
	}
	return out, nil
}

// requestBody checks the document and returns the API request body.
func (s *Source) requestBody(doc *value.Map) ([]byte, string, error) {
	opv, _ := doc.Get("operation")
	op, _ := opv.(string)
	if op == "" {
		return nil, "", templateErr("the request document of Step Functions data source %s needs an operation: one of %s", s.Name, strings.Join(Operations, ", "))
	}
	known := false
	for _, o := range Operations {
		known = known || o == op
	}
	if !known {
		return nil, "", templateErr("operation %q is not a Step Functions data source operation; use one of %s", op, strings.Join(Operations, ", "))
	}
	in := map[string]any{}
	doc.Range(func(k string, v any) bool {
		switch k {
		case "version", "operation":
			return true
		case "input", "output":
			// The API takes JSON text; a template may give the object.
			if _, isString := v.(string); !isString && v != nil {
				v = value.ToJSON(v)
			}
		}
		in[k] = value.ToGo(v)
		return true
	})
	if defaultsMachine[op] && in["stateMachineArn"] == nil && s.StateMachineArn != "" {
		in["stateMachineArn"] = s.StateMachineArn
	}
	b, err := json.Marshal(in)
	if err != nil {
		return nil, "", templateErr("the request document of Step Functions data source %s: %v", s.Name, err)
	}
	return b, op, nil
}

func templateErr(format string, args ...any) error {
	return &Error{Type: "MappingTemplate", Message: fmt.Sprintf(format, args...)}
}

// response collects what the in-process handler writes.
type response struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *response) Header() http.Header { return r.header }

func (r *response) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *response) Write(p []byte) (int, error) {
	r.wrote = true
	return r.body.Write(p)
}
