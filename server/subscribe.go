package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/server/realtime"
	"github.com/appsync-local/appsync-local/subscription"
)

// The server is the subscription core behind both WebSocket protocols.
var _ realtime.Core = (*Server)(nil)

// subscriber is what a schema must offer to serve subscriptions: starting
// one at subscribe time and shaping an event for it (executor.Executable).
type subscriber interface {
	Subscribe(ctx context.Context) (*executor.Subscription, gqlerror.List)
	Deliver(ctx context.Context, data any) *graphql.Response
}

// AuthorizeConnection checks the authorization header object of a new
// WebSocket connection as the HTTP path checks headers. It returns a
// *realtime.AuthError: UnauthorizedException, 401.
func (s *Server) AuthorizeConnection(_ context.Context, headers http.Header) error {
	v := s.current.Load()
	if v == nil {
		return &realtime.AuthError{ErrorType: "ServiceUnavailableException", Code: http.StatusServiceUnavailable, Message: "No API is loaded."}
	}
	if _, msg := s.checkAuth(v.api, headers); msg != "" {
		return &realtime.AuthError{ErrorType: "UnauthorizedException", Code: http.StatusUnauthorized, Message: msg}
	}
	return nil
}

// liveSub is one running subscription.
type liveSub struct {
	s       *Server
	req     realtime.Request
	deliver func([]byte)
	closed  func()
	prep    atomic.Pointer[prepared]
	stop    func() // the hub's unsubscribe
	once    sync.Once
}

// prepared is a subscription's operation against one API version: what
// shaping an event needs. An API swap prepares it again.
type prepared struct {
	ver    *version
	api    *API
	schema subscriber
	ctx    context.Context // carries the OperationContext
	field  string
	key    string // render key: subscribers with equal keys get equal payloads
}

// Subscribe validates and starts one subscription operation: it checks the
// authorization object, validates the operation, runs the subscription
// field's resolver (which may refuse, or set filters with $extensions), and
// registers the subscription with the hub. Errors are *realtime.OperationError.
func (s *Server) Subscribe(ctx context.Context, req realtime.Request, deliver func([]byte), closed func()) (func(), error) {
	v := s.current.Load()
	if v == nil {
		return nil, opError("ServiceUnavailableException", "No API is loaded.")
	}
	authType, msg := s.checkAuth(v.api, req.Headers)
	if msg != "" {
		return nil, opError("UnauthorizedException", msg)
	}
	prep, errs := s.prepare(ctx, v, req)
	if errs != nil {
		return nil, errs
	}
	exreq := &executor.Request{Headers: req.Headers, AuthType: authType}
	sctx := executor.WithRequest(graphql.WithOperationContext(ctx, graphql.GetOperationContext(prep.ctx)), exreq)
	started, gerrs := prep.schema.Subscribe(sctx)
	if gerrs != nil {
		return nil, operationErrors(gerrs)
	}
	hs := &subscription.Subscription{APIID: v.api.ID, Field: started.Field, Args: started.Args}
	filter, invalidation := exreq.SubscriptionFilters()
	var err error
	if filter != nil {
		if hs.Filter, err = subscription.ParseFilter(filter); err != nil {
			return nil, opError("", err.Error())
		}
	}
	if invalidation != nil {
		if hs.Invalidation, err = subscription.ParseFilter(invalidation); err != nil {
			return nil, opError("", err.Error())
		}
	}
	ls := &liveSub{s: s, req: req, deliver: deliver, closed: closed}
	ls.prep.Store(prep)
	hs.Deliver = ls.event
	hs.Closed = ls.serverClose
	s.subsMu.Lock()
	s.subs[ls] = struct{}{}
	s.subsMu.Unlock()
	ls.stop = s.hub.Subscribe(hs)
	if cur := s.current.Load(); cur != v {
		// A Swap ran while this subscription started and did not see it.
		s.moveTo(ls, cur)
	}
	return ls.end, nil
}

// prepare parses and validates req against v and checks that it is a
// subscription.
func (s *Server) prepare(ctx context.Context, v *version, req realtime.Request) (*prepared, *realtime.OperationError) {
	sch, ok := v.api.Schema.(subscriber)
	if !ok {
		return nil, opError("", "This API does not serve subscriptions.")
	}
	params := &graphql.RawParams{Query: req.Query, OperationName: req.OperationName, Variables: req.Variables, Headers: req.Headers}
	octx := graphql.StartOperationTrace(context.WithoutCancel(ctx))
	opCtx, errs := v.exec.CreateOperationContext(octx, params)
	if errs != nil {
		return nil, operationErrors(appSyncValidationErrors(opCtx, req.Query, errs))
	}
	if opCtx.Operation.Operation != ast.Subscription {
		return nil, opError("", fmt.Sprintf("Operation %q is a %s; only subscriptions can be started over WebSocket. Send queries and mutations to POST /graphql.", opCtx.Operation.Name, opCtx.Operation.Operation))
	}
	var satisfies []string
	if root := v.api.Schema.Schema().Subscription; root != nil {
		satisfies = []string{root.Name}
	}
	field := ""
	for _, sel := range graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, satisfies) {
		if sel.Name != "__typename" {
			field = sel.Name
			break
		}
	}
	vars, _ := json.Marshal(opCtx.Variables) // map keys sorted: equal variables, equal text
	p := &prepared{ver: v, api: v.api, schema: sch, ctx: graphql.WithOperationContext(context.Background(), opCtx), field: field}
	p.key = fmt.Sprintf("%p\x00%s\x00%s\x00%s", v, req.OperationName, req.Query, vars)
	return p, nil
}

