// The Step Functions console: a hash-routed page over the public AWS JSON 1.0
// API (POST with X-Amz-Target: AWSStepFunctions.<Operation>).
//   #/                      state machines
//   #/machine/ARN?status=S  a machine, its executions (filtered), start form
//   #/execution/ARN         an execution: graph, history, task tokens
'use strict';
(() => {
  const endpoint = document.querySelector('meta[name="sfn-endpoint"]').content || '/';
  const app = document.getElementById('app');
  const crumbs = document.getElementById('crumbs');
  const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
  const LEGEND = [['notrun', 'not run'], ['running', 'running'], ['succeeded', 'succeeded'],
    ['failed', 'failed'], ['caught', 'caught'], ['retried', 'retried']];
  let poll = null; // the pending history poll of the execution page

  // ---- API ----
  class APIError extends Error {
    constructor(code, message) { super(`${code}: ${message}`); this.code = code; }
  }
  async function call(op, input) {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSStepFunctions.' + op, 'Content-Type': 'application/x-amz-json-1.0' },
      body: JSON.stringify(input || {}),
    });
    const text = await res.text();
    let body = {};
    try { body = text ? JSON.parse(text) : {}; } catch { body = { message: text }; }
    if (!res.ok) {
      const code = String(body.__type || body.code || `HTTP ${res.status}`).split('#').pop();
      throw new APIError(code, body.message || body.Message || text || res.statusText);
    }
    return body;
  }
  // all pages of a list operation
  async function callAll(op, input, key) {
    let out = [], nextToken;
    do {
      const page = await call(op, { ...input, ...(nextToken ? { nextToken } : {}) });
      out = out.concat(page[key] || []);
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  // ---- DOM helpers ----
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }
  const SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, v);
    for (const c of children) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }
  function fmtTime(t) {
    if (t === undefined || t === null) return '';
    const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
    return isNaN(d) ? String(t) : d.toISOString().replace('T', ' ').replace('Z', '');
  }
  function ms(t) {
    if (t === undefined || t === null) return NaN;
    return typeof t === 'number' ? t * 1000 : Date.parse(t);
  }
  // pretty prints a JSON value or a string holding JSON
  function pretty(v) {
    if (typeof v === 'string') { try { return JSON.stringify(JSON.parse(v), null, 2); } catch { return v; } }
    return JSON.stringify(v, null, 2);
  }
  const pre = (v, cls) => h('pre', { class: 'json' + (cls ? ' ' + cls : '') }, pretty(v));
  const badge = (st) => h('span', { class: 'badge ' + st }, st);
  const errBox = (e) => h('div', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e));
  function shortName(arn) { return String(arn || '').split(':').pop(); }
  function setCrumbs(...items) {
    crumbs.replaceChildren(...items.flatMap((it, i) => [i ? ' › ' : '', it]));
  }

  // ---- routing ----
  function route() {
    if (poll) { clearTimeout(poll.timer); poll.stopped = true; poll = null; }
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, query] = hash.split('?');
    const params = new URLSearchParams(query || '');
    let m;
    if ((m = path.match(/^\/machine\/(.+)$/))) return showMachine(decodeURIComponent(m[1]), params.get('status') || '');
    if ((m = path.match(/^\/execution\/(.+)$/))) return showExecution(decodeURIComponent(m[1]));
    return showMachines();
  }
  window.addEventListener('hashchange', route);
  window.addEventListener('pagehide', () => { if (poll) { clearTimeout(poll.timer); poll.stopped = true; } });
  const machineLink = (arn, label) => h('a', { href: '#/machine/' + encodeURIComponent(arn) }, label || shortName(arn));
  const execLink = (arn, label) => h('a', { href: '#/execution/' + encodeURIComponent(arn), class: 'exec-link' }, label || shortName(arn));

  // ---- state machines ----
  async function showMachines() {
    setCrumbs('State machines');
    app.replaceChildren(h('h1', {}, 'State machines'), h('p', { class: 'muted' }, 'Loading…'));
    try {
      const machines = await callAll('ListStateMachines', {}, 'stateMachines');
      const rows = machines.map((sm) => h('tr', { class: 'machine', 'data-arn': sm.stateMachineArn },
        h('td', {}, machineLink(sm.stateMachineArn, sm.name)), h('td', {}, sm.type || ''), h('td', {}, fmtTime(sm.creationDate))));
      app.replaceChildren(h('h1', {}, 'State machines'), h('div', { class: 'card' },
        machines.length ? h('table', { id: 'machines' }, h('colgroup', {}, h('col', { style: 'width:55%' }), h('col', { style: 'width:15%' }), h('col')),
          h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Type'), h('th', {}, 'Created'))), h('tbody', {}, rows))
          : h('p', { class: 'muted' }, 'No state machines. Declare them under local.stepFunctions.stateMachines or create one with CreateStateMachine.')));
    } catch (e) {
      app.replaceChildren(h('h1', {}, 'State machines'), errBox(e));
    }
  }

  // ---- one machine ----
  async function showMachine(arn, status) {
    setCrumbs(h('a', { href: '#/' }, 'State machines'), shortName(arn));
    app.replaceChildren(h('h1', {}, shortName(arn)), h('p', { class: 'muted' }, 'Loading…'));
    let sm;
    try { sm = await call('DescribeStateMachine', { stateMachineArn: arn }); } catch (e) { app.replaceChildren(h('h1', {}, shortName(arn)), errBox(e)); return; }
    const filter = h('select', { id: 'status-filter', 'aria-label': 'Status filter',
      onchange: () => { location.hash = '#/machine/' + encodeURIComponent(arn) + (filter.value ? '?status=' + filter.value : ''); } },
    h('option', { value: '' }, 'All statuses'), STATUSES.map((st) => h('option', { value: st, selected: st === status }, st)));
    const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));

    const input = h('textarea', { id: 'start-input', spellcheck: 'false', 'aria-label': 'Execution input (JSON)' }, '{}');
    const name = h('input', { type: 'text', id: 'start-name', placeholder: 'optional execution name', 'aria-label': 'Execution name' });
    const msg = h('div', { id: 'start-error' });
    const start = h('button', { id: 'start', type: 'button', onclick: async () => {
      msg.replaceChildren();
      const text = input.value.trim() || '{}';
      try { JSON.parse(text); } catch (e) { msg.replaceChildren(errBox('Input is not valid JSON: ' + e.message)); return; }
      start.disabled = true;
      try {
        const out = await call('StartExecution', { stateMachineArn: arn, input: text, ...(name.value.trim() ? { name: name.value.trim() } : {}) });
        location.hash = '#/execution/' + encodeURIComponent(out.executionArn);
      } catch (e) { msg.replaceChildren(errBox(e)); } finally { start.disabled = false; }
    } }, 'Start execution');

    app.replaceChildren(
      h('h1', {}, sm.name || shortName(arn), ' ', h('span', { class: 'badge' }, sm.type || '')),
      h('div', { class: 'card' }, h('dl', { class: 'kv' }, h('dt', {}, 'ARN'), h('dd', {}, arn), h('dt', {}, 'Status'), h('dd', {}, sm.status || ''),
        h('dt', {}, 'Created'), h('dd', {}, fmtTime(sm.creationDate)))),
      h('div', { class: 'card', id: 'start-form' }, h('h2', {}, 'Start an execution'),
        h('div', { class: 'row' }, name), input, msg, h('div', { class: 'row' }, start)),
      h('div', { class: 'card' }, h('div', { class: 'row' }, h('h2', { style: 'margin:0' }, 'Executions'), filter), list),
      h('details', { class: 'card' }, h('summary', {}, 'Definition'), pre(sm.definition || '')));

    try {
      const execs = await callAll('ListExecutions', { stateMachineArn: arn, ...(status ? { statusFilter: status } : {}) }, 'executions');
      list.replaceChildren(execs.length ? h('table', { id: 'executions' },
        h('colgroup', {}, h('col', { style: 'width:40%' }), h('col', { style: 'width:14%' }), h('col'), h('col')),
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Started'), h('th', {}, 'Stopped'))),
        h('tbody', {}, execs.map((x) => h('tr', { class: 'execution', 'data-status': x.status },
          h('td', {}, execLink(x.executionArn, x.name)), h('td', {}, badge(x.status)), h('td', {}, fmtTime(x.startDate)), h('td', {}, fmtTime(x.stopDate))))))
        : h('p', { class: 'muted', id: 'no-executions' }, status ? `No ${status} executions.` : 'No executions yet.'));
    } catch (e) { list.replaceChildren(errBox(e)); }
  }

  // ---- graph model from the definition ----
  // Nodes: {id, name, type, kind:'state'|'join', parent}; groups: {id, label, parent, kind};
  // edges: {from, to, kind, label}.
  function buildGraph(def) {
    const g = { nodes: [], groups: [], edges: [] };
    const byName = {};
    // addMachine adds the states of one (sub)machine; returns {start, ends}: node
    // ids entering it and the ids of its terminal states.
    function addMachine(m, prefix, parent) {
      const states = (m && m.States) || {};
      const ends = [];
      const exitOf = {}; // state id -> node the outgoing edges leave from
      for (const [name, st] of Object.entries(states)) {
        const id = prefix + name;
        g.nodes.push({ id, name, type: st.Type, kind: 'state', parent });
        (byName[name] = byName[name] || []).push(id);
        exitOf[name] = id;
        let branches = null;
        if (st.Type === 'Parallel') branches = (st.Branches || []).map((b, i) => ['Branch ' + (i + 1), b]);
        if (st.Type === 'Map') branches = [['Map item processor' + (st.ItemProcessor && st.ItemProcessor.ProcessorConfig && st.ItemProcessor.ProcessorConfig.Mode === 'DISTRIBUTED' ? ' (distributed)' : ''), st.ItemProcessor || st.Iterator]];
        if (branches) {
          const gid = id + '/group';
          g.groups.push({ id: gid, label: name + (st.Type === 'Map' ? ' (Map)' : ' (Parallel)'), parent, kind: st.Type.toLowerCase() });
          const join = id + '/join';
          branches.forEach(([label, b], i) => {
            const bid = gid + '/' + i;
            g.groups.push({ id: bid, label, parent: gid, kind: 'branch' });
            const sub = addMachine(b, id + '/' + i + '/', bid);
            if (sub.start) g.edges.push({ from: id, to: sub.start, kind: 'branch' });
            for (const e of sub.ends) g.edges.push({ from: e, to: join, kind: 'branch' });
          });
          g.nodes.push({ id: join, name, type: 'end of ' + st.Type, kind: 'join', parent });
          exitOf[name] = join;
        }
      }
      for (const [name, st] of Object.entries(states)) {
        const from = exitOf[name];
        const to = (n) => (n in states ? prefix + n : null);
        const add = (n, kind, label) => { const t = to(n); if (t) g.edges.push({ from, to: t, kind, label }); };
        if (st.Next) add(st.Next, 'next');
        if (st.Type === 'Choice') {
          (st.Choices || []).forEach((c, i) => add(c.Next, 'choice', 'rule ' + (i + 1)));
          if (st.Default) add(st.Default, 'default', 'default');
        }
        for (const c of st.Catch || []) add(c.Next, 'catch', 'catch ' + (c.ErrorEquals || []).join(','));
        if (st.End || st.Type === 'Succeed' || st.Type === 'Fail') ends.push(from);
      }
      return { start: m && m.StartAt in states ? prefix + m.StartAt : null, ends };
    }
    g.nodes.push({ id: '#start', name: 'Start', type: '', kind: 'terminal', parent: null });
    g.nodes.push({ id: '#end', name: 'End', type: '', kind: 'terminal', parent: null });
    const top = addMachine(def, '', null);
    if (top.start) g.edges.push({ from: '#start', to: top.start, kind: 'next' });
    for (const e of top.ends) g.edges.push({ from: e, to: '#end', kind: 'next' });
    g.byName = byName;
    return g;
  }

  // ---- state outcomes from the history ----
  const ATTEMPT = /^(Task(Scheduled|Started)|LambdaFunctionScheduled|ActivityScheduled|ParallelStateStarted|MapStateStarted)$/;
  const FAILURE = /(Failed|TimedOut|StartFailed|ScheduleFailed|SubmitFailed)$/;
  // owners returns, per event id, the state the event belongs to (via previousEventId).
  function owners(events) {
    const byId = new Map(events.map((e) => [e.id, e]));
    const owner = new Map();
    // enclosing finds the Parallel or Map state a Started/Succeeded/Failed
    // event belongs to: back along previousEventId to its StateEntered,
    // skipping nested Parallel and Map states that completed on the way.
    const enclosing = (e) => {
      let depth = 0;
      for (let cur = byId.get(e.previousEventId); cur; cur = byId.get(cur.previousEventId)) {
        if (/^(Parallel|Map)StateExited$/.test(cur.type)) depth++;
        else if (/^(Parallel|Map)StateEntered$/.test(cur.type)) { if (depth === 0) return details(cur).name ?? null; depth--; }
      }
      return null;
    };
    for (const e of events) {
      const d = details(e);
      if ((/StateEntered$|StateExited$|^MapIteration/.test(e.type)) && d.name !== undefined) { owner.set(e.id, d.name); continue; }
      if (/^(Parallel|Map)State(Started|Succeeded|Failed|Aborted)$|^MapRun/.test(e.type)) { owner.set(e.id, enclosing(e)); continue; }
      const prev = byId.get(e.previousEventId);
      owner.set(e.id, prev && !/StateExited$/.test(prev.type) ? owner.get(prev.id) ?? null : null);
    }
    return owner;
  }
  function details(e) {
    for (const [k, v] of Object.entries(e)) if (k.endsWith('EventDetails') && v && typeof v === 'object') return v;
    return {};
  }
  function outcomes(events, execStatus, def) {
    const owner = owners(events);
    const st = {}; // name -> {entered, exited, failures, lastFailed, caught, retried, type}
    const get = (n) => (st[n] = st[n] || { entered: 0, exited: 0, failures: 0, lastFailed: false, caught: false, retried: false, type: '' });
    for (const e of events) {
      const n = owner.get(e.id);
      if (n === null || n === undefined) continue;
      const s1 = get(n);
      if (/StateEntered$/.test(e.type)) { s1.entered++; s1.lastFailed = false; s1.type = e.type.replace('StateEntered', ''); }
      else if (/StateExited$/.test(e.type)) { s1.exited++; if (s1.lastFailed) s1.caught = true; else if (s1.failures) s1.retried = true; s1.lastFailed = false; }
      else if (ATTEMPT.test(e.type)) { if (s1.lastFailed) { s1.retried = true; s1.lastFailed = false; } }
      else if (FAILURE.test(e.type) && !/^MapIteration/.test(e.type)) { s1.failures++; s1.lastFailed = true; }
    }
    const out = {};
    for (const [n, x] of Object.entries(st)) {
      let status;
      if (x.type === 'Fail') status = 'failed';
      else if (x.entered > x.exited) status = execStatus === 'RUNNING' ? 'running' : 'failed';
      else if (x.caught) status = 'caught';
      else if (x.retried) status = 'retried';
      else status = 'succeeded';
      out[n] = status;
    }
    return out;
  }

  // ---- drawing ----
  const NODE_H = 44;
  function textWidth(t, px) { return Math.min(260, Math.max(60, String(t).length * px * 0.6 + 24)); }
  function clip(t, n) { t = String(t); return t.length > n ? t.slice(0, n - 1) + '…' : t; }
  function drawGraph(g, status, onSelect, selected) {
    const dg = new dagre.graphlib.Graph({ compound: true, multigraph: true });
    dg.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 34, marginx: 12, marginy: 12 });
    dg.setDefaultEdgeLabel(() => ({}));
    for (const gr of g.groups) dg.setNode(gr.id, { label: gr.label, paddingTop: 22, clusterLabelPos: 'top' });
    for (const gr of g.groups) if (gr.parent) dg.setParent(gr.id, gr.parent);
    for (const n of g.nodes) {
      const w = n.kind === 'join' ? 90 : n.kind === 'terminal' ? 70 : Math.max(textWidth(n.name, 12), textWidth(n.type, 10));
      dg.setNode(n.id, { width: w, height: n.kind === 'state' ? NODE_H : 26 });
      if (n.parent) dg.setParent(n.id, n.parent);
    }
    g.edges.forEach((e, i) => dg.setEdge(e.from, e.to, { label: e.label || '', width: e.label ? Math.min(120, e.label.length * 6) : 0, height: e.label ? 12 : 0 }, 'e' + i));
    dagre.layout(dg);
    const gi = dg.graph();
    const svg = s('svg', { class: 'graph', id: 'graph', width: Math.ceil(gi.width + 4), height: Math.ceil(gi.height + 4), viewBox: `0 0 ${Math.ceil(gi.width + 4)} ${Math.ceil(gi.height + 4)}`, role: 'img', 'aria-label': 'State machine graph' });
    svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10z', fill: '#7b8794' }))));
    // groups, outermost first
    const depth = (id) => { let d = 0, p = dg.parent(id); while (p) { d++; p = dg.parent(p); } return d; };
    for (const gr of [...g.groups].sort((a, b) => depth(a.id) - depth(b.id))) {
      const b = dg.node(gr.id);
      if (!b) continue;
      svg.append(s('g', { class: 'group ' + gr.kind, 'data-group': gr.id, 'data-kind': gr.kind },
        s('rect', { x: b.x - b.width / 2, y: b.y - b.height / 2, width: b.width, height: b.height }),
        s('text', { x: b.x - b.width / 2 + 8, y: b.y - b.height / 2 + 14 }, clip(gr.label, Math.max(8, b.width / 6.5)))));
    }
    for (const [i, e] of g.edges.entries()) {
      const de = dg.edge({ v: e.from, w: e.to, name: 'e' + i });
      if (!de || !de.points) continue;
      const d = de.points.map((p, j) => (j ? 'L' : 'M') + p.x.toFixed(1) + ',' + p.y.toFixed(1)).join('');
      svg.append(s('path', { class: 'edge ' + e.kind, d, 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
      if (e.label && de.x !== undefined) svg.append(s('text', { class: 'edge-label', x: de.x, y: de.y + 4, 'text-anchor': 'middle' }, clip(e.label, 20)));
    }
    for (const n of g.nodes) {
      const b = dg.node(n.id);
      const cls = n.kind === 'state' ? 'node state status-' + (status[n.name] || 'notrun') : 'node ' + n.kind;
      const grp = s('g', { class: cls + (selected === n.name && n.kind === 'state' ? ' selected' : ''), 'data-id': n.id, 'data-state': n.kind === 'state' ? n.name : null,
        'data-type': n.type || null, transform: `translate(${(b.x - b.width / 2).toFixed(1)},${(b.y - b.height / 2).toFixed(1)})` },
      s('title', {}, n.name + (n.type ? ' (' + n.type + ')' : '') + (n.kind === 'state' ? ' — ' + (status[n.name] || 'not run') : '')),
      s('rect', { width: b.width, height: b.height, rx: n.kind === 'terminal' ? 13 : 6 }));
      if (n.kind === 'state') {
        grp.append(s('text', { x: b.width / 2, y: 18, 'text-anchor': 'middle' }, clip(n.name, Math.floor((b.width - 12) / 7))));
        grp.append(s('text', { class: 'type', x: b.width / 2, y: 34, 'text-anchor': 'middle' }, n.type));
        grp.addEventListener('click', () => onSelect(n.name));
      } else {
        grp.append(s('text', { x: b.width / 2, y: 17, 'text-anchor': 'middle', class: n.kind === 'join' ? 'type' : null }, n.kind === 'join' ? 'join' : n.name));
      }
      svg.append(grp);
    }
    return svg;
  }
  function legend() {
    return h('div', { class: 'legend', id: 'legend' }, LEGEND.map(([k, label]) => h('span', { 'data-status': k }, h('span', { class: 'swatch status-' + k }), label)));
  }

  // ---- task tokens ----
  // tokens finds task tokens passed in the parameters of .waitForTaskToken
  // tasks that have not finished: [{state, token}].
  function pendingTokens(events, owner) {
    const found = [];
    const done = new Set();
    for (const e of events) {
      const n = owner.get(e.id);
      if (/StateExited$/.test(e.type) || /^Task(Succeeded|Failed|TimedOut)$/.test(e.type)) done.add(n);
      if (e.type === 'TaskScheduled') {
        done.delete(n);
        const d = details(e);
        if (!String(d.resource || '').endsWith('.waitForTaskToken')) continue;
        let params = d.parameters;
        try { params = typeof params === 'string' ? JSON.parse(params) : params; } catch { params = null; }
        const tokens = [];
        (function walk(v, path) {
          if (typeof v === 'string' && /token/i.test(path)) tokens.push(v);
          else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path + '.' + k);
        })(params, '');
        found.push({ state: n, token: tokens[0] || '' });
      }
    }
    return found.filter((t) => !done.has(t.state));
  }
  function tokenPanel(pending, onSent) {
    const token = h('input', { type: 'text', id: 'task-token', 'aria-label': 'Task token', value: pending[0] ? pending[0].token : '' });
    const output = h('textarea', { id: 'task-output', spellcheck: 'false', 'aria-label': 'Task output (JSON)' }, '{}');
    const error = h('input', { type: 'text', id: 'task-error', placeholder: 'error name', 'aria-label': 'Error' });
    const cause = h('input', { type: 'text', id: 'task-cause', placeholder: 'cause', 'aria-label': 'Cause' });
    const msg = h('div', { id: 'task-message' });
    const send = async (op, input, btn) => {
      msg.replaceChildren();
      if (!token.value.trim()) { msg.replaceChildren(errBox('A task token is required.')); return; }
      btn.disabled = true;
      try { await call(op, { taskToken: token.value.trim(), ...input }); msg.replaceChildren(h('p', { class: 'muted' }, op + ' sent.')); onSent(); }
      catch (e) { msg.replaceChildren(errBox(e)); } finally { btn.disabled = false; }
    };
    const ok = h('button', { id: 'send-success', type: 'button', onclick: () => {
      const text = output.value.trim() || '{}';
      try { JSON.parse(text); } catch (e) { msg.replaceChildren(errBox('Output is not valid JSON: ' + e.message)); return; }
      send('SendTaskSuccess', { output: text }, ok);
    } }, 'Send task success');
    const fail = h('button', { id: 'send-failure', type: 'button', class: 'danger', onclick: () =>
      send('SendTaskFailure', { ...(error.value ? { error: error.value } : {}), ...(cause.value ? { cause: cause.value } : {}) }, fail) }, 'Send task failure');
    return h('div', { class: 'card', id: 'task-panel' }, h('h2', {}, 'Waiting for a task token'),
      pending.length ? h('p', { class: 'muted' }, 'Waiting: ' + pending.map((p) => p.state).join(', ')) : h('p', { class: 'muted' }, 'Paste the token of a task (activity or callback) to answer it.'),
      h('label', {}, 'Task token'), token,
      h('div', { class: 'layout' }, h('div', {}, h('label', {}, 'Output (JSON)'), output, h('div', { class: 'row' }, ok)),
        h('div', {}, h('label', {}, 'Error'), error, h('label', {}, 'Cause'), cause, h('div', { class: 'row' }, fail))), msg);
  }

  // ---- one execution ----
  async function showExecution(arn) {
    const me = { stopped: false, timer: null };
    poll = me;
    setCrumbs(h('a', { href: '#/' }, 'State machines'), '…', shortName(arn));
    app.replaceChildren(h('h1', {}, shortName(arn)), h('p', { class: 'muted' }, 'Loading…'));
    let desc, smDef, graph;
    try {
      [desc, smDef] = await Promise.all([call('DescribeExecution', { executionArn: arn }), call('DescribeStateMachineForExecution', { executionArn: arn })]);
      graph = buildGraph(JSON.parse(smDef.definition));
    } catch (e) { app.replaceChildren(h('h1', {}, shortName(arn)), errBox(e)); return; }
    if (me.stopped) return;
    setCrumbs(h('a', { href: '#/' }, 'State machines'), machineLink(desc.stateMachineArn), shortName(arn));
    const head = h('div', {});
    const graphCard = h('div', { class: 'card graph-wrap', id: 'graph-card' });
    const stateCard = h('div', { class: 'card', id: 'state-panel' }, h('p', { class: 'muted' }, 'Select a state in the graph to see its input and output.'));
    const tokenSlot = h('div', {});
    const historyCard = h('div', { class: 'card', id: 'history' });
    app.replaceChildren(head, h('div', { class: 'layout' }, h('div', {}, legend(), graphCard), h('div', {}, stateCard, tokenSlot)), historyCard);
    let selected = null, events = [], open = new Set(), tokenShown = '';

    const selectState = (name) => { selected = name; render(); };
    function renderState(owner) {
      if (!selected) return;
      const mine = events.filter((e) => owner.get(e.id) === selected);
      const entered = mine.filter((e) => /StateEntered$/.test(e.type));
      const exited = mine.filter((e) => /StateExited$/.test(e.type));
      const failures = mine.filter((e) => FAILURE.test(e.type) || /^Execution(Failed|TimedOut|Aborted)$/.test(e.type));
      const last = (a) => a[a.length - 1];
      const out = [h('h2', {}, 'State: ', h('span', { id: 'state-name' }, selected)),
        h('p', {}, 'Outcome: ', h('strong', { id: 'state-status' }, (outcomes(events, desc.status)[selected] || 'notrun').replace('notrun', 'not run')),
          entered.length > 1 ? ` (entered ${entered.length} times; showing the last)` : '')];
      if (entered.length) out.push(h('h3', {}, 'Input'), pre(details(last(entered)).input ?? '', 'state-input'));
      if (exited.length) out.push(h('h3', {}, 'Output'), pre(details(last(exited)).output ?? '', 'state-output'));
      for (const f of failures) {
        const d = details(f);
        out.push(h('div', { class: 'error state-error' }, h('strong', {}, f.type + ': '), d.error || (d.cause ? '' : 'see the failing state inside'), d.cause ? '\n' + pretty(d.cause) : ''));
      }
      stateCard.replaceChildren(...out);
    }
    function renderHistory(owner) {
      const t0 = events.length ? ms(events[0].timestamp) : 0;
      const rows = [];
      for (const e of events) {
        const d = details(e);
        const isOpen = open.has(e.id);
        const summary = d.error ? (d.error + (d.cause ? ': ' + clip(d.cause, 120) : '')) : (d.resource ? d.resourceType + ':' + d.resource : '');
        rows.push(h('tr', { class: 'event' + (isOpen ? ' open' : '') + (FAILURE.test(e.type) ? ' failure' : ''), 'data-id': e.id, 'data-type': e.type,
          onclick: () => { isOpen ? open.delete(e.id) : open.add(e.id); render(); } },
        h('td', {}, e.id), h('td', {}, e.type), h('td', {}, owner.get(e.id) || ''), h('td', {}, fmtTime(e.timestamp)),
        h('td', {}, isNaN(t0) ? '' : '+' + Math.max(0, Math.round(ms(e.timestamp) - t0)) + ' ms'), h('td', {}, clip(summary, 160))));
        if (isOpen) {
          const parts = [];
          for (const [k, v] of Object.entries(d)) {
            if (k.endsWith('Details') && typeof v === 'object') continue;
            parts.push(h('div', { class: 'detail', 'data-key': k }, h('strong', {}, k), ['input', 'output', 'parameters', 'cause'].includes(k) ? pre(v) : h('span', {}, ' ', typeof v === 'object' ? JSON.stringify(v) : String(v))));
          }
          rows.push(h('tr', { class: 'event-details', 'data-id': e.id }, h('td', { colspan: 6 }, parts.length ? parts : h('span', { class: 'muted' }, 'No details.'))));
        }
      }
      historyCard.replaceChildren(h('h2', {}, `Event history (${events.length})`), h('table', { id: 'events' },
        h('colgroup', {}, h('col', { style: 'width:5%' }), h('col', { style: 'width:20%' }), h('col', { style: 'width:17%' }), h('col', { style: 'width:19%' }), h('col', { style: 'width:9%' }), h('col')),
        h('thead', {}, h('tr', {}, ['ID', 'Type', 'State', 'Timestamp', 'Elapsed', 'Details'].map((t) => h('th', {}, t)))), h('tbody', {}, rows)));
    }
    function render() {
      const owner = owners(events);
      const status = outcomes(events, desc.status);
      head.replaceChildren(h('h1', {}, shortName(arn), ' ', h('span', { id: 'execution-status', class: 'badge ' + desc.status }, desc.status)),
        h('div', { class: 'card' }, h('dl', { class: 'kv' },
          h('dt', {}, 'State machine'), h('dd', {}, machineLink(desc.stateMachineArn)),
          h('dt', {}, 'Execution ARN'), h('dd', {}, arn),
          h('dt', {}, 'Started'), h('dd', {}, fmtTime(desc.startDate)),
          desc.stopDate ? [h('dt', {}, 'Stopped'), h('dd', {}, fmtTime(desc.stopDate))] : null,
          desc.error ? [h('dt', {}, 'Error'), h('dd', { id: 'execution-error', class: 'error' }, desc.error)] : null,
          desc.cause ? [h('dt', {}, 'Cause'), h('dd', {}, pre(desc.cause, 'execution-cause'))] : null),
        h('details', {}, h('summary', {}, 'Input'), pre(desc.input ?? '', 'execution-input')),
        desc.output !== undefined ? h('details', { open: true }, h('summary', {}, 'Output'), pre(desc.output, 'execution-output')) : null));
      graphCard.replaceChildren(drawGraph(graph, status, selectState, selected));
      renderState(owner);
      renderHistory(owner);
      const pending = desc.status === 'RUNNING' ? pendingTokens(events, owner) : [];
      const key = pending.map((p) => p.state + p.token).join('|');
      if (desc.status !== 'RUNNING') tokenSlot.replaceChildren();
      else if (key !== tokenShown || !tokenSlot.firstChild) { tokenShown = key; tokenSlot.replaceChildren(tokenPanel(pending, refresh)); }
      app.dataset.executionStatus = desc.status;
      app.dataset.events = String(events.length);
    }
    async function refresh() {
      if (me.stopped) return;
      clearTimeout(me.timer);
      try {
        // The status first: a history read after it is at least as recent.
        desc = await call('DescribeExecution', { executionArn: arn });
        events = await callAll('GetExecutionHistory', { executionArn: arn, includeExecutionData: true, maxResults: 1000 }, 'events');
        if (me.stopped) return;
        render();
      } catch (e) {
        if (me.stopped) return;
        historyCard.replaceChildren(errBox(e));
      }
      // Poll about every second while the execution runs and the page shows it.
      if (!me.stopped && desc.status === 'RUNNING') me.timer = setTimeout(refresh, 1000);
    }
    await refresh();
  }

  route();
})();
