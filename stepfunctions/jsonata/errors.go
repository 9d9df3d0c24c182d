package jsonata

import (
	"errors"
	"fmt"
)

// Codes this package gives to errors that jsonata-js itself does not raise.
// jsonata-js's own codes (S0xxx syntax, T0xxx/T1xxx/T2xxx type, D1xxx–D3xxx
// dynamic) and those of Step Functions' functions (SFN0001–SFN0005) pass
// through unchanged.
const (
	// CodeUndefined marks an expression that returned nothing; the error
	// wraps ErrUndefined.
	CodeUndefined = "Undefined"
	// CodeTimeout marks an evaluation stopped by its context; the error wraps
	// the context's error.
	CodeTimeout = "Timeout"
	// CodeRuntime marks a failure of the JavaScript runtime rather than of the
	// expression (for example a stack overflow from unbounded recursion).
	CodeRuntime = "RuntimeError"
	// CodeInput marks an input or binding that cannot be given to JSONata
	// because it is not JSON (a NaN, a channel, ...).
	CodeInput = "InvalidInput"
)

var (
	// ErrUndefined is wrapped by the *Error that Eval returns when the
	// expression returns nothing (undefined), which JSON cannot represent. Step
	// Functions reports it as States.QueryEvaluationError "... returned nothing
	// (undefined)". Test with errors.Is.
	ErrUndefined = errors.New("returned nothing (undefined)")

	// ErrNoBundle is returned by Compile and Eval when the binary was built
	// without the jsonata-js bundle: `make jsonata` (scripts/jsonata-assets.sh)
	// installs it from npm before `go build`.
	ErrNoBundle = errors.New("jsonata: the jsonata-js bundle is not embedded in this binary: run `make jsonata` (scripts/jsonata-assets.sh) and rebuild")
)

// Error is a JSONata error: a syntax error from Compile, or an evaluation
// error from Eval. Callers turn it into INVALID_JSONATA_EXPRESSION at
// CreateStateMachine and States.QueryEvaluationError at run time.
type Error struct {
	// Code is jsonata-js's error code ("S0201", "T1006", "D3030", ...), a
	// Step Functions function's ("SFN0003"), or one of this package's Code*
	// constants.
	Code string
	// Message is the human-readable text, as jsonata-js words it.
	Message string
	// Position is the character offset in the expression where jsonata-js
	// located the error (0 when it gives none).
	Position int
	// Token is the expression token the error is about, when jsonata-js names one.
	Token string

	err error // wrapped: ErrUndefined, a context error
}

// Error formats the error as "jsonata CODE at POSITION: MESSAGE".
func (e *Error) Error() string {
	if e.Position > 0 {
		return fmt.Sprintf("jsonata %s at %d: %s", e.Code, e.Position, e.Message)
	}
	return fmt.Sprintf("jsonata %s: %s", e.Code, e.Message)
}

// Unwrap returns the sentinel or context error behind e, if any.
func (e *Error) Unwrap() error { return e.err }
