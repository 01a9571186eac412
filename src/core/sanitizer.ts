/**
 * Everything that is stored or embedded passes through here first: secrets are redacted, URLs lose
 * their hosts, credentials and query strings, emails and home-directory user names disappear, and
 * snippets are cut to the lines around the error.
 *
 * Two layers find secrets:
 * - an injected async `SecretDetector` (by default secretlint's maintained recommended preset, see
 *   `secretlintAdapter.ts`), used by `sanitizeAsync`;
 * - a built-in sync layer of high-signal regexes (token formats, private keys, JWTs, bearer tokens,
 *   connection strings, `password = "..."` assignments, high-entropy `.env` lines), always applied, so
 *   the sync `sanitize` is safe on its own and covers what the preset misses.
 *
 * Guarantees: never throws, bounded time on any input (inputs are capped, every regex is linear or has
 * bounded quantifiers), and idempotent: sanitizing the output again changes nothing (the passes run to
 * a fixpoint and every placeholder is shaped so that no rule matches it).
 */
import {
  DOC_HOST_SUFFIXES,
  EMAIL_RE,
  HOME_RES,
  ID_SEGMENT,
  LOOPBACK_HOSTS,
  NOT_EMAIL_TLD,
  PUBLIC_DOC_HOSTS,
  REDACTED_PREFIX,
  SECRET_RULES,
  URL_RE,
  redacted,
} from './sanitizer/rules';
import type { Candidate } from './types';

export { PUBLIC_DOC_HOSTS, REDACTED_PREFIX, shannonEntropy } from './sanitizer/rules';

export interface SanitizeFinding {
  /** What was removed: "aws-access-key", "url-host", "email", "home-path"... */
  readonly kind: string;
  /** The detector rule that found it (secretlint rule id, or ours). */
  readonly ruleId?: string;
}

export interface SanitizeResult {
  readonly text: string;
  readonly findings: SanitizeFinding[];
}

/** A secret found by a detector: a half-open range of the text it was given. */
export interface SecretRange {
  readonly start: number;
  readonly end: number;
  readonly kind: string;
  readonly ruleId?: string;
}

/** Pluggable secret finder (secretlint in Node and the web worker; tests may pass their own). */
export interface SecretDetector {
  readonly id: string;
  detect(text: string): Promise<SecretRange[]>;
}

export interface SanitizeOptions {
  /** Hosts kept as they are in URLs (besides the built-in public docs hosts). Lower case. */
  readonly allowedHosts?: readonly string[];
  /** Inputs longer than this are cut first (default 200,000 characters). */
  readonly maxInputChars?: number;
  readonly maskUrls?: boolean;
  readonly maskEmails?: boolean;
  readonly maskHomePaths?: boolean;
}

export interface SanitizeAsyncOptions extends SanitizeOptions {
  /** When absent only the built-in sync layer runs. */
  readonly detector?: SecretDetector;
}

export interface CandidateSanitizeOptions extends SanitizeAsyncOptions {
  /** Snippet limits (`false` keeps snippets whole, still sanitized). */
  readonly snippet?: false | CutSnippetOptions;
  /** Cap for description, message and fix fields (default 2,000 characters). */
  readonly maxFieldChars?: number;
}

const DEFAULT_MAX_INPUT = 200_000;
const MAX_PASSES = 4;

