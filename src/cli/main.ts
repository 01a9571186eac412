import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { createInterface } from 'node:readline';
import { commands } from './commands';
import { type CliIO, type Command, globalOptions, InputError, UsageError } from './command';

function helpText(): string {
  const lines = ['Usage: mistakes <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.usage}\n      ${c.summary}`);
  lines.push('', 'Every command accepts --db <path> (default: a per-user store) and --help.');
  return lines.join('\n') + '\n';
}

function find(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

/** Runs one CLI invocation and returns its exit code. Never throws for user mistakes. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = find(name);
  if (!command) {
    io.stderr(`mistakes: unknown command "${name}". Run "mistakes --help" for the list.\n`);
    return 2;
  }
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...globalOptions, ...command.options },
      allowPositionals: command.allowPositionals ?? true,
      strict: true,
    });
    if (parsed.values.help) {
      io.stdout(`Usage: ${command.usage}\n${command.summary}\n`);
      return 0;
    }
    return await command.run({ positionals: parsed.positionals, values: parsed.values, io });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`mistakes ${name}: ${err.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr(`mistakes ${name}: ${err.message}\n`);
      return 1;
    }
    io.stderr(`mistakes ${name}: unexpected error: ${err.stack ?? String(e)}\n`);
    return 70;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export function nodeIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
    env: process.env,
    cwd: process.cwd(),
    spawnDetached: (args) => {
      // The same runtime flags (e.g. tsx's loader in development) and this script; nothing inherited
      // that would keep the agent waiting: no stdio, its own process group, not waited for.
      const script = process.argv[1];
      if (!script) return;
      try {
        spawn(process.execPath, [...process.execArgv, script, ...args], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
      } catch {
        // The next process that writes checkpoints instead.
      }
    },
  };
}

/**
 * An agent hook is a process of a few hundred milliseconds, run on every tool call: V8's optimizing
 * WebAssembly compiler would spend about 80 ms of it on sql.js's module, for code that runs a few
 * queries, so a hook uses the baseline compiler alone (`bench/hooks.ts` measures both). Set before
 * any module is compiled; long-lived commands (mcp) keep the default.
 */
export function tuneForShortRun(argv: readonly string[]): void {
  if (argv[0] === 'hook') setFlagsFromString('--liftoff-only');
}

if (require.main === module) {
  tuneForShortRun(process.argv.slice(2));
  void runCli(process.argv.slice(2), nodeIO()).then((code) => {
    process.exitCode = code;
  });
}
