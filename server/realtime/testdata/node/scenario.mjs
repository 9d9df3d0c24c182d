// The subscriptions every client opens against examples/chat, and the bookkeeping that
// decides when a client has seen everything. The Go test (clients_test.go) runs the
// mutations and compares what each client printed with what AppSync would deliver.
//
// Protocol with the Go test: the script prints {"ready":true} once every subscription is
// established, then {"result":{...}} once each subscription has reached its end (the
// sentinel message, a completion or an error), and exits.
const p = process.env.ROOM_PREFIX ?? '';

export const subscriptions = [
  {
    name: 'A', // argument filtering on one argument; selection-set cutting (text not selected)
    query: 'subscription A($roomId: ID) { onMessage(roomId: $roomId) { roomId author text } }',
    variables: { roomId: p + 'r1' },
    end: 'sentinel',
  },
  {
    name: 'B', // argument filtering on two arguments
    query: 'subscription B($roomId: ID, $author: String) { onMessage(roomId: $roomId, author: $author) { roomId author text priority } }',
    variables: { roomId: p + 'r1', author: 'bob' },
    end: 'sentinel',
  },
  {
    name: 'C', // enhanced filter set by the subscription resolver
    query: 'subscription C($roomId: ID!) { onImportant(roomId: $roomId, minPriority: 5) { roomId text priority } }',
    variables: { roomId: p + 'r1' },
    end: 'sentinel',
  },
  {
    name: 'D', // invalidated by closeRoom
    query: 'subscription D($roomId: ID!) { onRoomMessage(roomId: $roomId) { roomId text } }',
    variables: { roomId: p + 'r2' },
    end: 'complete',
  },
  {
    name: 'P', // refused by the subscription resolver ($util.unauthorized())
    query: 'subscription P($roomId: ID!) { onRoomMessage(roomId: $roomId) { roomId text } }',
    variables: { roomId: 'private-' + p + 'x' },
    end: 'error',
  },
];

// Tracker records events per subscription and reports readiness and the end.
export class Tracker {
  constructor(subs) {
    this.subs = subs;
    this.events = Object.fromEntries(subs.map((s) => [s.name, []]));
    this.completed = [];
    this.errors = {};
    this.ready = new Set();
    this.ended = new Set();
    this.readyPrinted = false;
    this.timer = setTimeout(() => this.fail('timed out; state: ' + JSON.stringify(this.state())), 60000);
  }
  state() {
    return { events: this.events, completed: this.completed, errors: this.errors };
  }
  // established marks a subscription as started (or refused).
  established(name) {
    this.ready.add(name);
    if (!this.readyPrinted && this.ready.size === this.subs.length) {
      this.readyPrinted = true;
      console.log(JSON.stringify({ ready: true }));
    }
  }
  next(name, data) {
    const ev = strip(data);
    this.events[name].push(ev);
    const field = Object.values(ev ?? {})[0];
    if (field && field.text === 'end') this.end(name, 'sentinel');
  }
  complete(name) {
    this.completed.push(name);
    this.end(name, 'complete');
  }
  error(name, err) {
    this.errors[name] = String(err?.message ?? JSON.stringify(err));
    this.established(name);
    this.end(name, 'error');
  }
  end(name, how) {
    const s = this.subs.find((x) => x.name === name);
    if (s.end !== how) return;
    this.ended.add(name);
    if (this.ended.size === this.subs.length) this.finish();
  }
  finish() {
    clearTimeout(this.timer);
    console.log(JSON.stringify({ result: this.state() }));
    setImmediate(() => process.exit(0));
  }
  fail(msg) {
    console.error(msg);
    process.exit(1);
  }
}

// strip drops __typename, which Apollo adds to every selection set.
function strip(v) {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (k !== '__typename') out[k] = strip(x);
    return out;
  }
  return v;
}
