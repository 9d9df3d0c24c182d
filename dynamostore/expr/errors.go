package expr

import (
	"fmt"
	"slices"
	"strings"
)

// Error is a DynamoDB ValidationException raised by parsing or applying an
// expression. Msg is exactly DynamoDB's message, e.g.
//
//	Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"
//	Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: views
//	The provided expression refers to an attribute that does not exist in the item
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// The expression kinds DynamoDB names in its messages.
const (
	KindCondition    = "ConditionExpression"
	KindFilter       = "FilterExpression"
	KindKeyCondition = "KeyConditionExpression"
	KindUpdate       = "UpdateExpression"
	KindProjection   = "ProjectionExpression"
)

func newError(kind, format string, args ...any) *Error {
	return &Error{Msg: "Invalid " + kind + ": " + fmt.Sprintf(format, args...)}
}

func plainError(msg string) *Error { return &Error{Msg: msg} }

// Runtime messages of UpdateItem.
const (
	msgMissingAttribute = "The provided expression refers to an attribute that does not exist in the item"
	msgIncorrectType    = "An operand in the update expression has an incorrect data type"
	msgInvalidPath      = "The document path provided in the update expression is invalid for update"
)

// Usage is what every parsed expression reports: the placeholders it used.
type Usage interface {
	UsedNames() []string
	UsedValues() []string
}

// CheckUnused returns DynamoDB's error for ExpressionAttributeNames or
// ExpressionAttributeValues entries that none of the request's expressions
// used ("Value provided in ExpressionAttributeNames unused in expressions:
// keys: {#a, #b}"), or nil. Names are checked before values; keys are
// listed sorted.
func CheckUnused(names Names, values Values, exprs ...Usage) error {
	usedN, usedV := map[string]bool{}, map[string]bool{}
	for _, e := range exprs {
		if e == nil {
			continue
		}
		for _, n := range e.UsedNames() {
			usedN[n] = true
		}
		for _, v := range e.UsedValues() {
			usedV[v] = true
		}
	}
	var unused []string
	for k := range names {
		if !usedN[k] {
			unused = append(unused, k)
		}
	}
	if len(unused) > 0 {
		slices.Sort(unused)
		return plainError("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + strings.Join(unused, ", ") + "}")
	}
	for k := range values {
		if !usedV[k] {
			unused = append(unused, k)
		}
	}
	if len(unused) > 0 {
		slices.Sort(unused)
		return plainError("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + strings.Join(unused, ", ") + "}")
	}
	return nil
}

// usage records the placeholders of one expression.
type usage struct {
	names  []string
	values []string
}

// UsedNames returns the #name placeholders the expression used, sorted.
func (u *usage) UsedNames() []string { return slices.Clone(u.names) }

// UsedValues returns the :value placeholders the expression used, sorted.
func (u *usage) UsedValues() []string { return slices.Clone(u.values) }

func (u *usage) collect(root Node) {
	n, v := map[string]bool{}, map[string]bool{}
	walk(root, func(x Node) {
		switch x := x.(type) {
		case *PathNode:
			for _, e := range x.elems {
				if e.ref != "" {
					n[e.ref] = true
				}
			}
		case *ValueNode:
			v[x.ref] = true
		}
	})
	for k := range n {
		u.names = append(u.names, k)
	}
	for k := range v {
		u.values = append(u.values, k)
	}
	slices.Sort(u.names)
	slices.Sort(u.values)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func itoa(i int) string { return fmt.Sprint(i) }
