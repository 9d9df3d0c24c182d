package realtime_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/appsync-local/appsync-local/server/realtime"
)

const subQuery = `subscription { onMessage { id text } }`

func startFrame(id, query string, auth string) string {
	data, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{}})
	ext := ""
	if auth != "" {
		ext = `,"extensions":{"authorization":` + auth + `}`
	}
	q, _ := json.Marshal(string(data))
	return `{"id":"` + id + `","type":"start","payload":{"data":` + string(q) + ext + `}}`
}

const keyAuth = `{"host":"localhost","x-api-key":"` + apiKey + `"}`

// ack performs connection_init and expects AppSync's ack followed at once by a ka.
func (c *client) ack() {
	c.t.Helper()
	c.send(`{"type":"connection_init"}`)
	c.expect(`{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}`)
	c.expect(`{"type":"ka"}`)
}

func TestAppSyncAuthorizationHeaderObject(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{KeepAlive: time.Hour})
	obj := `{"host":"localhost","x-api-key":"` + apiKey + `"}`
	cases := []struct {
		name   string
		url    string // on b's server; each case gets its own server at the same path
		protos []string
		header http.Header
	}{
		{"query string", b.url + "?header=" + base64.StdEncoding.EncodeToString([]byte(obj)) + "&payload=e30=", []string{"graphql-ws"}, nil},
		{"subprotocol", b.url, []string{"graphql-ws", "header-" + b64url(obj)}, nil},
		{"upgrade headers", b.url, []string{"graphql-ws"}, http.Header{"X-Api-Key": {apiKey}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			own := setup(t, realtime.Params{KeepAlive: time.Hour})
			c, resp := dial(t, own.url+strings.TrimPrefix(tc.url, b.url), tc.protos, tc.header)
			if got := resp.Header.Get("Sec-WebSocket-Protocol"); got != "graphql-ws" {
				t.Fatalf("selected subprotocol %q, want graphql-ws", got)
			}
			c.ack()
			// The connection's header object authorizes a start without its own.
			c.send(startFrame("1", subQuery, ""))
			c.expect(`{"type":"start_ack","id":"1"}`)
			s := own.nextSub(t)
			if s.req.Headers.Get("Host") != "localhost" && tc.name != "upgrade headers" {
				t.Errorf("subscription headers %v lack the header object's host", s.req.Headers)
			}
		})
	}
}

func TestAppSyncConnectionError(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{KeepAlive: time.Hour})
	cases := []struct {
		name   string
		url    string
		protos []string
		want   string
	}{
		{"wrong key", b.url, []string{"graphql-ws", "header-" + b64url(`{"x-api-key":"nope"}`)},
			`{"type":"connection_error","payload":{"errors":[{"errorType":"UnauthorizedException","errorCode":401,"message":"You are not authorized to make this call."}]}}`},
		{"missing auth", b.url, []string{"graphql-ws"},
			`{"type":"connection_error","payload":{"errors":[{"errorType":"UnauthorizedException","errorCode":401,"message":"You are not authorized to make this call."}]}}`},
		{"bad header object", b.url + "?header=!!!&payload=e30=", []string{"graphql-ws"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := dial(t, tc.url, tc.protos, nil)
			c.send(`{"type":"connection_init"}`)
			got := c.read()
			if tc.want != "" && !jsonEqual(got, tc.want) {
				t.Fatalf("got %s\nwant %s", got, tc.want)
			}
			var m struct {
				Type    string
				Payload struct {
					Errors []struct {
						ErrorType string
						ErrorCode int
					}
				}
			}
			json.Unmarshal([]byte(got), &m)
			if m.Type != "connection_error" || len(m.Payload.Errors) != 1 || m.Payload.Errors[0].ErrorType == "" || m.Payload.Errors[0].ErrorCode == 0 {
				t.Fatalf("want connection_error with errorType and errorCode, got %s", got)
			}
			c.expectClose()
		})
	}
}

func TestAppSyncLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{KeepAlive: time.Hour})
	c := dialAppSync(t, b)

	// Messages before the acknowledgement are ignored, not errors.
	c.send(startFrame("early", subQuery, keyAuth))
	c.send(`{"type":"bogus"}`)
	c.ack()

	c.send(startFrame("sub-1", subQuery, keyAuth))
	c.expect(`{"type":"start_ack","id":"sub-1"}`)
	s := b.nextSub(t)
	if s.req.Query != subQuery {
		t.Fatalf("core got query %q", s.req.Query)
	}
	s.deliver([]byte(`{"data":{"onMessage":{"id":"1","text":"hi"}}}`))
	c.expect(`{"type":"data","id":"sub-1","payload":{"data":{"onMessage":{"id":"1","text":"hi"}}}}`)

	c.send(`{"type":"stop","id":"sub-1"}`)
	c.expect(`{"type":"complete","id":"sub-1"}`)
	s.waitStopped(t)
	s.deliver([]byte(`{"data":{"late":true}}`)) // ignored after stop

	// The id is free again after stop; the early start never reached the core.
	c.send(startFrame("sub-1", subQuery, keyAuth))
	c.expect(`{"type":"start_ack","id":"sub-1"}`)
	s2 := b.nextSub(t)
	s2.deliver([]byte(`{"data":{"n":2}}`))
	c.expect(`{"type":"data","id":"sub-1","payload":{"data":{"n":2}}}`)
	select {
	case extra := <-b.core.subs:
		t.Fatalf("unexpected subscription %+v", extra.req)
	default:
	}

	// The server ending a subscription (invalidation) completes it.
	s2.closed()
	c.expect(`{"type":"complete","id":"sub-1"}`)
	s2.deliver([]byte(`{"data":{"late":true}}`))
	c.send(startFrame("sub-2", subQuery, keyAuth))
	c.expect(`{"type":"start_ack","id":"sub-2"}`)
}

func TestAppSyncErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{KeepAlive: time.Hour, MaxSubscriptions: 2, MaxPayload: 1024})
	c := dialAppSync(t, b)
	c.ack()

	c.send(startFrame("a", subQuery, keyAuth))
	c.expect(`{"type":"start_ack","id":"a"}`)
	sa := b.nextSub(t)

	t.Run("duplicate id", func(t *testing.T) {
		c.send(startFrame("a", subQuery, keyAuth))
		c.expect(`{"type":"error","id":"a","payload":{"errors":[{"errorType":"DuplicatedOperationError","message":"Duplicate subscription ID: a"}]}}`)
	})
	t.Run("validation", func(t *testing.T) {
		c.send(startFrame("v", `subscription { invalid }`, keyAuth))
		c.expect(`{"type":"error","id":"v","payload":{"errors":[{"message":"Validation error of type FieldUndefined: Field 'invalid' in type 'Subscription' is undefined @ 'invalid'","locations":[{"line":1,"column":16}]}]}}`)
	})
	t.Run("unauthorized subscription", func(t *testing.T) {
		c.send(startFrame("u", subQuery, `{"x-api-key":"wrong"}`))
		c.expect(`{"type":"error","id":"u","payload":{"errors":[{"errorType":"UnauthorizedException","message":"Not Authorized to access onMessage on type Subscription"}]}}`)
	})
	t.Run("data not a JSON string", func(t *testing.T) {
		c.send(`{"id":"d","type":"start","payload":{"data":{"query":"subscription { x }"}}}`)
		got := c.read()
		if !strings.Contains(got, `"errorType":"BadRequestException"`) || !strings.Contains(got, `"id":"d"`) {
			t.Fatalf("got %s", got)
		}
	})
	t.Run("unknown type", func(t *testing.T) {
		c.send(`{"id":"x","type":"subscribe"}`)
		c.expect(`{"type":"error","id":"x","payload":{"errors":[{"errorType":"UnsupportedOperation","message":"subscribe not supported through the realtime channel"}]}}`)
	})
	t.Run("subscription limit", func(t *testing.T) {
		c.send(startFrame("b", subQuery, keyAuth))
		c.expect(`{"type":"start_ack","id":"b"}`)
		b.nextSub(t)
		c.send(startFrame("c", subQuery, keyAuth))
		c.expect(`{"type":"error","id":"c","payload":{"errors":[{"errorType":"MaxSubscriptionsReachedError","message":"Max number of 2 subscriptions reached"}]}}`)
		c.send(`{"type":"stop","id":"b"}`)
		c.expect(`{"type":"complete","id":"b"}`)
	})
	t.Run("payload too large", func(t *testing.T) {
		sa.deliver([]byte(`{"data":{"text":"` + strings.Repeat("x", 2000) + `"}}`))
		c.expect(`{"type":"error","id":"a","payload":{"errors":[{"errorType":"LimitExceededError","message":"Subscription payload exceeds the maximum size of 1 KB"}]}}`)
		sa.deliver([]byte(`{"data":{"ok":true}}`))
		c.expect(`{"type":"data","id":"a","payload":{"data":{"ok":true}}}`)
	})
	t.Run("message too large", func(t *testing.T) {
		c.send(startFrame("big", `subscription { x }`+strings.Repeat(" ", 40*1024), keyAuth))
		c.expect(`{"type":"error","id":"big","payload":{"errors":[{"errorType":"LimitExceededError","message":"Message exceeds the maximum size of 1 KB"}]}}`)
		sa.deliver([]byte(`{"data":{"still":"open"}}`))
		c.expect(`{"type":"data","id":"a","payload":{"data":{"still":"open"}}}`)
	})
}

