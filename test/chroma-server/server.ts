/**
 * A real Chroma server for the Chroma tests and benchmarks, never shipped.
 *
 * The `chromadb` 3.5.0 CLI in the main install bundles a server binding (1.3.x) that needs glibc 2.38;
 * Debian 12 has 2.36. This folder's package.json pins the 1.0.5 binding through npm `overrides`; it is
 * installed on demand (`npm install` here, ~420 MB, cached in this folder's node_modules, gitignored)
 * and `chroma run --path <tmp> --host 127.0.0.1 --port <free>` starts in well under a second.
 *
 *   npx tsx test/chroma-server/server.ts install      # install only
 *   npx tsx test/chroma-server/server.ts start        # start one, print its URL, stop on Ctrl-C
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SERVER_DIR = __dirname;
const CLI = join(SERVER_DIR, 'node_modules', 'chromadb', 'dist', 'cli.mjs');
const BINDING = join(SERVER_DIR, 'node_modules', 'chromadb-js-bindings-linux-x64-gnu', 'package.json');

export type InstallResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function installed(): boolean {
  if (!existsSync(CLI) || !existsSync(BINDING)) return false;
  try {
    return (JSON.parse(readFileSync(BINDING, 'utf8')) as { version?: string }).version === '1.0.5';
  } catch {
    return false;
  }
}

let installing: Promise<InstallResult> | undefined;

/** Installs this folder's dependencies once (no-op when present). Never throws: says why it failed. */
export function ensureChromaInstalled(): Promise<InstallResult> {
  if (process.env.MISTAKES_CHROMA_TESTS === 'off') return Promise.resolve({ ok: false, reason: 'MISTAKES_CHROMA_TESTS=off' });
  if (installed()) return Promise.resolve({ ok: true });
  if (process.env.MISTAKES_CHROMA_NO_INSTALL) {
    return Promise.resolve({ ok: false, reason: 'test/chroma-server is not installed and MISTAKES_CHROMA_NO_INSTALL is set' });
  }
  installing ??= new Promise<InstallResult>((resolve) => {
    let out = '';
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: SERVER_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-2000)));
    child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-2000)));
    child.on('error', (e) => resolve({ ok: false, reason: `npm could not be started: ${e.message}` }));
    child.on('close', (code) => {
      if (code === 0 && installed()) resolve({ ok: true });
      else resolve({ ok: false, reason: `npm install in test/chroma-server failed (exit ${code}): ${out.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
  return installing;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ChromaTestServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly url: string;
  /** Persistence folder (kept across stop/start, removed by dispose). */
  readonly path: string;
  readonly running: boolean;
  /** Starts (again) on the same port and path; resolves when the heartbeat answers. */
  start(): Promise<void>;
  /** SIGKILL: the "server died" fault. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** Stops and deletes the persistence folder. */
  dispose(): Promise<void>;
}

async function heartbeat(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts a server on 127.0.0.1 with a free port and a fresh temp --path. Requires ensureChromaInstalled(). */
export async function startChromaServer(options: { port?: number; path?: string; startTimeoutMs?: number } = {}): Promise<ChromaTestServer> {
  const port = options.port ?? (await freePort());
  const path = options.path ?? mkdtempSync(join(tmpdir(), 'mm-chroma-'));
  const url = `http://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  let child: ChildProcess | undefined;
  let log = '';

  const start = async (): Promise<void> => {
    if (child && child.exitCode === null) return;
    log = '';
    const proc = spawn(process.execPath, [CLI, 'run', '--path', path, '--host', '127.0.0.1', '--port', String(port)], {
      cwd: SERVER_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`chroma run exited (${proc.exitCode ?? proc.signalCode}): ${log.trim().split('\n').slice(-5).join(' | ')}`);
      }
      if (await heartbeat(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill('SIGKILL');
    throw new Error(`chroma run did not answer on ${url} within ${startTimeoutMs} ms: ${log.trim().split('\n').slice(-5).join(' | ')}`);
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    url,
    path,
    get running() {
      return !!child && child.exitCode === null && child.signalCode === null;
    },
    start,
    kill,
    async dispose() {
      await kill();
      if (!options.path) rmSync(path, { recursive: true, force: true });
    },
  };
}

/** For the tests: a server, or the reason there cannot be one (install or start failed). */
export async function tryStartChromaServer(): Promise<ChromaTestServer | string> {
  const inst = await ensureChromaInstalled();
  if (!inst.ok) return inst.reason;
  try {
    return await startChromaServer();
  } catch (e) {
    return (e as Error).message;
  }
}

if (require.main === module) {
  const cmd = process.argv[2] ?? 'start';
  void (async () => {
    const inst = await ensureChromaInstalled();
    if (!inst.ok) {
      process.stderr.write(`${inst.reason}\n`);
      process.exitCode = 1;
      return;
    }
    if (cmd === 'install') {
      process.stdout.write(`installed in ${SERVER_DIR}\n`);
      return;
    }
    const server = await startChromaServer();
    process.stdout.write(`Chroma running at ${server.url} (data in ${server.path}); Ctrl-C stops it\n`);
    const stop = () => void server.dispose().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })();
}
