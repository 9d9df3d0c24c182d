// Package realtime serves GraphQL subscriptions over WebSocket in the two protocols clients
// speak: AppSync's real-time protocol (subprotocol "graphql-ws", used by Amplify and
// aws-appsync-subscription-link) and graphql-transport-ws (the graphql-ws library, Apollo,
// urql, GraphiQL). Both are thin exchangers over one Core, which package server implements
// (validation, authorization, resolvers, the hub); this package owns the wire formats,
// connection lifecycle, per-connection outgoing queues and AppSync's limits.
//
// Lifecycle of a connection:
//
//  1. ServeHTTP upgrades the request, selecting the subprotocol the client asked for
//     (graphql-transport-ws when offered, otherwise graphql-ws).
//  2. AppSync: the authorization header object (?header=, a header-<base64url>
//     subprotocol, or the upgrade's headers) goes to Core.AuthorizeConnection at once; a
//     refusal is answered with connection_error when the client first speaks, then the
//     socket closes. connection_init is answered with connection_ack and ka, and ka repeats
//     every Params.KeepAlive; anything sent before the ack is ignored.
//     graphql-transport-ws: connection_init must come within Params.InitTimeout (4408); its
//     payload, merged over the upgrade headers, is authorized (4403) and acknowledged.
//  3. Each start/subscribe calls Core.Subscribe with the per-subscription authorization.
//     Events the core delivers are framed and queued without blocking; start_ack always
//     precedes the first data. stop/complete from the client ends the subscription; the
//     core's closed callback ends it from the server's side (complete).
//  4. The connection ends when the client closes it, on a protocol violation, after
//     Params.MaxLifetime, when its queue of Params.QueueSize frames overflows (slow
//     consumer: the queue is dropped and an error and close frame follow), or on
//     Handler.Close. Every subscription is then stopped.
package realtime
