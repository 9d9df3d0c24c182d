// Browser test of the GraphQL playground: starts the real server binary, opens
// its playground in Debian's chromium (driven by playwright-core), runs a query,
// checks the API key header and the schema docs, and fails if the page asks
// for anything outside the loopback interface.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, process.env.APPSYNC_LOCAL_BIN ?? '../bin/hello');
const config = resolve(here, process.env.APPSYNC_LOCAL_CONFIG ?? '../examples/hello/appsync.yml');
// The subscription test serves examples/chat with the generic binary.
const chatBin = resolve(here, process.env.APPSYNC_LOCAL_CHAT_BIN ?? '../bin/appsync-local');
const chatConfig = resolve(here, '../examples/chat/appsync.yml');
const outDir = resolve(here, 'out');
const timeout = 30_000;

let server;
let chatServer;
let browser;

// startServer spawns the binary and resolves with the URLs and key it prints.
function startServer(binPath = bin, configPath = config) {
  const proc = spawn(binPath, ['serve', '--port', '0', '--no-watch', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolvePromise, reject) => {
    const fail = (why) => reject(new Error(`${why}; server output so far:\n${output}`));
    const timer = setTimeout(() => fail(`no GraphQL/Playground/API key lines from ${binPath} within ${timeout} ms`), timeout);
    const onData = (chunk) => {
      output += chunk;
      const graphql = output.match(/GraphQL:\s+(\S+)/);
      const playground = output.match(/Playground:\s+(\S+)/);
      const apiKey = output.match(/API key:\s+(\S+)/);
      if (graphql && playground && apiKey) {
        clearTimeout(timer);
        resolvePromise({ graphql: graphql[1], playground: playground[1], apiKey: apiKey[1] });
      }
    };
    proc.stdout.setEncoding('utf8').on('data', onData);
    proc.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    proc.on('error', (err) => { clearTimeout(timer); fail(`start ${binPath}: ${err.message}`); });
    proc.on('exit', (code, signal) => { clearTimeout(timer); fail(`${binPath} exited (code ${code}, signal ${signal})`); });
  });
  return { proc, ready };
}

function isLoopback(url) {
  const { protocol, hostname } = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(protocol)) return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

before(async () => {
  server = startServer();
  server.info = await server.ready;
  chatServer = startServer(chatBin, chatConfig);
  chatServer.info = await chatServer.ready;
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
  for (const s of [server, chatServer]) {
    if (s?.proc.pid && s.proc.exitCode === null && s.proc.signalCode === null) {
      s.proc.removeAllListeners('exit');
      const exited = new Promise((r) => s.proc.once('exit', r));
      s.proc.kill('SIGTERM');
      const force = setTimeout(() => s.proc.kill('SIGKILL'), 5_000); // if SIGTERM is ignored
      await exited;
      clearTimeout(force);
    }
  }
});

