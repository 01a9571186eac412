/**
 * Error signatures: the identity of a mistake. Repeats of one mistake must collapse into one pattern,
 * different mistakes must not. The signature hashes:
 *
 *   version | category | rule id | error type | message skeleton | lesson (chat) | test name (weak messages)
 *
 * - Diagnostics: the rule id plus the message skeleton is the identity (file, line and model vary).
 * - Tests: error type plus skeleton; when the skeleton says little by itself (an assertion such as
 *   "assert <n> == <n>", "expect(received).toBe(expected)"), the test's base name is added, since two
 *   different tests failing on a bare assertion are two different mistakes.
 * - Chat corrections: the normalized lesson (fix description, else description).
 * - Anything with no rule, type or message falls back to the normalized description.
 *
 * The model is deliberately NOT part of the signature: the same mistake made by two models is one
 * pattern, and each occurrence records its model. That lets ranking prefer patterns seen from the
 * requesting model (per-occurrence attribution) without splitting their frequency.
 */
import { fnv1a64 } from './hash';
import type { Candidate } from './types';

export const SIGNATURE_VERSION = 1;
const MAX_SKELETON = 300;

/**
 * A message with everything that varies between repeats removed: numbers, hex ids, memory addresses,
 * timestamps, UUIDs, quoted literals' contents (quotes kept), paths reduced to base names, temp names,
 * line/column positions, ANSI colours. Lower case, single spaces.
 */
export function normalizeMessage(message: string | undefined, errorType?: string): string {
  if (!message) return '';
  let s = message.slice(0, 4000);
  // eslint-disable-next-line no-control-regex
  s = s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  s = firstMeaningfulLine(s);
  // A leading "TypeError:" duplicates the error type when a parser keeps it in the message.
  if (errorType) {
    const t = errorType.trim();
    if (t && s.toLowerCase().startsWith(t.toLowerCase() + ':')) s = s.slice(t.length + 1);
  }
  s = s.replace(/^\s*(?:uncaught\s+|unhandled\s+)?[A-Za-z_][\w.]*(?:Error|Exception|Warning)\s*:\s*/i, '');
  s = s
    .replace(/\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s'"`)]+/gi, '<url>')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>')
    .replace(/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<ts>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<addr>')
    // Quoted literals: contents go, presence stays. An apostrophe inside a word is not a quote.
    .replace(/(?<![A-Za-z0-9])'[^'\n]{0,300}'(?![A-Za-z0-9])/g, "''")
    .replace(/"[^"\n]{0,300}"/g, '""')
    .replace(/`[^`\n]{0,300}`/g, '``')
    // Paths → base names (Windows and POSIX, with optional :line:col).
    .replace(/(?:[A-Za-z]:)?(?:[\w.~@+-]*[\\/])+([\w.@+-]+)/g, '$1')
    .replace(/\b(?:tmp|temp)[\w-]{3,}/gi, '<tmp>')
    .replace(/\bpytest-(?:of-[\w-]+|\d+)\b/gi, '<tmp>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>')
    // Numbers, with their units (30s, 512MB, 2.5x).
    .replace(/[-+]?\b\d+(?:\.\d+)?(?:e[-+]?\d+)?(?:ms|us|ns|s|m|h|d|[kmgt]i?b|b|px|x)?\b/gi, '<n>')
    .replace(/(?::<n>){1,2}(?![\w<])/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return s.length > MAX_SKELETON ? s.slice(0, MAX_SKELETON) : s;
}

function firstMeaningfulLine(s: string): string {
  for (const raw of s.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    // Stack frames and pytest's "E " prefixes are noise at the head of a message.
    if (/^at\s+\S/.test(line) || /^File\s+"/.test(line) || /^Traceback\b/.test(line)) continue;
    return line.replace(/^E\s{1,8}/, '');
  }
  return '';
}

/** "builtins.TypeError" → "typeerror"; "sqlalchemy.exc.IntegrityError" → "integrityerror". */
export function normalizeErrorType(errorType: string | undefined): string {
  if (!errorType) return '';
  const t = errorType.trim().split(/[\s(<[]/)[0] ?? '';
  const last = t.split(/[.:]+/).filter(Boolean).pop() ?? '';
  return last.toLowerCase().slice(0, 100);
}

const LESSON_FILLER = /\b(?:please|you|should|must|need(?:s)? to|remember to|don'?t forget to|make sure(?: to| that)?|the|a|an|to|that)\b/g;

/** A chat lesson's words, without filler, punctuation or numbers. */
export function normalizeLesson(text: string | undefined): string {
  if (!text) return '';
  return text
    .slice(0, 2000)
    .toLowerCase()
    .replace(/\b(?:do not|don't|dont)\b(?! forget)/g, 'never')
    .replace(/[`'"]/g, '')
    .replace(LESSON_FILLER, ' ')
    .replace(/\d+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_SKELETON);
}

const ASSERTION_TYPES = new Set(['assertionerror', 'assertion', 'assertionfailederror', 'expectationfailed', 'comparisonfailure', 'assert']);

/** True when a message skeleton alone cannot tell two mistakes apart. */
function isWeakSkeleton(skeleton: string, errorType: string): boolean {
  if (ASSERTION_TYPES.has(errorType)) return true;
  if (/^(?:assert\b|expect\(|expected\b|assertion\b)/.test(skeleton)) return true;
  const words = skeleton.match(/[a-z]{3,}/g) ?? [];
  return words.length < 3;
}

/** "tests/test_api.py::TestUsers::test_create[param-3]" → "testusers::test_create". */
export function normalizeTestName(testId: string | undefined): string {
  if (!testId) return '';
  let t = testId.trim().replace(/\[[^\]]*\]$/, '').replace(/\(.*\)$/, '');
  const parts = t.split('::');
  if (parts.length > 1) t = parts.slice(1).join('::');
  t = t.replace(/^.*[\\/]/, '');
  return t.replace(/\s+/g, ' ').replace(/\d+/g, '#').toLowerCase().slice(0, 200);
}

export interface SignatureParts {
  readonly version: number;
  readonly category: string;
  readonly ruleId: string;
  readonly errorType: string;
  readonly skeleton: string;
  readonly lesson: string;
  readonly test: string;
  readonly description: string;
}

/** The normalized inputs of the signature (exposed for debugging and the dashboard's "why"). */
export function signatureParts(c: Candidate): SignatureParts {
  const ruleId = (c.ruleId ?? '').trim().toLowerCase().slice(0, 200);
  const errorType = normalizeErrorType(c.errorType);
  const skeleton = normalizeMessage(c.errorMessage, c.errorType);
  const lesson = c.source === 'chat' ? normalizeLesson(c.fixDescription || c.description) : '';
  const test = c.source === 'test' && !ruleId && isWeakSkeleton(skeleton, errorType) ? normalizeTestName(c.testId) : '';
  // Without anything more specific, the description is the identity.
  const description = !ruleId && !errorType && !skeleton && !lesson ? normalizeLesson(normalizeMessage(c.description)) : '';
  return { version: SIGNATURE_VERSION, category: c.category, ruleId, errorType, skeleton, lesson, test, description };
}

/** 16 hex characters (FNV-1a 64 of the parts). Stable across platforms and releases of the same version. */
export function errorSignature(c: Candidate): string {
  const p = signatureParts(c);
  return fnv1a64([p.version, p.category, p.ruleId, p.errorType, p.skeleton, p.lesson, p.test, p.description].join('\u241f'));
}
