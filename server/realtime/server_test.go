package realtime_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/app"
)

// chatPlain serves examples/chat over plain HTTP on a free port and returns its base URL.
func chatPlain(t *testing.T) (*app.Main, string) {
	t.Helper()
	m := &app.Main{Stdout: io.Discard, Stderr: io.Discard}
	if err := m.Start([]string{"--port", "0", "--no-watch", "--data-dir", t.TempDir(), "../../examples/chat/appsync.yml"}); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m, "ws" + strings.TrimPrefix(m.URL(), "http")
}

func postPlain(t *testing.T, m *app.Main, query string) {
	t.Helper()
	req, _ := http.NewRequest("POST", m.URL()+"/graphql", strings.NewReader(`{"query":`+quoteJSON(query)+`}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", chatKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(string(body), `"errors"`) {
		t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
	}
}

func quoteJSON(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// TestRealServerAppSync speaks raw AppSync frames to the app's real core, on both paths.
func TestRealServerAppSync(t *testing.T) {
	t.Parallel()
	m, base := chatPlain(t)
	for _, path := range []string{"/graphql/realtime", "/graphql"} {
		t.Run(path, func(t *testing.T) {
			room := "raw" + strings.ReplaceAll(path, "/", "-")
			c, resp := dial(t, base+path, []string{"graphql-ws", "header-" + b64url(`{"host":"localhost","x-api-key":"`+chatKey+`"}`)}, nil)
			if resp.Header.Get("Sec-WebSocket-Protocol") != "graphql-ws" {
				t.Fatalf("subprotocol %q", resp.Header.Get("Sec-WebSocket-Protocol"))
			}
			c.ack()
			c.send(startFrame("s1", `subscription { onMessage(roomId: "`+room+`") { roomId author text } }`, `{"host":"localhost","x-api-key":"`+chatKey+`"}`))
			c.expect(`{"type":"start_ack","id":"s1"}`)
			c.send(startFrame("s2", `subscription { onRoomMessage(roomId: "private-x") { roomId } }`, `{"x-api-key":"`+chatKey+`"}`))
			c.expect(`{"type":"error","id":"s2","payload":{"errors":[{"errorType":"Unauthorized","message":"Not Authorized to access onRoomMessage on type Subscription"}]}}`)
			c.send(startFrame("s3", `subscription { nope }`, `{"x-api-key":"`+chatKey+`"}`))
			if got := c.read(); !strings.Contains(got, `"id":"s3"`) || !strings.Contains(got, `"type":"error"`) || !strings.Contains(got, "nope") {
				t.Fatalf("validation error frame: %s", got)
			}
			c.send(startFrame("s4", `subscription { onMessage { id } }`, `{"x-api-key":"wrong"}`))
			if got := c.read(); !strings.Contains(got, `"id":"s4"`) || !strings.Contains(got, `"type":"error"`) {
				t.Fatalf("unauthorized start: %s", got)
			}

			postPlain(t, m, `mutation { sendMessage(roomId: "`+room+`", author: "ann", text: "hi") { id roomId author text } }`)
			c.expect(`{"type":"data","id":"s1","payload":{"data":{"onMessage":{"roomId":"` + room + `","author":"ann","text":"hi"}}}}`)
			c.send(`{"type":"stop","id":"s1"}`)
			c.expect(`{"type":"complete","id":"s1"}`)
		})
	}
	t.Run("connection_error", func(t *testing.T) {
		c, _ := dial(t, base+"/graphql/realtime", []string{"graphql-ws", "header-" + b64url(`{"x-api-key":"wrong"}`)}, nil)
		c.send(`{"type":"connection_init"}`)
		got := c.read()
		if !strings.HasPrefix(got, `{"type":"connection_error","payload":{"errors":[{"errorCode":401,"errorType":"UnauthorizedException"`) {
			t.Fatalf("got %s", got)
		}
		c.expectClose()
	})
}

// TestRealServerTransportWS speaks raw graphql-transport-ws frames to the real core.
func TestRealServerTransportWS(t *testing.T) {
	t.Parallel()
	m, base := chatPlain(t)
	c, resp := dial(t, base+"/graphql", []string{"graphql-transport-ws"}, nil)
	if resp.Header.Get("Sec-WebSocket-Protocol") != "graphql-transport-ws" {
		t.Fatalf("subprotocol %q", resp.Header.Get("Sec-WebSocket-Protocol"))
	}
	c.send(`{"type":"connection_init","payload":{"x-api-key":"` + chatKey + `"}}`)
	c.expect(`{"type":"connection_ack"}`)
	c.send(`{"id":"1","type":"subscribe","payload":{"query":"subscription($r: ID!) { onRoomMessage(roomId: $r) { roomId text } }","variables":{"r":"tws"}}}`)
	c.send(`{"type":"ping"}`)
	c.expect(`{"type":"pong"}`) // the subscribe was handled before the ping
	postPlain(t, m, `mutation { sendMessage(roomId: "tws", author: "ann", text: "hi") { roomId author text } }`)
	c.expect(`{"id":"1","type":"next","payload":{"data":{"onRoomMessage":{"roomId":"tws","text":"hi"}}}}`)
	postPlain(t, m, `mutation { closeRoom(roomId: "tws") { id } }`)
	c.expect(`{"id":"1","type":"complete"}`)

	// Queries and mutations belong on POST /graphql; over the socket they get a clear error.
	c.send(`{"id":"2","type":"subscribe","payload":{"query":"query Ping { ping }"}}`)
	if got := c.read(); !strings.HasPrefix(got, `{"id":"2","type":"error","payload":[`) || !strings.Contains(got, "only subscriptions can be started over WebSocket") {
		t.Fatalf("query over the socket: %s", got)
	}

	bad, _ := dial(t, base+"/graphql", []string{"graphql-transport-ws"}, nil)
	bad.send(`{"type":"connection_init","payload":{"x-api-key":"wrong"}}`)
	bad.expectCloseCode(4403, "Forbidden")
}
