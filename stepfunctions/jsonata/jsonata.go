package jsonata

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Expr is a compiled JSONata expression. It is safe for concurrent use: it
// holds the source text and what Compile learnt from it, never changed, and
// each pooled runtime keeps its own parsed copy.
type Expr struct {
	src  string
	fast *fastPath // nil: always evaluated by jsonata-js
	refs Refs
}

// Compile parses expr, the text inside a Step Functions "{% %}" string, and
// returns it ready to evaluate. A syntax error is an *Error with jsonata-js's
// code (S0xxx) and character position, which CreateStateMachine reports as an
// invalid definition. It returns ErrNoBundle if the binary was built without
// `make jsonata`.
func Compile(expr string) (*Expr, error) {
	p, err := sharedPool()
	if err != nil {
		return nil, err
	}
	v, err := p.get(context.Background())
	if err != nil {
		return nil, err
	}
	_, err = v.compiled(expr)
	var fast *fastPath
	var refs Refs
	if err == nil {
		fast, refs = v.analyse(expr)
	}
	if v.broken {
		p.discard(v)
	} else {
		p.put(v)
	}
	if err != nil {
		return nil, err
	}
	return &Expr{src: expr, fast: fast, refs: refs}, nil
}

// MustCompile is Compile for expressions fixed in the program: it panics on
// error.
func MustCompile(expr string) *Expr {
	e, err := Compile(expr)
	if err != nil {
		panic(fmt.Sprintf("jsonata: compile %q: %v", expr, err))
	}
	return e
}

// String returns the expression's source text.
func (e *Expr) String() string { return e.src }

// Eval evaluates the expression with input as the context item ($) and
// bindings as variables: a key "states" (or "$states") is $states, any other
// key a workflow variable. input and the binding values are JSON-like Go
// values (map[string]any, []any, string, bool, nil, any Go number, or
// anything encoding/json marshals, such as json.RawMessage); nil input is
// JSON null.
//
// The result is JSON-like too: objects are map[string]any, arrays []any, and
// numbers int64 when JavaScript prints them without a fraction or exponent,
// else float64. A result JavaScript cannot express in JSON (a function) or no
// result at all is an *Error with Code CodeUndefined wrapping ErrUndefined.
// Evaluation errors are *Error with jsonata-js's code, message and position.
// When ctx ends first, evaluation stops and the *Error has Code CodeTimeout
// and wraps ctx.Err(). $now() and $millis() read the clock given by WithClock,
// $uuid() and $random() the entropy given by WithEntropy.
func (e *Expr) Eval(ctx context.Context, input any, bindings map[string]any) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, timeoutError(err)
	}
	if e.fast != nil {
		if v, defined, ok := e.fast.eval(input, bindings); ok {
			if !defined {
				return nil, undefinedError()
			}
			b, err := json.Marshal(v)
			if err != nil {
				return nil, &Error{Code: CodeInput, Message: "the value is not JSON: " + err.Error(), err: err}
			}
			return decode(string(b)) // a copy, with numbers as Eval returns them
		}
	}
	in, err := json.Marshal(input)
	if err != nil {
		return nil, &Error{Code: CodeInput, Message: "the input is not JSON: " + err.Error(), err: err}
	}
	var bnd []byte
	if len(bindings) > 0 {
		vars := make(map[string]any, len(bindings))
		for k, val := range bindings {
			vars[strings.TrimPrefix(k, "$")] = val
		}
		if bnd, err = json.Marshal(vars); err != nil {
			return nil, &Error{Code: CodeInput, Message: "a binding is not JSON: " + err.Error(), err: err}
		}
	}
	out, err := e.evalText(ctx, in, bnd)
	if err != nil {
		return nil, err
	}
	return decode(out)
}

// EvalJSON is Eval on JSON text: input is the context item (empty means
// null), each binding value is the JSON of the variable named by its key, and
// the result is the JSON text jsonata-js's result serializes to. Unlike Eval it
// keeps the key order of objects in input, bindings and result, as Step
// Functions does in the payloads it shows. Errors are as for Eval.
func (e *Expr) EvalJSON(ctx context.Context, input json.RawMessage, bindings map[string]json.RawMessage) (json.RawMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, timeoutError(err)
	}
	if len(input) == 0 {
		input = json.RawMessage("null")
	} else if !json.Valid(input) {
		return nil, &Error{Code: CodeInput, Message: "the input is not JSON"}
	}
	var bnd []byte
	if len(bindings) > 0 {
		b := []byte{'{'}
		for k, val := range bindings {
			if !json.Valid(val) {
				return nil, &Error{Code: CodeInput, Message: "binding " + k + " is not JSON"}
			}
			if len(b) > 1 {
				b = append(b, ',')
			}
			name, _ := json.Marshal(strings.TrimPrefix(k, "$"))
			b = append(append(append(b, name...), ':'), val...)
		}
		bnd = append(b, '}')
	}
	out, err := e.evalText(ctx, input, bnd)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(out), nil
}

// evalText evaluates with JSON input and bindings text (nil: no bindings) on a
// pooled runtime and returns the result's JSON text.
func (e *Expr) evalText(ctx context.Context, in, bnd []byte) (string, error) {
	p, err := sharedPool()
	if err != nil {
		return "", err
	}
	v, err := p.get(ctx)
	if err != nil {
		return "", err
	}
	v.entropy = entropyFrom(ctx)
	v.clock = clockFrom(ctx)
	stop := context.AfterFunc(ctx, func() { v.rt.Interrupt(ctx.Err()) })
	out, err := v.run(e.src, in, bnd)
	interrupted := !stop()
	v.entropy, v.clock = nil, nil
	if interrupted || v.broken {
		// An interrupt may land after run returned; such a runtime is never reused.
		p.discard(v)
	} else {
		p.put(v)
	}
	if interrupted && err != nil {
		return "", timeoutError(ctx.Err())
	}
	return out, err
}

func undefinedError() *Error {
	return &Error{Code: CodeUndefined, Message: ErrUndefined.Error(), err: ErrUndefined}
}

func timeoutError(err error) *Error {
	return &Error{Code: CodeTimeout, Message: "evaluation stopped: " + err.Error(), err: err}
}

// decode parses the JSON text of a result, keeping integers as int64.
func decode(text string) (any, error) {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, &Error{Code: CodeRuntime, Message: "decode result: " + err.Error(), err: err}
	}
	return numbers(v), nil
}

// numbers replaces every json.Number in v by int64 or float64.
func numbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return i
		}
		f, _ := strconv.ParseFloat(string(t), 64) // JSON.stringify writes only valid finite numbers
		return f
	case map[string]any:
		for k, x := range t {
			t[k] = numbers(x)
		}
	case []any:
		for i, x := range t {
			t[i] = numbers(x)
		}
	}
	return v
}

type ctxKey int

const (
	entropyKey ctxKey = iota
	clockKey
)

// WithEntropy returns a context under which Eval draws $uuid() and unseeded
// $random() bytes from r instead of crypto/rand, so tests and replays get
// fixed values. A read error fails the evaluation.
func WithEntropy(ctx context.Context, r io.Reader) context.Context {
	return context.WithValue(ctx, entropyKey, r)
}

// WithClock returns a context under which Eval takes the time for $now() and
// $millis() (and the JavaScript Date) from now instead of the system clock.
func WithClock(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey, now)
}

func entropyFrom(ctx context.Context) io.Reader {
	r, _ := ctx.Value(entropyKey).(io.Reader)
	return r
}

func clockFrom(ctx context.Context) func() time.Time {
	f, _ := ctx.Value(clockKey).(func() time.Time)
	return f
}
