import { locate } from './frames';
import { pythonException } from './python';
import { clip, dedent, leadingErrorType, stripAnsi } from './text';
import { LIMITS, type TestFailure } from './types';
import { attr, children, safeParse, skipSpecial, tagEnd, tagName, textOf, type XmlNode } from './xml';

/**
 * JUnit XML from any producer. The document is not parsed whole: a linear scan finds each
 * <testcase> element (skipping comments and CDATA) and hands that fragment to fast-xml-parser, which
 * decodes entities and CDATA. Memory stays bounded by the largest test case, a cut-off report still
 * yields the test cases before the cut, and one malformed test case does not lose the others.
 */

interface Suite {
  name: string;
  file: string;
  /** Test cases seen so far in this suite: a test case with no name is named by its position. */
  cases: number;
}

export function parseJUnit(text: string): TestFailure[] {
  const failures: TestFailure[] = [];
  const suites: Suite[] = [];
  let looseCases = 0;
  const n = text.length;
  let i = 0;
  while (i < n && failures.length < LIMITS.maxFailures) {
    const lt = text.indexOf('<', i);
    if (lt === -1) break;
    const skip = skipSpecial(text, lt);
    if (skip !== -1) {
      i = skip;
      continue;
    }
    const gt = tagEnd(text, lt);
    if (gt === -1) break;
    const startTag = text.slice(lt, gt + 1);
    const name = tagName(text, lt);
    if (text[lt + 1] === '/') {
      if (name === 'testsuite' || name === 'testsuites') suites.pop();
      i = gt + 1;
      continue;
    }
    const selfClosing = text[gt - 1] === '/';
    if (name === 'testsuite' || name === 'testsuites') {
      if (!selfClosing) {
        const a = attributes(startTag);
        suites.push({ name: a.name ?? '', file: a.file ?? '', cases: 0 });
      }
      i = gt + 1;
      continue;
    }
    if (name === 'testcase' || ((name === 'failure' || name === 'error') && suites.length)) {
      const end = selfClosing ? gt + 1 : closeOf(text, gt + 1, name);
      const fragment = text.slice(lt, end);
      if (name === 'testcase') {
        const top = suites[suites.length - 1];
        if (top) top.cases++;
        else looseCases++;
      }
      const position = suites[suites.length - 1]?.cases ?? looseCases;
      const f = name === 'testcase' ? fromTestcase(fragment, suites, position) : fromSuiteError(fragment, suites);
      if (f) failures.push(f);
      i = Math.max(end, gt + 1);
      continue;
    }
    i = gt + 1;
  }
  markGoParents(failures);
  return failures;
}

/** End of the element opened before `from`: after its close tag, or where the next sibling starts. */
function closeOf(text: string, from: number, name: string): number {
  let i = from;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1) return text.length;
    const skip = skipSpecial(text, lt);
    if (skip !== -1) {
      i = skip;
      continue;
    }
    const t = tagName(text, lt);
    if (text[lt + 1] === '/') {
      if (t === name) {
        const gt = text.indexOf('>', lt);
        return gt === -1 ? text.length : gt + 1;
      }
      if (t === 'testsuite' || t === 'testsuites') return lt;
    } else if (t === 'testcase' || t === 'testsuite') return lt;
    i = lt + 1;
  }
}

function attributes(startTag: string): Record<string, string> {
  const tag = startTag.replace(/\/?\s*>$/, '/>');
  const doc = safeParse(tag);
  const root = doc ? Object.values(doc).find(Array.isArray) : undefined;
  const node = Array.isArray(root) ? root[0] : undefined;
  const out: Record<string, string> = {};
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as XmlNode)) if (k.startsWith('@_') && typeof v === 'string') out[k.slice(2)] = v;
  }
  return out;
}

/** A stable id for a test case without name and classname: its suite and 1-based position there. */
function positionalName(suites: readonly Suite[], position: number): string {
  const suite = suites.map((s) => s.name).filter(Boolean).join(' › ');
  return `${suite || 'testsuite'} #${position}`;
}

function fromTestcase(fragment: string, suites: readonly Suite[], position: number): TestFailure | null {
  // Cheap pre-check: most test cases pass, and passing ones need no XML parsing at all.
  if (!/<(?:\w+:)?(?:failure|error)\b/.test(fragment)) return null;
  const doc = safeParse(fragment);
  const tc = doc ? children(doc, 'testcase')[0] : undefined;
  if (!tc) return fallbackTestcase(fragment, suites, position);
  const failure = children(tc, 'failure')[0];
  const error = children(tc, 'error')[0];
  const el = failure ?? error;
  if (!el) return null;
  const name = attr(tc, 'name') || attr(tc, 'classname') || positionalName(suites, position);
  const classname = attr(tc, 'classname') || attr(tc, 'class');
  const sysText = [...children(tc, 'system-err'), ...children(tc, 'system-out')].map(textOf).join('\n');
  const f = describe(name, el, failure ? 'failed' : 'error', sysText, attr(tc, 'file') || suites[suites.length - 1]?.file || '');
  if (classname || attr(tc, 'classname') === '') f.classname = classname;
  return f;
}

function fromSuiteError(fragment: string, suites: readonly Suite[]): TestFailure | null {
  const doc = safeParse(fragment);
  const el = doc ? (children(doc, 'failure')[0] ?? children(doc, 'error')[0]) : undefined;
  const suite = suites[suites.length - 1];
  if (!el || !suite) return null;
  return describe(suite.name || 'test suite', el, 'error', '', suite.file);
}

