/**
 * Recognising test commands typed in a terminal and cleaning what they printed. Pure: the terminal
 * adapter (Node host) passes command lines and raw output chunks in.
 */

/** The single decision, shared with the agent hooks (runner in command position, wrappers skipped). */
import { isTestCommand } from '../../capture/testCommand';

export { isTestCommand };

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
/** OSC (titles, shell integration marks): ESC ] ... BEL or ESC \ */
const OSC = new RegExp(`${ESC}\\][^${BEL}${ESC}]*(${BEL}|${ESC}\\\\)`, 'g');
/** CSI (colours, cursor moves). */
const CSI = new RegExp(`${ESC}\\[[0-?]*[ -/]*[@-~]`, 'g');
/** Other two-character escapes. */
const ESC2 = new RegExp(`${ESC}[@-Z\\\\-_]`, 'g');

/** Removes terminal escape sequences and applies carriage returns the way a terminal shows them. */
export function cleanTerminalOutput(raw: string): string {
  const noEsc = raw.replace(OSC, '').replace(CSI, '').replace(ESC2, '');
  return noEsc
    .split('\n')
    .map((line) => {
      const l = line.endsWith('\r') ? line.slice(0, -1) : line;
      const i = l.lastIndexOf('\r');
      return i >= 0 ? l.slice(i + 1) : l;
    })
    .join('\n');
}

/** Keeps the last `max` characters of a stream (a test summary is at the end). */
export class TailBuffer {
  private parts: string[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly max: number) {}

  push(chunk: string): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.parts.length > 1) {
      const first = this.parts.shift() ?? '';
      this.size -= first.length;
      this.dropped = true;
    }
    if (this.size > this.max) {
      const only = this.parts[0] ?? '';
      this.parts = [only.slice(only.length - this.max)];
      this.size = this.max;
      this.dropped = true;
    }
  }

  get truncated(): boolean {
    return this.dropped;
  }

  text(): string {
    return this.parts.join('');
  }
}

export interface ShellExecutionLike {
  readonly commandLine: { readonly value: string };
  read(): AsyncIterable<string>;
}

export interface TerminalEventsLike {
  onDidStart(listener: (execution: ShellExecutionLike) => void): { dispose(): void };
  onDidEnd(listener: (execution: ShellExecutionLike, exitCode: number | undefined) => void): { dispose(): void };
}

export interface FinishedTestRun {
  readonly command: string;
  readonly exitCode: number | undefined;
  readonly output: string;
}

/**
 * Watches shell executions: output is only readable from when `read()` is first called, so reading
 * starts when a test command starts and the run is reported when it ends.
 */
export class TerminalTestWatcher {
  private readonly running = new Map<ShellExecutionLike, Promise<string>>();
  private readonly subscriptions: Array<{ dispose(): void }> = [];

  constructor(
    events: TerminalEventsLike,
    private readonly onRun: (run: FinishedTestRun) => void,
    private readonly options: { readonly enabled: () => boolean; readonly maxChars?: number; readonly maxConcurrent?: number } ,
  ) {
    this.subscriptions.push(events.onDidStart((e) => this.start(e)), events.onDidEnd((e, code) => void this.end(e, code)));
  }

  private start(execution: ShellExecutionLike): void {
    if (!this.options.enabled() || !isTestCommand(execution.commandLine.value)) return;
    if (this.running.size >= (this.options.maxConcurrent ?? 8)) return;
    const buffer = new TailBuffer(this.options.maxChars ?? 1_000_000);
    const done = (async () => {
      try {
        for await (const chunk of execution.read()) buffer.push(chunk);
      } catch {
        // A terminal closed mid-run: keep what was read.
      }
      return buffer.text();
    })();
    this.running.set(execution, done);
  }

  private async end(execution: ShellExecutionLike, exitCode: number | undefined): Promise<void> {
    const reading = this.running.get(execution);
    if (!reading) return;
    this.running.delete(execution);
    const output = cleanTerminalOutput(await reading);
    this.onRun({ command: execution.commandLine.value, exitCode, output });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.running.clear();
  }
}
