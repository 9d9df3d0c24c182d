package resolvers

import (
	"fmt"

	"github.com/appsync-local/appsync-local/executor"
	"github.com/appsync-local/appsync-local/resolvers/builtins"
	"github.com/appsync-local/appsync-local/resolvers/value"
)

// extensionsObject is $extensions: what a resolver asks of AppSync beyond
// its field's value. Calls are recorded on the request; the executor and
// the server act on them (subscribe time, after a mutation).
type extensionsObject struct {
	req *executor.Request
}

// Member returns $extensions' methods.
func (x extensionsObject) Member(name string) (any, bool) {
	switch name {
	case "setSubscriptionFilter":
		return value.Func(func(args []any) (any, error) { return x.filter(name, args, x.req.SetSubscriptionFilter) }), true
	case "setSubscriptionInvalidationFilter":
		return value.Func(func(args []any) (any, error) {
			return x.filter(name, args, x.req.SetSubscriptionInvalidationFilter)
		}), true
	case "invalidateSubscriptions":
		return value.Func(x.invalidate), true
	case "evictFromApiCache":
		// appsync-local has no resolver cache: there is nothing to evict.
		return value.Func(func([]any) (any, error) { return "", nil }), true
	}
	return nil, false
}

// filter validates a filter against AppSync's limits, with AWS's messages,
// and records it.
func (x extensionsObject) filter(name string, args []any, set func(any)) (any, error) {
	if len(args) != 1 {
		return nil, &value.Error{Message: fmt.Sprintf("$extensions.%s takes one argument, the filter, got %d", name, len(args))}
	}
	if err := builtins.ValidateSubscriptionFilter(args[0]); err != nil {
		return nil, &value.Error{Message: err.Error()}
	}
	set(value.ToGo(value.From(args[0])))
	return "", nil
}

// invalidate records invalidateSubscriptions({"subscriptionField": "onX", "payload": {...}}).
func (x extensionsObject) invalidate(args []any) (any, error) {
	bad := &value.Error{Message: `$extensions.invalidateSubscriptions takes one object: {"subscriptionField": "onX", "payload": {...}}`}
	if len(args) != 1 {
		return nil, bad
	}
	m, ok := value.From(args[0]).(*value.Map)
	if !ok {
		return nil, bad
	}
	fv, _ := m.Get("subscriptionField")
	field, ok := fv.(string)
	if !ok || field == "" {
		return nil, bad
	}
	pv, _ := m.Get("payload")
	payload, ok := value.ToGo(value.From(pv)).(map[string]any)
	if !ok {
		if pv != nil {
			return nil, bad
		}
		payload = map[string]any{}
	}
	if err := x.req.InvalidateSubscriptions(executor.Invalidation{Field: field, Payload: payload}); err != nil {
		return nil, &value.Error{Message: err.Error()}
	}
	return "", nil
}
