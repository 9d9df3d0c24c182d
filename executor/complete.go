package executor

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/appsync-local/appsync-local/batch"
	"github.com/appsync-local/appsync-local/resolvers/value"
	"github.com/appsync-local/appsync-local/schema"
)

// selectionSet executes the fields of set on an object of type typ. It returns
// the ordered result and false when a non-null field was null, in which case
// the whole object becomes null (and the caller propagates further).
func (o *operation) selectionSet(ctx context.Context, set ast.SelectionSet, typ *ast.Definition, source any, path *pathNode, serial bool) (*object, bool) {
	fields := graphql.CollectFields(o.opCtx, set, o.e.satisfies[typ.Name])
	obj := &object{keys: make([]string, len(fields)), vals: make([]any, len(fields)), fields: fields}
	oks := make([]bool, len(fields))
	var wg sync.WaitGroup
	for i, cf := range fields {
		obj.keys[i] = cf.Alias
		fpath := &pathNode{parent: path, name: cf.Alias, order: i}
		if serial || !o.resolves(typ, cf.Field) {
			obj.vals[i], oks[i] = o.field(ctx, typ, cf, source, fpath)
			continue
		}
		wg.Add(1)
		go func(i int, cf graphql.CollectedField) {
			defer wg.Done()
			obj.vals[i], oks[i] = o.field(ctx, typ, cf, source, fpath)
		}(i, cf)
	}
	wg.Wait()
	for _, ok := range oks {
		if !ok {
			return nil, false
		}
	}
	return obj, true
}

// hasResolvers reports whether completing a value of type t for field f
// calls any resolver directly below: a field of the selection that has one.
// Abstract types are answered for all their possible types.
func (o *operation) hasResolvers(t *ast.Type, f *ast.Field) bool {
	for t.Elem != nil {
		t = t.Elem
	}
	def := o.e.schema.Types[t.NamedType]
	if def == nil || len(f.SelectionSet) == 0 {
		return false
	}
	types := []*ast.Definition{def}
	if def.Kind == ast.Interface || def.Kind == ast.Union {
		types = o.e.schema.GetPossibleTypes(def)
	}
	for _, d := range types {
		for _, cf := range graphql.CollectFields(o.opCtx, f.SelectionSet, o.e.satisfies[d.Name]) {
			if o.resolves(d, cf.Field) {
				return true
			}
		}
	}
	return false
}

// resolves reports whether the field calls a resolver (and so is worth a goroutine).
func (o *operation) resolves(typ *ast.Definition, f *ast.Field) bool {
	if o.delivering {
		return false
	}
	def := fieldDef(typ, f)
	if def == nil {
		return false
	}
	_, ok := o.e.resolvers[def]
	return ok
}

// fieldDef is f's definition on the concrete type typ. A field selected on
// an interface carries the interface's definition; resolvers attach to the
// object type's own.
func fieldDef(typ *ast.Definition, f *ast.Field) *ast.FieldDefinition {
	if f.ObjectDefinition == typ || f.Definition == nil {
		return f.Definition
	}
	return typ.Fields.ForName(f.Name)
}

// batchKey names one selected field resolved on one object type.
type batchKey struct {
	f   *ast.Field
	def *ast.FieldDefinition
}

// batchGroups counts, for each field with a resolver below the items of a
// list, how many items will resolve it, and returns a batch group for each,
// so that data sources can serve them in one call (Lambda BatchInvoke).
func (o *operation) batchGroups(items []any, t *ast.Type, f *ast.Field) map[batchKey]*batch.Group {
	for t.Elem != nil {
		t = t.Elem
	}
	def := o.e.schema.Types[t.NamedType]
	counts := map[batchKey]int{}
	for _, it := range items {
		if isNull(it) {
			continue
		}
		concrete := def
		if def.Kind == ast.Interface || def.Kind == ast.Union {
			name, _ := property(it, "__typename").(string)
			if concrete = o.e.schema.Types[name]; concrete == nil || !o.implements(def, concrete) {
				continue
			}
		}
		for _, cf := range graphql.CollectFields(o.opCtx, f.SelectionSet, o.e.satisfies[concrete.Name]) {
			if fd := fieldDef(concrete, cf.Field); fd != nil {
				if _, ok := o.e.resolvers[fd]; ok {
					counts[batchKey{cf.Field, fd}]++
				}
			}
		}
	}
	groups := make(map[batchKey]*batch.Group, len(counts))
	for k, n := range counts {
		groups[k] = batch.NewGroup(n)
	}
	return groups
}

