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
	"sync"

	"github.com/appsync-local/appsync-local/batch"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Invoker calls a function by name with a JSON payload (gohandler.Registry
// satisfies it). An error with an ErrorType() method is a function error.
type Invoker interface {
	Invoke(ctx context.Context, name string, payload []byte) ([]byte, error)
	Has(name string) bool
}

// MaxBatchSize is AppSync's largest BatchInvoke batch.
const MaxBatchSize = 2000

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
		// The payloads of this field across the items of a list go to the
		// function together, as a list, in calls of at most maxBatchSize.
		slot, maxSize := batch.From(ctx)
		return slot.Join(body, func(payloads []any) ([]any, error) {
			return s.invokeBatches(ctx, payloads, maxSize)
		})
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
		return nil, s.functionError(err)
	}
	v, err := value.FromJSON(out)
	if err != nil {
		return nil, &Error{Message: "Lambda returned invalid JSON: " + err.Error(), Type: "Lambda:InvalidResponse"}
	}
	return v, nil
}

// invokeBatches calls the function with the payloads as lists of at most
// maxSize (AppSync's limit is 2,000), concurrently, and joins the results.
func (s *Source) invokeBatches(ctx context.Context, payloads []any, maxSize int) ([]any, error) {
	if maxSize <= 0 || maxSize > MaxBatchSize {
		maxSize = MaxBatchSize
	}
	results := make([]any, len(payloads))
	errs := make([]error, (len(payloads)+maxSize-1)/maxSize)
	var wg sync.WaitGroup
	for i := 0; i*maxSize < len(payloads); i++ {
		chunk := payloads[i*maxSize : min((i+1)*maxSize, len(payloads))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.invokeBatch(ctx, chunk, results[i*maxSize:])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

func (s *Source) invokeBatch(ctx context.Context, chunk []any, out []any) error {
	payload, err := json.Marshal(chunk)
	if err != nil {
		return &Error{Message: "Unable to serialize the Lambda payload: " + err.Error(), Type: "Lambda:InvalidRequestContentException"}
	}
	raw, err := s.Functions.Invoke(ctx, s.FunctionName, payload)
	if err != nil {
		return s.functionError(err)
	}
	v, err := value.FromJSON(raw)
	if err != nil {
		return &Error{Message: "Lambda returned invalid JSON: " + err.Error(), Type: "Lambda:InvalidResponse"}
	}
	l, ok := v.(*value.List)
	if !ok || len(l.Items) != len(chunk) {
		return &Error{Message: fmt.Sprintf("BatchInvoke: function %s must return a list with one result per payload (%d), got %s", s.FunctionName, len(chunk), value.ToJSON(v)), Type: "Lambda:InvalidResponse"}
	}
	copy(out, l.Items)
	return nil
}

func (s *Source) functionError(err error) error {
	var te interface{ ErrorType() string }
	if errors.As(err, &te) {
		return &Error{Message: err.Error(), Type: te.ErrorType()}
	}
	return &Error{Message: err.Error(), Type: "Lambda:Unhandled"}
}

func member(m *value.Map, key string) any {
	v, _ := m.Get(key)
	return v
}
