// Package server is the HTTP edge of appsync-local: one handler that routes by
// path and protocol (GraphQL over HTTP, AppSync's control-plane calls, the
// playground), authenticates callers, and translates results and errors into
// AppSync's wire shapes.
//
// The API it serves is swapped atomically: a schema upload or a config edit
// builds a complete new API (see Params.Rebuild) and Swap installs it;
// requests in flight finish on the API they started with, and a failed build
// leaves the old API serving.
//
// Subscriptions: the Server is the realtime.Core behind both WebSocket
// protocols (package realtime, mounted at /graphql/realtime and for upgrades
// on /graphql). Subscribe checks the authorization object, validates the
// operation and runs the subscription field's resolver (which may refuse, or
// set filters with $extensions), then registers with the subscription hub. A
// mutation over HTTP publishes its result, cut to its selection set, to the
// hub after it has run; each subscriber's event is shaped by its own selection
// set, without resolvers. Running subscriptions survive a Swap when they still
// validate against the new schema; the others are closed.
package server
