package executor

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/appsync-local/appsync-local/schema"
)

// MaxInvalidations is AppSync's limit of unique invalidateSubscriptions calls
// in one request.
const MaxInvalidations = 5

// Publication is what a mutation field publishes to one subscription field
// whose @aws_subscribe names it.
type Publication struct {
	Field string // the subscription field, e.g. "onCreateTodo"
	// Data is the mutation field's completed result cut to the mutation's
	// selection set, keyed by field name (aliases dropped): what AppSync
	// pushes. Objects are map[string]any, lists []any, leaves serialized
	// scalars; usually an object, but a mutation may return a list or a
	// scalar.
	Data any
}

// Invalidation is one $extensions.invalidateSubscriptions call.
type Invalidation struct {
	Field   string // subscriptionField
	Payload map[string]any
}

// extensions is what the resolvers of one request did with $extensions,
// and what its mutation publishes.
type extensions struct {
	filter, invalidationFilter any // plain JSON-like values; nil: none set
	invalidations              []Invalidation
	publications               []Publication
}

// SetSubscriptionFilter records $extensions.setSubscriptionFilter's filter
// (plain JSON-like data) for the subscription being started.
func (r *Request) SetSubscriptionFilter(filter any) {
	r.mu.Lock()
	r.ext.filter = filter
	r.mu.Unlock()
}

// SetSubscriptionInvalidationFilter records
// $extensions.setSubscriptionInvalidationFilter's filter.
func (r *Request) SetSubscriptionInvalidationFilter(filter any) {
	r.mu.Lock()
	r.ext.invalidationFilter = filter
	r.mu.Unlock()
}

// SubscriptionFilters returns the filters the subscription resolver set.
func (r *Request) SubscriptionFilters() (filter, invalidation any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ext.filter, r.ext.invalidationFilter
}

// InvalidateSubscriptions records an invalidateSubscriptions call; the
// server carries it out once the mutation has run. A call equal to an earlier
// one counts once; a sixth distinct call is an error.
func (r *Request) InvalidateSubscriptions(inv Invalidation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, prev := range r.ext.invalidations {
		if prev.Field == inv.Field && deepEqual(prev.Payload, inv.Payload) {
			return nil
		}
	}
	if len(r.ext.invalidations) >= MaxInvalidations {
		return fmt.Errorf("invalidateSubscriptions may be called at most %d times per request", MaxInvalidations)
	}
	r.ext.invalidations = append(r.ext.invalidations, inv)
	return nil
}

// Invalidations returns the invalidateSubscriptions calls of the request.
func (r *Request) Invalidations() []Invalidation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ext.invalidations)
}

// Publications returns what the request's mutation fields publish, in
// document order; empty for queries and for mutation fields that returned
// null or no subscription names.
func (r *Request) Publications() []Publication {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ext.publications)
}

func deepEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !deepEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !deepEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// publish records, for each mutation field with a non-null result, one
// Publication per subscription field that names it.
func (o *operation) publish(root *object) {
	sub := o.e.schema.Subscription
	if sub == nil || root == nil {
		return
	}
	var pubs []Publication
	for i, val := range root.vals {
		cf := root.fields[i]
		if val == nil || cf.Name == "__typename" {
			continue
		}
		var data any
		for _, sf := range sub.Fields {
			if !slices.Contains(schema.SubscribeMutations(sf), cf.Name) {
				continue
			}
			if data == nil {
				data = plain(val)
			}
			pubs = append(pubs, Publication{Field: sf.Name, Data: data})
		}
	}
	if len(pubs) == 0 {
		return
	}
	o.req.mu.Lock()
	o.req.ext.publications = append(o.req.ext.publications, pubs...)
	o.req.mu.Unlock()
}

