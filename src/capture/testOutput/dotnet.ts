import { locate } from './frames';
import { clip, dedent, leadingErrorType, looksLikeErrorClass } from './text';
import { LIMITS, type TestFailure } from './types';
import { attr, child, children, scanElements, textOf, type XmlNode } from './xml';

/**
 * .NET test reports: Visual Studio TRX (`dotnet test --logger trx`, any adapter: MSTest, NUnit,
 * xUnit), NUnit 3 result XML (`--result` / NUnit console) and xUnit.net v2 XML (`-xml`). Each is
 * read element by element (see xml.ts), so a cut-off or huge report still yields what it holds.
 */

/** "System.DivideByZeroException : Attempted to divide by zero." (NUnit, xUnit) or "Type: message". */
const SPACED_TYPE = /^([A-Za-z_][\w`]*(?:[.+][A-Za-z_][\w`]*)*) : /;

function typeFromMessage(message: string): string | null {
  const first = message.trim().split('\n')[0] ?? '';
  const m = SPACED_TYPE.exec(first);
  if (m && looksLikeErrorClass(m[1]!)) return m[1]!;
  return leadingErrorType(first);
}

function clean(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

function failure(test: string, classname: string, errorType: string | null, message: string, stack: string, format: string, outcome: TestFailure['outcome']): TestFailure {
  const where = locate(projectFrames(stack), { generic: true });
  return {
    test: clip(test, LIMITS.maxTestIdLength),
    ...(classname ? { classname: clip(classname, LIMITS.maxTestIdLength) } : {}),
    errorType,
    message: clip(dedent(message.split('\n')).trim(), LIMITS.maxMessageLength),
    file: where?.file ?? null,
    line: where?.line ?? null,
    format,
    outcome,
    ...(stack ? { stack: clip(stack, LIMITS.maxStackLength) } : {}),
  };
}

// Frames of the test frameworks and the runtime, never the code under test.
const FRAMEWORK_FRAME = /^\s*at (?:NUnit\.Framework|NUnit\.Core|Xunit|Microsoft\.VisualStudio\.TestTools|Microsoft\.TestPlatform|FluentAssertions|Shouldly|Moq|NSubstitute|System)\./;

function projectFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((l) => !FRAMEWORK_FRAME.test(l))
    .join('\n');
}

