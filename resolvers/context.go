package resolvers

import (
	"net/http"
	"strings"

	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Context is AppSync's $context for one field resolution, in the template
// data model. Templates may change it ($ctx.args.put, $ctx.stash.put), so
// each resolution builds its own; a pipeline shares Stash across functions.
type Context struct {
	Map   *value.Map // what $ctx / $context evaluate to
	Stash *value.Map
	Prev  *value.Map // $ctx.prev
	// Extensions is $extensions, bound to the request.
	Extensions value.Object
}

// NewContext builds $context from the resolver parameters: arguments,
// identity, source, request (headers, domainName), info, an empty stash,
// and prev.result null.
func NewContext(p *executor.ResolveParams) *Context {
	c := &Context{Map: value.NewMap(), Stash: value.NewMap(), Prev: value.NewMap(), Extensions: extensionsObject{p.Request}}
	args := value.From(p.Arguments)
	c.Map.Put("arguments", args)
	c.Map.Put("args", args)
	c.Map.Put("identity", value.From(p.Request.Identity))
	c.Map.Put("source", value.From(p.Source))
	req := value.NewMap()
	req.Put("headers", headerMap(p.Request.Headers))
	if p.Request.DomainName != "" {
		req.Put("domainName", p.Request.DomainName)
	} else {
		req.Put("domainName", nil)
	}
	c.Map.Put("request", req)
	info := value.NewMap()
	info.Put("fieldName", p.Info.FieldName)
	info.Put("parentTypeName", p.Info.ParentTypeName)
	info.Put("variables", value.From(p.Info.Variables))
	info.Put("selectionSetList", value.From(p.Info.SelectionSetList))
	info.Put("selectionSetGraphQL", p.Info.SelectionSetGraphQL)
	c.Map.Put("info", info)
	c.Map.Put("stash", c.Stash)
	c.Prev.Put("result", nil)
	c.Map.Put("prev", c.Prev)
	c.Map.Put("result", nil)
	c.Map.Put("error", nil)
	return c
}

// headerMap is $context.request.headers: lower-case names, no cookie, a
// repeated header as a list.
func headerMap(h http.Header) *value.Map {
	m := value.NewMap()
	for name, vals := range h {
		key := strings.ToLower(name)
		if key == "cookie" || len(vals) == 0 {
			continue
		}
		if len(vals) == 1 {
			m.Put(key, vals[0])
			continue
		}
		l := value.NewList()
		for _, v := range vals {
			l.Items = append(l.Items, v)
		}
		m.Put(key, l)
	}
	return m
}

// SetResult sets $ctx.result and clears $ctx.error.
func (c *Context) SetResult(v any) {
	c.Map.Put("result", v)
	c.Map.Put("error", nil)
}

// SetError sets $ctx.error to {message, type} and $ctx.result to what the
// data source returned with the error (usually null).
func (c *Context) SetError(message, errType string, result any) {
	e := value.NewMap()
	e.Put("message", message)
	if errType != "" {
		e.Put("type", errType)
	} else {
		e.Put("type", nil)
	}
	c.Map.Put("error", e)
	c.Map.Put("result", result)
}

// SetPrev sets $ctx.prev.result.
func (c *Context) SetPrev(v any) { c.Prev.Put("result", v) }
