/**
 * The operation log beside the database (`<store>.oplog`): what a flush writes instead of the whole
 * database, so that its cost follows the size of the change, not the size of the store.
 *
 * Format: JSON lines. The first line names the checkpoint the log continues,
 * `{"base":{"generation":G,"token":T}}` (the stamp in that database file's header); every further
 * line is one flush's operations, `{"ops":[...]}`, in the order they were written. Uint8Array fields
 * (vector bytes) are written as `{"$b64":"..."}`.
 *
 * The log is replaced atomically on every write (temp file + rename: the FileSystem port has no
 * append, and VS Code's workspace.fs none either), and is kept small: a flush that would make it
 * larger than the checkpoint threshold writes the database instead and starts a new log. So a crash
 * mid-write leaves the previous log whole, and a log whose base is not the database's stamp is one a
 * checkpoint already folded in (a crash between writing the database and starting its new log).
 * Operations are replayable (ops.ts): applying one twice is harmless.
 */
import type { FileStamp } from './header';
import type { StoreOp } from './ops';

export interface ParsedLog {
  /** The checkpoint this log continues, or undefined for a missing or unreadable header. */
  readonly base: { readonly generation: number; readonly token: number } | undefined;
  /** One entry per flush, oldest first. */
  readonly batches: StoreOp[][];
  /** The text as read (for appending). */
  readonly text: string;
  /** Why reading stopped early, when a line could not be read (the batches before it are kept). */
  readonly damaged?: string;
}

export const EMPTY_LOG: ParsedLog = { base: undefined, batches: [], text: '' };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function logHeader(stamp: FileStamp): string {
  return `${JSON.stringify({ base: { generation: stamp.generation, token: stamp.token } })}\n`;
}

export function logLine(ops: readonly StoreOp[]): string {
  return `${JSON.stringify({ ops }, (_key, value: unknown) => (value instanceof Uint8Array ? { $b64: toBase64(value) } : value))}\n`;
}

export function encodeLog(text: string): Uint8Array {
  return encoder.encode(text);
}

export function baseMatches(log: ParsedLog, stamp: FileStamp): boolean {
  return !!log.base && log.base.generation === stamp.generation && log.base.token === stamp.token;
}

/** Reads a log defensively: stops at the first line that is not a well-formed batch. */
export function parseLog(bytes: Uint8Array | undefined): ParsedLog {
  if (!bytes || bytes.length === 0) return EMPTY_LOG;
  const text = decoder.decode(bytes);
  const lines = text.split('\n');
  let base: ParsedLog['base'];
  try {
    const head = JSON.parse(lines[0]) as { base?: { generation?: unknown; token?: unknown } };
    const g = head.base?.generation;
    const t = head.base?.token;
    if (typeof g === 'number' && typeof t === 'number') base = { generation: g, token: t };
  } catch {
    // handled below
  }
  if (!base) return { base: undefined, batches: [], text: '', damaged: 'the log has no readable header' };
  const batches: StoreOp[][] = [];
  let kept = lines[0].length + 1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' && i === lines.length - 1) break;
    try {
      const parsed = JSON.parse(line, (_key, value: unknown) => revive(value)) as { ops?: unknown };
      if (!Array.isArray(parsed.ops) || !parsed.ops.every(isOp)) throw new Error('not a batch of operations');
      batches.push(parsed.ops as StoreOp[]);
      kept += line.length + 1;
    } catch (e) {
      return { base, batches, text: text.slice(0, kept), damaged: `line ${i + 1}: ${(e as Error).message}` };
    }
  }
  return { base, batches, text: text.slice(0, kept) };
}

const OP_KINDS = new Set(['record', 'update', 'delete', 'inject', 'recurred', 'vector', 'meta', 'clear']);

function isOp(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { kind?: unknown; at?: unknown };
  return typeof o.kind === 'string' && OP_KINDS.has(o.kind) && typeof o.at === 'number';
}

function revive(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { $b64?: unknown }).$b64 === 'string') {
    return fromBase64((value as { $b64: string }).$b64);
  }
  return value;
}

const runtime = globalThis as unknown as { btoa(s: string): string; atob(s: string): string };

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return runtime.btoa(bin);
}

function fromBase64(b64: string): Uint8Array {
  const bin = runtime.atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
