package dynamostore

import (
	"errors"
	"fmt"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
	"github.com/appsync-local/appsync-local/dynamostore/expr"
)

// The error types the store returns, as DynamoDB names them (the part of
// __type after '#').
const (
	ErrValidation          = "ValidationException"
	ErrSerialization       = "SerializationException"
	ErrResourceNotFound    = "ResourceNotFoundException"
	ErrResourceInUse       = "ResourceInUseException"
	ErrConditionalCheck    = "ConditionalCheckFailedException"
	ErrTransactionCanceled = "TransactionCanceledException"
	ErrUnknownOperation    = "UnknownOperationException"
	ErrLimitExceeded       = "LimitExceededException"
	ErrInternal            = "InternalServerError"
)

// Error is a DynamoDB error: the exception type (ErrValidation, ...) and
// DynamoDB's message. Item carries the old item of a failed condition when
// ReturnValuesOnConditionCheckFailure is ALL_OLD; CancellationReasons are
// set for TransactionCanceledException, one per action in request order.
type Error struct {
	Type                string
	Message             string
	Item                attr.Item
	CancellationReasons []CancellationReason
}

// CancellationReason says why one action of a transaction did not commit:
// Code "None" for those that would have succeeded.
type CancellationReason struct {
	Code    string
	Message string    `json:",omitempty"`
	Item    attr.Item `json:",omitempty"`
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Type
	}
	return e.Type + ": " + e.Message
}

// namespace is the __type prefix DynamoDB uses for each error type.
func (e *Error) namespace() string {
	switch e.Type {
	case ErrValidation:
		return "com.amazon.coral.validate#"
	case ErrSerialization, ErrUnknownOperation:
		return "com.amazon.coral.service#"
	}
	return "com.amazonaws.dynamodb.v20120810#"
}

func validationf(format string, args ...any) *Error {
	return &Error{Type: ErrValidation, Message: fmt.Sprintf(format, args...)}
}

func validation(msg string) *Error { return &Error{Type: ErrValidation, Message: msg} }

// tableNotFound is the error of data operations on a missing table.
func tableNotFound() *Error {
	return &Error{Type: ErrResourceNotFound, Message: "Requested resource not found"}
}

// tableNotFoundNamed is the error of control-plane operations, which name it.
func tableNotFoundNamed(name string) *Error {
	return &Error{Type: ErrResourceNotFound, Message: "Requested resource not found: Table: " + name + " not found"}
}

const msgConditionFailed = "The conditional request failed"

func conditionFailed(item attr.Item) *Error {
	return &Error{Type: ErrConditionalCheck, Message: msgConditionFailed, Item: item}
}

func transactionCanceled(reasons []CancellationReason) *Error {
	codes := make([]string, len(reasons))
	for i, r := range reasons {
		codes[i] = r.Code
	}
	return &Error{
		Type:                ErrTransactionCanceled,
		Message:             "Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]",
		CancellationReasons: reasons,
	}
}

// asDynamo turns what the attr and expr packages return into a
// ValidationException; an *Error passes through; anything else is internal
// and is returned unchanged for the caller to log and hide.
func asDynamo(err error) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) {
		return de
	}
	var ae *attr.Error
	if errors.As(err, &ae) {
		return validation(ae.Msg)
	}
	var ee *expr.Error
	if errors.As(err, &ee) {
		return validation(ee.Msg)
	}
	return err
}

// constraints collects the "N validation errors detected" failures of the
// request shape, DynamoDB-style: at most ten, joined with "; ".
type constraints struct{ msgs []string }

func (c *constraints) add(value any, path, constraint string) {
	if len(c.msgs) >= 10 {
		return
	}
	v := "null"
	if value != nil {
		v = "'" + fmt.Sprint(value) + "'"
	}
	c.msgs = append(c.msgs, "Value "+v+" at '"+path+"' failed to satisfy constraint: "+constraint)
}

func (c *constraints) notNull(present bool, path string) {
	if !present {
		c.add(nil, path, "Member must not be null")
	}
}

func (c *constraints) enum(value, path string, allowed ...string) {
	if value == "" {
		return
	}
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	c.add(value, path, "Member must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
}

func (c *constraints) min(value *int64, path string, min int64) {
	if value != nil && *value < min {
		c.add(*value, path, fmt.Sprintf("Member must have value greater than or equal to %d", min))
	}
}

func (c *constraints) max(value *int64, path string, max int64) {
	if value != nil && *value > max {
		c.add(*value, path, fmt.Sprintf("Member must have value less than or equal to %d", max))
	}
}

// name checks a table or index name: 3 to 255 of [a-zA-Z0-9_.-].
func (c *constraints) name(value, path string) {
	if !validName(value) {
		c.add(value, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
	}
	if len(value) < 3 {
		c.add(value, path, "Member must have length greater than or equal to 3")
	}
	if len(value) > 255 {
		c.add(value, path, "Member must have length less than or equal to 255")
	}
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '-') {
			return false
		}
	}
	return true
}

func (c *constraints) err() error {
	switch len(c.msgs) {
	case 0:
		return nil
	case 1:
		return validation("1 validation error detected: " + c.msgs[0])
	}
	return validationf("%d validation errors detected: %s", len(c.msgs), strings.Join(c.msgs, "; "))
}

// checkTableName is the common first check of every table operation.
func checkTableName(c *constraints, name string) { checkTableNameAt(c, name, "tableName") }

func checkTableNameAt(c *constraints, name, path string) {
	if name == "" {
		c.notNull(false, path)
		return
	}
	c.name(name, path)
}

// The enum value sets, in the order DynamoDB's messages list them (not the
// API model's order).
var returnValuesEnum = []string{"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"}
var returnCapacityEnum = []string{"INDEXES", "TOTAL", "NONE"}
var returnMetricsEnum = []string{"SIZE", "NONE"}
var returnOnFailureEnum = []string{"ALL_OLD", "NONE"}
var selectEnum = []string{"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"}
var conditionalOperatorEnum = []string{"OR", "AND"}
var projectionTypeEnum = []string{"ALL", "INCLUDE", "KEYS_ONLY"}
