package realtime

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// AppSync real-time protocol (subprotocol "graphql-ws"): connection_init → connection_ack +
// ka; start → start_ack, data…, error; stop → complete.

// appSyncMessage is one client frame.
type appSyncMessage struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	Payload json.RawMessage `json:"payload"`
}

// appSyncStart is a start message's payload; data is a JSON string.
type appSyncStart struct {
	Data       *string `json:"data"`
	Extensions struct {
		Authorization map[string]any `json:"authorization"`
	} `json:"extensions"`
}

var appSyncFrames = &frames{
	startAck: func(id string) []byte { return []byte(`{"type":"start_ack","id":` + quote(id) + `}`) },
	data: func(id string, payload []byte) []byte {
		return []byte(`{"type":"data","id":` + quote(id) + `,"payload":` + string(payload) + `}`)
	},
	complete: func(id string) []byte { return []byte(`{"type":"complete","id":` + quote(id) + `}`) },
	errors: func(id string, errs []json.RawMessage) []byte {
		return mustJSON(frame{Type: "error", ID: id, Payload: map[string]any{"errors": errs}})
	},
}

// frame is a server frame with its fields in the order AppSync writes them.
type frame struct {
	Type    string `json:"type"`
	ID      string `json:"id,omitempty"`
	Payload any    `json:"payload,omitempty"`
}

// appSyncError is one AppSync error object without an id.
func appSyncError(errorType, message string) json.RawMessage {
	return mustJSON(map[string]any{"errorType": errorType, "message": message})
}

// appSyncHeaders finds the connection's authorization header object: ?header=, then a
// header-<base64url> subprotocol, then the upgrade request's own headers.
func appSyncHeaders(r *http.Request, protos []string) (http.Header, error) {
	if enc := r.URL.Query().Get("header"); enc != "" {
		return decodeHeaderObject(enc)
	}
	for _, p := range protos {
		if enc, ok := strings.CutPrefix(p, "header-"); ok {
			return decodeHeaderObject(enc)
		}
	}
	return r.Header.Clone(), nil
}

// decodeHeaderObject decodes base64 (standard or URL alphabet, padded or not) JSON.
func decodeHeaderObject(enc string) (http.Header, error) {
	enc = strings.TrimRight(enc, "=")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(enc)
	}
	if err != nil {
		return nil, fmt.Errorf("authorization header object is not base64: %w", err)
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("authorization header object is not a JSON object: %w", err)
	}
	return headerObject(obj), nil
}

func connectionError(errorType string, code int, message string) []byte {
	e := map[string]any{"errorType": errorType, "errorCode": code}
	if message != "" {
		e["message"] = message
	}
	return mustJSON(frame{Type: "connection_error", Payload: map[string]any{"errors": []any{e}}})
}

// appSyncHandshake authorizes the connection and returns the message handler. A connection
// that fails authorization gets connection_error in answer to its first message (or after
// a grace period) and is closed, as AppSync does.
func (c *conn) appSyncHandshake(r *http.Request, protos []string) func([]byte) {
	headers, err := appSyncHeaders(r, protos)
	var refusal []byte
	if err != nil {
		refusal = connectionError("BadRequestException", 400, err.Error())
	} else if err := c.h.p.Core.AuthorizeConnection(c.ctx, headers); err != nil {
		ae, ok := err.(*AuthError)
		if !ok {
			ae = &AuthError{ErrorType: "UnauthorizedException", Code: 401, Message: err.Error()}
		}
		refusal = connectionError(ae.ErrorType, ae.Code, ae.Message)
	}
	if refusal != nil {
		refuse := func() { c.closeWith(refusal, websocket.CloseNormalClosure, "") }
		t := time.AfterFunc(5*c.h.p.InitTimeout, refuse)
		return func([]byte) { t.Stop(); refuse() }
	}
	c.headers = headers
	return c.appSyncMessage
}

func (c *conn) appSyncMessage(raw []byte) {
	var m appSyncMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		if c.acked {
			c.send(appSyncFrames.errors("", []json.RawMessage{appSyncError("BadRequestException", "Invalid JSON message: "+err.Error())}))
		}
		return
	}
	if !c.acked {
		// Everything before the acknowledgement is ignored.
		if m.Type == "connection_init" {
			c.acked = true
			c.send([]byte(fmt.Sprintf(`{"type":"connection_ack","payload":{"connectionTimeoutMs":%d}}`, ConnectionTimeoutMs)))
			c.send([]byte(`{"type":"ka"}`))
			close(c.kaStart)
		}
		return
	}
	switch m.Type {
	case "connection_init", "ka":
	case "start":
		c.appSyncStart(m)
	case "stop":
		if s := c.take(m.ID); s != nil {
			s.end()
			c.send(appSyncFrames.complete(m.ID))
		}
	default:
		typ := m.Type
		if typ == "" {
			typ = "unknown"
		}
		c.send(appSyncFrames.errors(m.ID, []json.RawMessage{appSyncError("UnsupportedOperation", typ+" not supported through the realtime channel")}))
	}
}

func (c *conn) appSyncStart(m appSyncMessage) {
	fail := func(errorType, msg string) {
		c.send(appSyncFrames.errors(m.ID, []json.RawMessage{appSyncError(errorType, msg)}))
	}
	if m.ID == "" {
		fail("BadRequestException", "start message without an id")
		return
	}
	var p appSyncStart
	if len(m.Payload) == 0 || json.Unmarshal(m.Payload, &p) != nil || p.Data == nil {
		fail("BadRequestException", "start payload must be an object with data, a JSON string of {query, variables, operationName}")
		return
	}
	var op struct {
		Query         string         `json:"query"`
		Variables     map[string]any `json:"variables"`
		OperationName string         `json:"operationName"`
	}
	if err := json.Unmarshal([]byte(*p.Data), &op); err != nil {
		fail("BadRequestException", "start payload.data is not a JSON object of {query, variables, operationName}: "+err.Error())
		return
	}
	headers := c.headers
	if p.Extensions.Authorization != nil {
		headers = headerObject(p.Extensions.Authorization)
	}
	req := Request{Query: op.Query, OperationName: op.OperationName, Variables: op.Variables, Headers: headers}
	switch err := c.subscribe(m.ID, req, appSyncFrames); err {
	case nil:
	case errDuplicate:
		fail("DuplicatedOperationError", "Duplicate subscription ID: "+m.ID)
	case errLimit:
		fail("MaxSubscriptionsReachedError", fmt.Sprintf("Max number of %d subscriptions reached", c.h.p.MaxSubscriptions))
	default:
		if c.ctx.Err() == nil {
			c.send(appSyncFrames.errors(m.ID, errorList(err)))
		}
	}
}

func quote(s string) string { return string(mustJSON(s)) }
