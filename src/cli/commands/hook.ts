import { mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { INJECTION_DEFAULTS } from '../../engine/inject';
import type { MistakeMemory } from '../../engine/engineApi';
import { handleHook } from '../../agentHooks/handlers';
import { HOOK_EVENTS, type HookEvent, parseHookPayload, resolveHookEvent } from '../../agentHooks/payload';
import { defaultHookSpecs, installHooks, listOurHooks, SettingsError, shellQuote, uninstallHooks } from '../../agentHooks/settings';
import { type Command, type CommandContext, InputError, intOpt, stringOpt, UsageError } from '../command';
import { dbPath, engineOptions, openEngine } from '../openEngine';
import { runVscodeInstall } from './hookVscode';

/**
 * Transcripts grow to megabytes; the model and the last turns are at the end, so only the tail is
 * read: 256 KB for the previous turn, 4 MB when a tool result (a whole test report) is looked up.
 */
const TRANSCRIPT_TAIL_BYTES = 256 * 1024;
const TOOL_RESULT_TAIL_BYTES = 4 * 1024 * 1024;
const DEFAULT_DEADLINE_MS = 20_000;

async function readTail(path: string, maxBytes: number): Promise<{ text: string; cut: boolean } | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (!st.isFile()) return undefined;
    const { size } = st;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    return { text: buf.toString('utf8'), cut: start > 0 };
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** A background compaction started this recently is still running or just done: do not start another. */
const COMPACTION_MARKER_MS = 30_000;

/**
 * Starts `mistakes compact` detached, unless one started in the last 30 s (`<store>.compacting`, which
 * it deletes when done): hooks that fire back to back start one compaction, not one each.
 */
async function startCompaction(ctx: CommandContext): Promise<void> {
  if (!ctx.io.spawnDetached) return;
  const marker = `${dbPath(ctx)}.compacting`;
  try {
    const st = await stat(marker).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs < COMPACTION_MARKER_MS) return;
    await writeFile(marker, String(process.pid));
  } catch {
    return; // a folder we cannot write to: the next process checkpoints itself
  }
  ctx.io.spawnDetached(['compact', '--db', dbPath(ctx)]);
}

/**
 * `mistakes hook <Event>`: run by Claude Code with the event's JSON on stdin. It must never block or
 * break the agent, so every outcome is exit 0 (a note on stderr says what happened); exit 2 would
 * make Claude Code block the prompt or the stop. Bounded by --timeout-ms.
 */
async function runEvent(ctx: CommandContext, event: HookEvent): Promise<number> {
  const deadlineMs = intOpt(ctx, 'timeout-ms', DEFAULT_DEADLINE_MS, 100, 600_000);
  let engine: Awaited<ReturnType<typeof openEngine>> | undefined;
  let opening: Promise<MistakeMemory> | undefined;
  const work = (async () => {
    const payload = parseHookPayload(await ctx.io.readStdin());
    if (!payload) return { stdout: '', note: 'no valid hook JSON on stdin' };
    return handleHook(event, payload, {
      open: () =>
        (opening ??= openEngine(ctx, { openCheck: 'deferred', embedOnRecord: false, deferCheckpoint: true }).then((e) => {
          engine = e;
          return e;
        })),
      readTranscript: (path) => readTail(path, event.startsWith('PostToolUse') ? TOOL_RESULT_TAIL_BYTES : TRANSCRIPT_TAIL_BYTES),
      fallbackModel: stringOpt(ctx, 'model') ?? ctx.io.env.MISTAKES_MODEL ?? ctx.io.env.ANTHROPIC_MODEL,
      k: intOpt(ctx, 'k', INJECTION_DEFAULTS.k, 1, 50),
      maxChars: intOpt(ctx, 'max-chars', INJECTION_DEFAULTS.maxChars, 200, 100_000),
    });
  })();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), deadlineMs);
  });
  try {
    const result = await Promise.race([work, deadline]);
    if (result === 'timeout') {
      ctx.io.stderr(`mistakes hook ${event}: gave up after ${deadlineMs} ms; nothing was added\n`);
      // Whatever still runs (a slow model load, a stuck lock) must not keep the agent waiting.
      setTimeout(() => process.exit(0), 1000).unref();
      return 0;
    }
    if (result.stdout) ctx.io.stdout(result.stdout);
    if (ctx.values.verbose === true || !result.stdout) ctx.io.stderr(`mistakes hook ${event}: ${result.note}\n`);
    return 0;
  } catch (e) {
    ctx.io.stderr(`mistakes hook ${event}: skipped after an error: ${(e as Error).message}\n`);
    return 0;
  } finally {
    clearTimeout(timer);
    if (engine) {
      await engine.close().catch(() => undefined);
      // The log passed its checkpoint size: fold it in the background, not while the agent waits.
      if (engine.checkpointDue) await startCompaction(ctx);
    }
  }
}

type Scope = 'project' | 'user' | 'local';

function settingsPath(ctx: CommandContext): string {
  const explicit = stringOpt(ctx, 'settings');
  if (explicit) return resolve(ctx.io.cwd, explicit);
  const scope = (stringOpt(ctx, 'scope') ?? 'project') as Scope;
  if (scope === 'user') return join(ctx.io.env.HOME || ctx.io.env.USERPROFILE || homedir(), '.claude', 'settings.json');
  if (scope === 'project') return join(ctx.io.cwd, '.claude', 'settings.json');
  if (scope === 'local') return join(ctx.io.cwd, '.claude', 'settings.local.json');
  throw new UsageError(`--scope must be project, user or local, got "${scope}"`);
}

