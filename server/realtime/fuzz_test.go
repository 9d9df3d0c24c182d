package realtime_test

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/appsync-local/appsync-local/server/realtime"
)

// FuzzClientFrames sends arbitrary client frames on an acknowledged connection of each
// protocol: the server must never panic, and must either close the connection or keep
// answering (AppSync: a stop for an unknown id is ignored, then a known start is acked;
// graphql-transport-ws: ping → pong).
func FuzzClientFrames(f *testing.F) {
	for _, seed := range []string{
		`{"type":"start","id":"x","payload":{"data":"{\"query\":\"subscription { a }\"}"}}`,
		`{"type":"start","id":"x","payload":{"data":"not json"}}`,
		`{"type":"start","payload":{"data":1}}`,
		`{"type":"stop"}`, `{"type":"connection_init"}`, `{"type":null}`, `[]`, `"x"`, `{`, ``,
		`{"id":"1","type":"subscribe","payload":{"query":"subscription { a }","variables":[1]}}`,
		`{"id":"1","type":"complete"}`, `{"type":"ping","payload":{"a":1}}`,
		`{"type":"start","id":"x","payload":{"data":"{}","extensions":{"authorization":{"x-api-key":["a",{"b":null}]}}}}`,
	} {
		f.Add(seed)
	}
	b := setup(f, realtime.Params{KeepAlive: time.Hour})
	f.Fuzz(func(t *testing.T, frame string) {
		// AppSync protocol.
		c := dialAppSync(t, b)
		c.ack()
		c.send(frame)
		c.send(`{"type":"stop","id":"fuzz-probe"}`)
		c.send(startFrame("fuzz-probe", subQuery, keyAuth))
		probe(t, c, `{"type":"start_ack","id":"fuzz-probe"}`)
		drain(b)

		// graphql-transport-ws.
		w := dialTWS(t, b)
		w.send(`{"type":"connection_init","payload":{"x-api-key":"` + apiKey + `"}}`)
		w.expect(`{"type":"connection_ack"}`)
		w.send(frame)
		w.send(`{"type":"ping"}`)
		probe(t, w, `{"type":"pong"}`)
		drain(b)
	})
}

// probe reads until want arrives or the server closes the connection.
func probe(t *testing.T, c *client, want string) {
	t.Helper()
	for {
		c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			if _, ok := err.(*websocket.CloseError); ok {
				return
			}
			t.Fatalf("server neither answered nor closed: %v", err)
		}
		if jsonEqual(string(msg), want) {
			return
		}
	}
}

// drain forgets the subscriptions the fuzz frames started.
func drain(b *bundle) {
	for {
		select {
		case <-b.core.subs:
		default:
			return
		}
	}
}