// pathNode is a response path as a linked list from leaf to root: cheap to
// extend per field; materialized as an ast.Path only when an error or a
// resolver needs it. order is the position among siblings (field index in the
// selection, or list index) so errors can be reported in document order.
type pathNode struct {
	parent  *pathNode
	name    string
	index   int
	isIndex bool
	order   int
	// groups, on a list item's node, batch the resolvers of the item's fields.
	groups map[batchKey]*batch.Group
}

func (p *pathNode) depth() int {
	n := 0
	for ; p != nil; p = p.parent {
		n++
	}
	return n
}

// path materializes p as an ast.Path.
func (p *pathNode) path() ast.Path {
	out := make(ast.Path, p.depth())
	for i := len(out) - 1; p != nil; p, i = p.parent, i-1 {
		if p.isIndex {
			out[i] = ast.PathIndex(p.index)
		} else {
			out[i] = ast.PathName(p.name)
		}
	}
	return out
}

// orderKey is the document-order sort key of p.
func (p *pathNode) orderKey() []int {
	out := make([]int, p.depth())
	for i := len(out) - 1; p != nil; p, i = p.parent, i-1 {
		out[i] = p.order
	}
	return out
}

// field resolves and completes one field. ok is false when the field is
// non-null and its value is null.
func (o *operation) field(ctx context.Context, typ *ast.Definition, cf graphql.CollectedField, source any, path *pathNode) (val any, ok bool) {
	f := cf.Field
	if f.Name == "__typename" {
		return typ.Name, true
	}
	if typ == o.e.schema.Query {
		switch f.Name {
		case "__schema", "__type":
			return o.introspectRoot(ctx, cf, path)
		}
	}
	def := fieldDef(typ, f)
	if def == nil {
		return nil, true
	}
	raw, err := o.resolve(ctx, typ, def, f, source, path)
	if err != nil {
		o.addError(path, o.fieldError(err, f))
		return nil, !def.Type.NonNull
	}
	if r, ok := raw.(*Result); ok {
		for _, e := range r.Errors {
			o.addError(path, o.fieldError(e, f))
		}
		raw = r.Value
	}
	return o.complete(ctx, def.Type, f, raw, path)
}

// resolve runs the field's resolver, or reads the property from the parent.
func (o *operation) resolve(ctx context.Context, typ *ast.Definition, def *ast.FieldDefinition, f *ast.Field, source any, path *pathNode) (val any, err error) {
	r, ok := o.e.resolvers[def]
	if !ok || o.delivering {
		if v, ok := introspectionProperty(source, f.Name, o.args[f]); ok {
			return v, nil
		}
		return property(source, f.Name), nil
	}
	// Every counted member of a batch must release its slot, whatever
	// happens below, or the other members would wait forever.
	var slot *batch.Slot
	if item := path.parent; item != nil && item.groups != nil {
		if g := item.groups[batchKey{f, def}]; g != nil {
			slot = g.Slot(item.index)
			defer slot.Release()
		}
	}
	if n := o.calls.Add(1); o.e.count > 0 && n > int64(o.e.count) {
		return nil, &Error{Message: fmt.Sprintf("Resolver count limit of %d exceeded.", o.e.count), Type: "ResolverCountLimitExceeded"}
	}
	defer func() {
		if p := recover(); p != nil {
			o.e.log.Error("resolver panic", "field", typ.Name+"."+f.Name, "panic", p)
			val, err = nil, &Error{Message: fmt.Sprintf("Internal failure while resolving %s.%s.", typ.Name, f.Name), Type: "InternalFailure"}
		}
	}()
	args := o.args[f]
	if args == nil {
		args = map[string]any{}
	}
	p := &ResolveParams{
		Batch:     slot,
		Source:    source,
		Arguments: args,
		Request:   o.req,
		Path:      path.path(),
		Info:      o.info(typ, f),
	}
	return r.Resolve(ctx, p)
}

