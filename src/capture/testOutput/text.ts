import { LIMITS } from './types';

// CSI sequences (colors, cursor moves) and OSC sequences (hyperlinks, titles) that terminals emit.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// CI log viewers (GitHub Actions raw logs) prefix every line with a timestamp.
const CI_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z /;

export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') === -1 ? s : s.replace(ANSI, '');
}

/** One display line: bounded length, no colors, what a terminal shows after carriage returns. */
export function cleanLine(raw: string): string {
  let s = raw.length > LIMITS.maxLineLength ? raw.slice(0, LIMITS.maxLineLength) : raw;
  if (s.endsWith('\r')) s = s.slice(0, -1);
  const cr = s.lastIndexOf('\r');
  if (cr !== -1) s = s.slice(cr + 1);
  s = stripAnsi(s);
  if (s.length > 20 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57) s = s.replace(CI_TIMESTAMP, '');
  return s;
}

/** Splits terminal output into cleaned lines. Linear in the input; each line is bounded. */
export function toLines(text: string): string[] {
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) raw[i] = cleanLine(raw[i]!);
  return raw;
}

/** Accumulates text up to a character budget, then ignores the rest. */
export class Buf {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly cap: number) {}
  push(line: string): void {
    if (this.size >= this.cap) return;
    const room = this.cap - this.size;
    const piece = line.length > room ? line.slice(0, room) : line;
    this.parts.push(piece);
    this.size += piece.length + 1;
  }
  get length(): number {
    return this.parts.length;
  }
  toString(): string {
    return this.parts.join('\n');
  }
}

export function clip(s: string, cap: number): string {
  return s.length > cap ? s.slice(0, cap) : s;
}

/** Removes the common leading indentation and surrounding blank lines. */
export function dedent(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  let min = Infinity;
  for (let i = start; i < end; i++) {
    const l = lines[i]!;
    if (l.trim() === '') continue;
    const n = l.length - l.trimStart().length;
    if (n < min) min = n;
  }
  const cut = Number.isFinite(min) ? min : 0;
  const out: string[] = [];
  for (let i = start; i < end; i++) out.push(lines[i]!.slice(cut).trimEnd());
  return out.join('\n');
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

const ERROR_NAME_SUFFIX =
  /(?:Error|Exception|Failure|Failed|Fault|Warning|Interrupt|Exit|Panic|Rejection|Throwable|Timeout|Iteration|Abort|_error|_exception)$/;

/** Whether a name printed before ":" is an exception/assertion class rather than a label like "Expected". */
export function looksLikeErrorClass(name: string): boolean {
  if (name.length > 200) return false;
  const last = name.split(/[.\\:]+/).pop() ?? name;
  return ERROR_NAME_SUFFIX.test(last) || last === 'Error';
}

// "TypeError: x", "AssertionError [ERR_ASSERTION]: x", "java.lang.AssertionError: x",
// "PHPUnit\Framework\ExpectationFailedException: x", "std::runtime_error: x".
const LEADING_TYPE = /^([A-Za-z_$][\w$]*(?:(?:\.|\\|::)[A-Za-z_$][\w$]*)*)(?: \[[A-Za-z0-9_]+\])?:(?:\s|$)/;

/** The exception class a message line starts with, or null. */
export function leadingErrorType(line: string): string | null {
  const m = LEADING_TYPE.exec(line.trim());
  if (!m) return null;
  return looksLikeErrorClass(m[1]!) ? m[1]! : null;
}

/** "TypeError: boom" → "boom"; leaves lines without a leading error class alone. */
export function stripErrorPrefix(line: string): string {
  const m = LEADING_TYPE.exec(line.trim());
  if (!m || !looksLikeErrorClass(m[1]!)) return line.trim();
  return line.trim().slice(m[0].length).trim();
}

export function firstNonEmptyLine(s: string): string {
  for (const l of s.split('\n')) if (l.trim()) return l.trim();
  return '';
}
