package builtins

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Env is what $util needs from the evaluation it serves.
type Env struct {
	// Now is the clock ($util.time, autoUlid, autoKsuid); nil means time.Now.
	Now func() time.Time
	// Log receives $util.log.* output; nil discards it.
	Log *slog.Logger
	// AuthType is the caller's mode as $util.authType() reports it: "API Key
	// Authorization", "IAM Authorization", "User Pool Authorization", "Open ID
	// Connect Authorization" or "Lambda Authorization".
	AuthType string
	// FieldName and ParentTypeName name the field being resolved, for
	// $util.unauthorized's message.
	FieldName, ParentTypeName string

	mu              sync.Mutex
	errors          []*value.Error
	responseHeaders http.Header
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// AppendError records an error raised with $util.appendError.
func (e *Env) AppendError(err *value.Error) {
	e.mu.Lock()
	e.errors = append(e.errors, err)
	e.mu.Unlock()
}

// Errors returns the errors recorded with $util.appendError, in order.
func (e *Env) Errors() []*value.Error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*value.Error(nil), e.errors...)
}

// AddResponseHeader records a header set with $util.http.addResponseHeader(s).
// The name keeps the case the template gave, and the most recent definition
// of a name (compared without case) wins, as AppSync documents.
func (e *Env) AddResponseHeader(name, val string) {
	e.mu.Lock()
	if e.responseHeaders == nil {
		e.responseHeaders = http.Header{}
	}
	for k := range e.responseHeaders {
		if strings.EqualFold(k, name) {
			delete(e.responseHeaders, k)
		}
	}
	e.responseHeaders[name] = []string{val}
	e.mu.Unlock()
}

// ResponseHeaders returns the headers set with $util.http.addResponseHeader(s).
func (e *Env) ResponseHeaders() http.Header {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.responseHeaders.Clone()
}

// method is one $util function; it receives the evaluation's Env.
type method func(env *Env, args []any) (any, error)

// table is a namespace: its methods and nested namespaces.
type table struct {
	methods  map[string]method
	children map[string]*table
}

// object is a namespace bound to an Env: what templates see as $util or $util.time.
type object struct {
	env *Env
	t   *table
}

// Member returns a bound method or a nested namespace.
func (o object) Member(name string) (any, bool) {
	if m, ok := o.t.methods[name]; ok {
		env := o.env
		return value.Func(func(args []any) (any, error) { return m(env, args) }), true
	}
	if c, ok := o.t.children[name]; ok {
		return object{o.env, c}, true
	}
	return nil, false
}

// Util returns $util bound to env.
func Util(env *Env) value.Object { return object{env: env, t: utilTable} }

// utilTable is $util: the core methods at the top, one child per namespace.
// Each namespace's table lives in its own file.
var utilTable = &table{
	methods: coreMethods,
	children: map[string]*table{
		"time":      timeTable,
		"str":       strTable,
		"list":      listTable,
		"map":       mapTable,
		"math":      mathTable,
		"log":       logTable,
		"dynamodb":  dynamodbTable,
		"transform": transformTable,
		"rds":       rdsTable,
		"http":      httpTable,
		"xml":       xmlTable,
	},
}
