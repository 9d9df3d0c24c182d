package config

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrNotFound is wrapped by the error Find returns when a directory holds no
// config file, so that callers can fall back to serving without one.
var ErrNotFound = errors.New("config file not found")

// Pos is a place in a config file. Line and Column count from 1; a zero
// Column means the column is unknown.
type Pos struct {
	File         string
	Line, Column int
}

// String formats p as "file:line:col", dropping the parts that are unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// IsValid reports whether p names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Error is one problem in a config file: where it is and what is wrong.
// Message says how to fix the problem when there is a fix.
type Error struct {
	Pos
	Message string
}

// Error returns "file:line:col: message".
func (e *Error) Error() string {
	if e.Pos == (Pos{}) {
		return e.Message
	}
	return e.Pos.String() + ": " + e.Message
}

// Errors is every problem Load found in a config, in file order. Load returns
// an Errors value (never an empty one) when the config is invalid.
type Errors []*Error

// Error returns the problems one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems as a slice of errors for errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) sort() {
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
		)
	})
}
