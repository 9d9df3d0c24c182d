package realtime

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Subprotocol names, as requested in Sec-WebSocket-Protocol.
const (
	// ProtocolAppSync is AppSync's real-time protocol (Amplify, aws-appsync-subscription-link).
	// It shares its name with the retired Apollo subscriptions-transport-ws protocol.
	ProtocolAppSync = "graphql-ws"
	// ProtocolTransportWS is the graphql-ws library's protocol (Apollo, urql, GraphiQL).
	ProtocolTransportWS = "graphql-transport-ws"
)

// Defaults for the zero values of Params.
const (
	DefaultKeepAlive        = 60 * time.Second
	DefaultMaxSubscriptions = 100
	DefaultMaxPayload       = 240 * 1024
	DefaultQueueSize        = 1024
	DefaultMaxLifetime      = 24 * time.Hour
	DefaultInitTimeout      = 3 * time.Second
	// ConnectionTimeoutMs is what AppSync announces in connection_ack: the longest a client
	// waits for a ka before it considers the connection dead.
	ConnectionTimeoutMs = 300000
)

// writeTimeout bounds one frame write, so a client that stopped reading cannot hold a
// connection's writer forever.
const writeTimeout = 10 * time.Second

// Params configures a Handler. Zero values mean AppSync's defaults.
type Params struct {
	Core   Core
	Logger *slog.Logger
	// KeepAlive is the interval of AppSync's ka messages; 0 means 60 s.
	KeepAlive time.Duration
	// Now is the clock the 24 h lifetime is measured with (checked at every keep-alive);
	// nil means time.Now.
	Now func() time.Time
	// MaxSubscriptions per connection; 0 means 100.
	MaxSubscriptions int
	// MaxPayload is the largest message in either direction, in bytes; 0 means 240 KB.
	MaxPayload int
	// QueueSize is the number of outgoing messages a connection may have waiting; a
	// connection whose queue overflows is closed (slow consumer). 0 means 1024.
	QueueSize int
	// MaxLifetime is how long a connection may live before the server closes it; 0 means 24 h.
	MaxLifetime time.Duration
	// InitTimeout is how long a graphql-transport-ws client has to send connection_init;
	// 0 means 3 s (the graphql-ws library's default).
	InitTimeout time.Duration
}

// Handler upgrades HTTP requests to WebSocket connections speaking either protocol and
// tracks them, so Close can end them all on server shutdown.
type Handler struct {
	p        Params
	log      *slog.Logger
	upgrader websocket.Upgrader

	mu     sync.Mutex
	conns  map[*conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// New returns the http.Handler for WebSocket upgrades on both paths. It picks the protocol
// from the requested subprotocol: "graphql-transport-ws" (graphql-ws library) when offered,
// otherwise "graphql-ws" (AppSync real-time).
func New(p Params) *Handler {
	if p.KeepAlive <= 0 {
		p.KeepAlive = DefaultKeepAlive
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.MaxSubscriptions <= 0 {
		p.MaxSubscriptions = DefaultMaxSubscriptions
	}
	if p.MaxPayload <= 0 {
		p.MaxPayload = DefaultMaxPayload
	}
	if p.QueueSize <= 0 {
		p.QueueSize = DefaultQueueSize
	}
	if p.MaxLifetime <= 0 {
		p.MaxLifetime = DefaultMaxLifetime
	}
	if p.InitTimeout <= 0 {
		p.InitTimeout = DefaultInitTimeout
	}
	log := p.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{
		p:   p,
		log: log,
		upgrader: websocket.Upgrader{
			// A local emulator serves browser apps from any origin.
			CheckOrigin: func(*http.Request) bool { return true },
			// Idle connections hold no write buffer.
			WriteBufferPool: &sync.Pool{},
		},
		conns: map[*conn]struct{}{},
	}
}

// ServeHTTP upgrades the request and serves the connection until either side closes it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	protos := websocket.Subprotocols(r)
	proto := ProtocolAppSync
	if slices.Contains(protos, ProtocolTransportWS) {
		proto = ProtocolTransportWS
	}
	respHeader := http.Header{}
	if slices.Contains(protos, proto) {
		respHeader.Set("Sec-WebSocket-Protocol", proto)
	}

	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "server is shutting down", http.StatusServiceUnavailable)
		return
	}
	h.wg.Add(1)
	h.mu.Unlock()
	defer h.wg.Done()

	ws, err := h.upgrader.Upgrade(w, r, respHeader)
	if err != nil {
		return // the upgrader has written the HTTP error
	}
	c := newConn(h, ws, proto)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		ws.Close()
		return
	}
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.conns, c)
		h.mu.Unlock()
	}()
	c.serve(r, protos)
}