// event shapes a hub event for the subscriber and hands it on. Subscribers
// with the same operation and variables share one rendering.
func (ls *liveSub) event(e *subscription.Event) {
	p := ls.prep.Load()
	payload := e.Render(p.key, func() []byte {
		return appendResponse(nil, p.schema.Deliver(p.ctx, e.Data))
	})
	ls.deliver(payload)
}

// end is the client's stop: idempotent; afterwards deliver is not called.
func (ls *liveSub) end() {
	ls.once.Do(func() {
		ls.stop()
		ls.s.subsMu.Lock()
		delete(ls.s.subs, ls)
		ls.s.subsMu.Unlock()
	})
}

// serverClose ends the subscription from the server's side (invalidation,
// API swap) and tells the client.
func (ls *liveSub) serverClose() {
	first := false
	ls.once.Do(func() {
		first = true
		ls.stop()
		ls.s.subsMu.Lock()
		delete(ls.s.subs, ls)
		ls.s.subsMu.Unlock()
	})
	if first && ls.closed != nil {
		ls.closed()
	}
}

// publish hands what a request's mutation published, and the
// invalidations its resolvers asked for, to the hub.
func (s *Server) publish(v *version, req *executor.Request) {
	for _, p := range req.Publications() {
		s.hub.Publish(&subscription.Event{APIID: v.api.ID, Field: p.Field, Data: p.Data})
	}
	for _, inv := range req.Invalidations() {
		s.hub.Invalidate(subscription.Invalidation{APIID: v.api.ID, Field: inv.Field, Payload: inv.Payload})
	}
}

// reprepare moves the running subscriptions to a newly swapped-in API: each
// is validated again against the new schema; those that no longer validate
// (their field was removed or changed) are closed.
func (s *Server) reprepare(v *version) {
	s.subsMu.Lock()
	subs := make([]*liveSub, 0, len(s.subs))
	for ls := range s.subs {
		subs = append(subs, ls)
	}
	s.subsMu.Unlock()
	for _, ls := range subs {
		s.moveTo(ls, v)
	}
}

// moveTo prepares ls against v, or closes it when it no longer fits.
func (s *Server) moveTo(ls *liveSub, v *version) {
	old := ls.prep.Load()
	if old.ver == v {
		return // already there
	}
	p, errs := s.prepare(context.Background(), v, ls.req)
	if errs != nil || p.api.ID != old.api.ID || p.field != old.field {
		s.log.Info("subscription closed: it does not fit the new schema", "field", old.field)
		ls.serverClose()
		return
	}
	ls.prep.Store(p)
}

// Subscriptions returns the number of running subscriptions.
func (s *Server) Subscriptions() int {
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	return len(s.subs)
}

// opError is one error in AppSync's real-time shape.
func opError(errorType, message string) *realtime.OperationError {
	m := map[string]any{"message": message}
	if errorType != "" {
		m["errorType"] = errorType
	}
	b, _ := json.Marshal(m)
	return &realtime.OperationError{Errors: []json.RawMessage{b}}
}

// operationErrors renders an operation's errors for the real-time error
// message: resolver errors as {"errorType","message"} as AppSync sends them,
// validation errors as on the HTTP path.
func operationErrors(errs gqlerror.List) *realtime.OperationError {
	out := &realtime.OperationError{}
	for _, e := range errs {
		if t, field := e.Extensions[executor.ExtErrorType]; field {
			m := map[string]any{"errorType": t, "message": e.Message}
			b, _ := json.Marshal(m)
			out.Errors = append(out.Errors, b)
			continue
		}
		var b bytes.Buffer
		writeError(&b, e)
		out.Errors = append(out.Errors, b.Bytes())
	}
	return out
}

// Execute runs a query or mutation sent over a WebSocket (graphql-transport-ws
// allows them) exactly as POST /graphql would: the authorization object is
// checked, a mutation publishes to subscriptions. It returns the complete
// response, `{"data":...}` plus "errors", or a *realtime.OperationError for
// an authorization failure. A subscription operation is refused: Subscribe
// starts those.
func (s *Server) Execute(ctx context.Context, req realtime.Request) ([]byte, error) {
	v := s.current.Load()
	if v == nil {
		return nil, opError("ServiceUnavailableException", "No API is loaded.")
	}
	authType, msg := s.checkAuth(v.api, req.Headers)
	if msg != "" {
		return nil, opError("UnauthorizedException", msg)
	}
	exreq := &executor.Request{Headers: req.Headers, AuthType: authType}
	ctx = executor.WithRequest(ctx, exreq)
	ctx = graphql.StartOperationTrace(ctx)
	params := &graphql.RawParams{Query: req.Query, OperationName: req.OperationName, Variables: req.Variables, Headers: req.Headers}
	opCtx, errs := v.exec.CreateOperationContext(ctx, params)
	if errs != nil {
		return appendResponse(nil, &graphql.Response{Data: []byte("null"), Errors: appSyncValidationErrors(opCtx, req.Query, errs)}), nil
	}
	if opCtx.Operation.Operation == ast.Subscription {
		return nil, opError("", "Subscriptions are started with subscribe, not executed once.")
	}
	ctx = graphql.WithOperationContext(ctx, opCtx)
	resp := v.api.Schema.Exec(ctx)(ctx)
	if resp == nil {
		resp = &graphql.Response{Data: []byte("null")}
	}
	s.publish(v, exreq)
	return appendResponse(nil, resp), nil
}
