package resolvers

import (
	"context"
	"errors"

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
type DirectLambda struct {
	Source DataSource
}

// Resolve invokes the function with AppSync's direct-resolver event.
func (d *DirectLambda) Resolve(ctx context.Context, p *executor.ResolveParams) (any, error) {
	req := value.NewMap()
	req.Put("version", "2018-05-29")
	req.Put("operation", "Invoke")
	req.Put("payload", Event(p))
	res, err := d.Source.Invoke(ctx, req)
	if err != nil {
		return nil, fieldError(err, res)
	}
	return res, nil
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
