package resolvers

import (
	"context"
	"errors"

	"github.com/appsync-local/appsync-local/batch"
	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// DataSource executes one AppSync request document (what a request mapping
// template evaluates to, e.g. {"operation": "Invoke", "payload": ...}, with
// members in template order) and returns the data source's result as values
// of package value (or plain JSON-like Go values).
//
// An error whose type has an ErrorType() string method reports that type to
// the resolver ($ctx.error.type; errorType in the response).
type DataSource interface {
	Invoke(ctx context.Context, request *value.Map) (any, error)
}

// typedError is implemented by data source errors that carry an AppSync errorType.
type typedError interface {
	error
	ErrorType() string
}

// DirectLambda is a unit resolver with no templates on an AWS_LAMBDA data
// source: AppSync sends the whole $context to the function as an Invoke and
// returns its result, turning a function error into a field error with the
// function's errorType.
//
// With MaxBatchSize > 0 the events of the field across the items of a list
// go to the function as BatchInvoke lists of at most that many; the function
// returns one result per event, in order. A result that is exactly
// {errorMessage, errorType?, data?} is that item's error.
type DirectLambda struct {
	Source       DataSource
	MaxBatchSize int
}

// Resolve invokes the function with AppSync's direct-resolver event.
func (d *DirectLambda) Resolve(ctx context.Context, p *executor.ResolveParams) (any, error) {
	req := value.NewMap()
	req.Put("version", "2018-05-29")
	op := "Invoke"
	if d.MaxBatchSize > 0 {
		op = "BatchInvoke"
		ctx = batch.With(ctx, p.Batch, d.MaxBatchSize)
	}
	req.Put("operation", op)
	req.Put("payload", Event(p))
	res, err := d.Source.Invoke(ctx, req)
	if err != nil {
		return nil, fieldError(err, res)
	}
	if op == "BatchInvoke" {
		if msg, typ, data, ok := itemError(res); ok {
			return nil, fieldError(&itemErr{msg, typ}, data)
		}
	}
	return res, nil
}

// itemError recognises a BatchInvoke item that reports an error:
// a map with a string errorMessage and no keys but errorMessage, errorType
// and data.
func itemError(v any) (msg, typ string, data any, ok bool) {
	m, isMap := value.From(v).(*value.Map)
	if !isMap {
		return "", "", nil, false
	}
	msg, ok = get(m, "errorMessage").(string)
	if !ok {
		return "", "", nil, false
	}
	for _, k := range m.Keys() {
		if k != "errorMessage" && k != "errorType" && k != "data" {
			return "", "", nil, false
		}
	}
	typ, _ = get(m, "errorType").(string)
	return msg, typ, get(m, "data"), true
}

type itemErr struct{ msg, typ string }

func (e *itemErr) Error() string     { return e.msg }
func (e *itemErr) ErrorType() string { return e.typ }

func get(m *value.Map, key string) any {
	v, _ := m.Get(key)
	return v
}

// Event is the direct Lambda resolver event: AppSync's Context as JSON.
func Event(p *executor.ResolveParams) map[string]any {
	var domain any
	if p.Request.DomainName != "" {
		domain = p.Request.DomainName
	}
	return map[string]any{
		"arguments": p.Arguments,
		"identity":  p.Request.Identity,
		"source":    p.Source,
		"request": map[string]any{
			"headers":    headerMap(p.Request.Headers),
			"domainName": domain,
		},
		"prev":  nil,
		"info":  p.Info,
		"stash": map[string]any{},
	}
}

// fieldError maps a data source error to AppSync's field error, as the
// default direct-Lambda response template does:
// $util.error($ctx.error.message, $ctx.error.type, $ctx.result).
func fieldError(err error, result any) error {
	e := &executor.Error{Message: err.Error(), Data: result}
	var te typedError
	if errors.As(err, &te) {
		e.Type = te.ErrorType()
	}
	if e.Type == "UnauthorizedException" {
		// AppSync hides the function's message for this type.
		e.Message = "You are not authorized to make this call."
	}
	return e
}
