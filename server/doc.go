// Package server is the HTTP edge of appsync-local: one handler that routes by
// path and protocol (GraphQL over HTTP, AppSync's control-plane calls, the
// playground), authenticates callers, and translates results and errors into
// AppSync's wire shapes.
//
// The API it serves is swapped atomically: a schema upload or a config edit
// builds a complete new API (see Params.Rebuild) and Swap installs it;
// requests in flight finish on the API they started with, and a failed build
// leaves the old API serving.
package server
