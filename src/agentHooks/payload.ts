/**
 * Agent hook payloads (the JSON a command hook reads on stdin) from Claude Code and from VS Code's
 * agent hooks (Copilot agent mode), validated from untrusted text. The harness is told by fields, not
 * guessed: Claude Code writes snake_case common fields (session_id, hook_event_name), VS Code writes
 * camelCase ones (sessionId, hookEventName, timestamp) and its own tool names (run_in_terminal,
 * replace_string_in_file...) with camelCase tool inputs (filePath).
 * Claude Code fields:
 * Common fields: session_id, transcript_path, cwd, hook_event_name (and permission_mode). Per event:
 *   UserPromptSubmit   prompt
 *   PostToolUse        tool_name, tool_input {command, ...}, tool_response {stdout, stderr, interrupted, ...}, tool_use_id
 *   PostToolUseFailure tool_name, tool_input, tool_use_id, error, is_interrupt
 *   Stop               stop_hook_active (true when a Stop hook already made Claude continue)
 * Unknown fields are ignored; missing ones are undefined. Never throws.
 */

export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PreCompact',
  'SubagentStart',
  'SubagentStop',
  'Stop',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Accepts the event name as Claude Code spells it or in kebab/snake case ("user-prompt-submit"). */
export function resolveHookEvent(name: string): HookEvent | undefined {
  const n = name.replace(/[-_\s]/g, '').toLowerCase();
  return HOOK_EVENTS.find((e) => e.toLowerCase() === n);
}

/** Which agent sent the payload, by its fields. */
export type Harness = 'vscode' | 'claude-code' | 'unknown';

/** What a tool does, as far as the memory cares. */
export type ToolKind = 'shell' | 'edit' | 'other';

const SHELL_TOOLS = new Set(['bash', 'run_in_terminal', 'runinterminal', 'terminal', 'shell', 'run_command']);
const EDIT_TOOLS = new Set([
  'edit',
  'write',
  'multiedit',
  'notebookedit',
  'create_file',
  'replace_string_in_file',
  'multi_replace_string_in_file',
  'insert_edit_into_file',
  'editfiles',
  'apply_patch',
  'edit_notebook_file',
  'createfile',
  'str_replace_based_edit_tool',
]);
/** Tool names only VS Code uses: a payload carrying one is VS Code's even without camelCase fields. */
const VSCODE_TOOLS = /^(?:run_in_terminal|create_file|replace_string_in_file|multi_replace_string_in_file|insert_edit_into_file|editFiles|apply_patch|edit_notebook_file|read_file|get_terminal_output|runInTerminal)$/;

export function toolKind(name: string | undefined): ToolKind {
  if (!name) return 'other';
  const n = name.toLowerCase().replace(/^(?:copilot_|vscode_|mcp__\w+__)/, '');
  if (SHELL_TOOLS.has(n)) return 'shell';
  if (EDIT_TOOLS.has(n)) return 'edit';
  return 'other';
}

/** The capture channel a harness's records carry ("where the lesson came from"). */
export function channelOf(h: Harness): string {
  return h === 'vscode' ? 'copilot-agent' : h === 'claude-code' ? 'claude-code' : 'agent-hook';
}

export interface HookPayload {
  readonly harness: Harness;
  readonly event?: string;
  readonly sessionId?: string;
  readonly transcriptPath?: string;
  readonly cwd?: string;
  readonly prompt?: string;
  readonly toolName?: string;
  readonly toolUseId?: string;
  readonly toolKind: ToolKind;
  /** tool_input.command for Bash / run_in_terminal. */
  readonly command?: string;
  /** Files a file-edit tool writes (file_path, filePath, path, files[], replacements[].filePath, apply_patch headers). */
  readonly filePaths: readonly string[];
  /** tool_response.stdout / stderr for Bash (PostToolUse). */
  readonly stdout?: string;
  readonly stderr?: string;
  readonly interrupted: boolean;
  /** PostToolUseFailure: the error text Claude Code reports for the failed call. */
  readonly error?: string;
  readonly stopHookActive: boolean;
}

/** Hook input larger than this is cut (test output beyond it adds nothing the parsers need). */
export const MAX_PAYLOAD_CHARS = 8 * 1024 * 1024;
const MAX_FIELD_CHARS = 2 * 1024 * 1024;

