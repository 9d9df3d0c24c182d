// Package lambda is the AWS_LAMBDA data source: it runs AppSync's Lambda
// request documents (Invoke, BatchInvoke; RequestResponse or Event) against a
// function. In this version the function is a Go handler registered
// in-process; calling a remote Invoke API is the next step.
package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Invoker calls a function by name with a JSON payload (gohandler.Registry
// satisfies it). An error with an ErrorType() method is a function error.
type Invoker interface {
	Invoke(ctx context.Context, name string, payload []byte) ([]byte, error)
	Has(name string) bool
}

// Source is one AWS_LAMBDA data source.
type Source struct {
	Name         string // data source name, for messages
	FunctionName string
	Functions    Invoker
}

// Error is a Lambda invocation failure with AppSync's errorType.
type Error struct {
	Message string
	Type    string
}

func (e *Error) Error() string     { return e.Message }
func (e *Error) ErrorType() string { return e.Type }

// Invoke runs the request document {operation, payload, invocationType}.
func (s *Source) Invoke(ctx context.Context, req *value.Map) (any, error) {
	op, _ := member(req, "operation").(string)
	switch op {
	case "Invoke", "BatchInvoke":
	default:
		return nil, &Error{Message: fmt.Sprintf("Unsupported operation '%v'. Lambda data sources support Invoke and BatchInvoke.", member(req, "operation")), Type: "MappingTemplate"}
	}
	if s.Functions == nil || !s.Functions.Has(s.FunctionName) {
		return nil, &Error{
			Message: fmt.Sprintf("Function not found: %s (no Go handler is registered under that name in this process)", s.FunctionName),
			Type:    "Lambda:ResourceNotFoundException",
		}
	}
	body := member(req, "payload")
	if op == "BatchInvoke" {
		// AppSync sends the payloads of a batch as a list. This version
		// sends a batch of one per field; batching the items of a list
		// into one call comes with maxBatchSize support.
		body = []any{body}
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, &Error{Message: "Unable to serialize the Lambda payload: " + err.Error(), Type: "Lambda:InvalidRequestContentException"}
	}
	if t, _ := member(req, "invocationType").(string); t == "Event" {
		// Asynchronous invocation: AppSync returns at once with a null result.
		go s.Functions.Invoke(context.WithoutCancel(ctx), s.FunctionName, payload) //nolint:errcheck
		return nil, nil
	}
	out, err := s.Functions.Invoke(ctx, s.FunctionName, payload)
	if err != nil {
		var te interface{ ErrorType() string }
		if errors.As(err, &te) {
			return nil, &Error{Message: err.Error(), Type: te.ErrorType()}
		}
		return nil, &Error{Message: err.Error(), Type: "Lambda:Unhandled"}
	}
	v, err := value.FromJSON(out)
	if err != nil {
		return nil, &Error{Message: "Lambda returned invalid JSON: " + err.Error(), Type: "Lambda:InvalidResponse"}
	}
	if op == "BatchInvoke" {
		l, ok := v.(*value.List)
		if !ok || len(l.Items) != 1 {
			return nil, &Error{Message: fmt.Sprintf("BatchInvoke: function %s must return a list with one result per payload (1), got %s", s.FunctionName, value.ToJSON(v)), Type: "Lambda:InvalidResponse"}
		}
		return l.Items[0], nil
	}
	return v, nil
}

func member(m *value.Map, key string) any {
	v, _ := m.Get(key)
	return v
}
