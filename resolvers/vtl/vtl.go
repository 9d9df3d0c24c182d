package vtl

import "fmt"

// Limits AppSync enforces on templates.
const (
	// MaxOutput is the largest evaluated template, in bytes (5 MB).
	MaxOutput = 5 << 20
	// MaxIterations is the largest number of iterations of one #foreach.
	MaxIterations = 1000
)

// Result is what a template produced.
type Result struct {
	Output   string // rendered text
	Returned bool   // #return or #return(x) was reached
	Value    any    // the argument of #return(x); nil for bare #return
	HasValue bool   // #return had an argument
}

// Error is a syntax or evaluation error at a position of a template.
// Evaluation errors caused by a value.Func returning an error wrap it, so
// errors.As finds the *value.Error that $util.error raises.
type Error struct {
	Name      string // template name given to Parse
	Line, Col int
	Msg       string
	Err       error // the host function's error, if any
}

// Error returns "name:line:col: message".
func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Col, e.Msg) }

// Unwrap returns the error a host function returned, if any.
func (e *Error) Unwrap() error { return e.Err }
