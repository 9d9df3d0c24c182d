package realtime_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/appsync-local/appsync-local/server/realtime"
)

const apiKey = "da2-secret"

// fakeCore accepts the API key apiKey; a query containing "invalid" fails validation.
// Every started subscription is announced on subs.
type fakeCore struct {
	subs chan *fakeSub
}

type fakeSub struct {
	req     realtime.Request
	deliver func([]byte)
	closed  func()
	stopped chan struct{}
	once    sync.Once
}

func (f *fakeCore) AuthorizeConnection(_ context.Context, h http.Header) error {
	if h.Get("X-Api-Key") != apiKey {
		return &realtime.AuthError{ErrorType: "UnauthorizedException", Code: 401, Message: "You are not authorized to make this call."}
	}
	return nil
}

func (f *fakeCore) Subscribe(_ context.Context, req realtime.Request, deliver func([]byte), closed func()) (func(), error) {
	if req.Headers.Get("X-Api-Key") != apiKey {
		return nil, &realtime.AuthError{ErrorType: "UnauthorizedException", Message: "Not Authorized to access onMessage on type Subscription"}
	}
	if strings.Contains(req.Query, "invalid") {
		return nil, &realtime.OperationError{Errors: []json.RawMessage{
			json.RawMessage(`{"message":"Validation error of type FieldUndefined: Field 'invalid' in type 'Subscription' is undefined @ 'invalid'","locations":[{"line":1,"column":16}]}`),
		}}
	}
	s := &fakeSub{req: req, deliver: deliver, closed: closed, stopped: make(chan struct{})}
	f.subs <- s
	return func() { s.once.Do(func() { close(s.stopped) }) }, nil
}

type bundle struct {
	core    *fakeCore
	handler *realtime.Handler
	url     string // ws://.../graphql/realtime
}

func setup(t testing.TB, p realtime.Params) *bundle {
	t.Helper()
	core := &fakeCore{subs: make(chan *fakeSub, 1000)}
	p.Core = core
	h := realtime.New(p)
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		h.Close()
		srv.Close()
	})
	return &bundle{core: core, handler: h, url: "ws" + strings.TrimPrefix(srv.URL, "http") + "/graphql/realtime"}
}

// nextSub waits for the core to see a subscription.
func (b *bundle) nextSub(t *testing.T) *fakeSub {
	t.Helper()
	select {
	case s := <-b.core.subs:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no subscription reached the core")
		return nil
	}
}

func (s *fakeSub) waitStopped(t *testing.T) {
	t.Helper()
	select {
	case <-s.stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("subscription was not stopped")
	}
}

type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dial(t *testing.T, url string, protocols []string, header http.Header) (*client, *http.Response) {
	t.Helper()
	d := websocket.Dialer{Subprotocols: protocols, HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial(url, header)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { ws.Close() })
	return &client{t: t, ws: ws}, resp
}

func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// dialAppSync connects with the API key in a header-<b64url> subprotocol, as Amplify does.
func dialAppSync(t *testing.T, b *bundle) *client {
	t.Helper()
	c, _ := dial(t, b.url, []string{"graphql-ws", "header-" + b64url(`{"host":"localhost","x-api-key":"`+apiKey+`"}`)}, nil)
	return c
}

func (c *client) send(frame string) {
	c.t.Helper()
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(frame)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// read returns the next text frame, failing after 5 s.
func (c *client) read() string {
	c.t.Helper()
	c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, msg, err := c.ws.ReadMessage()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return string(msg)
}

// expect reads the next frame and compares it as JSON with want.
func (c *client) expect(want string) {
	c.t.Helper()
	got := c.read()
	if !jsonEqual(got, want) {
		c.t.Fatalf("frame:\n got %s\nwant %s", got, want)
	}
}

// readNonKA returns the next frame that is not a keep-alive.
func (c *client) readNonKA() string {
	c.t.Helper()
	for {
		m := c.read()
		if m != `{"type":"ka"}` {
			return m
		}
	}
}

// expectClose reads until the server closes and returns the close code and text.
func (c *client) expectClose() (int, string) {
	c.t.Helper()
	for {
		c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if ok := asCloseError(err, &ce); ok {
				return ce.Code, ce.Text
			}
			c.t.Fatalf("expected a close frame, got %v", err)
		}
		_ = msg
	}
}

func asCloseError(err error, target **websocket.CloseError) bool {
	ce, ok := err.(*websocket.CloseError)
	if ok {
		*target = ce
	}
	return ok
}

func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}