// info returns $context.info for field f on typ. It is the same for every
// item of a list, so it is built once per operation and shared; resolvers
// must treat it as read-only.
func (o *operation) info(typ *ast.Definition, f *ast.Field) *Info {
	key := infoKey{f, typ.Name}
	if in, ok := o.infos.Load(key); ok {
		return in.(*Info)
	}
	in, _ := o.infos.LoadOrStore(key, &Info{
		FieldName:           f.Name,
		ParentTypeName:      typ.Name,
		Variables:           o.opCtx.Variables,
		SelectionSetList:    selectionSetList(o.opCtx, o.e.satisfies, f),
		SelectionSetGraphQL: selectionSetGraphQL(f.SelectionSet),
	})
	return in.(*Info)
}

type infoKey struct {
	f   *ast.Field
	typ string
}

// property reads name from a parent value produced by a resolver.
func property(source any, name string) any {
	switch s := source.(type) {
	case map[string]any:
		return s[name]
	case *value.Map:
		v, _ := s.Get(name)
		return v
	case *object:
		for i, k := range s.keys {
			if k == name {
				return s.vals[i]
			}
		}
	}
	return nil
}

// complete converts a resolved value to the field's declared type.
func (o *operation) complete(ctx context.Context, t *ast.Type, f *ast.Field, v any, path *pathNode) (any, bool) {
	if isNull(v) {
		if t.NonNull {
			o.addError(path, &gqlerror.Error{
				Message: fmt.Sprintf("Cannot return null for non-nullable type: '%s' within parent '%s' (%s)", t.Name(), o.parentName(f), slashPath(path)),
			})
			return nil, false
		}
		return nil, true
	}
	if t.Elem != nil {
		items, ok := asList(v)
		if !ok {
			o.addError(path, &gqlerror.Error{Message: fmt.Sprintf("Can't resolve value (%s) : type mismatch error, expected type LIST", slashPath(path))})
			return nil, !t.NonNull
		}
		out := make([]any, len(items))
		if len(items) > 1 && o.hasResolvers(t.Elem, f) {
			// Items whose selections call resolvers complete concurrently,
			// as AppSync resolves the fields of list items in parallel.
			oks := make([]bool, len(items))
			groups := o.batchGroups(items, t.Elem, f)
			var wg sync.WaitGroup
			for i, item := range items {
				wg.Add(1)
				go func() {
					defer wg.Done()
					out[i], oks[i] = o.complete(ctx, t.Elem, f, item, &pathNode{parent: path, index: i, isIndex: true, order: i, groups: groups})
				}()
			}
			wg.Wait()
			for _, ok := range oks {
				if !ok {
					return nil, !t.NonNull
				}
			}
			return out, true
		}
		for i, item := range items {
			c, ok := o.complete(ctx, t.Elem, f, item, &pathNode{parent: path, index: i, isIndex: true, order: i})
			if !ok {
				return nil, !t.NonNull
			}
			out[i] = c
		}
		return out, true
	}
	def := o.e.schema.Types[t.NamedType]
	if def == nil {
		return nil, !t.NonNull
	}
	switch def.Kind {
	case ast.Scalar, ast.Enum:
		s, err := schema.Serialize(o.e.schema, def.Name, v)
		if err != nil {
			o.addError(path, &gqlerror.Error{Message: fmt.Sprintf("Can't serialize value (%s) : %s", slashPath(path), err.Error())})
			return nil, !t.NonNull
		}
		return s, true
	case ast.Object:
		obj, ok := o.selectionSet(ctx, f.SelectionSet, def, v, path, false)
		if !ok {
			return nil, !t.NonNull
		}
		return obj, true
	case ast.Interface, ast.Union:
		name, _ := property(v, "__typename").(string)
		concrete := o.e.schema.Types[name]
		if name == "" || concrete == nil || !o.implements(def, concrete) {
			msg := fmt.Sprintf("Could not determine the exact type of '%s'. Missing __typename key on value.", def.Name)
			if name != "" {
				msg = fmt.Sprintf("Could not determine the exact type of '%s': '%s' is not a possible type.", def.Name, name)
			}
			o.addError(path, &gqlerror.Error{Message: msg})
			return nil, !t.NonNull
		}
		obj, ok := o.selectionSet(ctx, f.SelectionSet, concrete, v, path, false)
		if !ok {
			return nil, !t.NonNull
		}
		return obj, true
	}
	return nil, !t.NonNull
}

