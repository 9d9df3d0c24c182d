package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Core is the subscription machinery behind both WebSocket protocols. Package server
// implements it; this package only speaks the wire protocols, so the two can evolve (and be
// tested) independently.
type Core interface {
	// AuthorizeConnection checks the authorization header object of a new connection
	// (AppSync protocol: from ?header=, the header-<b64url> subprotocol, or the upgrade's own
	// headers; graphql-transport-ws: connection_init payload merged over the upgrade headers).
	// A non-nil error is an *AuthError.
	AuthorizeConnection(ctx context.Context, headers http.Header) error
	// Subscribe validates and starts one subscription operation. headers is the per-subscription
	// authorization object (AppSync start payload.extensions.authorization) or the connection's.
	// deliver is called once per event with a complete GraphQL response for that event,
	// `{"data":{...}}` (plus "errors" if any), and MUST NOT block: the adapter queues it.
	// Subscribe returns stop (idempotent; after it returns, deliver is not called again) or an
	// error: *OperationError (validation, unauthorized, resolver error: AppSync's errors list).
	// closed is called (at most once) when the server ends the subscription itself
	// (invalidation, API swapped to a schema without the field): the adapter sends complete
	// (or AppSync's message for it) and forgets the id.
	Subscribe(ctx context.Context, req Request, deliver func(payload []byte), closed func()) (stop func(), err error)
}

// Request is one subscription operation as the client sent it, decoded from either protocol.
type Request struct {
	Query, OperationName string
	Variables            map[string]any
	// Headers is the authorization object for this subscription.
	Headers http.Header
}

// AuthError is a connection-level or subscription-level auth failure. The AppSync protocol
// reports ErrorType and Code to the client (Amplify reads both).
type AuthError struct {
	ErrorType string // e.g. UnauthorizedException
	Code      int    // e.g. 401
	Message   string
}

// Error implements error.
func (e *AuthError) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("%s (%d): %s", e.ErrorType, e.Code, e.Message)
	}
	return fmt.Sprintf("%s (%d)", e.ErrorType, e.Code)
}

// OperationError carries GraphQL errors in AppSync's shape ({"errorType","message",...} or
// {"message","locations","path"} for validation), already JSON, for the `error` message payload.
type OperationError struct {
	Errors []json.RawMessage
}

// Error implements error by joining the messages of the errors it carries.
func (e *OperationError) Error() string {
	var msgs []string
	for _, raw := range e.Errors {
		var m struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(raw, &m) == nil && m.Message != "" {
			msgs = append(msgs, m.Message)
		}
	}
	if len(msgs) == 0 {
		return "subscription operation failed"
	}
	return strings.Join(msgs, "; ")
}