test('playground runs a query offline with the API key', async (t) => {
  const { playground, apiKey } = server.info;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  mkdirSync(outDir, { recursive: true });
  let passed = false;
  t.after(async () => {
    // On failure, keep a picture of the page to see where it stopped.
    if (!passed) await page.screenshot({ path: resolve(outDir, 'playground-failure.png') }).catch(() => {});
    await context.close();
  });

  // Any request off the loopback interface fails the test (and is not sent).
  const remote = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    remote.push(url);
    return route.abort();
  });
  context.on('request', (req) => { if (!isLoopback(req.url())) remote.push(req.url()); });
  page.on('websocket', (ws) => { if (!isLoopback(ws.url())) remote.push(ws.url()); });
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  const response = await page.goto(playground, { waitUntil: 'load' });
  assert.equal(response.status(), 200, `GET ${playground}`);

  // The header editor is prefilled with the key (waits for GraphiQL to render).
  const headers = page.locator('section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror');
  await headers.waitFor();
  await page.waitForFunction((key) => {
    const cm = document.querySelector('section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror');
    return cm?.CodeMirror.getValue().includes(key);
  }, apiKey);
  const headerText = await headers.evaluate((el) => el.CodeMirror.getValue());
  assert.deepEqual(JSON.parse(headerText), { 'x-api-key': apiKey });

  // Type the query; insertText skips CodeMirror's bracket auto-closing.
  const query = '{ hello(name: "Ada") }';
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
  assert.equal(await editor.evaluate((el) => el.CodeMirror.getValue()), query);

  await page.locator('button.graphiql-execute-button').click();
  await page.waitForFunction(() => {
    const text = document.querySelector('section.result-window .CodeMirror')?.CodeMirror.getValue() ?? '';
    return text.includes('"hello"') && text.includes('Ada');
  });
  const result = await page.locator('section.result-window .CodeMirror').evaluate((el) => el.CodeMirror.getValue());
  assert.match(JSON.parse(result).data.hello, /Ada/);

  // The docs come from introspection: Query lists hello.
  await page.locator('button[aria-label="Show Documentation Explorer"]').click();
  await page.locator('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).first().click();
  await page.locator('.graphiql-doc-explorer-title', { hasText: 'Query' }).waitFor();
  await page.locator('a.graphiql-doc-explorer-field-name', { hasText: /^hello$/ }).waitFor();

  await page.screenshot({ path: resolve(outDir, 'playground.png') });

  assert.deepEqual(remote, [], 'requests left the loopback interface');
  assert.deepEqual(pageErrors, [], 'errors on the page');
  passed = true;
});

test('playground runs a subscription over graphql-transport-ws and shows a mutation\'s event', async (t) => {
  const { playground, graphql, apiKey } = chatServer.info;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  mkdirSync(outDir, { recursive: true });
  let passed = false;
  t.after(async () => {
    if (!passed) await page.screenshot({ path: resolve(outDir, 'subscription-failure.png') }).catch(() => {});
    await context.close();
  });
  const remote = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    remote.push(url);
    return route.abort();
  });
  const sockets = [];
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    if (!isLoopback(ws.url())) remote.push(ws.url());
  });
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await page.goto(playground, { waitUntil: 'load' });
  // Wait until the header editor holds the key: the subscription's connection_init carries it.
  await page.waitForFunction((key) => {
    const cm = document.querySelector('section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror');
    return cm?.CodeMirror.getValue().includes(key);
  }, apiKey);

  const subscription = 'subscription { onMessage(roomId: "playground") { roomId author text } }';
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(subscription);
  // Run at once: the page must send a just-pasted subscription over the WebSocket too.
  await page.locator('button.graphiql-execute-button').click();

  // graphql-transport-ws has no subscribe acknowledgement, so publish until the event
  // shows (the first messages may precede the subscription).
  const resultText = () => page.locator('section.result-window .CodeMirror').evaluate((el) => el.CodeMirror.getValue());
  const deadline = Date.now() + timeout;
  let text = '';
  for (let i = 0; !text.includes('"onMessage"') && Date.now() < deadline; i++) {
    const res = await fetch(graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query: `mutation { sendMessage(roomId: "playground", author: "e2e", text: "event ${i}") { roomId author text } }` }),
    });
    assert.equal(res.status, 200);
    await page.waitForFunction(() => (document.querySelector('section.result-window .CodeMirror')?.CodeMirror.getValue() ?? '').includes('"onMessage"'), null, { timeout: 500 }).catch(() => {});
    text = await resultText();
  }
  const event = JSON.parse(text);
  assert.equal(event.data.onMessage.roomId, 'playground');
  assert.equal(event.data.onMessage.author, 'e2e');
  assert.match(event.data.onMessage.text, /^event \d+$/);
  assert.ok(sockets.some((u) => new URL(u).pathname === '/graphql'), `a WebSocket to /graphql was opened: ${sockets}`);

  await page.screenshot({ path: resolve(outDir, 'playground-subscription.png') });
  assert.deepEqual(remote, [], 'requests left the loopback interface');
  assert.deepEqual(pageErrors, [], 'errors on the page');
  passed = true;
});
