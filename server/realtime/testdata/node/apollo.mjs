// @apollo/client with aws-appsync-auth-link and aws-appsync-subscription-link (AppSync's
// real-time protocol; the link appends /realtime to a custom-domain URL).
import { WebSocket } from 'ws';
globalThis.WebSocket = WebSocket;

import { ApolloClient, ApolloLink, InMemoryCache, gql } from '@apollo/client';
import { createAuthLink } from 'aws-appsync-auth-link';
import { createSubscriptionHandshakeLink } from 'aws-appsync-subscription-link';
import { tap } from 'rxjs';
import { subscriptions, Tracker } from './scenario.mjs';

// aws-appsync-subscription-link ignores the server's complete for an invalidated
// subscription: D ends when the sentinel reaches A on the same socket.
const t = new Tracker(subscriptions.map((s) => (s.name === 'D' ? { ...s, end: 'never' } : s)));
t.ended.add('D');
const url = process.env.GRAPHQL_URL;
const auth = { type: 'API_KEY', apiKey: process.env.API_KEY };
const region = 'us-east-1';
// The subscription link announces start_ack with a CONNECTED control message, which
// ApolloClient does not pass on (it has no data): a link of ours watches for it. Operation
// names are the subscription names.
const connected = new ApolloLink((operation, forward) =>
  forward(operation).pipe(
    tap((r) => {
      if (r.extensions?.controlMsgType === 'CONNECTED') t.established(operation.operationName);
    }),
  ),
);
const client = new ApolloClient({
  link: ApolloLink.from([connected, createAuthLink({ url, region, auth }), createSubscriptionHandshakeLink({ url, region, auth })]),
  cache: new InMemoryCache(),
});

for (const s of subscriptions) {
  client
    .subscribe({
      query: gql(s.query),
      variables: s.variables,
      fetchPolicy: 'no-cache',
      // Ask the link for its CONNECTED control message (sent on start_ack).
      context: { controlMessages: { '@@controlEvents': true } },
    })
    .subscribe({
      next: (r) => {
        // The link fails with a plain {errors} object, which Apollo wraps as its cause.
        if (r.error) return t.error(s.name, r.error.cause?.errors?.[0] ?? r.error);
        t.next(s.name, r.data);
      },
      error: (err) => t.error(s.name, err?.errors?.[0] ?? err),
      complete: () => t.complete(s.name),
    });
}