function str(v: unknown, max = MAX_FIELD_CHARS): string | undefined {
  if (typeof v !== 'string') return undefined;
  // Test summaries are at the end of the output: keep the tail when cutting.
  return v.length > max ? v.slice(v.length - max) : v;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Text parts of a content array ([{type:"text", text}] or plain strings), joined. */
function partsText(v: unknown): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const parts: string[] = [];
  let total = 0;
  for (const item of v.slice(0, 1000)) {
    const t = typeof item === 'string' ? item : str(obj(item)?.text) ?? str(obj(item)?.value);
    if (!t) continue;
    parts.push(t);
    total += t.length;
    if (total > MAX_FIELD_CHARS) break;
  }
  return parts.length ? str(parts.join('\n')) : undefined;
}

/**
 * Tool responses come as {stdout, stderr} (Claude Code's Bash), a plain string, or content parts
 * (VS Code's tool results: [{type:"text", text}] or {content: [...]}).
 */
function responseText(r: unknown): { stdout?: string; stderr?: string; interrupted: boolean } {
  if (typeof r === 'string') return { stdout: str(r), interrupted: false };
  if (Array.isArray(r)) return { stdout: partsText(r), interrupted: false };
  const o = obj(r);
  if (!o) return { interrupted: false };
  return {
    stdout: str(o.stdout) ?? str(o.output) ?? str(o.text) ?? partsText(o.content) ?? str(o.content) ?? str(o.result),
    stderr: str(o.stderr),
    interrupted: o.interrupted === true,
  };
}

const PATCH_FILE = /^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm;

function pathsOf(input: Record<string, unknown> | undefined): string[] {
  if (!input) return [];
  const out: string[] = [];
  const add = (v: unknown) => {
    const s = str(v, 4096)?.trim();
    if (s && !out.includes(s) && out.length < 50) out.push(s);
  };
  add(input.file_path);
  add(input.filePath);
  add(input.notebook_path);
  add(input.path);
  if (Array.isArray(input.files)) for (const f of input.files.slice(0, 50)) add(typeof f === 'string' ? f : obj(f)?.filePath ?? obj(f)?.path);
  if (Array.isArray(input.replacements)) for (const r of input.replacements.slice(0, 50)) add(obj(r)?.filePath ?? obj(r)?.file_path);
  const patch = str(input.input, 200_000) ?? str(input.patch, 200_000);
  if (patch) for (const m of patch.matchAll(PATCH_FILE)) add(m[1]);
  return out;
}

function harnessOf(o: Record<string, unknown>): Harness {
  if (typeof o.hookEventName === 'string' || typeof o.sessionId === 'string') return 'vscode';
  if (typeof o.tool_name === 'string' && VSCODE_TOOLS.test(o.tool_name)) return 'vscode';
  if (typeof o.hook_event_name === 'string' || typeof o.session_id === 'string') return 'claude-code';
  return 'unknown';
}

export function parseHookPayload(text: string): HookPayload | undefined {
  if (typeof text !== 'string' || !text.trim() || text.length > MAX_PAYLOAD_CHARS) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const o = obj(value);
  if (!o) return undefined;
  const input = obj(o.tool_input) ?? obj(o.toolInput);
  const response = responseText(o.tool_response ?? o.toolResponse);
  const toolName = str(o.tool_name, 200) ?? str(o.toolName, 200);
  return {
    harness: harnessOf(o),
    event: str(o.hook_event_name, 100) ?? str(o.hookEventName, 100),
    sessionId: str(o.session_id, 200) ?? str(o.sessionId, 200),
    transcriptPath: str(o.transcript_path, 4096) ?? str(o.transcriptPath, 4096),
    cwd: str(o.cwd, 4096),
    prompt: str(o.prompt),
    toolName,
    toolKind: toolKind(toolName),
    toolUseId: str(o.tool_use_id, 200) ?? str(o.toolUseId, 200),
    command: str(input?.command, 20_000) ?? str(input?.commandLine, 20_000),
    filePaths: pathsOf(input),
    stdout: response.stdout,
    stderr: response.stderr,
    interrupted: response.interrupted || o.is_interrupt === true,
    error: str(o.error) ?? str(o.error_message),
    stopHookActive: o.stop_hook_active === true,
  };
}