/** A test case fast-xml-parser could not read: keep what the start tags say. */
function fallbackTestcase(fragment: string, suites: readonly Suite[], position: number): TestFailure | null {
  const end = tagEnd(fragment, 0);
  const a = attributes(fragment.slice(0, end + 1));
  const m = /<(?:\w+:)?(failure|error)\b/.exec(fragment);
  if (!m) return null;
  const fe = tagEnd(fragment, m.index);
  const fa = fe === -1 ? {} : attributes(fragment.slice(m.index, fe + 1));
  return {
    test: clip(a.name || a.classname || positionalName(suites, position), LIMITS.maxTestIdLength),
    ...(a.classname ? { classname: a.classname } : {}),
    errorType: fa.type?.trim() || null,
    message: clip(fa.message ?? '', LIMITS.maxMessageLength),
    file: a.file || null,
    line: null,
    format: 'junit-xml',
    outcome: m[1] === 'error' ? 'error' : 'failed',
  };
}

const GO_NOISE = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\b|--- (?:FAIL|PASS|SKIP): |(?:PASS|FAIL)\s*$)/;

function describe(test: string, el: XmlNode, outcome: 'failed' | 'error', sysText: string, fileAttr: string): TestFailure {
  const typeAttr = attr(el, 'type').trim();
  const msgAttr = stripAnsi(attr(el, 'message'));
  let body = textOf(el);
  if (/^\s*=== RUN\b/m.test(body) || /^\s*--- FAIL: /m.test(body)) {
    body = body
      .split('\n')
      .filter((l) => !GO_NOISE.test(l))
      .join('\n');
  }
  const rich = msgAttr.includes('\n') && msgAttr.length > 200 ? msgAttr : body;
  const richLines = rich.split('\n').slice(0, 5000);
  const bodyLines = body.split('\n');

  // Error type: the attribute verbatim; else the class the body starts with; else Python's own.
  let errorType: string | null = typeAttr || null;
  const firstLines = bodyLines.map((l) => l.trim()).filter((l) => l && !/^●/.test(l));
  if (!errorType) errorType = leadingErrorType(firstLines[0] ?? '');
  const eLines = richLines.filter((l) => /^\s*E(?:\s|$)/.test(l));
  if (!errorType) {
    const pyLoc = [...richLines].reverse().find((l) => /^\S[^:]*:\d+: \S+$/.test(l.trim()) && !/: in \S/.test(l));
    const tail = pyLoc ? pyLoc.trim().split(': ').pop()! : '';
    if (tail && leadingErrorType(`${tail}: x`)) errorType = tail;
  }
  if (!errorType && eLines.length) errorType = leadingErrorType(eLines[0]!.trim().slice(1));
  if (!errorType && /Traceback \(most recent call last\)/.test(rich)) errorType = pythonException(richLines).type;
  if (!errorType) errorType = leadingErrorType(msgAttr.split('\n')[0] ?? '');

  // Message: the attribute plus what the body adds before its stack.
  let detail: string;
  if (eLines.length) detail = dedent(eLines.map((l) => l.replace(/^\s*E/, ''))).trim();
  else if (/Traceback \(most recent call last\)/.test(rich)) detail = pythonException(richLines).message;
  else {
    const upto: string[] = [];
    for (const l of bodyLines) {
      if (/^\s*at \S/.test(l) || /^\s*[❯→] \S/.test(l) || /^\s*Caused by:/.test(l) || /^This error originated in /.test(l)) break;
      if (upto.length >= 300) break;
      upto.push(l);
    }
    detail = dedent(upto);
  }
  detail = detail.trim();
  let message = msgAttr.trim();
  if (rich === msgAttr && detail) message = detail;
  else if (detail && !detail.includes(message.split('\n')[0] ?? '')) message = message ? `${message}\n${detail}` : detail;
  else if (detail) message = detail.length >= message.length ? detail : message;

  const where =
    (rich !== body ? locate(rich, { generic: true }) : null) ??
    locate(body, { generic: true }) ??
    (sysText && /panicked at|Traceback \(most recent call last\)|^\s+\S+\.go:\d+: /m.test(sysText) ? locate(sysText) : null);
  return {
    test: clip(test, LIMITS.maxTestIdLength),
    errorType,
    message: clip(message, LIMITS.maxMessageLength),
    file: where?.file ?? (fileAttr || null),
    line: where?.line ?? null,
    format: 'junit-xml',
    outcome,
    stack: clip(body || msgAttr, LIMITS.maxStackLength),
  };
}

/** gotestsum: "TestX" fails with no output of its own because "TestX/sub" failed. */
function markGoParents(failures: TestFailure[]): void {
  const parents = new Set<string>();
  for (const f of failures) {
    let i = f.test.lastIndexOf('/');
    while (i > 0) {
      parents.add(`${f.classname ?? ''}\u0000${f.test.slice(0, i)}`);
      i = f.test.lastIndexOf('/', i - 1);
    }
  }
  for (const f of failures) {
    if (!parents.has(`${f.classname ?? ''}\u0000${f.test}`)) continue;
    if ((!f.message.trim() || /^Failed$/i.test(f.message.trim())) && f.file === null) f.aggregate = true;
  }
}
