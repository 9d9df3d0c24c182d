// Package appsyncws is a small client of AppSync's real-time WebSocket
// protocol for tests: it connects as Amplify JS v6 does (the authorization
// object in a header-<base64url> subprotocol), starts subscriptions and hands
// out their frames. It fails the test on any surprise and bounds every wait.
package appsyncws

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Timeout bounds every wait.
const Timeout = 10 * time.Second

// Frame is one server message.
type Frame struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	Payload json.RawMessage `json:"payload"`
}

// Conn is one connection.
type Conn struct {
	tb   testing.TB
	ws   *websocket.Conn
	host string
	// Paused, while held, stops the reader: nothing more is read from the
	// socket (a client that stopped reading).
	Paused sync.Mutex
	mu     sync.Mutex
	subs   map[string]chan Frame
	conn   chan Frame // connection-level frames other than ka
}

// HeaderObject is the API_KEY authorization object.
func HeaderObject(host, key string) map[string]any {
	return map[string]any{"host": host, "x-api-key": key}
}

// Dial connects to baseURL (http://host:port) at /graphql/realtime with key
// and completes connection_init → connection_ack. The connection closes when
// the test ends.
func Dial(tb testing.TB, baseURL, key string) *Conn {
	tb.Helper()
	u, err := url.Parse(baseURL)
	if err != nil {
		tb.Fatal(err)
	}
	hdr, _ := json.Marshal(HeaderObject(u.Host, key))
	d := websocket.Dialer{Subprotocols: []string{"graphql-ws", "header-" + base64.RawURLEncoding.EncodeToString(hdr)}, HandshakeTimeout: Timeout}
	ws, _, err := d.Dial("ws://"+u.Host+"/graphql/realtime", nil)
	if err != nil {
		tb.Fatalf("dial: %v", err)
	}
	c := &Conn{tb: tb, ws: ws, host: u.Host, subs: map[string]chan Frame{}, conn: make(chan Frame, 16)}
	tb.Cleanup(func() { ws.Close() })
	go c.read()
	c.write(map[string]any{"type": "connection_init"})
	if f := c.Next(c.conn); f.Type != "connection_ack" {
		tb.Fatalf("want connection_ack, got %s %s", f.Type, f.Payload)
	}
	return c
}

func (c *Conn) read() {
	defer func() {
		c.mu.Lock()
		for _, ch := range c.subs {
			close(ch)
		}
		c.subs = map[string]chan Frame{}
		c.mu.Unlock()
		close(c.conn)
	}()
	for {
		_, raw, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		c.Paused.Lock()
		c.Paused.Unlock() //nolint:staticcheck // a gate, not a critical section
		var f Frame
		if json.Unmarshal(raw, &f) != nil || f.Type == "ka" {
			continue
		}
		c.mu.Lock()
		ch := c.subs[f.ID]
		c.mu.Unlock()
		if f.ID != "" && ch != nil {
			ch <- f
		} else {
			c.conn <- f
		}
	}
}

func (c *Conn) write(v any) {
	c.tb.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.tb.Fatalf("write: %v", err)
	}
}

// Next returns the next frame from ch, failing the test when it is closed
// or nothing comes within Timeout.
func (c *Conn) Next(ch <-chan Frame) Frame {
	c.tb.Helper()
	select {
	case f, ok := <-ch:
		if !ok {
			c.tb.Fatal("connection closed")
		}
		return f
	case <-time.After(Timeout):
		c.tb.Fatal("timed out waiting for a frame")
	}
	return Frame{}
}

// Sub is one subscription.
type Sub struct {
	c      *Conn
	ID     string
	Frames chan Frame
}

var ids atomic.Int64

// Start sends a start message authorized with key and returns the
// subscription with the frame that answered it (start_ack or error).
func (c *Conn) Start(query string, vars map[string]any, key string) (*Sub, Frame) {
	c.tb.Helper()
	id := fmt.Sprintf("sub-%d", ids.Add(1))
	s := &Sub{c: c, ID: id, Frames: make(chan Frame, 256)}
	c.mu.Lock()
	c.subs[id] = s.Frames
	c.mu.Unlock()
	data, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	c.write(map[string]any{"id": id, "type": "start", "payload": map[string]any{
		"data":       string(data),
		"extensions": map[string]any{"authorization": HeaderObject(c.host, key)},
	}})
	return s, c.Next(s.Frames)
}

// Subscribe starts a subscription that must be acknowledged.
func (c *Conn) Subscribe(query string, vars map[string]any, key string) *Sub {
	c.tb.Helper()
	s, f := c.Start(query, vars, key)
	if f.Type != "start_ack" {
		c.tb.Fatalf("want start_ack, got %s %s", f.Type, f.Payload)
	}
	return s
}

// Next returns the subscription's next frame.
func (s *Sub) Next() Frame {
	s.c.tb.Helper()
	return s.c.Next(s.Frames)
}

// Until reads data frames until one whose payload satisfies last, and
// returns the payloads before it.
func (s *Sub) Until(last func(payload map[string]any) bool) []map[string]any {
	s.c.tb.Helper()
	var out []map[string]any
	for {
		f := s.Next()
		if f.Type != "data" {
			s.c.tb.Fatalf("%s: want data, got %s %s", s.ID, f.Type, f.Payload)
		}
		var p map[string]any
		if err := json.Unmarshal(f.Payload, &p); err != nil {
			s.c.tb.Fatal(err)
		}
		if last(p) {
			return out
		}
		out = append(out, p)
	}
}

// Quiet reports whether no frame is waiting for the subscription.
func (s *Sub) Quiet() bool { return len(s.Frames) == 0 }