// Close ends every connection with a going-away close frame and waits for their
// goroutines; later upgrades are refused.
func (h *Handler) Close() {
	h.mu.Lock()
	h.closed = true
	conns := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.closeWith(nil, websocket.CloseGoingAway, "server shutting down")
	}
	h.wg.Wait()
}

// conn is one WebSocket connection of either protocol. The reading goroutine (serve)
// handles client messages one at a time; a writer goroutine owns every write and drains the
// bounded out queue; deliveries from the core only ever enqueue.
type conn struct {
	h     *Handler
	ws    *websocket.Conn
	proto string
	start time.Time

	ctx        context.Context
	cancel     context.CancelFunc
	out        *queue
	kaStart    chan struct{} // closed to start AppSync keep-alives
	writerDone chan struct{}

	closeOnce sync.Once
	finalMsg  []byte // written after the queue is abandoned, before the close frame
	finalCode int
	finalText string
	abandon   bool // drop the queued frames (slow consumer)

	mu   sync.Mutex
	subs map[string]*sub

	// headers is the connection's authorization object (set during the handshake).
	headers http.Header
	acked   bool
}

func newConn(h *Handler, ws *websocket.Conn, proto string) *conn {
	ctx, cancel := context.WithCancel(context.Background())
	return &conn{
		h: h, ws: ws, proto: proto, start: h.p.Now(),
		ctx: ctx, cancel: cancel,
		out:        newQueue(h.p.QueueSize),
		kaStart:    make(chan struct{}),
		writerDone: make(chan struct{}),
		subs:       map[string]*sub{},
	}
}

func (c *conn) serve(r *http.Request, protos []string) {
	go c.writer()
	lifetime := time.AfterFunc(c.h.p.MaxLifetime, c.lifetimeOver)
	defer lifetime.Stop()
	// Messages a little over the limit get a protocol error; far over it, the socket is
	// closed with 1009 rather than buffered.
	c.ws.SetReadLimit(4*int64(c.h.p.MaxPayload) + 64*1024)

	var handle func([]byte)
	switch c.proto {
	case ProtocolTransportWS:
		handle = c.transportWSHandshake(r)
	default:
		handle = c.appSyncHandshake(r, protos)
	}
	for handle != nil {
		typ, msg, err := c.ws.ReadMessage()
		if err != nil || c.ctx.Err() != nil {
			break // closed, or closing: nothing more is handled
		}
		if typ != websocket.TextMessage && typ != websocket.BinaryMessage {
			continue
		}
		if len(msg) > c.h.p.MaxPayload+envelope {
			c.tooLarge(msg)
			continue
		}
		handle(msg)
	}
	c.closeWith(nil, websocket.CloseNormalClosure, "")
	c.stopAll()
	<-c.writerDone
}

// envelope is the room allowed over MaxPayload for a message's protocol envelope.
const envelope = 16 * 1024

// tooLarge answers a client message over the size limit.
func (c *conn) tooLarge(msg []byte) {
	message := "Message exceeds the maximum size of " + kb(c.h.p.MaxPayload)
	if c.proto == ProtocolTransportWS {
		c.closeWith(nil, websocket.CloseMessageTooBig, message)
		return
	}
	var m struct {
		ID string `json:"id"`
	}
	json.Unmarshal(msg, &m)
	c.send(appSyncFrames.errors(m.ID, []json.RawMessage{appSyncError("LimitExceededError", message)}))
}

// send queues one frame without blocking. A full queue means the client does not read fast
// enough: the connection is closed with an error rather than slowing the publisher.
func (c *conn) send(frame []byte) {
	select {
	case <-c.ctx.Done():
		return
	default:
	}
	if !c.out.push(frame) {
		c.h.log.Warn("realtime: closing slow consumer", "protocol", c.proto, "queued", c.out.len())
		c.shutdown(c.overflowFrame(), websocket.ClosePolicyViolation, "outgoing queue overflow: client too slow", true)
	}
}

func (c *conn) overflowFrame() []byte {
	if c.proto == ProtocolTransportWS {
		return nil
	}
	return appSyncFrames.errors("", []json.RawMessage{appSyncError("LimitExceededError", "Outgoing message queue full: the client is not reading fast enough")})
}

