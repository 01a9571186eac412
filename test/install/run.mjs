#!/usr/bin/env node
// The README's first command on a fresh clone: clones this repository (HEAD) into a temp folder and,
// with an environment stripped of everything npm, Playwright or onnxruntime would read, runs
// `npm ci --offline` (from the local npm cache, so no browser or runtime can be fetched), then
// `npm start -- --no-browser` until the workbench answers, the missing-Chromium message, and the
// README's CLI lines. Closes with "N passed, N failed" like every tier.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'mm-fresh-'));
const clone = path.join(work, 'repo');
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? '✓' : '✗'} ${name}${!ok && detail ? `\n      ${detail.trim().split('\n').slice(-15).join('\n      ')}` : ''}`);
}

/** What a user's shell has: no npm_* (npm sets dozens for scripts), no install switches, no .bin on PATH. */
function userEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|PLAYWRIGHT_|ONNXRUNTIME_|INIT_CWD$|DISPLAY$|WAYLAND_DISPLAY$|PORT$|CHROMIUM_PATH$|MISTAKES_)/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes(`node_modules${path.sep}.bin`)).join(path.delimiter);
  return { ...env, ...extra };
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: clone, env: userEnv(opts.env), encoding: 'utf8', timeout: opts.timeout ?? 600_000, maxBuffer: 64 << 20 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stderr: r.stderr ?? '' };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpGet(url) {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
  });
}

console.log('fresh clone: npm ci --offline && npm start, with no environment variables');
if (spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).stdout.trim()) {
  console.log('  (uncommitted changes are not in the clone: this checks HEAD)');
}
try {
  const c = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { encoding: 'utf8' });
  check('git clone', c.status === 0, c.stderr);

  // Every dependency that runs an install script was reviewed and is listed in allowScripts; the
  // browser and native-runtime downloaders are kept out of the tree by overrides (README).
  const pkg = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(clone, 'package-lock.json'), 'utf8'));
  const scripted = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([k, p]) => p.name ?? k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const unreviewed = scripted.filter((name) => !(name in (pkg.allowScripts ?? {})));
  check('every install script in the lock file is reviewed: allowed or denied in package.json allowScripts', unreviewed.length === 0, `not reviewed: ${unreviewed.join(', ')}`);

  const browsers = path.join(homedir(), '.cache', 'ms-playwright');
  const before = existsSync(browsers) ? statSync(browsers).mtimeMs : -1;
  const ci = run('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  check('npm ci --offline exits 0', ci.code === 0, ci.out);
  check('npm prints no unknown-config warning', !/Unknown (?:project|user|env) config/.test(ci.out), ci.out);
  check('no install step reaches for the network', !/ENOTFOUND|EAI_AGAIN|Failed to download/.test(ci.out), ci.out);
  const after = existsSync(browsers) ? statSync(browsers).mtimeMs : -1;
  check('no browser was downloaded', before === after && !existsSync(path.join(clone, 'node_modules', '.cache', 'ms-playwright')));

  const help = run('npx', ['tsx', 'src/cli/main.ts', '--help'], { timeout: 120_000 });
  check('the CLI runs from the clone (README: npx tsx src/cli/main.ts --help)', help.code === 0 && /record/.test(help.out), help.out);
  const db = path.join(work, 'cli.db');
  const rec = run('npx', ['tsx', 'src/cli/main.ts', 'record', '--db', db, '--json', '{"description":"Await database calls in async endpoints","category":"async","model":"gpt-4o"}'], { timeout: 120_000 });
  const inj = run('npx', ['tsx', 'src/cli/main.ts', 'inject', '--db', db, 'write an async endpoint that loads a user', '--model', 'gpt-4o'], { timeout: 120_000 });
  check('README: record then inject gives the recorded lesson back', rec.code === 0 && inj.code === 0 && /Await database calls/i.test(inj.out), rec.out + inj.out);

  const noChromium = run('node', ['test/integration/start.mjs'], { env: { DISPLAY: ':99', CHROMIUM_PATH: path.join(work, 'no-chromium') }, timeout: 60_000 });
  const lines = noChromium.stderr.trim().split('\n');
  check('npm start without Chromium fails with one line naming the package', noChromium.code === 1 && lines.length === 1 && /apt-get install -y chromium/.test(lines[0]), noChromium.out);

  const port = await freePort();
  const server = spawn('node', ['test/integration/start.mjs', '--no-browser'], { cwd: clone, env: userEnv({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout.on('data', (d) => (out += d));
  server.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => server.on('close', (code) => resolve(code)));
  const url = `http://vscode.localhost:${port}/`;
  const deadline = Date.now() + 300_000;
  while (!out.includes(`Open:  ${url}`) && server.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  check('npm start (builds, then) prints the URL, what to try first and how to stop', out.includes(`Open:  ${url}`) && /Try first:/.test(out) && /Record Mistake/.test(out) && /@mistakes/.test(out) && /Stop: Ctrl\+C/.test(out), out);
  const page = await httpGet(`http://localhost:${port}/`);
  check('the workbench page answers', page.status === 200 && /workbench/i.test(page.body), `${page.status} ${page.body.slice(0, 300)}`);
  server.kill('SIGINT');
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
  if (code === 'timeout') server.kill('SIGKILL');
  check('Ctrl+C stops it cleanly', code === 0 && /server stopped/.test(out), `exit ${code}\n${out}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
