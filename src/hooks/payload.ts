/**
 * Claude Code hook payloads (the JSON a command hook reads on stdin), validated from untrusted text.
 * Common fields: session_id, transcript_path, cwd, hook_event_name (and permission_mode). Per event:
 *   UserPromptSubmit   prompt
 *   PostToolUse        tool_name, tool_input {command, ...}, tool_response {stdout, stderr, interrupted, ...}, tool_use_id
 *   PostToolUseFailure tool_name, tool_input, tool_use_id, error, is_interrupt
 *   Stop               stop_hook_active (true when a Stop hook already made Claude continue)
 * Unknown fields are ignored; missing ones are undefined. Never throws.
 */

export const HOOK_EVENTS = ['UserPromptSubmit', 'PostToolUse', 'PostToolUseFailure', 'Stop'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Accepts the event name as Claude Code spells it or in kebab/snake case ("user-prompt-submit"). */
export function resolveHookEvent(name: string): HookEvent | undefined {
  const n = name.replace(/[-_\s]/g, '').toLowerCase();
  return HOOK_EVENTS.find((e) => e.toLowerCase() === n);
}

export interface HookPayload {
  readonly event?: string;
  readonly sessionId?: string;
  readonly transcriptPath?: string;
  readonly cwd?: string;
  readonly prompt?: string;
  readonly toolName?: string;
  readonly toolUseId?: string;
  /** tool_input.command for Bash. */
  readonly command?: string;
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

/** Some tool responses are plain strings rather than {stdout, stderr}. */
function responseText(r: unknown): { stdout?: string; stderr?: string; interrupted: boolean } {
  if (typeof r === 'string') return { stdout: str(r), interrupted: false };
  const o = obj(r);
  if (!o) return { interrupted: false };
  return {
    stdout: str(o.stdout) ?? str(o.output),
    stderr: str(o.stderr),
    interrupted: o.interrupted === true,
  };
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
  const input = obj(o.tool_input);
  const response = responseText(o.tool_response);
  return {
    event: str(o.hook_event_name, 100),
    sessionId: str(o.session_id, 200),
    transcriptPath: str(o.transcript_path, 4096),
    cwd: str(o.cwd, 4096),
    prompt: str(o.prompt),
    toolName: str(o.tool_name, 200),
    toolUseId: str(o.tool_use_id, 200),
    command: str(input?.command, 20_000),
    stdout: response.stdout,
    stderr: response.stderr,
    interrupted: response.interrupted || o.is_interrupt === true,
    error: str(o.error) ?? str(o.error_message),
    stopHookActive: o.stop_hook_active === true,
  };
}
