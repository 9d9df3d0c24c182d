package schema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Error is a schema problem at a position. Error() returns "file:line:col: message".
type Error struct {
	File         string
	Line, Column int
	Message      string
}

// Error returns "file:line:col: message", leaving out the line and column when
// they are unknown.
func (e *Error) Error() string {
	file := e.File
	if file == "" {
		file = "<input>"
	}
	if e.Line <= 0 {
		return file + ": " + e.Message
	}
	return file + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) + ": " + e.Message
}

// errorAt returns an Error at pos, which may be nil.
func errorAt(pos *ast.Position, format string, args ...any) *Error {
	e := &Error{Message: fmt.Sprintf(format, args...)}
	if pos != nil {
		e.Line, e.Column = pos.Line, pos.Column
		if pos.Src != nil {
			e.File = pos.Src.Name
		}
	}
	return e
}

// Errors is every problem found; Error() joins them with newlines. Load returns
// Errors (non-empty) on failure.
type Errors []*Error

// Error joins the errors with newlines.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the errors, for errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// coercionKind says what went wrong in a CoercionError.
type coercionKind int

const (
	invalidValue coercionKind = iota // a scalar, enum or list item that does not fit
	nullValue                        // null (or missing) where the type is non-null
	notObject                        // a non-object where an input object is expected
	unknownField                     // a field the input object type does not define
)

// CoercionError is an argument or variable value that does not fit its input
// type. Error returns Message, worded like AppSync's (graphql-java's) message for
// the same problem; VariableMessage frames it the way AppSync reports a bad
// variable.
type CoercionError struct {
	// Path leads from the argument or variable to the value at fault: input
	// field names and list indexes. It is empty when the whole value is at fault.
	Path ast.Path
	// Type is the GraphQL type expected at Path, as SDL prints it ("String!").
	Type string
	// Value is the value at fault: nil for a null or missing value, the field
	// name for an unknown field.
	Value any
	// Message describes the problem, e.g. "Unable to parse `2020-13-01` as a
	// valid date." or "Expected type 'Int' but was 'String'.".
	Message string

	kind coercionKind
}

// Error returns the message.
func (e *CoercionError) Error() string { return e.Message }

// VariableMessage returns the message AppSync gives when the value at fault
// came from the variable named variable. Like graphql-java, it names the
// innermost input field on Path rather than the variable when there is one:
//
//	Variable 'createdAt' has an invalid value. Unable to parse `x` as a valid DateTime Object.
//	Variable 'id' has coerced Null value for NonNull type 'ID!'
//	Field 'name' of variable 'input' has coerced Null value for NonNull type 'String!'
func (e *CoercionError) VariableMessage(variable string) string {
	field := lastField(e.Path)
	switch e.kind {
	case nullValue:
		if field == "" {
			return fmt.Sprintf("Variable '%s' has coerced Null value for NonNull type '%s'", variable, e.Type)
		}
		return fmt.Sprintf("Field '%s' of variable '%s' has coerced Null value for NonNull type '%s'", field, variable, e.Type)
	case unknownField:
		return e.Message
	}
	if field == "" {
		field = variable
	}
	return fmt.Sprintf("Variable '%s' has an invalid value. %s", field, e.Message)
}

// lastField returns the last field name on path, or "".
func lastField(path ast.Path) string {
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}

// SerializeError is a resolver value that does not fit its leaf type. Error
// returns a message worded like graphql-java's; AppSync reports it as
// "Can't serialize value (/path/to/field) : " followed by that message.
type SerializeError struct {
	// Type names the scalar or enum type.
	Type string
	// Value is the resolver's value.
	Value any
	// Message describes the problem, e.g. "Unable to serialize `x` as a valid
	// DateTime Object.".
	Message string
}

// Error returns the message.
func (e *SerializeError) Error() string { return e.Message }
