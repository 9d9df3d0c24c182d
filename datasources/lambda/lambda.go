package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"

	"github.com/appsync-local/appsync-local/batch"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Invoker calls a function by name with a JSON payload (gohandler.Registry
// satisfies it). An error with an ErrorType() method is a function error.
type Invoker interface {
	Invoke(ctx context.Context, name string, payload []byte) ([]byte, error)
	Has(name string) bool
}

// Client is the one Lambda API call the data source makes; the SDK's
// *lambda.Client satisfies it.
type Client interface {
	Invoke(ctx context.Context, in *lambdasdk.InvokeInput, optFns ...func(*lambdasdk.Options)) (*lambdasdk.InvokeOutput, error)
}

// MaxBatchSize is AppSync's largest BatchInvoke batch.
const MaxBatchSize = 2000

// Source is one AWS_LAMBDA data source.
type Source struct {
	Name         string // data source name, for messages
	FunctionName string
	// Functions are the in-process handlers; one registered under
	// FunctionName is called directly.
	Functions Invoker
	// Remote calls the Invoke API for a function not registered in-process;
	// nil when local.lambda.endpoint is not set.
	Remote Client
	// Endpoint is local.lambda.endpoint, for messages.
	Endpoint string
	// Timeout bounds each call through the Invoke API; zero means
	// DefaultTimeout. A call that runs longer fails the field with
	// Lambda:ExecutionTimeoutException, as AppSync's does at its limit.
	Timeout time.Duration
}

// DefaultTimeout is AppSync's limit on a request's execution, 30 seconds,
// which is also the longest a resolver waits for a function.
const DefaultTimeout = 30 * time.Second

// Error is a Lambda invocation failure with AppSync's errorType.
type Error struct {
	Message string
	Type    string
}

func (e *Error) Error() string { return e.Message }

// ErrorType returns the AppSync errorType: the function's own errorType for
// a function error, else a Lambda: type.
func (e *Error) ErrorType() string { return e.Type }

// Invoke runs the request document {operation, payload, invocationType}.
// An Event invocation returns a null result as soon as the function has
// been handed the payload. Errors are *Error.
func (s *Source) Invoke(ctx context.Context, req *value.Map) (any, error) {
	op, _ := member(req, "operation").(string)
	switch op {
	case "Invoke", "BatchInvoke":
	default:
		return nil, &Error{Message: fmt.Sprintf("Unsupported operation '%v'. Lambda data sources support Invoke and BatchInvoke.", value.String(member(req, "operation"))), Type: "MappingTemplate"}
	}
	async := false
	switch t := member(req, "invocationType"); t {
	case nil, "RequestResponse":
	case "Event":
		async = true
	default:
		return nil, &Error{Message: fmt.Sprintf("Unsupported invocationType '%v'. Use RequestResponse or Event.", value.String(t)), Type: "MappingTemplate"}
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	body := member(req, "payload")
	if op == "BatchInvoke" {
		// The payloads of this field across the items of a list go to the
		// function together, as a list, in calls of at most maxBatchSize.
		slot, maxSize := batch.From(ctx)
		return slot.Join(body, func(payloads []any) ([]any, error) {
			return s.invokeBatches(ctx, payloads, maxSize, async)
		})
	}
	payload, err := marshal(body)
	if err != nil {
		return nil, err
	}
	out, err := s.call(ctx, payload, async)
	if err != nil || async {
		return nil, err
	}
	return decode(out)
}

// check reports a function that is neither registered nor reachable.
func (s *Source) check() error {
	if s.Functions != nil && s.Functions.Has(s.FunctionName) {
		return nil
	}
	if s.Remote != nil {
		return nil
	}
	return &Error{
		Message: fmt.Sprintf("Function not found: %s (data source %s): no Go handler is registered under that name in this process, and local.lambda.endpoint is not set to reach it through the Lambda Invoke API", s.FunctionName, s.Name),
		Type:    "Lambda:ResourceNotFoundException",
	}
}

// call invokes the function once, in-process when registered, else through
// the Invoke API. With async the call returns once the function has the
// payload, with no result.
func (s *Source) call(ctx context.Context, payload []byte, async bool) ([]byte, error) {
	if s.Functions != nil && s.Functions.Has(s.FunctionName) {
		if async {
			go s.Functions.Invoke(context.WithoutCancel(ctx), s.FunctionName, payload) //nolint:errcheck
			return nil, nil
		}
		out, err := s.Functions.Invoke(ctx, s.FunctionName, payload)
		if err != nil {
			return nil, functionError(err)
		}
		return out, nil
	}
	if s.Remote == nil {
		return nil, s.check()
	}
	in := &lambdasdk.InvokeInput{FunctionName: &s.FunctionName, Payload: payload, InvocationType: types.InvocationTypeRequestResponse}
	if async {
		in.InvocationType = types.InvocationTypeEvent
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := s.Remote.Invoke(ctx, in)
	if err != nil {
		return nil, s.remoteError(ctx, err)
	}
	if out.FunctionError != nil {
		return nil, remoteFunctionError(*out.FunctionError, out.Payload)
	}
	if async {
		return nil, nil
	}
	if len(out.Payload) == 0 {
		return []byte("null"), nil
	}
	return out.Payload, nil
}

// remoteFunctionError reads the {errorMessage, errorType} body of a response
// with X-Amz-Function-Error.
func remoteFunctionError(kind string, body []byte) error {
	var fe struct {
		Message string `json:"errorMessage"`
		Type    string `json:"errorType"`
	}
	if json.Unmarshal(body, &fe) != nil || (fe.Message == "" && fe.Type == "") {
		return &Error{Message: string(body), Type: "Lambda:" + kind}
	}
	if fe.Type == "" {
		fe.Type = "Lambda:" + kind
	}
	return &Error{Message: fe.Message, Type: fe.Type}
}

// remoteError maps an Invoke API failure: the service's own error code
// (ResourceNotFoundException, ...) as Lambda:<code>, a deadline as AppSync's
// Lambda:ExecutionTimeoutException, anything else (connection refused, a
// non-Lambda server) as an error naming local.lambda.endpoint.
func (s *Source) remoteError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &Error{Message: "Execution timed out.", Type: "Lambda:ExecutionTimeoutException"}
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return &Error{Message: ae.ErrorMessage(), Type: "Lambda:" + ae.ErrorCode()}
	}
	return &Error{
		Message: fmt.Sprintf("invoke function %s (data source %s) through the Lambda Invoke API at local.lambda.endpoint %s: %v", s.FunctionName, s.Name, s.Endpoint, err),
		Type:    "Lambda:ServiceException",
	}
}

// invokeBatches calls the function with the payloads as lists of at most
// maxSize (AppSync's limit is 2,000), concurrently, and joins the results.
func (s *Source) invokeBatches(ctx context.Context, payloads []any, maxSize int, async bool) ([]any, error) {
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
			errs[i] = s.invokeBatch(ctx, chunk, results[i*maxSize:], async)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e // one chunk's error, typed, for every item
		}
		return nil, err
	}
	return results, nil
}

func (s *Source) invokeBatch(ctx context.Context, chunk []any, out []any, async bool) error {
	payload, err := marshal(chunk)
	if err != nil {
		return err
	}
	raw, err := s.call(ctx, payload, async)
	if err != nil || async {
		return err
	}
	v, err := decode(raw)
	if err != nil {
		return err
	}
	l, ok := v.(*value.List)
	if !ok || len(l.Items) != len(chunk) {
		return &Error{Message: fmt.Sprintf("BatchInvoke: function %s must return a list with one result per payload (%d), got %s", s.FunctionName, len(chunk), value.ToJSON(v)), Type: "Lambda:InvalidResponse"}
	}
	copy(out, l.Items)
	return nil
}

func marshal(body any) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, &Error{Message: "Unable to serialize the Lambda payload: " + err.Error(), Type: "Lambda:InvalidRequestContentException"}
	}
	return payload, nil
}

func decode(out []byte) (any, error) {
	v, err := value.FromJSON(out)
	if err != nil {
		return nil, &Error{Message: "Lambda returned invalid JSON: " + err.Error(), Type: "Lambda:InvalidResponse"}
	}
	return v, nil
}

func functionError(err error) error {
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
