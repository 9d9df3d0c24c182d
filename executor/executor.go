package executor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/appsync-local/appsync-local/batch"
	"github.com/appsync-local/appsync-local/schema"
)

// Resolver resolves one field. It returns the field's raw value (JSON-like Go
// values: maps, slices, strings, numbers, booleans, nil) or an error; an *Error
// carries AppSync's errorType, errorInfo and data.
type Resolver interface {
	Resolve(ctx context.Context, p *ResolveParams) (any, error)
}

// ResolverFunc adapts a function to Resolver.
type ResolverFunc func(ctx context.Context, p *ResolveParams) (any, error)

// Resolve calls f.
func (f ResolverFunc) Resolve(ctx context.Context, p *ResolveParams) (any, error) { return f(ctx, p) }

// ResolveParams is what a resolver learns about the field it resolves: the
// pieces of AppSync's $context that come from the operation.
type ResolveParams struct {
	Source    any            // the parent value; nil for root fields
	Arguments map[string]any // coerced; AWSJSON arguments arrive parsed
	Info      *Info
	Request   *Request
	Path      ast.Path
	// Batch is this resolution's place in the batch of its field across the
	// items of a list; nil outside lists. The executor releases it after
	// Resolve returns.
	Batch *batch.Slot
}

// Info is AppSync's $context.info.
type Info struct {
	FieldName           string         `json:"fieldName"`
	ParentTypeName      string         `json:"parentTypeName"`
	Variables           map[string]any `json:"variables"`
	SelectionSetList    []string       `json:"selectionSetList"`
	SelectionSetGraphQL string         `json:"selectionSetGraphQL"`
}

// Request is the per-request state that the HTTP edge establishes before
// execution: headers and the caller's identity.
type Request struct {
	Headers    http.Header
	Identity   any    // nil for API_KEY, as in AppSync
	AuthType   string // "API_KEY", ...
	DomainName string // empty on the default domain (AppSync then reports null)

	mu              sync.Mutex
	responseHeaders http.Header
	ext             extensions // $extensions calls and publications (subscribe.go)
}

// SetResponseHeader records a header for the HTTP response, as resolvers
// do with $util.http.addResponseHeader; the last value for a name wins.
func (r *Request) SetResponseHeader(name, value string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.responseHeaders == nil {
		r.responseHeaders = http.Header{}
	}
	for k := range r.responseHeaders {
		if strings.EqualFold(k, name) {
			delete(r.responseHeaders, k)
		}
	}
	r.responseHeaders[name] = []string{value}
}

// ResponseHeaders returns the headers resolvers set.
func (r *Request) ResponseHeaders() http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.responseHeaders.Clone()
}

type requestKey struct{}

// WithRequest attaches r to ctx for the resolvers of the operation run under ctx.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the Request attached by WithRequest, or an empty one.
func RequestFrom(ctx context.Context) *Request {
	if r, ok := ctx.Value(requestKey{}).(*Request); ok && r != nil {
		return r
	}
	return &Request{Headers: http.Header{}}
}

// Params configures an Executable.
type Params struct {
	Schema *ast.Schema
	// Resolvers maps "Type.field" to the field's resolver. Fields without one
	// read the property of the same name from their parent value.
	Resolvers map[string]Resolver
	// QueryDepthLimit and ResolverCountLimit are AppSync's per-API limits; 0 means none.
	QueryDepthLimit    int
	ResolverCountLimit int
	Logger             *slog.Logger
}

// Executable is a graphql.ExecutableSchema for one API version. It is
// immutable and safe for concurrent use; a schema change builds a new one.
type Executable struct {
	schema    *ast.Schema
	resolvers map[*ast.FieldDefinition]Resolver
	// satisfies lists, per object type, the type conditions its fragments
	// match: the type itself, its interfaces and the unions that include it.
	satisfies map[string][]string
	depth     int
	count     int
	log       *slog.Logger
}

var _ graphql.ExecutableSchema = (*Executable)(nil)

