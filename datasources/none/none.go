// Package none is AppSync's NONE data source: it calls nothing, and the
// request document's payload becomes the result ($ctx.result), which is how
// templates compute values, relay subscriptions and glue pipelines.
package none

import (
	"context"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// Source is a NONE data source.
type Source struct{}

// Invoke returns the request's payload.
func (Source) Invoke(_ context.Context, req *value.Map) (any, error) {
	v, _ := req.Get("payload")
	return v, nil
}
