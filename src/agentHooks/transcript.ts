/**
 * Reading a Claude Code session transcript (JSON lines). Each line is an entry such as
 *   {"type":"user","message":{"role":"user","content":"text" | [{type:"text"|"tool_result",...}]},"isMeta"?:true,"toolUseResult"?:{stdout,stderr}}
 *   {"type":"assistant","message":{"role":"assistant","model":"claude-sonnet-4-5-...","content":[{type:"text"|"tool_use",...}]}}
 * plus summaries and other bookkeeping lines, which are skipped. Pure: the caller reads the file (its
 * tail: transcripts grow to megabytes) and passes the text. Never throws on garbage.
 */

export interface TranscriptEntry {
  readonly role: 'user' | 'assistant';
  /** Plain text of the message (text blocks joined); empty for tool-only messages. */
  readonly text: string;
  readonly model?: string;
  /** A prompt the person typed (not a tool result, not a meta/command line injected by Claude Code). */
  readonly isPrompt: boolean;
  /** tool_use_id → the result text, for user entries carrying tool results. */
  readonly toolResults?: ReadonlyMap<string, string>;
}

const MAX_ENTRY_TEXT = 20_000;

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b) => {
      const o = obj(b);
      return o && o.type === 'text' && typeof o.text === 'string' ? o.text : '';
    })
    .filter(Boolean)
    .join('\n');
}

/** Lines Claude Code itself writes as "user" messages: slash commands, their output, reminders. */
const INJECTED = /^\s*<(?:command-name|command-message|command-args|local-command-stdout|local-command-stderr|local-command-caveat|system-reminder|user-prompt-submit-hook)>/;

function stripReminders(s: string): string {
  return s.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
}

/** Models Claude Code writes for messages no model produced (API errors, interruptions). */
function realModel(m: unknown): string | undefined {
  if (typeof m !== 'string') return undefined;
  const t = m.trim();
  return t && !t.startsWith('<') && t.length <= 200 ? t : undefined;
}

/**
 * Lines of other transcript formats (VS Code's agent transcript is not documented): an entry with a
 * role or a type naming user/assistant, and its text in content, text or data.content.
 */
function parseGeneric(o: Record<string, unknown>): TranscriptEntry | undefined {
  const data = obj(o.data) ?? o;
  const kind = [o.role, o.type, data.role].find((v): v is string => typeof v === 'string')?.toLowerCase() ?? '';
  const role = /\b(?:assistant|model|response)\b|^assistant/.test(kind) ? 'assistant' : /\b(?:user|human|request)\b|^user/.test(kind) ? 'user' : undefined;
  if (!role) return undefined;
  const raw = data.content ?? data.text ?? data.message ?? o.content ?? o.text;
  const text = stripReminders(typeof raw === 'string' ? raw : blockText(raw)).slice(0, MAX_ENTRY_TEXT);
  if (role === 'assistant') return { role, text, model: realModel(data.model ?? o.model ?? data.modelId), isPrompt: false };
  return { role, text, isPrompt: !!text && !INJECTED.test(text) };
}

function parseLine(line: string): TranscriptEntry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  const o = obj(v);
  const message = obj(o?.message);
  if (o && !message) return parseGeneric(o);
  if (!o || !message) return undefined;
  const role = message.role === 'assistant' || o.type === 'assistant' ? 'assistant' : message.role === 'user' || o.type === 'user' ? 'user' : undefined;
  if (!role) return undefined;
  const content = message.content;
  const text = stripReminders(blockText(content)).slice(0, MAX_ENTRY_TEXT);
  if (role === 'assistant') return { role, text, model: realModel(message.model), isPrompt: false };

  let toolResults: Map<string, string> | undefined;
  if (Array.isArray(content)) {
    for (const b of content) {
      const block = obj(b);
      if (!block || block.type !== 'tool_result' || typeof block.tool_use_id !== 'string') continue;
      toolResults ??= new Map();
      toolResults.set(block.tool_use_id, blockText(block.content));
    }
  }
  // Bash results also come structured: prefer the untruncated stdout/stderr when present.
  const structured = obj(o.toolUseResult);
  if (toolResults?.size === 1 && structured && (typeof structured.stdout === 'string' || typeof structured.stderr === 'string')) {
    const [id] = toolResults.keys();
    toolResults.set(id, [structured.stdout, structured.stderr].filter((s): s is string => typeof s === 'string' && s.length > 0).join('\n'));
  }
  const isPrompt = !toolResults && o.isMeta !== true && o.isSidechain !== true && !!text && !INJECTED.test(text);
  return { role, text, isPrompt, ...(toolResults ? { toolResults } : {}) };
}

/**
 * Parses transcript text. When `fromMiddle` is set the text is a tail cut at an arbitrary byte, so
 * its first (partial) line is dropped.
 */
export function parseTranscript(text: string, opts: { fromMiddle?: boolean } = {}): TranscriptEntry[] {
  if (typeof text !== 'string' || !text) return [];
  let lines = text.split(/\r?\n/);
  if (opts.fromMiddle) lines = lines.slice(1);
  const entries: TranscriptEntry[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const e = parseLine(line);
    if (e) entries.push(e);
  }
  return entries;
}

/** The model of the latest assistant message: the session's current model. */
export function lastModel(entries: readonly TranscriptEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].role === 'assistant' && entries[i].model) return entries[i].model;
  return undefined;
}

export interface UserTurn {
  readonly text: string;
  /** The assistant's text just before it (what the person may be correcting). */
  readonly previous?: string;
  /** The model that wrote `previous`. */
  readonly previousModel?: string;
}

/** The last prompt the person typed, with the assistant reply it answers. */
/** The latest assistant message's text and model: what a prompt typed now answers. */
export function lastAssistantTurn(entries: readonly TranscriptEntry[]): { text?: string; model?: string } {
  let text: string | undefined;
  let model: string | undefined;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.role !== 'assistant') continue;
    model ??= e.model;
    if (e.text && text === undefined) text = e.text;
    if (text !== undefined && model) break;
  }
  return { ...(text ? { text } : {}), ...(model ? { model } : {}) };
}

export function lastUserTurn(entries: readonly TranscriptEntry[]): UserTurn | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (!entries[i].isPrompt) continue;
    let previous: string | undefined;
    let previousModel: string | undefined;
    for (let j = i - 1; j >= 0; j--) {
      const e = entries[j];
      if (e.isPrompt) break;
      if (e.role !== 'assistant') continue;
      previousModel ??= e.model;
      if (e.text && previous === undefined) previous = e.text;
      if (previous !== undefined && previousModel) break;
    }
    return { text: entries[i].text, ...(previous ? { previous } : {}), ...(previousModel ? { previousModel } : {}) };
  }
  return undefined;
}

/** The recorded result of one tool call, when the transcript holds it. */
export function toolResult(entries: readonly TranscriptEntry[], toolUseId: string): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const r = entries[i].toolResults?.get(toolUseId);
    if (r !== undefined) return r;
  }
  return undefined;
}
