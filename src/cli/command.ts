import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';

/** A mistake in how the CLI was called: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad input data (missing file, malformed JSON): printed as one line, exit code 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input as UTF-8. */
  readonly readStdin: () => Promise<string>;
  /** Yields standard input line by line (for JSON-lines commands). */
  readonly stdinLines: () => AsyncIterable<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /**
   * Starts this CLI again, detached, with `args` (work the answer need not wait for, such as a
   * checkpoint after an agent hook). Absent when the CLI runs inside another program (tests).
   */
  readonly spawnDetached?: (args: readonly string[]) => void;
}

export type OptionsSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>;
  readonly io: CliIO;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** One usage line, e.g. "mistakes search <text> [--model M] [-k N] [--json]". */
  readonly usage: string;
  readonly options: OptionsSpec;
  readonly allowPositionals?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

/** Options every command accepts. */
export const globalOptions: OptionsSpec = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export function stringOpt(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function intOpt(ctx: CommandContext, name: string, fallback: number, min = 1, max = 10_000): number {
  const raw = stringOpt(ctx, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Reads a file named on the command line (relative to the working directory) as UTF-8. */
export async function readUserFile(ctx: CommandContext, file: string): Promise<string> {
  try {
    return await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