function applySecretRules(text: string, findings: SanitizeFinding[], generic: boolean): string {
  let out = text;
  for (const rule of SECRET_RULES) {
    if ((rule.generic ?? false) !== generic) continue;
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (...args: unknown[]) => {
      const match = args[0] as string;
      const offsetIdx = args.findIndex((a) => typeof a === 'number');
      if (rule.group === undefined) {
        if (match.includes(REDACTED_PREFIX)) return match;
        findings.push({ kind: rule.kind, ruleId: rule.id });
        return redacted(rule.kind);
      }
      const value = args[rule.group] as string | undefined;
      if (value === undefined || offsetIdx < 0) return match;
      if (rule.accept && !rule.accept(value)) return match;
      // Replace the last occurrence of the value inside the match: the key name comes first.
      const at = match.lastIndexOf(value);
      if (at < 0) return match;
      findings.push({ kind: rule.kind, ruleId: rule.id });
      return match.slice(0, at) + redacted(rule.kind) + match.slice(at + value.length);
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// URLs, emails, home directories.

function isAllowedHost(host: string, extra: readonly string[] | undefined): boolean {
  const h = host.toLowerCase();
  if (PUBLIC_DOC_HOSTS.includes(h) || extra?.includes(h)) return true;
  return DOC_HOST_SUFFIXES.some((s) => h.endsWith(s));
}

function maskUrls(text: string, findings: SanitizeFinding[], opts: SanitizeOptions): string {
  URL_RE.lastIndex = 0;
  return text.replace(URL_RE, (whole: string, scheme: string, rest: string) => {
    // Sentence punctuation after a URL is not part of it.
    const trail = /[.,;:!?]+$/.exec(rest)?.[0] ?? '';
    const body = trail ? rest.slice(0, rest.length - trail.length) : rest;
    if (!body) return whole;
    const authEnd = body.search(/[/?#]/);
    const authority = authEnd < 0 ? body : body.slice(0, authEnd);
    const tail = authEnd < 0 ? '' : body.slice(authEnd);
    const at = authority.lastIndexOf('@');
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    if (at >= 0) findings.push({ kind: 'url-credentials', ruleId: 'mm/url' });
    const host = hostPort.replace(/:\d{1,5}$/, '');
    const qAt = tail.search(/[?#]/);
    const path = qAt < 0 ? tail : tail.slice(0, qAt);
    const query = qAt < 0 ? '' : tail.slice(qAt);

    if (host && (isAllowedHost(host, opts.allowedHosts) || LOOPBACK_HOSTS.has(host.toLowerCase()))) {
      // Keep the documented page; a query string can still carry tokens.
      const hash = query.indexOf('#');
      const q = hash < 0 ? query : query.slice(0, hash);
      const frag = hash < 0 ? '' : query.slice(hash);
      const maskedQ = q.length > 1 ? '?<redacted>' : q;
      if (maskedQ !== q) findings.push({ kind: 'url-query', ruleId: 'mm/url' });
      return `${scheme}://${hostPort}${path}${maskedQ}${frag}${trail}`;
    }
    if (host) findings.push({ kind: 'url-host', ruleId: 'mm/url' });
    const shape = path
      .split('/')
      .map((seg) => (seg && ID_SEGMENT.test(seg) ? '<id>' : seg))
      .join('/');
    const maskedQuery = query.length > 1 ? (query.startsWith('#') ? '#<redacted>' : '?<redacted>') : query;
    if (maskedQuery !== query) findings.push({ kind: 'url-query', ruleId: 'mm/url' });
    return `${scheme}://<host>${shape}${maskedQuery}${trail}`;
  });
}

function maskEmails(text: string, findings: SanitizeFinding[]): string {
  EMAIL_RE.lastIndex = 0;
  return text.replace(EMAIL_RE, (m: string) => {
    if (NOT_EMAIL_TLD.test(m)) return m;
    findings.push({ kind: 'email', ruleId: 'mm/email' });
    return '<email>';
  });
}

function maskHomePaths(text: string, findings: SanitizeFinding[]): string {
  let out = text;
  for (const re of HOME_RES) {
    re.lastIndex = 0;
    out = out.replace(re, () => {
      findings.push({ kind: 'home-path', ruleId: 'mm/home' });
      return '~';
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Public API.

function onePass(text: string, findings: SanitizeFinding[], opts: SanitizeOptions): string {
  let out = applySecretRules(text, findings, false);
  if (opts.maskUrls !== false) out = maskUrls(out, findings, opts);
  out = applySecretRules(out, findings, true);
  if (opts.maskEmails !== false) out = maskEmails(out, findings);
  if (opts.maskHomePaths !== false) out = maskHomePaths(out, findings);
  return out;
}

/** Sync sanitizer: the built-in rules only. Never throws. */
export function sanitize(text: string, opts: SanitizeOptions = {}): SanitizeResult {
  const findings: SanitizeFinding[] = [];
  if (typeof text !== 'string' || text.length === 0) return { text: typeof text === 'string' ? text : '', findings };
  const max = opts.maxInputChars ?? DEFAULT_MAX_INPUT;
  let out = text.length > max ? text.slice(0, max) : text;
  if (out !== text) findings.push({ kind: 'truncated' });
  try {
    // Run to a fixpoint: one replacement can expose text another rule reads differently.
    for (let i = 0; i < MAX_PASSES; i++) {
      const next = onePass(out, findings, opts);
      if (next === out) break;
      out = next;
    }
    return { text: out, findings };
  } catch {
    // A sanitizer that fails must not leak: drop the text rather than store it unsanitized.
    return { text: redacted('unsanitizable'), findings: [...findings, { kind: 'unsanitizable' }] };
  }
}

/** Redact detector ranges (overlaps merged), then run the sync layer. Never rejects. */
export async function sanitizeAsync(text: string, opts: SanitizeAsyncOptions = {}): Promise<SanitizeResult> {
  if (typeof text !== 'string' || text.length === 0) return sanitize(text, opts);
  const max = opts.maxInputChars ?? DEFAULT_MAX_INPUT;
  let input = text.length > max ? text.slice(0, max) : text;
  const findings: SanitizeFinding[] = [];
  if (opts.detector) {
    let ranges: SecretRange[] = [];
    try {
      ranges = await opts.detector.detect(input);
    } catch {
      findings.push({ kind: 'detector-failed', ruleId: opts.detector.id });
    }
    input = redactRanges(input, ranges, findings);
  }
  const rest = sanitize(input, { ...opts, maxInputChars: Math.max(max, input.length) });
  if (text.length > max) findings.push({ kind: 'truncated' });
  return { text: rest.text, findings: [...findings, ...rest.findings] };
}

/** Replace detector ranges with placeholders; ranges inside an existing placeholder are skipped. */
export function redactRanges(text: string, ranges: readonly SecretRange[], findings: SanitizeFinding[] = []): string {
  const valid = ranges
    .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end <= text.length && r.end > r.start)
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end);
  if (valid.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const r of valid) {
    if (r.end <= pos) continue;
    const start = Math.max(r.start, pos);
    const span = text.slice(start, r.end);
    out += text.slice(pos, start);
    if (isInsidePlaceholder(text, start, r.end) || span.trim() === '') {
      out += span;
    } else {
      out += redacted(kindSlug(r.kind));
      findings.push({ kind: kindSlug(r.kind), ...(r.ruleId ? { ruleId: r.ruleId } : {}) });
    }
    pos = r.end;
  }
  return out + text.slice(pos);
}

function isInsidePlaceholder(text: string, start: number, end: number): boolean {
  const open = text.lastIndexOf(REDACTED_PREFIX, start);
  if (open < 0) return false;
  const close = text.indexOf(']', open);
  return close >= end - 1 && open <= start;
}

function kindSlug(kind: string): string {
  const s = kind.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'secret';
}

// ---------------------------------------------------------------------------------------------------
// Snippets.

export interface CutSnippetOptions {
  /** 1-based line of the error inside `code`; without it the snippet starts at the top. */
  readonly line?: number;
  readonly before?: number;
  readonly after?: number;
  readonly maxLines?: number;
  readonly maxChars?: number;
}

/**
 * The lines around the error, dedented, trailing blanks removed, within `maxLines` and `maxChars`
 * (cut at a line boundary; a single over-long line is cut with "…"). Cutting an already cut snippet
 * (without `line`) returns it unchanged.
 */
export function cutSnippet(code: string, opts: CutSnippetOptions = {}): string {
  if (typeof code !== 'string' || code.length === 0) return '';
  const before = clampInt(opts.before, 3, 0, 1000);
  const after = clampInt(opts.after, 3, 0, 1000);
  const maxLines = clampInt(opts.maxLines, 12, 1, 10_000);
  const maxChars = clampInt(opts.maxChars, 1200, 1, 1_000_000);
  // Bound work on huge inputs: only the neighbourhood can survive anyway.
  const lines = code.slice(0, 4_000_000).replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  let from = 0;
  let to = lines.length;
  if (opts.line !== undefined && Number.isFinite(opts.line)) {
    const idx = Math.min(Math.max(Math.trunc(opts.line) - 1, 0), Math.max(lines.length - 1, 0));
    from = Math.max(0, idx - before);
    to = Math.min(lines.length, idx + after + 1);
    if (to - from > maxLines) {
      // Keep the error line, prefer context before it.
      const keepBefore = Math.min(idx - from, Math.max(0, maxLines - 1 - Math.min(after, to - idx - 1)));
      from = idx - keepBefore;
      to = Math.min(to, from + maxLines);
    }
  }
  let picked = lines.slice(from, to);
  while (picked.length && picked[0] === '') picked.shift();
  while (picked.length && picked[picked.length - 1] === '') picked.pop();
  if (picked.length > maxLines) picked = picked.slice(0, maxLines);
  picked = dedent(picked);
  const out: string[] = [];
  let used = 0;
  for (const l of picked) {
    const cost = l.length + (out.length ? 1 : 0);
    if (used + cost <= maxChars) {
      out.push(l);
      used += cost;
      continue;
    }
    if (out.length === 0) out.push(l.slice(0, Math.max(0, maxChars - 1)) + '…');
    break;
  }
  return out.join('\n');
}

function dedent(lines: string[]): string[] {
  let indent = Infinity;
  for (const l of lines) {
    if (!l.trim()) continue;
    const m = /^[ \t]*/.exec(l);
    indent = Math.min(indent, m ? m[0].length : 0);
  }
  if (!Number.isFinite(indent) || indent === 0) return lines;
  return lines.map((l) => l.slice(Math.min(indent, /^[ \t]*/.exec(l)?.[0].length ?? 0)));
}

function clampInt(v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, Math.trunc(v)));
}

// ---------------------------------------------------------------------------------------------------
// Candidates.

const DEFAULT_FIELD_CHARS = 2000;

function capField(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + '…';
}

type TextSanitizer = (s: string) => SanitizeResult;

function sanitizeFields(c: Candidate, opts: CandidateSanitizeOptions, clean: TextSanitizer): Candidate {
  const max = opts.maxFieldChars ?? DEFAULT_FIELD_CHARS;
  const text = (s: string | undefined, cap = max): string | undefined =>
    s === undefined ? undefined : capField(clean(String(s)).text, cap);
  const snippet = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined;
    const cleaned = clean(String(s)).text;
    return opts.snippet === false ? cleaned : cutSnippet(cleaned, opts.snippet ?? {});
  };
  // Paths keep their shape: only home directories and secrets go.
  const pathText = (s: string | undefined): string | undefined =>
    s === undefined ? undefined : capField(clean(String(s)).text, 1024);
  const out: Record<string, unknown> = { ...c };
  const set = (key: keyof Candidate, value: unknown): void => {
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  set('description', text(c.description) ?? '');
  set('errorType', text(c.errorType, 200));
  set('errorMessage', text(c.errorMessage));
  set('fixDescription', text(c.fixDescription));
  set('codeSnippet', snippet(c.codeSnippet));
  set('goodSnippet', snippet(c.goodSnippet));
  set('filePath', pathText(c.filePath));
  set('projectPath', pathText(c.projectPath));
  set('testId', text(c.testId, 500));
  return out as unknown as Candidate;
}

/** Sync: every free-text field through `sanitize`, snippets cut. Identifiers (rule id, CWE, model) are kept. */
export function sanitizeCandidate(c: Candidate, opts: CandidateSanitizeOptions = {}): Candidate {
  return sanitizeFields(c, opts, (s) => sanitize(s, opts));
}

/** The engine's path: the detector (secretlint) runs over every free-text field, then the sync layer. */
export async function sanitizeCandidateAsync(c: Candidate, opts: CandidateSanitizeOptions = {}): Promise<Candidate> {
  if (!opts.detector) return sanitizeCandidate(c, opts);
  const fields = ['description', 'errorType', 'errorMessage', 'fixDescription', 'codeSnippet', 'goodSnippet', 'filePath', 'projectPath', 'testId'] as const;
  const pre = new Map<string, SanitizeResult>();
  await Promise.all(
    fields.map(async (f) => {
      const v = c[f];
      if (typeof v === 'string' && v) pre.set(v, await sanitizeAsync(v, opts));
    }),
  );
  return sanitizeFields(c, opts, (s) => pre.get(s) ?? sanitize(s, opts));
}

/** A detector that finds nothing: the web build's default when secretlint is not bundled. */
export const noSecretDetector: SecretDetector = { id: 'none', detect: async () => [] };