// Start tags of results that are no failure: skipped without parsing (most of a big report).
const NUNIT_PASSED = /\bresult\s*=\s*["'](?:Passed|Skipped|Inconclusive|Success|Ignored|NotRunnable)["']/;
const XUNIT_PASSED = /\bresult\s*=\s*["'](?:Pass|Skip|NotRun)["']/;

const TRX_FAILED = new Set(['failed', 'error', 'timeout', 'aborted']);

/** TRX: <Results><UnitTestResult outcome="Failed"><Output><ErrorInfo><Message/><StackTrace/>. */
export function parseTrx(text: string): TestFailure[] {
  // Class names live in <TestDefinitions> (usually after <Results>): a first cheap pass collects them.
  const classOf = new Map<string, string>();
  scanElements(text, new Set(['UnitTest']), (_n, el) => {
    const cls = attr(child(el, 'TestMethod'), 'className');
    const id = attr(el, 'id');
    if (id && cls) classOf.set(id, cls.split(',')[0]!.trim());
    return classOf.size < LIMITS.maxFailures * 10;
  });
  const failures: TestFailure[] = [];
  const visit = (el: XmlNode, index: number): void => {
    const inner = children(child(el, 'InnerResults') ?? {}, 'UnitTestResult');
    if (inner.length) {
      inner.forEach((r, k) => visit(r, k));
      return;
    }
    const outcome = attr(el, 'outcome').toLowerCase();
    if (!TRX_FAILED.has(outcome) || failures.length >= LIMITS.maxFailures) return;
    const info = child(el, 'Output', 'ErrorInfo');
    const message = clean(textOf(child(info, 'Message')));
    const stack = clean(textOf(child(info, 'StackTrace')));
    const cls = classOf.get(attr(el, 'testId')) ?? '';
    const name = attr(el, 'testName') || attr(el, 'testId') || `UnitTestResult[${index}]`;
    const kind = outcome === 'failed' ? 'failed' : 'error';
    failures.push(failure(name, cls, typeFromMessage(message), message || (outcome === 'timeout' ? 'Timed out' : outcome === 'aborted' ? 'Aborted' : ''), stack, 'trx', kind));
  };
  let index = 0;
  scanElements(
    text,
    new Set(['UnitTestResult']),
    (_n, el) => {
      visit(el, index++);
      return failures.length < LIMITS.maxFailures;
    },
    (tag) => {
      if (/\boutcome\s*=\s*["'](?:Passed|NotExecuted|Inconclusive|Warning)["']/.test(tag)) {
        index++;
        return false;
      }
      return true;
    },
  );
  return failures;
}

/** NUnit 3 (`<test-run>`) and NUnit 2 (`<test-results>`): <test-case result="Failed"><failure>. */
export function parseNUnit(text: string): TestFailure[] {
  const failures: TestFailure[] = [];
  let index = 0;
  scanElements(text, new Set(['test-case']), (_n, el) => {
    index++;
    const result = attr(el, 'result').toLowerCase();
    const v2Failed = attr(el, 'success').toLowerCase() === 'false' && attr(el, 'executed').toLowerCase() !== 'false';
    const failed = result === 'failed' || result === 'failure' || result === 'error' || (!result && v2Failed);
    if (!failed) return true;
    const f = child(el, 'failure');
    const message = clean(textOf(child(f, 'message')));
    const stack = clean(textOf(child(f, 'stack-trace')));
    const label = attr(el, 'label').toLowerCase();
    const outcome = label === 'error' || result === 'error' || label === 'invalid' ? 'error' : 'failed';
    const fullname = attr(el, 'fullname') || attr(el, 'name') || `test-case[${index}]`;
    const cls = attr(el, 'classname');
    failures.push(failure(fullname, cls, typeFromMessage(message), message, stack, 'nunit-xml', outcome));
    return failures.length < LIMITS.maxFailures;
  }, (tag) => {
      if (!NUNIT_PASSED.test(tag)) return true;
      index++;
      return false;
    });
  return failures;
}

/** xUnit.net v2 (`<assemblies><assembly><collection><test result="Fail"><failure exception-type>`). */
export function parseXunit(text: string): TestFailure[] {
  const failures: TestFailure[] = [];
  let index = 0;
  scanElements(text, new Set(['test', 'error']), (name, el) => {
    index++;
    if (name === 'error') {
      // <errors><error type="assembly-cleanup" name="..."><failure>: a fixture or cleanup failure.
      const f = child(el, 'failure');
      if (!f) return true;
      const message = clean(textOf(child(f, 'message')));
      const type = attr(f, 'exception-type') || typeFromMessage(message);
      failures.push(failure(attr(el, 'name') || attr(el, 'type') || `error[${index}]`, '', type, message, clean(textOf(child(f, 'stack-trace'))), 'xunit-xml', 'error'));
      return failures.length < LIMITS.maxFailures;
    }
    if (attr(el, 'result').toLowerCase() !== 'fail') return true;
    const f = child(el, 'failure');
    const message = clean(textOf(child(f, 'message')));
    const type = attr(f, 'exception-type') || typeFromMessage(message);
    const test = attr(el, 'name') || [attr(el, 'type'), attr(el, 'method')].filter(Boolean).join('.') || `test[${index}]`;
    failures.push(failure(test, attr(el, 'type'), type, message, clean(textOf(child(f, 'stack-trace'))), 'xunit-xml', 'failed'));
    return failures.length < LIMITS.maxFailures;
  }, (tag) => {
      if (!XUNIT_PASSED.test(tag)) return true;
      index++;
      return false;
    });
  return failures;
}
