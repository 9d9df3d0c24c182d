// Package gohandler runs Lambda-style Go functions in-process.
//
// A program that embeds appsync-local registers its handlers by function name
// in a Registry; AWS_LAMBDA data sources, the Lambda Invoke API and Step
// Functions tasks then call them without a Lambda runtime. Handlers use any
// signature aws-lambda-go accepts (func(ctx, event) (result, error) and its
// shorter forms), so the same function deploys to AWS unchanged.
package gohandler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambda/messages"
)

// ErrNotFound is returned by Invoke for a name with no registered handler.
var ErrNotFound = errors.New("function not found")

// Registry holds handlers by function name. The zero value is not usable; call
// NewRegistry. It is safe for concurrent use.
type Registry struct {
	mu       sync.RWMutex
	handlers map[string]invoker
}

// invoker runs one handler on a JSON payload.
type invoker func(ctx context.Context, payload []byte) ([]byte, error)

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{handlers: map[string]invoker{}}
}

// Register adds handler under name. It refuses an empty name, a name already
// registered, and a handler whose signature aws-lambda-go would reject (checked
// now rather than at the first invocation).
func (r *Registry) Register(name string, handler any) error {
	if name == "" {
		return errors.New("register handler: empty function name")
	}
	inv, err := newInvoker(handler)
	if err != nil {
		return fmt.Errorf("register handler %q: %w", name, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.handlers[name]; dup {
		return fmt.Errorf("register handler %q: a handler with that name is already registered", name)
	}
	r.handlers[name] = inv
	return nil
}

// MustRegister is Register for program setup: it panics on error.
func (r *Registry) MustRegister(name string, handler any) {
	if err := r.Register(name, handler); err != nil {
		panic(err)
	}
}

// Has reports whether name is registered.
func (r *Registry) Has(name string) bool {
	if r == nil {
		return false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.handlers[name]
	return ok
}

// Names returns the registered function names, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.handlers))
	for n := range r.handlers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FunctionError is a handler failure as Lambda reports it: the error's message
// and its type name ("errorString" for errors.New, as the Go runtime on Lambda
// reports). Panics are reported the same way, never re-raised.
type FunctionError struct {
	Message string `json:"errorMessage"`
	Type    string `json:"errorType"`
}

func (e *FunctionError) Error() string { return e.Message }

// ErrorType returns the Lambda errorType.
func (e *FunctionError) ErrorType() string { return e.Type }

// Invoke calls the handler registered as name with the JSON payload and
// returns its JSON result. A handler error or panic is a *FunctionError; an
// unknown name is ErrNotFound.
func (r *Registry) Invoke(ctx context.Context, name string, payload []byte) (out []byte, err error) {
	r.mu.RLock()
	h, ok := r.handlers[name]
	r.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("invoke %q: %w", name, ErrNotFound)
	}
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, &FunctionError{Message: fmt.Sprint(p), Type: typeName(p)}
		}
	}()
	out, err = h(ctx, payload)
	if err != nil {
		var ie *messages.InvokeResponse_Error
		if errors.As(err, &ie) {
			return nil, &FunctionError{Message: ie.Message, Type: ie.Type}
		}
		var fe *FunctionError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, &FunctionError{Message: err.Error(), Type: typeName(err)}
	}
	if len(out) == 0 {
		out = []byte("null")
	}
	if !json.Valid(out) {
		return nil, &FunctionError{Message: "handler returned invalid JSON", Type: "Runtime.InvalidResponse"}
	}
	return out, nil
}

// typeName is the errorType the Go Lambda runtime reports for v.
func typeName(v any) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return "nil"
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

var (
	contextType = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
)

// newInvoker checks handler against aws-lambda-go's rules for handler
// functions and returns a function that calls it with a JSON payload.
//
// It does what lambda.NewHandler(fn).Invoke does, minus one problem: that
// Invoke returns a slice of a pooled buffer that the next concurrent call
// reuses, so results corrupt each other when one function serves sibling
// fields at once (found with -race).
func newInvoker(handler any) (invoker, error) {
	if handler == nil {
		return nil, errors.New("handler is nil")
	}
	if h, ok := handler.(lambda.Handler); ok {
		return func(ctx context.Context, payload []byte) ([]byte, error) {
			out, err := h.Invoke(ctx, payload)
			return bytes.Clone(out), err
		}, nil
	}
	fn := reflect.ValueOf(handler)
	t := fn.Type()
	if t.Kind() != reflect.Func {
		return nil, fmt.Errorf("handler kind %s is not func", t.Kind())
	}
	takesContext := false
	var eventType reflect.Type
	switch t.NumIn() {
	case 0:
	case 1:
		if t.In(0).Implements(contextType) {
			takesContext = true
		} else {
			eventType = t.In(0)
		}
	case 2:
		if !t.In(0).Implements(contextType) {
			return nil, fmt.Errorf("handler takes two arguments, but the first is not a context.Context: %s", t.In(0))
		}
		takesContext, eventType = true, t.In(1)
	default:
		return nil, fmt.Errorf("handlers may not take more than two arguments, but handler takes %d", t.NumIn())
	}
	switch t.NumOut() {
	case 0:
	case 1:
		if !t.Out(0).Implements(errorType) {
			return nil, errors.New("handler returns a single value, but it does not implement error")
		}
	case 2:
		if !t.Out(1).Implements(errorType) {
			return nil, errors.New("handler returns two values, but the second does not implement error")
		}
	default:
		return nil, errors.New("handler may not return more than two values")
	}
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		var args []reflect.Value
		if takesContext {
			args = append(args, reflect.ValueOf(ctx))
		}
		if eventType != nil {
			ev := reflect.New(eventType)
			if err := json.Unmarshal(payload, ev.Interface()); err != nil {
				return nil, &FunctionError{Message: err.Error(), Type: typeName(err)}
			}
			args = append(args, ev.Elem())
		}
		out := fn.Call(args)
		if n := len(out); n > 0 {
			if err, ok := out[n-1].Interface().(error); ok && err != nil {
				return nil, err
			}
		}
		var val any
		if len(out) == 2 {
			val = out[0].Interface()
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(val); err != nil {
			return nil, &FunctionError{Message: err.Error(), Type: typeName(err)}
		}
		return bytes.TrimRight(buf.Bytes(), "\n"), nil
	}, nil
}
