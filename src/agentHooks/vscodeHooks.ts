/**
 * The VS Code agent-hooks file we own: `.github/hooks/mistake-memory.json`. Pure (text in, text out)
 * so that the CLI (`mistakes hook install --target vscode`) and the extension's "Enable Agent Hooks"
 * command write the same thing. Shape (VS Code hooks reference):
 *   {"hooks": {"<Event>": [{"type": "command", "command": "...", "windows"?: "...", "timeout": N}]}}
 * The whole file is ours: uninstall deletes it, but only when every command in it is one of ours
 * (a file someone edited by hand is left alone).
 */
import type { HookEvent } from './payload';

/** Where the file goes, relative to the workspace folder. */
export const VSCODE_HOOKS_FILE = '.github/hooks/mistake-memory.json';

/** The events we register with VS Code; matchers are ignored there, so the handlers filter tools. */
export const VSCODE_HOOK_EVENTS: readonly { event: HookEvent; timeout: number }[] = [
  { event: 'SessionStart', timeout: 10 },
  { event: 'SubagentStart', timeout: 10 },
  { event: 'UserPromptSubmit', timeout: 15 },
  { event: 'PreToolUse', timeout: 10 },
  { event: 'PostToolUse', timeout: 30 },
];

/** POSIX sh quoting (what `command` runs under on macOS and Linux). */
export function posixQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** cmd.exe quoting for the `windows` command: double quotes; a double quote cannot appear in a Windows path. */
export function windowsQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@\\+-]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '')}"`;
}

export interface VscodeHookOptions {
  /** The program and its leading arguments: [node, /path/to/cli.js] or ["mistakes"]. */
  readonly program: readonly string[];
  /** A command prefix already quoted by the user (`--command`), used as is instead of `program`. */
  readonly rawPrefix?: string;
  /** Passed to every hook: --db PATH, --max-chars N... */
  readonly args?: readonly string[];
  /** Also write a `windows` command quoted for cmd.exe (when installing on Windows). */
  readonly windows?: boolean;
  /** Extra environment for every hook (the hooks file's `env`), e.g. ELECTRON_RUN_AS_NODE for the editor's runtime. */
  readonly env?: Readonly<Record<string, string>>;
}

function line(quote: (a: string) => string, o: VscodeHookOptions, event: HookEvent): string {
  const head = o.rawPrefix?.trim() ? [o.rawPrefix.trim()] : o.program.map(quote);
  return [...head, 'hook', event, ...(o.args ?? []).map(quote)].join(' ');
}

/** The file's text (2-space JSON, final newline). */
export function vscodeHooksFile(o: VscodeHookOptions): string {
  if (!o.rawPrefix?.trim() && (!o.program.length || o.program.some((p) => typeof p !== 'string' || !p))) throw new Error('the hook program is empty');
  const hooks: Record<string, unknown[]> = {};
  for (const { event, timeout } of VSCODE_HOOK_EVENTS) {
    hooks[event] = [
      {
        type: 'command',
        command: line(posixQuote, o, event),
        ...(o.windows ? { windows: line(windowsQuote, o, event) } : {}),
        ...(o.env && Object.keys(o.env).length ? { env: { ...o.env } } : {}),
        timeout,
      },
    ];
  }
  return JSON.stringify({ hooks }, null, 2) + '\n';
}

const OUR_COMMAND = / hook (?:SessionStart|SubagentStart|UserPromptSubmit|PreToolUse|PostToolUse|PostToolUseFailure|Stop)(?: |$)/;

/**
 * Whether a hooks file holds only our commands (then uninstall may delete it). Invalid JSON,
 * another shape, or any foreign command: false.
 */
export function isOurVscodeHooksFile(text: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return false;
  }
  const hooks = (v as { hooks?: unknown } | null)?.hooks;
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) return false;
  let count = 0;
  for (const entries of Object.values(hooks)) {
    if (!Array.isArray(entries)) return false;
    for (const e of entries) {
      const cmds = [e?.command, e?.windows, e?.linux, e?.osx].filter((c) => c !== undefined);
      if (!cmds.length || !cmds.every((c) => typeof c === 'string' && OUR_COMMAND.test(c))) return false;
      count++;
    }
  }
  return count > 0;
}
