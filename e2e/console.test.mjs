// Browser test of the Step Functions console at /console/: starts the real
// server binary on e2e/fixtures/sfn-console (state machines with Choice,
// Parallel, Map, retry and catch, a failure path and a task-token wait),
// drives the page in Debian's chromium (playwright-core), and checks what a
// person sees: the machine list, an execution started from the page going
// from running to succeeded, the graph's structure and state colours, the
// history with a state's input and output, the status filter, a failed
// execution in red with its error, and a task token answered from the page.
// Screenshots go to e2e/out/ and their paths are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, process.env.APPSYNC_LOCAL_BIN_SFN ?? '../bin/appsync-local');
const config = resolve(here, 'fixtures/sfn-console/appsync.yml');
const outDir = resolve(here, 'out');
const timeout = 30_000;

let server;
let browser;
let dataDir;

// startServer spawns the binary and resolves with the base URL it prints.
function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), 'sfn-console-'));
  const proc = spawn(bin, ['serve', '--port', '0', '--no-watch', '--data-dir', dataDir, config], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WAIT_TIME_SCALE: '1' },
  });
  let output = '';
  const ready = new Promise((resolvePromise, reject) => {
    const fail = (why) => reject(new Error(`${why}; server output so far:\n${output}`));
    const timer = setTimeout(() => fail(`no Console line from ${bin} within ${timeout} ms`), timeout);
    proc.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      const m = output.match(/Console:\s+(\S+)/);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ console: m[1], base: new URL('/', m[1]).href });
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    proc.on('error', (err) => { clearTimeout(timer); fail(`start ${bin}: ${err.message}`); });
    proc.on('exit', (code, signal) => { clearTimeout(timer); fail(`${bin} exited (code ${code}, signal ${signal})`); });
  });
  return { proc, ready };
}

// sfn calls the Step Functions API the way any SDK does.
async function sfn(op, input) {
  const res = await fetch(server.info.base, {
    method: 'POST',
    headers: { 'X-Amz-Target': `AWSStepFunctions.${op}`, 'Content-Type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(input),
  });
  const body = await res.json();
  assert.equal(res.status, 200, `${op}: ${JSON.stringify(body)}`);
  return body;
}

function isLoopback(url) {
  const { protocol, hostname } = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(protocol)) return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

before(async () => {
  server = startServer();
  server.info = await server.ready;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    timeout,
  });
});

