package realtime_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/appsync-local/appsync-local/server/realtime"
)

func dialTWS(t *testing.T, b *bundle) *client {
	t.Helper()
	c, resp := dial(t, b.url, []string{"graphql-transport-ws"}, nil)
	if got := resp.Header.Get("Sec-WebSocket-Protocol"); got != "graphql-transport-ws" {
		t.Fatalf("selected subprotocol %q", got)
	}
	return c
}

func (c *client) expectCloseCode(code int, text string) {
	c.t.Helper()
	gotCode, gotText := c.expectClose()
	if gotCode != code || gotText != text {
		c.t.Fatalf("close %d %q, want %d %q", gotCode, gotText, code, text)
	}
}

const twsSubscribe = `{"id":"1","type":"subscribe","payload":{"query":"subscription { onMessage { id text } }","variables":{"room":"a"}}}`

func TestTransportWSLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{})
	c := dialTWS(t, b)
	c.send(`{"type":"connection_init","payload":{"x-api-key":"` + apiKey + `"}}`)
	c.expect(`{"type":"connection_ack"}`)
	c.send(`{"type":"ping"}`)
	c.expect(`{"type":"pong"}`)
	c.send(`{"type":"pong"}`) // unsolicited pongs are allowed

	c.send(twsSubscribe)
	s := b.nextSub(t)
	if s.req.Variables["room"] != "a" || s.req.Headers.Get("X-Api-Key") != apiKey {
		t.Fatalf("core got %+v", s.req)
	}
	s.deliver([]byte(`{"data":{"onMessage":{"id":"1","text":"hi"}}}`))
	c.expect(`{"id":"1","type":"next","payload":{"data":{"onMessage":{"id":"1","text":"hi"}}}}`)
	s.closed()
	c.expect(`{"id":"1","type":"complete"}`)

	// The id is free again; a client complete stops the subscription without a reply.
	c.send(twsSubscribe)
	s2 := b.nextSub(t)
	c.send(`{"id":"1","type":"complete"}`)
	s2.waitStopped(t)

	c.send(`{"id":"2","type":"subscribe","payload":{"query":"subscription { invalid }"}}`)
	c.expect(`{"id":"2","type":"error","payload":[{"message":"Validation error of type FieldUndefined: Field 'invalid' in type 'Subscription' is undefined @ 'invalid'","locations":[{"line":1,"column":16}]}]}`)
	c.send(`{"type":"ping"}`)
	c.expect(`{"type":"pong"}`) // nothing was sent for the client's complete
}

func TestTransportWSCloseCodes(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{InitTimeout: 20 * time.Millisecond})
	init := `{"type":"connection_init","payload":{"x-api-key":"` + apiKey + `"}}`
	cases := []struct {
		name   string
		frames []string
		expect []string
		code   int
		text   string
	}{
		{"init timeout", nil, nil, 4408, "Connection initialisation timeout"},
		{"forbidden", []string{`{"type":"connection_init","payload":{"x-api-key":"wrong"}}`}, nil, 4403, "Forbidden"},
		{"subscribe before ack", []string{twsSubscribe}, nil, 4401, "Unauthorized"},
		{"double init", []string{init, init}, []string{`{"type":"connection_ack"}`}, 4429, "Too many initialisation requests"},
		{"duplicate subscriber", []string{init, twsSubscribe, twsSubscribe}, []string{`{"type":"connection_ack"}`}, 4409, "Subscriber for 1 already exists"},
		{"invalid json", []string{init, `{"type":`}, []string{`{"type":"connection_ack"}`}, 4400, "Invalid message received"},
		{"unknown type", []string{init, `{"type":"start","id":"1"}`}, []string{`{"type":"connection_ack"}`}, 4400, "Invalid message received"},
		{"subscribe without id", []string{init, `{"type":"subscribe","payload":{"query":"subscription { x }"}}`}, []string{`{"type":"connection_ack"}`}, 4400, "Invalid message received"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dialTWS(t, b)
			for _, f := range tc.frames {
				c.send(f)
			}
			for _, e := range tc.expect {
				c.expect(e)
			}
			c.expectCloseCode(tc.code, tc.text)
		})
	}
}

func TestTransportWSUpgradeHeadersAuthorize(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{})
	c, _ := dial(t, b.url, []string{"graphql-transport-ws"}, map[string][]string{"X-Api-Key": {apiKey}})
	c.send(`{"type":"connection_init"}`)
	c.expect(`{"type":"connection_ack"}`)
}

func TestTransportWSSubscriptionLimit(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{MaxSubscriptions: 1})
	c := dialTWS(t, b)
	c.send(`{"type":"connection_init","payload":{"x-api-key":"` + apiKey + `"}}`)
	c.expect(`{"type":"connection_ack"}`)
	c.send(twsSubscribe)
	b.nextSub(t)
	c.send(`{"id":"2","type":"subscribe","payload":{"query":"subscription { onMessage { id } }"}}`)
	c.expect(`{"id":"2","type":"error","payload":[{"errorType":"MaxSubscriptionsReachedError","message":"Max number of 1 subscriptions reached"}]}`)
}

// TestTransportWSSlowConsumer: a graphql-transport-ws client that stops reading is closed
// with 1008 once its queue overflows.
func TestTransportWSSlowConsumer(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{QueueSize: 2})
	c := dialTWS(t, b)
	c.send(`{"type":"connection_init","payload":{"x-api-key":"` + apiKey + `"}}`)
	c.expect(`{"type":"connection_ack"}`)
	c.send(twsSubscribe)
	s := b.nextSub(t)
	big := []byte(`{"data":{"text":"` + strings.Repeat("x", 200*1024) + `"}}`)
	deadline := time.Now().Add(20 * time.Second)
	for stopped := false; !stopped; {
		if time.Now().After(deadline) {
			t.Fatal("slow consumer never closed")
		}
		s.deliver(big)
		select {
		case <-s.stopped:
			stopped = true
		default:
		}
	}
	c.expectCloseCode(websocket.ClosePolicyViolation, "outgoing queue overflow: client too slow")
}
