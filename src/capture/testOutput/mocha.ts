import { locate, normalizePath } from './frames';
import { Buf, clip, dedent, leadingErrorType, stripErrorPrefix, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

const HOOK = /^"(?:before|after) (?:all|each)" hook\b/;

/**
 * Mocha's failure list (spec, dot, list... reporters share it), printed after "N failing":
 *
 *   1) Suite
 *        Inner
 *          test title:
 *      AssertionError [ERR_ASSERTION]: message
 *       at Context.<anonymous> (test/x.js:11:14)
 *
 * Title lines are indented by 5 + 2 per level; the last one ends with ":".
 */
export function parseMochaSpec(text: string): TestFailure[] {
  const lines = toLines(text);
  const failures: TestFailure[] = [];
  let i = lines.findIndex((l) => /^\s*\d+ failing\b/.test(l));
  if (i === -1) return failures;
  i++;
  while (i < lines.length && failures.length < LIMITS.maxFailures) {
    const head = /^\s{1,4}(\d+)\) (.*)$/.exec(lines[i]!);
    if (!head) {
      i++;
      continue;
    }
    const title = [head[2]!];
    i++;
    while (i < lines.length) {
      const l = lines[i]!;
      const want = 5 + 2 * title.length;
      if (l.length > want && l.slice(0, want).trim() === '' && l[want] !== ' ' && !title[title.length - 1]!.endsWith(':')) {
        title.push(l.trim());
        i++;
      } else break;
    }
    title[title.length - 1] = title[title.length - 1]!.replace(/:$/, '');
    const body: string[] = [];
    const buf = new Buf(LIMITS.maxStackLength);
    while (i < lines.length && !/^\s{1,4}\d+\) /.test(lines[i]!)) {
      if (body.length < 2000) body.push(lines[i]!);
      buf.push(lines[i]!);
      i++;
    }
    const msgLines: string[] = [];
    for (const l of body) {
      if (/^\s*at \S/.test(l) || /^\s*\+ expected - actual/.test(l)) break;
      msgLines.push(l);
    }
    const message = dedent(msgLines);
    const first = message.split('\n')[0] ?? '';
    const testId = title.join(' ');
    const where = locate(buf.toString());
    failures.push({
      test: clip(testId, LIMITS.maxTestIdLength),
      errorType: leadingErrorType(first),
      message: clip(message, LIMITS.maxMessageLength),
      file: where?.file ?? null,
      line: where?.line ?? null,
      format: 'mocha',
      outcome: HOOK.test(title[0]!) || HOOK.test(title[title.length - 1]!) ? 'error' : 'failed',
      stack: buf.toString(),
    });
  }
  return failures;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Parses a JSON document that may be preceded or followed by console noise. */
export function parseJsonLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start === -1 || end <= start) return undefined;
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}

/** `mocha --reporter json`: { stats, tests, pending, failures, passes }. Only failures[] count. */
export function parseMochaJson(text: string): TestFailure[] {
  const doc = parseJsonLoose(text);
  if (!isObj(doc)) return [];
  let list: unknown[] = Array.isArray(doc.failures) ? doc.failures : [];
  if (!Array.isArray(doc.failures) && Array.isArray(doc.tests)) {
    list = doc.tests.filter((t) => isObj(t) && isObj(t.err) && Object.keys(t.err).length > 0 && t.pending !== true);
  }
  const failures: TestFailure[] = [];
  for (const t of list) {
    if (!isObj(t) || failures.length >= LIMITS.maxFailures) continue;
    const err = isObj(t.err) ? t.err : {};
    const stack = clip(str(err.stack), LIMITS.maxStackLength);
    const firstStackLine = stack.split('\n')[0] ?? '';
    const title = str(t.fullTitle) || str(t.title);
    const where = locate(stack);
    const fallbackFile = str(err.file) || str(t.file);
    failures.push({
      test: clip(title, LIMITS.maxTestIdLength),
      errorType: str(err.name) || leadingErrorType(firstStackLine),
      message: clip(str(err.message) || stripErrorPrefix(firstStackLine), LIMITS.maxMessageLength),
      file: where?.file ?? (fallbackFile ? normalizePath(fallbackFile) : null),
      line: where?.line ?? null,
      format: 'mocha-json',
      outcome: HOOK.test(str(t.title)) ? 'error' : 'failed',
      stack,
    });
  }
  return failures;
}

/** `jest --json` / `vitest --reporter=json`: testResults[].assertionResults[]. */
export function parseJestJson(text: string): TestFailure[] {
  const doc = parseJsonLoose(text);
  if (!isObj(doc) || !Array.isArray(doc.testResults)) return [];
  const failures: TestFailure[] = [];
  for (const suite of doc.testResults) {
    if (!isObj(suite)) continue;
    const file = str(suite.name) || str(suite.testFilePath);
    const results = Array.isArray(suite.assertionResults) ? suite.assertionResults : Array.isArray(suite.testResults) ? suite.testResults : [];
    let any = false;
    for (const a of results) {
      if (!isObj(a) || a.status !== 'failed' || failures.length >= LIMITS.maxFailures) continue;
      any = true;
      const ancestors = Array.isArray(a.ancestorTitles) ? a.ancestorTitles.filter((x): x is string => typeof x === 'string') : [];
      const title = ancestors.length || str(a.title) ? [...ancestors, str(a.title)].join(' › ') : str(a.fullName);
      const msgs = Array.isArray(a.failureMessages) ? a.failureMessages.filter((x): x is string => typeof x === 'string') : [];
      failures.push(fromJestMessage(title, clip(msgs.join('\n'), LIMITS.maxStackLength * 2), file, 'failed'));
    }
    const suiteMessage = str(suite.message) || str(suite.failureMessage);
    if (!any && suite.status === 'failed' && suiteMessage && failures.length < LIMITS.maxFailures) {
      failures.push(fromJestMessage(file, clip(suiteMessage, LIMITS.maxStackLength * 2), file, 'error'));
    }
  }
  return failures;
}

function fromJestMessage(test: string, raw: string, file: string, outcome: 'failed' | 'error'): TestFailure {
  const lines = toLines(raw).filter((l) => !/^\s*● /.test(l));
  const msgLines: string[] = [];
  for (const l of lines) {
    if (/^\s*at \S/.test(l) || /^\s*>?\s*\d+ \|/.test(l)) break;
    msgLines.push(l);
  }
  const message = dedent(msgLines);
  const stack = lines.join('\n');
  const where = locate(stack);
  return {
    test: clip(test, LIMITS.maxTestIdLength),
    errorType: leadingErrorType(message.split('\n')[0] ?? ''),
    message: clip(message, LIMITS.maxMessageLength),
    file: where?.file ?? (file || null),
    line: where?.line ?? null,
    format: 'jest-json',
    outcome,
    stack: clip(stack, LIMITS.maxStackLength),
  };
}
