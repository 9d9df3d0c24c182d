package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/appsync-local/appsync-local/stepfunctions/asl"
)

// Task is one invocation of a Task state's resource.
type Task struct {
	// Resource is the state's Resource ARN as written.
	Resource string
	// Input is the effective input: the state's input after InputPath and
	// Parameters.
	Input any
	// Token is the task token ($$.Task.Token).
	Token string
	// ID names this invocation stably: a Standard execution resumed after
	// a restart that runs the task again passes the same ID ("" in Express
	// executions). Integrations use it to be idempotent: a nested
	// execution started without a Name is named by it.
	ID string
	// Region of the engine, for resources that need one.
	Region string
}

// TaskFunc runs a task and returns its result as a JSON value. A failure is
// an *asl.Error (its Name is what Retry and Catch match); any other error
// becomes States.TaskFailed with the error text as cause. ctx is cancelled
// when the task times out or the execution stops.
type TaskFunc func(ctx context.Context, t *Task) (any, error)

// TaskKind says which history events a resource produces.
type TaskKind int

const (
	// KindTask produces TaskScheduled/TaskStarted/TaskSucceeded|TaskFailed,
	// as service integrations (arn:aws:states:::...) do.
	KindTask TaskKind = iota
	// KindLambda produces LambdaFunctionScheduled/Started/Succeeded|Failed,
	// as a legacy Lambda function ARN resource does.
	KindLambda
)

// Resolved is what the registry knows about a resource.
type Resolved struct {
	Run  TaskFunc
	Kind TaskKind
	// ResourceType and ResourceName go into Task* events ("lambda", "invoke").
	ResourceType, ResourceName string
}

// Resolver maps a resource ARN to its implementation; ok=false means the
// resolver does not handle it.
type Resolver func(resource string) (r Resolved, ok bool)

// Tasks is the one registry of task resources: resolvers are tried in the
// order added. It is safe for concurrent use. Activities are not
// resolvers: the engine schedules them itself; .waitForTaskToken resolves
// the resource without the suffix and waits for the token around it.
type Tasks struct {
	mu        sync.RWMutex
	resolvers []namedResolver
}

type namedResolver struct {
	name string
	r    Resolver
}

// NewTasks returns an empty registry.
func NewTasks() *Tasks { return &Tasks{} }

// Add registers a resolver under a name (for error messages); a duplicate
// name is refused.
func (t *Tasks) Add(name string, r Resolver) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, x := range t.resolvers {
		if x.name == name {
			return fmt.Errorf("task resolver %q is already registered", name)
		}
	}
	t.resolvers = append(t.resolvers, namedResolver{name, r})
	return nil
}

// Resolve finds the implementation of resource.
func (t *Tasks) Resolve(resource string) (Resolved, bool) {
	if t == nil {
		return Resolved{}, false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, x := range t.resolvers {
		if r, ok := x.r(resource); ok {
			return r, true
		}
	}
	return Resolved{}, false
}

// Invoker calls a Lambda function by name with a JSON payload. It returns
// the function's JSON result, or a FunctionError for a function error, or
// ErrFunctionNotFound if it does not know the name.
type Invoker interface {
	Invoke(ctx context.Context, name string, payload []byte) ([]byte, error)
}

// FunctionError is a Lambda function error: AWS's errorType and errorMessage.
type FunctionError interface {
	error
	ErrorType() string
}

// ErrFunctionNotFound is returned by an Invoker that does not know a function.
var ErrFunctionNotFound = errors.New("function not found")

// LambdaResolver handles legacy Lambda function ARNs
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME) and
// arn:aws:states:::lambda:invoke, calling the invokers in order: the first
// that knows the function runs it.
func LambdaResolver(invokers ...Invoker) Resolver {
	return func(resource string) (Resolved, bool) {
		switch {
		case resource == "arn:aws:states:::lambda:invoke":
			return Resolved{Kind: KindTask, ResourceType: "lambda", ResourceName: "invoke", Run: func(ctx context.Context, t *Task) (any, error) {
				return invokeEnvelope(ctx, invokers, t)
			}}, true
		case strings.HasPrefix(resource, "arn:aws:lambda:") && strings.Contains(resource, ":function:"):
			name := functionName(resource)
			return Resolved{Kind: KindLambda, Run: func(ctx context.Context, t *Task) (any, error) {
				return invokeLambda(ctx, invokers, name, t.Input)
			}}, true
		}
		return Resolved{}, false
	}
}

// functionName extracts NAME from a function name, a partial ARN
// (ACCOUNT:function:NAME) or a full ARN, dropping a version or alias.
func functionName(s string) string {
	if i := strings.Index(s, "function:"); i >= 0 {
		s = s[i+len("function:"):]
		if j := strings.IndexByte(s, ':'); j >= 0 {
			s = s[:j]
		}
	}
	return s
}

func invokeLambda(ctx context.Context, invokers []Invoker, name string, input any) (any, error) {
	payload, err := asl.Encode(input)
	if err != nil {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: err.Error()}
	}
	for _, inv := range invokers {
		out, err := inv.Invoke(ctx, name, payload)
		if errors.Is(err, ErrFunctionNotFound) {
			continue
		}
		if err != nil {
			var ae *asl.Error
			if errors.As(err, &ae) {
				return nil, ae
			}
			var fe FunctionError
			if errors.As(err, &fe) {
				cause, _ := json.Marshal(struct {
					Message string `json:"errorMessage"`
					Type    string `json:"errorType"`
				}{fe.Error(), fe.ErrorType()})
				name := fe.ErrorType()
				if name == "" {
					name = "Lambda.Unknown"
				}
				return nil, &asl.Error{Name: name, Cause: string(cause)}
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &asl.Error{Name: "Lambda.SdkClientException", Cause: err.Error()}
		}
		if len(out) > maxPayload {
			return nil, dataLimit("result of function " + name)
		}
		v, err := asl.Decode(out)
		if err != nil {
			return nil, &asl.Error{Name: "Lambda.Unknown", Cause: "The function returned invalid JSON: " + err.Error()}
		}
		return v, nil
	}
	return nil, &asl.Error{Name: "Lambda.ResourceNotFoundException",
		Cause: fmt.Sprintf("Function not found: %s (register a Go handler named %q, or set LAMBDA_ENDPOINT to a Lambda Invoke API that serves it)", name, name)}
}

// invokeEnvelope runs arn:aws:states:::lambda:invoke: Parameters carry
// FunctionName and Payload, and the result is Lambda's Invoke response.
func invokeEnvelope(ctx context.Context, invokers []Invoker, t *Task) (any, error) {
	params, _ := t.Input.(map[string]any)
	fn, _ := params["FunctionName"].(string)
	if fn == "" {
		return nil, &asl.Error{Name: asl.ErrRuntime, Cause: "The field 'FunctionName' is required for resource arn:aws:states:::lambda:invoke"}
	}
	result, err := invokeLambda(ctx, invokers, functionName(fn), params["Payload"])
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"ExecutedVersion": "$LATEST",
		"Payload":         result,
		"SdkHttpMetadata": map[string]any{
			"AllHttpHeaders": map[string]any{"Content-Type": []any{"application/json"}, "X-Amz-Executed-Version": []any{"$LATEST"}},
			"HttpHeaders":    map[string]any{"Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST"},
			"HttpStatusCode": int64(200),
		},
		"SdkResponseMetadata": map[string]any{"RequestId": newUUID()},
		"StatusCode":          int64(200),
	}, nil
}