/**
 * How the hook calls this CLI: --command when given; `node <this script>` when running a built
 * cli.js (the VS Code extension ships one); else `mistakes` from PATH.
 */
function commandPrefix(ctx: CommandContext): string {
  const explicit = stringOpt(ctx, 'command');
  if (explicit?.trim()) return explicit.trim();
  const script = process.argv[1];
  if (script && /\.c?js$/.test(script)) {
    const node = /^node(?:\.exe)?$/i.test(basename(process.execPath)) ? process.execPath : 'node';
    return `${shellQuote(node)} ${shellQuote(resolve(script))}`;
  }
  return 'mistakes';
}

/** Store and model options given to `install` are passed on to every hook it writes. */
function forwardedArgs(ctx: CommandContext): string[] {
  const args: string[] = [];
  const db = stringOpt(ctx, 'db');
  if (db) args.push('--db', resolve(ctx.io.cwd, db));
  const modelDir = stringOpt(ctx, 'model-dir');
  if (modelDir) args.push('--model-dir', resolve(ctx.io.cwd, modelDir));
  if (ctx.values['no-embeddings'] === true) args.push('--no-embeddings');
  const model = stringOpt(ctx, 'model');
  if (model) args.push('--model', model);
  return args;
}

async function readSettings(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Atomic: Claude Code may read the file at any moment. */
async function writeSettings(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

async function runInstall(ctx: CommandContext, action: 'install' | 'uninstall' | 'status'): Promise<number> {
  const path = settingsPath(ctx);
  const before = await readSettings(path);
  if (action === 'status') {
    const ours = before === undefined ? [] : listOurHooks(before);
    if (ctx.values.json) ctx.io.stdout(JSON.stringify({ settings: path, hooks: ours }) + '\n');
    else if (!ours.length) ctx.io.stdout(`No mistake-memory hooks in ${path}\n`);
    else for (const h of ours) ctx.io.stdout(`${h.event}: ${h.command}\n`);
    return 0;
  }
  let result;
  try {
    result =
      action === 'install'
        ? installHooks(before ?? '', defaultHookSpecs(commandPrefix(ctx), forwardedArgs(ctx)))
        : before === undefined
          ? { text: '', changed: false, added: [], removed: 0 }
          : uninstallHooks(before);
  } catch (e) {
    if (e instanceof SettingsError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
  if (result.changed) await writeSettings(path, result.text);
  if (ctx.values.json) {
    ctx.io.stdout(JSON.stringify({ settings: path, changed: result.changed, added: result.added, removed: result.removed }) + '\n');
  } else if (action === 'install') {
    ctx.io.stdout(result.changed ? `Installed hooks (${result.added.join(', ')}) in ${path}\n` : `Hooks already installed in ${path}\n`);
  } else {
    ctx.io.stdout(result.changed ? `Removed ${result.removed} hook(s) from ${path}\n` : `No mistake-memory hooks in ${path}\n`);
  }
  return 0;
}

export const hookCommand: Command = {
  name: 'hook',
  summary:
    'Agent hooks (Claude Code, VS Code/Copilot): "hook <Event>" handles SessionStart, SubagentStart, UserPromptSubmit, PreToolUse, ' +
    'PostToolUse, PostToolUseFailure or Stop (JSON on stdin, always exit 0); "hook install|uninstall|status" edits .claude/settings.json, ' +
    'or with --target vscode writes/removes .github/hooks/mistake-memory.json.',
  usage:
    'mistakes hook <SessionStart|SubagentStart|UserPromptSubmit|PreToolUse|PostToolUse|PostToolUseFailure|Stop> [--db PATH] [--model M] [--max-chars N] [--timeout-ms N] | ' +
    'mistakes hook install|uninstall|status [--scope project|user|local] [--settings FILE] [--command PREFIX] [--db PATH] | ' +
    'mistakes hook install|uninstall|status --target vscode [--workspace DIR] [--hooks-file FILE] [--db PATH] [--max-chars N]',
  options: {
    ...engineOptions,
    model: { type: 'string' },
    k: { type: 'string', short: 'k' },
    'max-chars': { type: 'string' },
    'timeout-ms': { type: 'string' },
    scope: { type: 'string' },
    settings: { type: 'string' },
    command: { type: 'string' },
    target: { type: 'string' },
    workspace: { type: 'string' },
    'hooks-file': { type: 'string' },
  },
  async run(ctx) {
    const [sub] = ctx.positionals;
    if (sub === 'install' || sub === 'uninstall' || sub === 'status') {
      const target = stringOpt(ctx, 'target') ?? 'claude';
      if (target === 'vscode') return runVscodeInstall(ctx, sub);
      if (target !== 'claude' && target !== 'claude-code') throw new UsageError(`--target must be claude or vscode, got "${target}"`);
      return runInstall(ctx, sub);
    }
    if (!sub) throw new UsageError(`give an event (${HOOK_EVENTS.join(', ')}) or install/uninstall/status`);
    const event = resolveHookEvent(sub);
    if (!event) {
      // Claude Code may call us for an event added later: say so, never fail the agent.
      ctx.io.stderr(`mistakes hook: event "${sub}" is not handled (${HOOK_EVENTS.join(', ')}); nothing done\n`);
      return 0;
    }
    try {
      return await runEvent(ctx, event);
    } catch (e) {
      ctx.io.stderr(`mistakes hook ${event}: skipped: ${(e as Error).message}\n`);
      return 0;
    }
  },
};
