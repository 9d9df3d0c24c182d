package asl

import "strings"

// ASL error names this package produces or that callers match on.
const (
	ErrAll                    = "States.ALL"
	ErrRuntime                = "States.Runtime"
	ErrIntrinsicFailure       = "States.IntrinsicFailure"
	ErrResultPathMatchFailure = "States.ResultPathMatchFailure"
	ErrParameterPathFailure   = "States.ParameterPathFailure"
	ErrNoChoiceMatched        = "States.NoChoiceMatched"
	ErrTaskFailed             = "States.TaskFailed"
	ErrTimeout                = "States.Timeout"
	ErrHeartbeatTimeout       = "States.HeartbeatTimeout"
	ErrDataLimitExceeded      = "States.DataLimitExceeded"
	ErrBranchFailed           = "States.BranchFailed"
	ErrPermissions            = "States.Permissions"
	ErrExceedToleratedFailure = "States.ExceedToleratedFailureThreshold"
	ErrItemReaderFailed       = "States.ItemReaderFailed"
	ErrResultWriterFailed     = "States.ResultWriterFailed"
	ErrQueryEvaluationError   = "States.QueryEvaluationError"
)

// Error is a runtime failure with its ASL error name and cause, the pair
// that Retry/Catch match on and that ends up in history events.
type Error struct {
	Name, Cause string
}

// Error returns "Name: Cause".
func (e *Error) Error() string {
	if e.Cause == "" {
		return e.Name
	}
	return e.Name + ": " + e.Cause
}

func runtimeErr(cause string) *Error   { return &Error{Name: ErrRuntime, Cause: cause} }
func intrinsicErr(cause string) *Error { return &Error{Name: ErrIntrinsicFailure, Cause: cause} }

// Diagnostic codes used in ValidationError.
const (
	CodeSchemaValidationFailed  = "SCHEMA_VALIDATION_FAILED"
	CodeMissingTransitionTarget = "MISSING_TRANSITION_TARGET"
	CodeInvalidJSONDescription  = "INVALID_JSON_DESCRIPTION"
	CodeDuplicateStateName      = "DUPLICATE_STATE_NAME"
)

// Diagnostic is one problem found in a definition: an AWS diagnostic code, a
// message, and the JSON location ("/States/A/Next"; "/" for the root).
type Diagnostic struct {
	Code, Message, Location string
}

// String renders the diagnostic as AWS does inside InvalidDefinition
// messages: "CODE: message at /location".
func (d Diagnostic) String() string {
	s := d.Code + ": " + d.Message
	// JSON syntax messages already end with Jackson's " at [Source: ...]".
	if d.Location != "" && d.Code != CodeInvalidJSONDescription {
		s += " at " + d.Location
	}
	return s
}

// ValidationError is returned by Parse for an invalid definition. Its
// diagnostics are in document order; Error renders AWS's InvalidDefinition
// message text.
type ValidationError struct {
	Diagnostics []Diagnostic
}

// Error renders AWS's InvalidDefinition message: "Invalid State Machine
// Definition: 'D'" for one diagnostic, and each quoted, comma-separated,
// inside the outer quotes for several ("”D1', 'D2”"), as Step Functions
// prints them.
func (e *ValidationError) Error() string {
	if len(e.Diagnostics) == 1 {
		return "Invalid State Machine Definition: '" + e.Diagnostics[0].String() + "'"
	}
	parts := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		parts[i] = "'" + d.String() + "'"
	}
	return "Invalid State Machine Definition: '" + strings.Join(parts, ", ") + "'"
}