func (o *operation) implements(abstract, concrete *ast.Definition) bool {
	for _, p := range o.e.schema.GetPossibleTypes(abstract) {
		if p.Name == concrete.Name {
			return true
		}
	}
	return false
}

func (o *operation) parentName(f *ast.Field) string {
	if f.ObjectDefinition != nil {
		return f.ObjectDefinition.Name
	}
	return ""
}

func isNull(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case *value.List:
		return l.Items, true
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

// slashPath renders a path as graphql-java does in messages: /a/0/b.
func slashPath(p *pathNode) string {
	var b strings.Builder
	for _, e := range p.path() {
		b.WriteByte('/')
		switch e := e.(type) {
		case ast.PathName:
			b.WriteString(string(e))
		case ast.PathIndex:
			fmt.Fprintf(&b, "%d", int(e))
		}
	}
	return b.String()
}

// Result is a resolver's value together with errors it reports without
// failing ($util.appendError): the field keeps the value and the response
// carries the errors at the field's path.
type Result struct {
	Value  any
	Errors []*Error
}

// cutToSelection keeps only the parts of an error's data that the field's
// selection set asks for, as AppSync filters $util.error data; leaf fields
// and fields without a selection set keep data whole.
func (o *operation) cutToSelection(data any, f *ast.Field) any {
	if len(f.SelectionSet) == 0 || data == nil {
		return data
	}
	return cut(o, data, f.SelectionSet)
}

func cut(o *operation, data any, set ast.SelectionSet) any {
	if items, ok := asList(data); ok {
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = cut(o, it, set)
		}
		return out
	}
	var typeName []string
	if tn, ok := property(data, "__typename").(string); ok {
		typeName = o.e.satisfies[tn]
	}
	if _, isMap := data.(map[string]any); !isMap {
		if _, isVMap := data.(*value.Map); !isVMap {
			return data
		}
	}
	out := &object{}
	for _, cf := range graphql.CollectFields(o.opCtx, set, typeName) {
		v := property(data, cf.Name)
		if len(cf.SelectionSet) > 0 {
			v = cut(o, v, cf.SelectionSet)
		}
		out.keys = append(out.keys, cf.Alias)
		out.vals = append(out.vals, v)
	}
	return out
}

// Error is a field error with AppSync's extra members. Resolvers return it (or
// wrap it) to set errorType, errorInfo and data on the error in the response.
type Error struct {
	Message string
	Type    string // errorType; empty means null
	Info    any    // errorInfo
	Data    any    // data
}

func (e *Error) Error() string { return e.Message }

// Extension keys on gqlerror.Error that the HTTP edge turns into AppSync's
// top-level errorType, errorInfo and data members. A gqlerror.Error carrying
// ExtErrorType is a field error from a resolver.
const (
	ExtErrorType = "errorType"
	ExtErrorInfo = "errorInfo"
	ExtData      = "data"
)

func (o *operation) fieldError(err error, f *ast.Field) *gqlerror.Error {
	ge := &gqlerror.Error{
		Message:    err.Error(),
		Locations:  []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}},
		Extensions: map[string]any{ExtErrorType: nil, ExtErrorInfo: nil, ExtData: nil},
	}
	var ae *Error
	if errors.As(err, &ae) {
		ge.Message = ae.Message
		if ae.Type != "" {
			ge.Extensions[ExtErrorType] = ae.Type
		}
		ge.Extensions[ExtErrorInfo] = ae.Info
		ge.Extensions[ExtData] = o.cutToSelection(ae.Data, f)
	}
	return ge
}
