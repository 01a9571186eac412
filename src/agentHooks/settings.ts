/**
 * Adding and removing our entries in a Claude Code settings file (`.claude/settings.json`,
 * `~/.claude/settings.json`). Pure: text in, text out. Everything else in the file (other hooks,
 * permissions, env...) is kept as it was, in its order, with the file's indentation.
 *
 * Shape: {"hooks": {"<Event>": [{"matcher"?: "Bash", "hooks": [{"type": "command", "command": "...", "timeout"?: N}]}]}}
 * Our handlers are recognised by their command, which ends with `# mistake-memory` (a shell comment,
 * ignored when the hook runs): uninstall removes exactly those and the groups that only held them.
 */
import type { HookEvent } from './payload';

export const HOOK_MARKER = '# mistake-memory';

export interface HookSpec {
  readonly event: HookEvent;
  /** Tool-name matcher (PostToolUse*: "Bash"); none for events without tools. */
  readonly matcher?: string;
  readonly command: string;
  /** Seconds before Claude Code gives up on the hook. */
  readonly timeout?: number;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isOurCommand(command: unknown): boolean {
  return typeof command === 'string' && command.trimEnd().endsWith(HOOK_MARKER);
}

/** Shell-quotes one argument for the hook command line (POSIX sh, which Claude Code runs hooks with). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line a hook runs: `<prefix> hook <Event> [--db PATH] # mistake-memory`. */
export function hookCommandLine(prefix: string, event: HookEvent, extraArgs: readonly string[] = []): string {
  return [prefix.trim(), 'hook', event, ...extraArgs.map(shellQuote), HOOK_MARKER].join(' ');
}

/** The entries `mistakes hook install` writes. */
export function defaultHookSpecs(prefix: string, extraArgs: readonly string[] = []): HookSpec[] {
  return [
    { event: 'UserPromptSubmit', command: hookCommandLine(prefix, 'UserPromptSubmit', extraArgs), timeout: 15 },
    { event: 'PostToolUse', matcher: 'Bash', command: hookCommandLine(prefix, 'PostToolUse', extraArgs), timeout: 30 },
    { event: 'PostToolUseFailure', matcher: 'Bash', command: hookCommandLine(prefix, 'PostToolUseFailure', extraArgs), timeout: 30 },
    { event: 'Stop', command: hookCommandLine(prefix, 'Stop', extraArgs), timeout: 15 },
  ];
}

interface Format {
  readonly indent: string | number;
  readonly newline: string;
  readonly finalNewline: boolean;
}

/** The indentation and line endings of an existing JSON file, so a rewrite changes only what it must. */
export function detectFormat(text: string): Format {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m ? (m[1].startsWith('\t') ? '\t' : m[1].length) : 2;
  return { indent, newline, finalNewline: text.length === 0 || /\r?\n$/.test(text) };
}

function serialize(value: JsonObject, f: Format): string {
  let s = JSON.stringify(value, null, f.indent);
  if (f.newline !== '\n') s = s.replace(/\n/g, f.newline);
  return f.finalNewline ? s + f.newline : s;
}

function parseSettings(text: string): JsonObject {
  if (!text.replace(/^\uFEFF/, '').trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new SettingsError(`the settings file is not valid JSON (${(e as Error).message}); fix it first, nothing was changed`);
  }
  if (!isObject(v)) throw new SettingsError('the settings file must hold a JSON object; nothing was changed');
  if (v.hooks !== undefined && !isObject(v.hooks)) throw new SettingsError('"hooks" in the settings file is not an object; nothing was changed');
  return v;
}

export interface MergeResult {
  readonly text: string;
  readonly changed: boolean;
  /** Events whose entry was added or updated. */
  readonly added: readonly HookEvent[];
  readonly removed: number;
}

/**
 * Adds our hook entries. Idempotent: an entry already present with the same command is left alone;
 * one of ours with another command (a different CLI path or store) is replaced in place. New entries
 * go in a group of their own at the end of the event's list, after the user's hooks.
 */
export function installHooks(text: string, specs: readonly HookSpec[]): MergeResult {
  const settings = parseSettings(text);
  const format = detectFormat(text);
  const hooks: JsonObject = isObject(settings.hooks) ? settings.hooks : {};
  const added: HookEvent[] = [];
  for (const spec of specs) {
    const list = Array.isArray(hooks[spec.event]) ? (hooks[spec.event] as Json[]) : [];
    const handler: JsonObject = { type: 'command', command: spec.command, ...(spec.timeout ? { timeout: spec.timeout } : {}) };
    let found = false;
    let same = false;
    for (const group of list) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      group.hooks.forEach((h, i, arr) => {
        if (!isObject(h) || !isOurCommand(h.command)) return;
        if (found) return;
        found = true;
        same = h.command === spec.command && h.timeout === handler.timeout && (group.matcher ?? undefined) === spec.matcher;
        if (!same) {
          arr[i] = handler;
          if (spec.matcher) group.matcher = spec.matcher;
        }
      });
    }
    if (!found) list.push({ ...(spec.matcher ? { matcher: spec.matcher } : {}), hooks: [handler] });
    if (!same) added.push(spec.event);
    hooks[spec.event] = list;
  }
  if (!added.length) return { text, changed: false, added, removed: 0 };
  settings.hooks = hooks;
  return { text: serialize(settings, format), changed: true, added, removed: 0 };
}

/**
 * Removes every handler of ours, then the groups and event lists that are left empty by that
 * (never ones that were empty before), and `hooks` itself when nothing is left in it.
 */
export function uninstallHooks(text: string): MergeResult {
  const settings = parseSettings(text);
  if (!isObject(settings.hooks)) return { text, changed: false, added: [], removed: 0 };
  const hooks = settings.hooks;
  let removed = 0;
  for (const event of Object.keys(hooks)) {
    const list = hooks[event];
    if (!Array.isArray(list)) continue;
    let touchedList = false;
    const kept = list.filter((group) => {
      if (!isObject(group) || !Array.isArray(group.hooks)) return true;
      const before = group.hooks.length;
      const rest = group.hooks.filter((h) => !(isObject(h) && isOurCommand(h.command)));
      if (rest.length === before) return true;
      removed += before - rest.length;
      touchedList = true;
      group.hooks = rest;
      return rest.length > 0;
    });
    if (!touchedList) continue;
    if (kept.length) hooks[event] = kept;
    else delete hooks[event];
  }
  if (!removed) return { text, changed: false, added: [], removed: 0 };
  if (!Object.keys(hooks).length) delete settings.hooks;
  return { text: serialize(settings, detectFormat(text)), changed: true, added: [], removed };
}

/** Our handlers currently in a settings file, by event (for `hook status`-style reports). */
export function listOurHooks(text: string): Array<{ event: string; command: string }> {
  let settings: JsonObject;
  try {
    settings = parseSettings(text);
  } catch {
    return [];
  }
  const out: Array<{ event: string; command: string }> = [];
  if (!isObject(settings.hooks)) return out;
  for (const [event, list] of Object.entries(settings.hooks)) {
    if (!Array.isArray(list)) continue;
    for (const group of list) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      for (const h of group.hooks) if (isObject(h) && isOurCommand(h.command)) out.push({ event, command: h.command as string });
    }
  }
  return out;
}