// closeWith ends the connection once: the writer abandons the queue, writes final (if any)
// and a close frame with code and text, then closes the socket. A writer stuck on a client
// that stopped reading is cut off after writeTimeout.
func (c *conn) closeWith(final []byte, code int, text string) {
	c.shutdown(final, code, text, false)
}

// shutdown is closeWith that can also abandon the queued frames.
func (c *conn) shutdown(final []byte, code int, text string, abandon bool) {
	c.closeOnce.Do(func() {
		c.finalMsg, c.finalCode, c.finalText, c.abandon = final, code, text, abandon
		c.cancel()
		// Stop the subscriptions now, off this goroutine: closeWith may run inside a
		// delivery, under the core's locks.
		go c.stopAll()
		time.AfterFunc(writeTimeout+time.Second, func() {
			select {
			case <-c.writerDone:
			default:
				c.ws.NetConn().Close()
			}
		})
	})
}

func (c *conn) writer() {
	defer close(c.writerDone)
	defer c.ws.Close()
	var batch [][]byte
	// AppSync's keep-alive runs here, once the connection is acknowledged, to spare each
	// connection a goroutine.
	kaStart := c.kaStart
	var ka <-chan time.Time
	for {
		select {
		case <-kaStart:
			t := time.NewTicker(c.h.p.KeepAlive)
			defer t.Stop()
			ka, kaStart = t.C, nil
		case <-ka:
			if c.checkLifetime() {
				c.send([]byte(`{"type":"ka"}`))
			}
		case <-c.ctx.Done():
			deadline := time.Now().Add(time.Second)
			// Frames queued before the decision to close still go out, unless the queue
			// is what overflowed. A slow consumer gets the time of one frame write to
			// read its error.
			c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
			if !c.abandon {
				for _, frame := range c.out.take(nil) {
					if c.ws.WriteMessage(websocket.TextMessage, frame) != nil {
						return
					}
				}
			}
			if c.finalMsg != nil {
				if c.ws.WriteMessage(websocket.TextMessage, c.finalMsg) != nil {
					return
				}
			}
			c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(c.finalCode, c.finalText), deadline)
			return
		case <-c.out.wake:
			batch = c.out.take(batch)
			for i, frame := range batch {
				batch[i] = nil
				if c.ctx.Err() != nil && c.abandon {
					break
				}
				c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
				if err := c.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
					c.closeWith(nil, websocket.CloseNormalClosure, "")
					break
				}
			}
		}
	}
}

// queue is a connection's bounded outgoing queue. Unlike a buffered channel it costs
// nothing while empty, which matters with thousands of idle connections.
type queue struct {
	mu     sync.Mutex
	frames [][]byte
	max    int
	wake   chan struct{} // capacity 1: "frames is not empty"
}

func newQueue(max int) *queue { return &queue{max: max, wake: make(chan struct{}, 1)} }

// push appends frame, or reports false when the queue is full.
func (q *queue) push(frame []byte) bool {
	q.mu.Lock()
	if len(q.frames) >= q.max {
		q.mu.Unlock()
		return false
	}
	q.frames = append(q.frames, frame)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

// take returns the queued frames and leaves spare (emptied) as the new queue.
func (q *queue) take(spare [][]byte) [][]byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	frames := q.frames
	q.frames = spare[:0]
	return frames
}

func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.frames)
}

func (c *conn) lifetimeOver() {
	c.closeWith(nil, websocket.CloseNormalClosure, "connection lifetime exceeded")
}

// checkLifetime closes the connection when the injected clock says it is too old.
func (c *conn) checkLifetime() bool {
	if c.h.p.Now().Sub(c.start) >= c.h.p.MaxLifetime {
		c.lifetimeOver()
		return false
	}
	return true
}

// stopAll ends every subscription of a closing connection.
func (c *conn) stopAll() {
	c.mu.Lock()
	subs := c.subs
	c.subs = map[string]*sub{}
	c.mu.Unlock()
	for _, s := range subs {
		s.end()
	}
}

// frames builds one protocol's frames for a subscription.
type frames struct {
	startAck func(id string) []byte // nil: the protocol has none
	data     func(id string, payload []byte) []byte
	complete func(id string) []byte
	errors   func(id string, errs []json.RawMessage) []byte
}

// sub is one active subscription. Deliveries that arrive before the start is acknowledged
// wait in pending so the client always sees the acknowledgement first.
type sub struct {
	c  *conn
	id string
	fr *frames

	mu           sync.Mutex
	started      bool
	done         bool
	serverClosed bool
	pending      [][]byte
	stop         func()
}