// New builds an Executable. It returns an error when a resolver names a type or
// field the schema does not have.
func New(p Params) (*Executable, error) {
	e := &Executable{
		schema:    p.Schema,
		resolvers: make(map[*ast.FieldDefinition]Resolver, len(p.Resolvers)),
		depth:     p.QueryDepthLimit,
		count:     p.ResolverCountLimit,
		log:       p.Logger,
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	e.satisfies = map[string][]string{}
	for _, def := range p.Schema.Types {
		if def.Kind != ast.Object {
			continue
		}
		names := append([]string{def.Name}, def.Interfaces...)
		for _, u := range p.Schema.Types {
			if u.Kind == ast.Union && slices.Contains(u.Types, def.Name) {
				names = append(names, u.Name)
			}
		}
		e.satisfies[def.Name] = names
	}
	for key, r := range p.Resolvers {
		typ, field, ok := cutTypeField(key)
		if !ok {
			return nil, fmt.Errorf("resolver key %q: want Type.field", key)
		}
		def := p.Schema.Types[typ]
		if def == nil {
			return nil, fmt.Errorf("resolver %s: type %s is not in the schema", key, typ)
		}
		fd := def.Fields.ForName(field)
		if fd == nil {
			return nil, fmt.Errorf("resolver %s: type %s has no field %s", key, typ, field)
		}
		e.resolvers[fd] = r
	}
	return e, nil
}

func cutTypeField(key string) (string, string, bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			return key[:i], key[i+1:], i > 0 && i < len(key)-1
		}
	}
	return "", "", false
}

// Schema returns the schema the executable serves.
func (e *Executable) Schema() *ast.Schema { return e.schema }

// Complexity is unused: AppSync limits depth and resolver count instead.
func (e *Executable) Complexity(context.Context, string, string, int, map[string]any) (int, bool) {
	return 0, false
}

// Exec runs the operation in ctx's OperationContext once.
func (e *Executable) Exec(ctx context.Context) graphql.ResponseHandler {
	opCtx := graphql.GetOperationContext(ctx)
	return graphql.OneShot(e.run(ctx, opCtx))
}

// operation is the state of one execution.
type operation struct {
	e       *Executable
	opCtx   *graphql.OperationContext
	req     *Request
	args    map[*ast.Field]map[string]any
	infos   sync.Map // infoKey → *Info
	mu      sync.Mutex
	errs    []orderedError
	calls   atomic.Int64
	limited atomic.Bool
	// delivering: a subscription event is being shaped; no resolver runs.
	delivering bool
}

func (e *Executable) run(ctx context.Context, opCtx *graphql.OperationContext) (resp *graphql.Response) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("executor panic", "panic", r)
			resp = &graphql.Response{Errors: gqlerror.List{{Message: "Internal failure while executing the request."}}, Data: []byte("null")}
		}
	}()
	op := opCtx.Operation
	if e.depth > 0 {
		if d := selectionDepth(op.SelectionSet, 0); d > e.depth {
			return requestError(fmt.Sprintf("maximum query depth exceeded %d > %d", d, e.depth))
		}
	}
	o := &operation{e: e, opCtx: opCtx, req: RequestFrom(ctx), args: map[*ast.Field]map[string]any{}}
	if errs := o.coerceArguments(op.SelectionSet, map[string]bool{}); len(errs) > 0 {
		return &graphql.Response{Errors: errs, Data: []byte("null")}
	}
	var root *ast.Definition
	serial := false
	switch op.Operation {
	case ast.Mutation:
		root, serial = e.schema.Mutation, true
	case ast.Subscription:
		root = e.schema.Subscription
	default:
		root = e.schema.Query
	}
	if root == nil {
		return requestError(fmt.Sprintf("Schema is not configured for %ss.", op.Operation))
	}
	obj, ok := o.selectionSet(ctx, op.SelectionSet, root, nil, nil, serial)
	if ok && op.Operation == ast.Mutation {
		o.publish(obj)
	}
	var buf jsonBuffer
	if ok {
		buf.value(obj)
	} else {
		buf.null()
	}
	return &graphql.Response{Data: buf.bytes(), Errors: o.sortedErrors()}
}

func requestError(msg string) *graphql.Response {
	return &graphql.Response{Errors: gqlerror.List{{Message: msg}}, Data: []byte("null")}
}

