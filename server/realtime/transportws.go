package realtime

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// graphql-transport-ws (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md):
// connection_init → connection_ack; ping/pong; subscribe → next…, error | complete;
// client complete. Protocol violations close the socket with the 44xx codes of the spec.

// Close codes of graphql-transport-ws.
const (
	CloseBadRequest          = 4400
	CloseUnauthorized        = 4401
	CloseForbidden           = 4403
	CloseInitTimeout         = 4408
	CloseSubscriberExists    = 4409
	CloseTooManyInitRequests = 4429
)

type transportWSMessage struct {
	Type    string          `json:"type"`
	ID      *string         `json:"id"`
	Payload json.RawMessage `json:"payload"`
}

var transportWSFrames = &frames{
	data: func(id string, payload []byte) []byte {
		return []byte(`{"id":` + quote(id) + `,"type":"next","payload":` + string(payload) + `}`)
	},
	complete: func(id string) []byte { return []byte(`{"id":` + quote(id) + `,"type":"complete"}`) },
	errors: func(id string, errs []json.RawMessage) []byte {
		return mustJSON(struct {
			ID      string            `json:"id"`
			Type    string            `json:"type"`
			Payload []json.RawMessage `json:"payload"`
		}{id, "error", errs})
	},
}

// transportWSHandshake arms the connection_init timeout and returns the message handler.
func (c *conn) transportWSHandshake(r *http.Request) func([]byte) {
	initTimer := time.AfterFunc(c.h.p.InitTimeout, func() {
		c.closeWith(nil, CloseInitTimeout, "Connection initialisation timeout")
	})
	initReceived := false
	return func(raw []byte) {
		var m transportWSMessage
		if err := json.Unmarshal(raw, &m); err != nil || m.Type == "" {
			c.closeWith(nil, CloseBadRequest, "Invalid message received")
			return
		}
		switch m.Type {
		case "connection_init":
			if initReceived {
				c.closeWith(nil, CloseTooManyInitRequests, "Too many initialisation requests")
				return
			}
			initReceived = true
			initTimer.Stop()
			headers := r.Header.Clone()
			if len(m.Payload) > 0 && string(m.Payload) != "null" {
				var obj map[string]any
				if json.Unmarshal(m.Payload, &obj) != nil {
					c.closeWith(nil, CloseBadRequest, "Invalid message received")
					return
				}
				for k, v := range headerObject(obj) {
					headers[k] = v
				}
			}
			if err := c.h.p.Core.AuthorizeConnection(c.ctx, headers); err != nil {
				c.closeWith(nil, CloseForbidden, "Forbidden")
				return
			}
			c.headers = headers
			c.acked = true
			c.send([]byte(`{"type":"connection_ack"}`))
		case "ping":
			c.send([]byte(`{"type":"pong"}`))
		case "pong":
		case "subscribe":
			if !c.acked {
				c.closeWith(nil, CloseUnauthorized, "Unauthorized")
				return
			}
			c.transportWSSubscribe(m)
		case "complete":
			if m.ID == nil {
				c.closeWith(nil, CloseBadRequest, "Invalid message received")
				return
			}
			if s := c.take(*m.ID); s != nil {
				s.end()
			}
		default:
			c.closeWith(nil, CloseBadRequest, "Invalid message received")
		}
	}
}

func (c *conn) transportWSSubscribe(m transportWSMessage) {
	var p struct {
		Query         *string        `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
	}
	if m.ID == nil || *m.ID == "" || json.Unmarshal(m.Payload, &p) != nil || p.Query == nil {
		c.closeWith(nil, CloseBadRequest, "Invalid message received")
		return
	}
	id := *m.ID
	req := Request{Query: *p.Query, OperationName: p.OperationName, Variables: p.Variables, Headers: c.headers}
	switch err := c.subscribe(id, req, transportWSFrames); err {
	case nil:
	case errDuplicate:
		c.closeWith(nil, CloseSubscriberExists, "Subscriber for "+id+" already exists")
	case errLimit:
		c.send(transportWSFrames.errors(id, []json.RawMessage{appSyncError("MaxSubscriptionsReachedError",
			fmt.Sprintf("Max number of %d subscriptions reached", c.h.p.MaxSubscriptions))}))
	default:
		if c.ctx.Err() == nil {
			c.send(transportWSFrames.errors(id, errorList(err)))
		}
	}
}
