/** Small defensive helpers: every public entry point takes untrusted values and must not throw. */

/** Longest text a matcher looks at; diagnostics are short, and this keeps every regex pass bounded. */
export const MAX_MATCH_CHARS = 4000;

export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property read that never runs getters of exotic objects into a throw. */
export function prop(o: unknown, key: string): unknown {
  if (!isRecord(o)) return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
  } catch {
    return undefined;
  }
}

export function cut(s: string, max = MAX_MATCH_CHARS): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** Rule ids as words: "python.django.sqlInjection-db_cursor" → " python django sql injection db cursor ". */
export function ruleWords(ruleId: string): string {
  const spaced = cut(ruleId, 600)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9$]+/g, ' ')
    .trim();
  return ` ${spaced} `;
}

/** Message text for matching: lower case, whitespace collapsed, bounded. */
export function messageText(message: string): string {
  return ` ${cut(message).toLowerCase().replace(/\s+/g, ' ').trim()} `;
}

/** First sentence (or line) of a message, bounded, with Semgrep's `$VAR` placeholders kept readable. */
export function firstSentence(message: string, max = 220): string {
  const flat = cut(message, 2000).replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(flat);
  let s = m && m[1].length >= 12 ? m[1] : flat;
  if (s.length > max) s = s.slice(0, max - 1).trimEnd() + '…';
  return s;
}

/** "CWE-079", "cwe-79", "external/cwe/cwe-079", 79 → "CWE-79"; anything else → undefined. */
export function normalizeCwe(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 && v < 100000 ? `CWE-${v}` : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /(?:^|[^a-z])cwe[-_ /:]?0*(\d{1,5})(?!\d)/i.exec(cut(v, 300));
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? `CWE-${n}` : undefined;
}

export function uniq<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}
