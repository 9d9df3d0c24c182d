// aws-amplify v6: generateClient().graphql({query}).subscribe over wss:// with an API key.
// Node 20 has no global WebSocket; Amplify uses the global, so ws fills it in.
import { WebSocket } from 'ws';
globalThis.WebSocket = WebSocket;

import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { subscriptions, Tracker } from './scenario.mjs';

// Amplify answers a per-subscription authorization error by closing the shared socket to
// reconnect with fresh credentials, so the refused subscription is left out here (the
// other clients cover it).
const subs = subscriptions.filter((s) => s.name !== 'P');
// Amplify ignores the server's complete for an invalidated subscription: D ends when the
// sentinel reaches A on the same socket.
const t = new Tracker(subs.map((s) => (s.name === 'D' ? { ...s, end: 'never' } : s)));
t.ended.add('D');

Amplify.configure({
  API: {
    GraphQL: {
      endpoint: process.env.GRAPHQL_URL,
      region: 'us-east-1',
      defaultAuthMode: 'apiKey',
      apiKey: process.env.API_KEY,
    },
  },
});
const client = generateClient();

// Every start_ack is announced on the Hub; once there are as many as subscriptions, all
// are established.
let acks = 0;
Hub.listen('api', ({ payload }) => {
  if (payload.event === 'Subscription ack' && ++acks === subs.length) for (const s of subs) t.established(s.name);
});

for (const s of subs) {
  client.graphql({ query: s.query, variables: s.variables }).subscribe({
    next: (value) => t.next(s.name, value.data),
    error: (err) => t.error(s.name, err?.errors?.[0] ?? err),
    complete: () => t.complete(s.name),
  });
}
