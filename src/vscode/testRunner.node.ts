import { spawn } from 'node:child_process';
import type { Cancellation } from '../core/ports';
import { TailBuffer } from '../host/capture/terminalOutput';

export interface TestRunOptions {
  readonly cwd: string;
  readonly timeoutMs?: number;
  /** Characters of output kept (the tail: summaries come last). */
  readonly maxOutputChars?: number;
  readonly token?: Cancellation & { onCancellationRequested?(listener: () => void): { dispose(): void } };
  readonly onOutput?: (chunk: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface TestRunResult {
  readonly exitCode: number | undefined;
  readonly output: string;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly truncated: boolean;
}

/**
 * Runs a test command through the shell and collects its output (Node host only). The process group
 * is killed on timeout or cancellation so runners that fork workers do not linger.
 */
export function runTestCommand(command: string, options: TestRunOptions): Promise<TestRunResult> {
  return new Promise((resolve) => {
    const buffer = new TailBuffer(options.maxOutputChars ?? 2_000_000);
    let timedOut = false;
    let cancelled = false;
    const child = spawn(command, {
      cwd: options.cwd,
      shell: true,
      detached: process.platform !== 'win32',
      env: { ...process.env, ...options.env, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const kill = (): void => {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        if (process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
        else child.kill();
      } catch {
        child.kill();
      }
    };
    const onData = (d: Buffer): void => {
      const s = d.toString('utf8');
      buffer.push(s);
      options.onOutput?.(s);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs)
      : undefined;
    const sub = options.token?.onCancellationRequested?.(() => {
      cancelled = true;
      kill();
    });
    if (options.token?.isCancellationRequested) {
      cancelled = true;
      kill();
    }
    let settled = false;
    const finish = (exitCode: number | undefined): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      sub?.dispose();
      resolve({ exitCode, output: buffer.text(), timedOut, cancelled, truncated: buffer.truncated });
    };
    child.on('error', (e) => {
      buffer.push(`\n${e.message}\n`);
      finish(undefined);
    });
    child.on('close', (code) => finish(code ?? undefined));
  });
}