func TestAppSyncKeepAliveAndLifetime(t *testing.T) {
	t.Parallel()
	var now atomic.Pointer[time.Time]
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now.Store(&start)
	b := setup(t, realtime.Params{KeepAlive: 5 * time.Millisecond, Now: func() time.Time { return *now.Load() }})
	c := dialAppSync(t, b)
	c.ack()
	c.expect(`{"type":"ka"}`)
	c.expect(`{"type":"ka"}`)
	c.send(startFrame("s", subQuery, keyAuth))
	if got := c.readNonKA(); !jsonEqual(got, `{"type":"start_ack","id":"s"}`) {
		t.Fatalf("got %s", got)
	}
	s := b.nextSub(t)

	later := start.Add(24 * time.Hour)
	now.Store(&later)
	code, text := c.expectClose()
	if code != websocket.CloseNormalClosure || text != "connection lifetime exceeded" {
		t.Fatalf("close %d %q", code, text)
	}
	s.waitStopped(t)
}

func TestAppSyncLifetimeTimer(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{KeepAlive: time.Hour, MaxLifetime: 20 * time.Millisecond})
	c := dialAppSync(t, b)
	c.ack()
	if code, text := c.expectClose(); code != websocket.CloseNormalClosure || text != "connection lifetime exceeded" {
		t.Fatalf("close %d %q", code, text)
	}
}

// TestSlowConsumer: a client that stops reading overflows its queue and is closed, while
// delivery never blocks and another connection receives every event.
func TestSlowConsumer(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{KeepAlive: time.Hour, QueueSize: 4})
	slow := dialAppSync(t, b)
	slow.ack()
	slow.send(startFrame("slow", subQuery, keyAuth))
	slow.expect(`{"type":"start_ack","id":"slow"}`)
	slowSub := b.nextSub(t)

	fast := dialAppSync(t, b)
	fast.ack()
	fast.send(startFrame("fast", subQuery, keyAuth))
	fast.expect(`{"type":"start_ack","id":"fast"}`)
	fastSub := b.nextSub(t)

	big := []byte(`{"data":{"text":"` + strings.Repeat("x", 200*1024) + `"}}`)
	var wg sync.WaitGroup
	received := make(chan string)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			fast.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, msg, err := fast.ws.ReadMessage()
			if err != nil {
				close(received)
				return
			}
			received <- string(msg)
		}
	}()
	closed := false
	n := 0
	deadline := time.Now().Add(20 * time.Second)
	for ; !closed && time.Now().Before(deadline); n++ {
		begin := time.Now()
		slowSub.deliver(big)
		fastSub.deliver([]byte(`{"data":{"n":` + itoa(n) + `}}`))
		if d := time.Since(begin); d > time.Second {
			t.Fatalf("deliver blocked for %v", d)
		}
		want := `{"type":"data","id":"fast","payload":{"data":{"n":` + itoa(n) + `}}}`
		if got := <-received; got != want {
			t.Fatalf("fast subscriber got %s, want %s", got, want)
		}
		select {
		case <-slowSub.stopped:
			closed = true
		default:
		}
	}
	if !closed {
		t.Fatalf("slow consumer still open after %d events", n)
	}
	// The slow client eventually reads its queued frames and then the overflow error + close.
	var last string
	for {
		slow.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, msg, err := slow.ws.ReadMessage()
		if err != nil {
			ce, ok := err.(*websocket.CloseError)
			if !ok || ce.Code != websocket.ClosePolicyViolation {
				t.Fatalf("slow consumer: %v", err)
			}
			break
		}
		last = string(msg)
	}
	if !strings.Contains(last, `"errorType":"LimitExceededError"`) {
		t.Fatalf("last frame before close: %.200s", last)
	}
	fast.ws.Close()
	wg.Wait()
}

func TestHandlerClose(t *testing.T) {
	t.Parallel()
	b := setup(t, realtime.Params{KeepAlive: time.Hour})
	c := dialAppSync(t, b)
	c.ack()
	c.send(startFrame("s", subQuery, keyAuth))
	c.expect(`{"type":"start_ack","id":"s"}`)
	s := b.nextSub(t)
	done := make(chan struct{})
	go func() { b.handler.Close(); close(done) }()
	if code, _ := c.expectClose(); code != websocket.CloseGoingAway {
		t.Fatalf("close code %d", code)
	}
	s.waitStopped(t)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if _, resp, err := (&websocket.Dialer{Subprotocols: []string{"graphql-ws"}}).Dial(b.url, nil); err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("dial after Close: %v", err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