func (s *sub) deliver(payload []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done || s.serverClosed {
		return
	}
	var frame []byte
	if len(payload) > s.c.h.p.MaxPayload {
		frame = s.fr.errors(s.id, []json.RawMessage{mustJSON(map[string]any{
			"errorType": "LimitExceededError",
			"message":   "Subscription payload exceeds the maximum size of " + kb(s.c.h.p.MaxPayload),
		})})
	} else {
		frame = s.fr.data(s.id, payload)
	}
	if !s.started {
		s.pending = append(s.pending, frame)
		return
	}
	s.c.send(frame)
}

// closed is the core ending the subscription (invalidation, schema swap).
func (s *sub) closed() {
	s.mu.Lock()
	if s.done || s.serverClosed {
		s.mu.Unlock()
		return
	}
	s.serverClosed = true
	started := s.started
	s.mu.Unlock()
	if !started {
		return // begin sends the completion after the acknowledgement
	}
	s.c.forget(s.id, s)
	s.c.send(s.fr.complete(s.id))
}

// begin runs after Core.Subscribe succeeded: acknowledge, flush early deliveries, and
// handle a close that happened meanwhile.
func (s *sub) begin(stop func()) {
	s.mu.Lock()
	s.stop = stop
	if s.done { // the connection closed while subscribing
		s.mu.Unlock()
		stop()
		return
	}
	if s.fr.startAck != nil {
		s.c.send(s.fr.startAck(s.id))
	}
	for _, f := range s.pending {
		s.c.send(f)
	}
	s.pending = nil
	s.started = true
	serverClosed := s.serverClosed
	s.mu.Unlock()
	if serverClosed {
		s.c.forget(s.id, s)
		s.c.send(s.fr.complete(s.id))
		stop()
	}
}

// end stops the subscription; no frame is sent for it afterwards.
func (s *sub) end() {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return
	}
	s.done = true
	stop := s.stop
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// reserve registers id for a new subscription, or reports why it cannot.
func (c *conn) reserve(id string, fr *frames) (*sub, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx.Err() != nil {
		return nil, context.Canceled
	}
	if _, dup := c.subs[id]; dup {
		return nil, errDuplicate
	}
	if len(c.subs) >= c.h.p.MaxSubscriptions {
		return nil, errLimit
	}
	s := &sub{c: c, id: id, fr: fr}
	c.subs[id] = s
	return s, nil
}

// forget removes id if it still names s.
func (c *conn) forget(id string, s *sub) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subs[id] == s {
		delete(c.subs, id)
		return true
	}
	return false
}

// take removes and returns the subscription named id.
func (c *conn) take(id string) *sub {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.subs[id]
	delete(c.subs, id)
	return s
}

type sentinel string

func (e sentinel) Error() string { return string(e) }

const (
	errDuplicate = sentinel("duplicate subscription id")
	errLimit     = sentinel("too many subscriptions")
)

// subscribe starts one subscription for either protocol. It returns the errors to report
// for id, or nil when the subscription started.
func (c *conn) subscribe(id string, req Request, fr *frames) error {
	s, err := c.reserve(id, fr)
	if err != nil {
		return err
	}
	stop, err := c.h.p.Core.Subscribe(c.ctx, req, s.deliver, s.closed)
	if err != nil {
		c.forget(id, s)
		return err
	}
	s.begin(stop)
	return nil
}

// errorList renders err as AppSync-shaped GraphQL errors.
func errorList(err error) []json.RawMessage {
	switch e := err.(type) {
	case *OperationError:
		return e.Errors
	case *AuthError:
		m := map[string]any{"errorType": e.ErrorType, "message": e.Message}
		if e.Message == "" {
			m["message"] = "Not Authorized"
		}
		if e.Code != 0 {
			m["errorCode"] = e.Code
		}
		return []json.RawMessage{mustJSON(m)}
	default:
		return []json.RawMessage{mustJSON(map[string]any{"errorType": "InternalFailure", "message": err.Error()})}
	}
}

// headerObject converts a JSON authorization object into canonical HTTP headers.
func headerObject(obj map[string]any) http.Header {
	h := http.Header{}
	for k, v := range obj {
		switch v := v.(type) {
		case string:
			h.Set(k, v)
		case nil:
		default:
			h.Set(k, strings.Trim(string(mustJSON(v)), `"`))
		}
	}
	return h
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with values built here
	}
	return b
}

func kb(n int) string {
	if n%1024 == 0 {
		return itoa(n/1024) + " KB"
	}
	return itoa(n) + " bytes"
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