// coerceArguments coerces every field's arguments in the operation once, before
// any resolver runs, as graphql-java validates arguments before execution.
func (o *operation) coerceArguments(set ast.SelectionSet, seen map[string]bool) gqlerror.List {
	var errs gqlerror.List
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition != nil && len(s.Definition.Arguments) > 0 {
				args, err := o.fieldArguments(s)
				if err != nil {
					errs = append(errs, err)
				} else {
					o.args[s] = args
				}
			}
			errs = append(errs, o.coerceArguments(s.SelectionSet, seen)...)
		case *ast.InlineFragment:
			errs = append(errs, o.coerceArguments(s.SelectionSet, seen)...)
		case *ast.FragmentSpread:
			if s.Definition != nil && !seen[s.Name] {
				seen[s.Name] = true
				errs = append(errs, o.coerceArguments(s.Definition.SelectionSet, seen)...)
			}
		}
	}
	return errs
}

func (o *operation) fieldArguments(f *ast.Field) (map[string]any, *gqlerror.Error) {
	vars := o.opCtx.Variables
	out := make(map[string]any, len(f.Definition.Arguments))
	for _, def := range f.Definition.Arguments {
		arg := f.Arguments.ForName(def.Name)
		var raw any
		present := false
		switch {
		case arg != nil && arg.Value.Kind == ast.Variable:
			raw, present = vars[arg.Value.Raw]
			if !present && def.DefaultValue != nil {
				v, err := def.DefaultValue.Value(nil)
				if err != nil {
					return nil, gqlerror.ErrorPosf(arg.Position, "%s", err.Error())
				}
				raw, present = v, true
			}
		case arg != nil:
			v, err := arg.Value.Value(vars)
			if err != nil {
				return nil, gqlerror.ErrorPosf(arg.Position, "%s", err.Error())
			}
			raw, present = v, true
		case def.DefaultValue != nil:
			v, err := def.DefaultValue.Value(nil)
			if err != nil {
				return nil, gqlerror.ErrorPosf(f.Position, "%s", err.Error())
			}
			raw, present = v, true
		}
		if !present {
			if def.Type.NonNull {
				return nil, gqlerror.ErrorPosf(f.Position,
					"Validation error of type MissingFieldArgument: Missing field argument %s @ '%s'", def.Name, f.Name)
			}
			continue
		}
		v, err := schema.CoerceInput(o.e.schema, def.Type, raw)
		if err != nil {
			pos := f.Position
			if arg != nil {
				pos = arg.Position
			}
			if arg != nil && arg.Value.Kind == ast.Variable {
				var ce *schema.CoercionError
				if errors.As(err, &ce) {
					return nil, &gqlerror.Error{Message: ce.VariableMessage(arg.Value.Raw)}
				}
				return nil, gqlerror.ErrorPosf(pos, "Variable '%s' has an invalid value: %s", arg.Value.Raw, err.Error())
			}
			return nil, gqlerror.ErrorPosf(pos,
				"Validation error of type WrongType: argument '%s' with value '%v' is not a valid '%s': %s @ '%s'",
				def.Name, raw, def.Type.String(), err.Error(), f.Name)
		}
		out[def.Name] = v
	}
	return out, nil
}

type orderedError struct {
	key []int
	err *gqlerror.Error
}

// addError records a field error at path.
func (o *operation) addError(path *pathNode, err *gqlerror.Error) {
	err.Path = path.path()
	key := path.orderKey()
	o.mu.Lock()
	o.errs = append(o.errs, orderedError{key, err})
	o.mu.Unlock()
}

// sortedErrors returns the errors in document order: concurrent resolution
// records them in completion order, and responses must be deterministic.
func (o *operation) sortedErrors() gqlerror.List {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(o.errs, func(a, b orderedError) int { return slices.Compare(a.key, b.key) })
	out := make(gqlerror.List, len(o.errs))
	for i, e := range o.errs {
		out[i] = e.err
	}
	return out
}

// selectionDepth returns the depth of the deepest field below set, counting
// root fields as depth 1 (graphql-java's MaxQueryDepthInstrumentation).
func selectionDepth(set ast.SelectionSet, depth int) int {
	max := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			d = selectionDepth(s.SelectionSet, depth+1)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				d = selectionDepth(s.Definition.SelectionSet, depth)
			}
		}
		if d > max {
			max = d
		}
	}
	return max
}