after(async () => {
  await browser?.close();
  const s = server;
  if (s?.proc.pid && s.proc.exitCode === null && s.proc.signalCode === null) {
    s.proc.removeAllListeners('exit');
    const exited = new Promise((r) => s.proc.once('exit', r));
    s.proc.kill('SIGTERM');
    const force = setTimeout(() => s.proc.kill('SIGKILL'), 5_000); // if SIGTERM is ignored
    await exited;
    clearTimeout(force);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// openPage opens a page that fails the test on off-loopback requests or page
// errors, and keeps a screenshot named name-failure.png if the test fails.
async function openPage(t, name) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  mkdirSync(outDir, { recursive: true });
  const state = { passed: false, remote: [], errors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    state.remote.push(url);
    return route.abort();
  });
  page.on('pageerror', (err) => state.errors.push(err.message));
  t.after(async () => {
    if (!state.passed) await page.screenshot({ path: resolve(outDir, `${name}-failure.png`), fullPage: true }).catch(() => {});
    await context.close();
  });
  state.finish = () => {
    assert.deepEqual(state.remote, [], 'requests left the loopback interface');
    assert.deepEqual(state.errors, [], 'errors on the page');
    state.passed = true;
  };
  return { page, state };
}

async function shot(page, file) {
  const path = resolve(outDir, file);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

// statuses reads each state node's outcome class from the graph.
const statuses = (page) => page.$$eval('#graph g.node.state', (els) => Object.fromEntries(els.map((el) => [
  el.dataset.state, [...el.classList].find((c) => c.startsWith('status-')).slice('status-'.length)])));

// startFromPage fills the start form on a machine's page and waits for the execution page.
async function startFromPage(page, machine, name, input) {
  await page.goto(server.info.console, { waitUntil: 'load' });
  await page.locator('#machines a', { hasText: new RegExp(`^${machine}$`) }).click();
  await page.locator('#start').waitFor();
  await page.fill('#start-name', name);
  await page.fill('#start-input', input);
  await page.click('#start');
  await page.waitForURL(/#\/execution\//);
  await page.locator('#graph').waitFor();
}

test('console starts an execution with JSON input and shows it live, graph, history and filter', async (t) => {
  const { page, state } = await openPage(t, 'console');
  const res = await page.goto(server.info.console, { waitUntil: 'load' });
  assert.equal(res.status(), 200);

  // The machine list.
  const names = await page.$$eval('#machines tr.machine a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(names.sort(), ['approval', 'pipeline', 'retrying']);

  // Bad JSON is refused in the page, before any request.
  await page.locator('#machines a', { hasText: /^pipeline$/ }).click();
  await page.fill('#start-input', '{"order": ');
  await page.click('#start');
  await page.locator('#start-error .error', { hasText: 'not valid JSON' }).waitFor();
  // An API error is shown: an execution name AWS rejects.
  await page.fill('#start-input', '{}');
  await page.fill('#start-name', 'bad name with spaces');
  await page.click('#start');
  await page.locator('#start-error .error', { hasText: 'InvalidName' }).waitFor();

  const input = { order: { id: 'o-1', note: 'x'.repeat(300) }, items: ['a', 'b', 'c'] };
  await page.fill('#start-name', 'from-the-page');
  await page.fill('#start-input', JSON.stringify(input, null, 2));
  await page.click('#start');
  await page.waitForURL(/#\/execution\/.*from-the-page/);

  // Live: the page shows a state running, then the end, without a reload.
  await page.locator('#graph g.node.state.status-running').first().waitFor();
  await page.locator('#execution-status', { hasText: 'SUCCEEDED' }).waitFor();

  // Graph structure: every state a node, Parallel branches and the Map
  // processor as groups nested in their state's group, one edge per transition.
  const stateNames = await page.$$eval('#graph g.node.state', (els) => els.map((el) => el.dataset.state).sort());
  assert.deepEqual(stateNames, ['Boom', 'Charge', 'Done', 'EachItem', 'Fanout', 'Flaky', 'Hold', 'Pause', 'Price', 'Reject', 'Reserve', 'Route', 'Validate']);
  assert.equal(await page.locator('#graph g.node.join').count(), 3, 'a join node per Parallel and Map');
  assert.equal(await page.locator('#graph path.edge').count(), 20);
  assert.equal(await page.locator('#graph path.edge.catch').count(), 1);
  assert.equal(await page.locator('#graph path.edge.choice').count(), 1);
  assert.equal(await page.locator('#graph path.edge.default').count(), 1);
  const groups = await page.$$eval('#graph g.group', (els) => els.map((el) => el.dataset.kind).sort());
  assert.deepEqual(groups, ['branch', 'branch', 'branch', 'branch', 'map', 'parallel', 'parallel']);
  // Nesting, by geometry: each branch group lies inside its state's group and
  // holds its states.
  const inside = await page.evaluate(() => {
    const box = (el) => el.getBBox();
    const within = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
    const group = (id) => document.querySelector(`#graph g.group[data-group="${id}"] > rect`);
    const node = (name) => document.querySelector(`#graph g.node.state[data-state="${name}"] > rect`);
    const nodeBox = (name) => { const el = node(name); const m = el.parentNode.transform.baseVal.consolidate().matrix; const b = box(el); return { x: b.x + m.e, y: b.y + m.f, width: b.width, height: b.height }; };
    return {
      branchInFanout: within(box(group('Fanout/group/1')), box(group('Fanout/group'))),
      pauseInBranch: within(nodeBox('Pause'), box(group('Fanout/group/1'))),
      chargeInBranch: within(nodeBox('Charge'), box(group('Fanout/group/1'))),
      reserveNotInBranch1: !within(nodeBox('Reserve'), box(group('Fanout/group/1'))),
      priceInMap: within(nodeBox('Price'), box(group('EachItem/group/0'))),
      mapNodeOutsideGroup: !within(nodeBox('EachItem'), box(group('EachItem/group'))),
    };
  });
  for (const [k, v] of Object.entries(inside)) assert.ok(v, k);

  // Outcomes: the Parallel that failed, was retried and caught; its Fail state red.
  assert.deepEqual(await statuses(page), {
    Hold: 'succeeded', Validate: 'succeeded', Route: 'succeeded', Reject: 'notrun', Fanout: 'succeeded', Reserve: 'succeeded',
    Pause: 'succeeded', Charge: 'succeeded', EachItem: 'succeeded', Price: 'succeeded', Flaky: 'caught', Boom: 'failed', Done: 'succeeded',
  });
  const legend = await page.$$eval('#legend > span', (els) => els.map((el) => el.dataset.status));
  assert.deepEqual(legend, ['notrun', 'running', 'succeeded', 'failed', 'caught', 'retried']);

  // A state's input and output, from the graph.
  await page.locator('#graph g.node.state[data-state="Validate"]').click();
  await page.locator('#state-name', { hasText: 'Validate' }).waitFor();
  assert.deepEqual(JSON.parse(await page.locator('#state-panel pre.state-input').textContent()), input);
  assert.deepEqual(JSON.parse(await page.locator('#state-panel pre.state-output').textContent()), { ...input, validated: true });
  assert.equal(await page.locator('#state-status').textContent(), 'succeeded');
  await page.locator('#graph g.node.state[data-state="Flaky"]').click();
  await page.locator('#state-name', { hasText: 'Flaky' }).waitFor();
  assert.equal(await page.locator('#state-status').textContent(), 'caught');
  assert.equal(await page.locator('#state-panel .state-error', { hasText: 'ParallelStateFailed' }).count(), 2, 'both attempts failed');

  // The history: every event, with the state it belongs to; a row opens to its data.
  const arn = decodeURIComponent(new URL(page.url()).hash.replace('#/execution/', ''));
  const history = await sfn('GetExecutionHistory', { executionArn: arn, maxResults: 1000 });
  assert.equal(await page.locator('#events tr.event').count(), history.events.length);
  const priced = page.locator('#events tr.event[data-type="MapStateExited"]');
  assert.equal(await priced.locator('td').nth(2).textContent(), 'EachItem');
  await priced.click();
  const detail = page.locator('#events tr.event-details .detail[data-key="output"] pre');
  await detail.waitFor();
  const mapOut = JSON.parse(await detail.textContent());
  assert.deepEqual(mapOut.priced, [{ sku: 'a', price: 10 }, { sku: 'b', price: 10 }, { sku: 'c', price: 10 }]);
  assert.deepEqual(mapOut.fanout, ['reserved', 'charged']);
  const elapsed = await page.$$eval('#events tr.event td:nth-child(5)', (tds) => tds.map((td) => parseInt(td.textContent.replace(/[^0-9]/g, ''), 10)));
  assert.equal(elapsed[0], 0);
  assert.ok(elapsed.at(-1) >= 2000, `the run waited 2 s and more, the last event is at +${elapsed.at(-1)} ms`);
  assert.deepEqual(JSON.parse(await page.locator('pre.execution-output').textContent()).order, input.order);
  await shot(page, 'console-execution.png');

  // The status filter on the machine's page.
  await page.locator('#crumbs a', { hasText: 'pipeline' }).click();
  await page.locator('#executions, #no-executions').first().waitFor();
  await page.selectOption('#status-filter', 'SUCCEEDED');
  await page.waitForURL(/status=SUCCEEDED/);
  await page.locator('#executions tr.execution').first().waitFor();
  assert.deepEqual(await page.$$eval('#executions tr.execution a', (as) => as.map((a) => a.textContent)), ['from-the-page']);
  await page.selectOption('#status-filter', 'FAILED');
  await page.locator('#no-executions', { hasText: 'No FAILED executions' }).waitFor();
  await shot(page, 'console-machine.png');
  state.finish();
});

test('console shows a failed execution with the failing state red and its error', async (t) => {
  const { page, state } = await openPage(t, 'console-failed');
  await startFromPage(page, 'pipeline', 'no-order', '{"items": []}');
  await page.locator('#execution-status', { hasText: 'FAILED' }).waitFor();
  const st = await statuses(page);
  assert.equal(st.Reject, 'failed');
  assert.equal(st.Route, 'succeeded');
  assert.equal(st.Fanout, 'notrun');
  assert.equal(await page.locator('#execution-error').textContent(), 'NoOrder');
  assert.equal(await page.locator('pre.execution-cause').textContent(), 'the input has no order');
  await page.locator('#graph g.node.state[data-state="Reject"]').click();
  await page.locator('#state-panel .state-error', { hasText: 'ExecutionFailed: NoOrder' }).waitFor();
  const color = await page.$eval('#graph g.node.state[data-state="Reject"] > rect', (r) => getComputedStyle(r).fill);
  assert.equal(color, 'rgb(246, 193, 188)', 'the failed state is drawn red');
  await shot(page, 'console-failed.png');

  await page.locator('#crumbs a', { hasText: 'pipeline' }).click();
  await page.selectOption('#status-filter', 'FAILED');
  await page.waitForURL(/status=FAILED/);
  await page.locator('#executions tr.execution').first().waitFor();
  assert.deepEqual(await page.$$eval('#executions tr.execution a', (as) => as.map((a) => a.textContent)), ['no-order']);
  state.finish();
});

test('console answers a task token with success and with failure', async (t) => {
  const { page, state } = await openPage(t, 'console-token');
  await startFromPage(page, 'approval', 'approve-me', '{"amount": 42}');
  await page.locator('#task-panel').waitFor();
  assert.equal(await page.locator('#graph g.node.state[data-state="AskApproval"]').getAttribute('class'), 'node state status-running');
  const token = await page.inputValue('#task-token');
  assert.match(token, /\S{8,}/, 'the token is read from the TaskScheduled parameters');
  // Invalid JSON output is refused in the page.
  await page.fill('#task-output', '{nope');
  await page.click('#send-success');
  await page.locator('#task-message .error', { hasText: 'not valid JSON' }).waitFor();
  await page.fill('#task-output', '{"approved": true}');
  await shot(page, 'console-token.png');
  await page.click('#send-success');
  await page.locator('#execution-status', { hasText: 'SUCCEEDED' }).waitFor();
  assert.deepEqual(JSON.parse(await page.locator('pre.execution-output').textContent()), { approved: true });
  assert.equal((await statuses(page)).AskApproval, 'succeeded');
  assert.equal(await page.locator('#task-panel').count(), 0, 'no token panel once finished');

  await startFromPage(page, 'approval', 'reject-me', '{}');
  await page.locator('#task-panel').waitFor();
  await page.fill('#task-error', 'Rejected');
  await page.fill('#task-cause', 'no budget');
  await page.click('#send-failure');
  await page.locator('#execution-status', { hasText: 'FAILED' }).waitFor();
  assert.equal(await page.locator('#execution-error').textContent(), 'Rejected');
  assert.equal((await statuses(page)).AskApproval, 'failed');
  // A token that does not exist: the API's error is shown.
  const running = await sfn('StartExecution', {
    stateMachineArn: (await sfn('ListStateMachines', {})).stateMachines.find((m) => m.name === 'approval').stateMachineArn,
    name: 'bad-token', input: '{}',
  });
  await page.goto(`${server.info.console}#/execution/${encodeURIComponent(running.executionArn)}`);
  await page.locator('#task-panel').waitFor();
  await page.fill('#task-token', 'not-a-token');
  await page.click('#send-success');
  await page.locator('#task-message .error', { hasText: 'InvalidToken' }).waitFor();
  await sfn('StopExecution', { executionArn: running.executionArn });
  state.finish();
});

test('console marks a state that failed and succeeded on retry as retried', async (t) => {
  const { page, state } = await openPage(t, 'console-retried');
  await startFromPage(page, 'retrying', 'retry-once', '{}');
  await page.locator('#execution-status', { hasText: 'SUCCEEDED' }).waitFor();
  assert.deepEqual(await statuses(page), { Attempt: 'retried', Check: 'succeeded', Seen: 'succeeded', Mark: 'succeeded', NotYet: 'failed', Ok: 'succeeded' });
  assert.equal(await page.locator('#events tr.event[data-type="ParallelStateStarted"]').count(), 2, 'two attempts');
  await shot(page, 'console-retried.png');
  state.finish();
});

test('console polls the history while an execution runs and stops when it ends or the page is left', async (t) => {
  const { page, state } = await openPage(t, 'console-poll');
  const machine = (await sfn('ListStateMachines', {})).stateMachines.find((m) => m.name === 'approval').stateMachineArn;
  const run = await sfn('StartExecution', { stateMachineArn: machine, name: 'polled', input: '{}' });
  const isHistory = (req) => req.headers()['x-amz-target'] === 'AWSStepFunctions.GetExecutionHistory' && (req.postData() ?? '').includes(run.executionArn);
  let calls = 0;
  page.on('request', (req) => { if (isHistory(req)) calls++; });
  // A fake clock: the test moves time, so "about every second" needs no sleeping.
  await page.clock.install();
  const url = `${server.info.console}#/execution/${encodeURIComponent(run.executionArn)}`;
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('#task-panel').waitFor();
  assert.equal(calls, 1);
  for (let i = 2; i <= 3; i++) {
    const answered = page.waitForResponse((res) => isHistory(res.request()));
    await page.clock.runFor(1_100);
    await answered;
    assert.equal(calls, i, 'one more history read per second while running');
  }
  // Leaving the page stops the polling.
  await page.locator('#crumbs a', { hasText: 'approval' }).click();
  await page.locator('#executions tr.execution').first().waitFor();
  const left = calls;
  await page.clock.runFor(5_000);
  await page.selectOption('#status-filter', 'RUNNING'); // a round trip after the timers ran
  await page.waitForURL(/status=RUNNING/);
  await page.locator('#executions tr.execution').first().waitFor();
  assert.equal(calls, left, 'no history reads after leaving the execution page');

  // A finished execution is read once.
  const token = JSON.parse((await sfn('GetExecutionHistory', { executionArn: run.executionArn })).events
    .find((e) => e.type === 'TaskScheduled').taskScheduledEventDetails.parameters).Item.taskToken.S;
  await sfn('SendTaskSuccess', { taskToken: token, output: '{"ok":true}' });
  await page.goto(url, { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' });
  await page.locator('#execution-status', { hasText: 'SUCCEEDED' }).waitFor();
  const done = calls;
  await page.clock.runFor(5_000);
  await page.locator('#crumbs a', { hasText: 'approval' }).click();
  await page.locator('#executions tr.execution').first().waitFor();
  assert.equal(calls, done, 'no polling of a finished execution');
  state.finish();
});
