// The graphql-ws client (graphql-transport-ws) on wss://.../graphql, the API key in
// connection_init's payload.
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { subscriptions, Tracker } from './scenario.mjs';

const t = new Tracker(subscriptions);
const client = createClient({
  url: process.env.GRAPHQL_URL.replace(/^http/, 'ws'),
  webSocketImpl: WebSocket,
  connectionParams: { 'x-api-key': process.env.API_KEY },
  keepAlive: 25, // ms between pings
  lazy: false,
});

// graphql-transport-ws has no per-subscription acknowledgement. The server handles a
// connection's messages in order, so a pong answering a ping sent after the subscribe
// messages proves they were processed.
client.on('connected', () => {
  for (const s of subscriptions) {
    client.subscribe(
      { query: s.query, variables: s.variables },
      {
        next: (value) => t.next(s.name, value.data),
        error: (err) => t.error(s.name, Array.isArray(err) ? err[0] : err),
        complete: () => t.complete(s.name),
      },
    );
  }
  let pingSent = false;
  client.on('ping', (received) => {
    if (!received) pingSent = true;
  });
  client.on('pong', (received) => {
    if (received && pingSent) for (const s of subscriptions) if (s.end !== 'error') t.established(s.name);
  });
});
