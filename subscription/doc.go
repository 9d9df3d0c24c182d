// Package subscription is the subscription hub: it matches the events a
// mutation publishes against the live subscriptions of an API and hands each
// match to the subscription's non-blocking Deliver callback.
//
// The vocabulary is AppSync's. A subscription field ("onCreateTodo") fires for
// the mutations its @aws_subscribe directive names; the event is the
// mutation's result cut to the mutation's selection set, keyed by field name
// (Event.Data). A subscription matches an event by its arguments (Args: each
// given argument must equal the same-named field of the event; an explicit
// null matches only null; a field the mutation did not select never matches)
// or, when its subscription resolver set one, by an enhanced filter (Filter,
// which replaces argument matching). An invalidation (Invalidate) closes the
// subscriptions of a field whose invalidation filter matches its payload.
//
// Hub is an interface so that a shared broker can stand in for the
// in-process implementation (NewLocal) when several processes serve one API.
//
// Lifecycle: Subscribe registers a subscription and returns the function
// that ends it; after that function returns, Deliver is not called again.
// Publish and Invalidate return at once: matching and delivery run on the
// hub's own goroutines, in publication order, so a mutation never waits for
// its subscribers. Close stops the hub; later calls do nothing.
package subscription