// plain converts a completed value to plain data keyed by field name.
func plain(v any) any {
	switch t := v.(type) {
	case *object:
		m := make(map[string]any, len(t.keys))
		for i, k := range t.keys {
			name := k
			if t.fields != nil {
				name = t.fields[i].Name
			}
			if _, dup := m[name]; !dup {
				m[name] = plain(t.vals[i])
			}
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// Subscription is a subscription operation accepted at subscribe time.
type Subscription struct {
	Field string // the root subscription field's name
	Alias string // its response key
	// Args are the arguments the operation gives explicitly, after
	// variables; an argument that is omitted, or whose variable is not
	// provided, is absent. Argument filtering compares these.
	Args map[string]any
}

// Subscribe starts the subscription operation in ctx's OperationContext as
// AppSync does at subscribe time: it coerces the root field's arguments and
// runs the field's resolver, if it has one, with them. The resolver's value is
// discarded; what it sets with $extensions stays on ctx's Request
// (SubscriptionFilters). The errors are the operation's (a failed coercion, or
// the resolver's error, e.g. $util.unauthorized()'s Unauthorized) in the
// shape of field errors.
func (e *Executable) Subscribe(ctx context.Context) (sub *Subscription, errs gqlerror.List) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("executor panic at subscribe", "panic", r)
			sub, errs = nil, gqlerror.List{{Message: "Internal failure while starting the subscription."}}
		}
	}()
	opCtx := graphql.GetOperationContext(ctx)
	op := opCtx.Operation
	root := e.schema.Subscription
	if op.Operation != ast.Subscription || root == nil {
		return nil, gqlerror.List{{Message: fmt.Sprintf("Operation %q is a %s; only subscriptions can be started here.", op.Name, op.Operation)}}
	}
	o := &operation{e: e, opCtx: opCtx, req: RequestFrom(ctx), args: map[*ast.Field]map[string]any{}}
	if errs := o.coerceArguments(op.SelectionSet, map[string]bool{}); len(errs) > 0 {
		return nil, errs
	}
	var cf *graphql.CollectedField
	for _, c := range graphql.CollectFields(opCtx, op.SelectionSet, e.satisfies[root.Name]) {
		if c.Name != "__typename" {
			cf = &c
			break
		}
	}
	if cf == nil || cf.Definition == nil {
		return nil, gqlerror.List{{Message: "The subscription selects no subscription field."}}
	}
	sub = &Subscription{Field: cf.Name, Alias: cf.Alias, Args: map[string]any{}}
	coerced := o.args[cf.Field]
	for _, a := range cf.Arguments {
		if a.Value.Kind == ast.Variable {
			if _, given := opCtx.Variables[a.Value.Raw]; !given {
				continue
			}
		}
		if v, ok := coerced[a.Name]; ok {
			sub.Args[a.Name] = v
		}
	}
	def := fieldDef(root, cf.Field)
	if _, ok := e.resolvers[def]; !ok {
		return sub, nil
	}
	path := &pathNode{name: cf.Alias}
	raw, err := o.resolve(ctx, root, def, cf.Field, nil, path)
	if err != nil {
		o.addError(path, o.fieldError(err, cf.Field))
	} else if r, ok := raw.(*Result); ok {
		for _, re := range r.Errors {
			o.addError(path, o.fieldError(re, cf.Field))
		}
	}
	if errs := o.sortedErrors(); len(errs) > 0 {
		return nil, errs
	}
	return sub, nil
}

// Deliver shapes one event for one subscriber: it completes the subscription
// operation in ctx's OperationContext with data, a Publication's Data, as the
// root field's value. No resolver runs (AppSync runs none at delivery);
// fields the event lacks are null, with the usual error where the type is
// non-null.
func (e *Executable) Deliver(ctx context.Context, data any) (resp *graphql.Response) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("executor panic at delivery", "panic", r)
			resp = &graphql.Response{Errors: gqlerror.List{{Message: "Internal failure while delivering the event."}}, Data: []byte("null")}
		}
	}()
	opCtx := graphql.GetOperationContext(ctx)
	root := e.schema.Subscription
	if root == nil || opCtx.Operation.Operation != ast.Subscription {
		return requestError("Not a subscription operation.")
	}
	o := &operation{e: e, opCtx: opCtx, req: RequestFrom(ctx), args: map[*ast.Field]map[string]any{}, delivering: true}
	if errs := o.coerceArguments(opCtx.Operation.SelectionSet, map[string]bool{}); len(errs) > 0 {
		return &graphql.Response{Errors: errs, Data: []byte("null")}
	}
	fields := graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, e.satisfies[root.Name])
	obj := &object{keys: make([]string, len(fields)), vals: make([]any, len(fields))}
	for i, cf := range fields {
		obj.keys[i] = cf.Alias
		path := &pathNode{name: cf.Alias, order: i}
		if cf.Name == "__typename" {
			obj.vals[i] = root.Name
			continue
		}
		def := fieldDef(root, cf.Field)
		if def == nil {
			continue
		}
		v, ok := o.complete(ctx, def.Type, cf.Field, data, path)
		if !ok {
			return &graphql.Response{Data: []byte("null"), Errors: o.sortedErrors()}
		}
		obj.vals[i] = v
	}
	var buf jsonBuffer
	buf.value(obj)
	return &graphql.Response{Data: buf.bytes(), Errors: o.sortedErrors()}
}
