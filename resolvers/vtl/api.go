package vtl

import (
	"errors"
	"fmt"
)

// MaxTemplateSize is AppSync's limit on a mapping template's size.
const MaxTemplateSize = 64 << 10

// Template is a parsed template, safe for concurrent use by many Execute calls.
type Template struct {
	name string
	text string
}

// Result is what Execute produced.
type Result struct {
	Output   string // rendered text
	Returned bool   // #return or #return(x) was reached
	Value    any    // the argument of #return(x); nil for bare #return
	HasValue bool
}

// Error is a syntax or evaluation error.
type Error struct {
	Name      string
	Line, Col int
	Msg       string
	Err       error
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Col, e.Msg) }

// Unwrap returns the error a host function returned, if any.
func (e *Error) Unwrap() error { return e.Err }

// Parse parses template text.
func Parse(name, text string) (*Template, error) {
	return &Template{name: name, text: text}, nil
}

// Name returns the template's name.
func (t *Template) Name() string { return t.name }

// String prints the template back as source.
func (t *Template) String() string { return t.text }

// Execute renders the template.
func (t *Template) Execute(vars map[string]any) (*Result, error) {
	return nil, errors.New("vtl: not implemented")
}
