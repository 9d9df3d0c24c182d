package builtins

import (
	"fmt"
	"strings"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// $util.http, as documented in "HTTP helpers in $util.http".
var httpTable = &table{methods: map[string]method{
	"copyHeaders":        copyHeaders,
	"addResponseHeader":  addResponseHeader,
	"addResponseHeaders": addResponseHeaders,
}}

// hopHeaders are the headers copyHeaders leaves out (lower case).
var hopHeaders = map[string]bool{
	"transfer-encoding": true, "connection": true, "host": true, "expect": true, "keep-alive": true,
	"upgrade": true, "proxy-authenticate": true, "proxy-authorization": true, "te": true, "content-length": true,
}

// reservedResponseHeaders are the further names a template may not set.
var reservedResponseHeaders = map[string]bool{
	"access-control-allow-credentials": true, "access-control-allow-origin": true,
	"access-control-expose-headers": true, "access-control-max-age": true,
	"access-control-allow-methods": true, "access-control-allow-headers": true,
	"vary": true, "content-type": true,
}

// MaxResponseHeaderBytes is AppSync's limit on custom response headers,
// names and values together, every definition counted.
const MaxResponseHeaderBytes = 4 << 10

// ResponseHeaderErrorType is the errorType of a header AppSync refused.
const ResponseHeaderErrorType = "ResponseHeaderError"

// copyHeaders(headers) returns a copy of a header map without the
// restricted, mostly hop-by-hop, headers, matched without regard to case.
func copyHeaders(_ *Env, args []any) (any, error) {
	a := dsArgs{"$util.http.copyHeaders", args}
	if err := a.count(1, 1); err != nil {
		return nil, err
	}
	m, ok := value.From(args[0]).(*value.Map)
	if !ok {
		return nil, a.wrong("a map", args[0])
	}
	out := value.NewMap()
	m.Range(func(k string, v any) bool {
		if !hopHeaders[strings.ToLower(k)] {
			out.Put(k, v)
		}
		return true
	})
	return out, nil
}

// addResponseHeader(name, value) adds a header to the GraphQL response. A
// header AppSync refuses (empty or restricted name, x-amz- or x-amzn- prefix,
// null value, over the 4 KB budget) is not added; the refusal is recorded as
// a ResponseHeaderError in the operation's errors and the template goes on.
// It renders as nothing.
func addResponseHeader(env *Env, args []any) (any, error) {
	a := dsArgs{"$util.http.addResponseHeader", args}
	if err := a.count(2, 2); err != nil {
		return nil, err
	}
	name, ok := args[0].(string)
	if !ok && args[0] != nil {
		return nil, a.wrong("a string", args[0])
	}
	addHeader(env, name, args[1])
	return "", nil
}

// addResponseHeaders(map) adds each entry as addResponseHeader does.
func addResponseHeaders(env *Env, args []any) (any, error) {
	a := dsArgs{"$util.http.addResponseHeaders", args}
	if err := a.count(1, 1); err != nil {
		return nil, err
	}
	m, ok := value.From(args[0]).(*value.Map)
	if !ok {
		return nil, a.wrong("a map", args[0])
	}
	m.Range(func(k string, v any) bool {
		addHeader(env, k, v)
		return true
	})
	return "", nil
}

func addHeader(env *Env, name string, v any) {
	refuse := func(why string) {
		env.AppendError(&value.Error{
			Message: fmt.Sprintf("Unable to add response header '%s': %s", name, why),
			Type:    ResponseHeaderErrorType,
		})
	}
	lower := strings.ToLower(name)
	switch {
	case strings.TrimSpace(name) == "":
		refuse("the name is empty.")
		return
	case hopHeaders[lower] || reservedResponseHeaders[lower]:
		refuse("the name is restricted.")
		return
	case strings.HasPrefix(lower, "x-amz-") || strings.HasPrefix(lower, "x-amzn-"):
		refuse("names starting with x-amz- or x-amzn- are restricted.")
		return
	case v == nil:
		refuse("the value is null.")
		return
	}
	s := headerText(v)
	size := len(name) + len(s)
	for k, vs := range env.ResponseHeaders() {
		for _, e := range vs {
			size += len(k) + len(e)
		}
	}
	if size > MaxResponseHeaderBytes {
		refuse(fmt.Sprintf("custom response headers exceed the %d byte limit.", MaxResponseHeaderBytes))
		return
	}
	env.AddResponseHeader(name, s)
}

// headerText is a value as header text: strings as they are, numbers and
// booleans as Java prints them, maps and lists as JSON.
func headerText(v any) string {
	switch t := value.From(v).(type) {
	case string:
		return t
	case *value.Map, *value.List:
		return value.ToJSON(t)
	default:
		return value.String(t)
	}
}
