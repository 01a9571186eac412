import { clip, leadingErrorType, stripErrorPrefix } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * `dart test --reporter json` / `flutter test --machine`: one JSON event per line (testStart, error,
 * testDone...). A test failed when its testDone says result "failure" (an expect) or "error" (an
 * exception); its first error event holds the message and stack. Hidden tests that fail are a test
 * file that did not load (compile error): reported as errors. Non-JSON lines (build banners) are
 * skipped.
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

// Packages whose frames are the framework's, not the project's.
const FRAMEWORK_PACKAGES = /^package:(?:test|test_api|test_core|matcher|flutter|flutter_test|stack_trace|async|fake_async|mockito|mocktail|collection|checks)\//;
// Terse frames ("test/main_test.dart 13:9  main.<fn>") and VM frames ("#0 main (file:///p/test/a_test.dart:13:9)").
const TERSE = /^(\S+?) (\d+)(?::\d+)?\s+\S/;
const VM = /\((\S+?):(\d+)(?::\d+)?\)\s*$/;

interface Started {
  name: string;
  file: string | null;
  line: number | null;
  error?: { message: string; stack: string };
  /** Flutter prints the real exception before a "Test failed. See exception logs above." error. */
  flutter?: string;
}

const FLUTTER_BANNER = /EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK/;

/** The exception in a Flutter framework print: its class, its text and its stack. */
function flutterException(print: string): { type: string | null; message: string; stack: string } | null {
  const lines = print.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^The following .+ was thrown/.test(l));
  if (start === -1) return null;
  const thrown = /^The following (?:(\S+) object|(assertion)|(\S+)) was thrown/.exec(lines[start]!);
  const cls = thrown?.[1] ?? (thrown?.[2] ? 'AssertionError' : thrown?.[3]) ?? null;
  let end = lines.findIndex((l, i) => i > start && /^When the exception was thrown|^The test description was:|^═{8,}/.test(l));
  if (end === -1) end = lines.length;
  const stackAt = lines.findIndex((l) => /^When the exception was thrown, this was the stack:/.test(l));
  const stack = stackAt === -1 ? '' : lines.slice(stackAt + 1, stackAt + 200).join('\n');
  return { type: cls === 'TestFailure' ? null : cls, message: lines.slice(start + 1, end).map((l) => l.trim()).join('\n').trim(), stack };
}

function frameFile(raw: string): string | null {
  if (raw.startsWith('dart:') || FRAMEWORK_PACKAGES.test(raw)) return null;
  if (raw.startsWith('file://')) return raw.slice(7).replace(/^\/([A-Za-z]:)/, '$1');
  // package:<own package>/x.dart is lib/x.dart in the project's own layout.
  const pkg = /^package:[\w.]+\/(.+)$/.exec(raw);
  return pkg ? `lib/${pkg[1]}` : raw;
}

function locateDart(stack: string): { file: string; line: number } | null {
  for (const l of stack.split('\n').slice(0, 500)) {
    const t = l.trim();
    const m = TERSE.exec(t) ?? VM.exec(t);
    if (!m) continue;
    const file = frameFile(m[1]!);
    if (file && /\.dart$/.test(file)) return { file, line: Number(m[2]) };
  }
  return null;
}

function urlFile(url: string): string | null {
  if (!url) return null;
  return frameFile(url);
}

export function parseDartJson(text: string): TestFailure[] {
  const started = new Map<number, Started>();
  const suites = new Map<number, string>();
  const failures: TestFailure[] = [];
  let from = 0;
  while (from <= text.length && failures.length < LIMITS.maxFailures) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const line = text.slice(from, to).trim();
    from = to + 1;
    if (!line.startsWith('{') || line.length > LIMITS.maxXmlFragment) continue;
    let ev: unknown;
    try {
      ev = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isObj(ev)) continue;
    const type = str(ev.type);
    if (type === 'suite' && isObj(ev.suite)) {
      const id = num(ev.suite.id);
      if (id !== null && suites.size < 100_000) suites.set(id, str(ev.suite.path));
    } else if (type === 'testStart' && isObj(ev.test)) {
      const t = ev.test;
      const id = num(t.id);
      if (id === null || started.size >= 1_000_000) continue;
      const url = str(t.root_url) || str(t.url);
      const suitePath = suites.get(num(t.suiteID) ?? -1) ?? '';
      started.set(id, {
        name: str(t.name),
        file: urlFile(url) ?? (suitePath || null),
        line: url ? (num(t.root_line) ?? num(t.line)) : null,
      });
    } else if (type === 'print') {
      const s = started.get(num(ev.testID) ?? -1);
      const message = str(ev.message);
      if (s && FLUTTER_BANNER.test(message)) s.flutter = message.slice(0, LIMITS.maxXmlFragment);
    } else if (type === 'error') {
      const s = started.get(num(ev.testID) ?? -1);
      if (s && !s.error) s.error = { message: str(ev.error), stack: str(ev.stackTrace) };
    } else if (type === 'testDone') {
      const id = num(ev.testID) ?? -1;
      const s = started.get(id);
      const result = str(ev.result);
      if (!s) continue;
      started.delete(id);
      if (ev.skipped === true || (result !== 'failure' && result !== 'error')) continue;
      let message = s.error?.message.replace(/\r\n?/g, '\n').trim() ?? '';
      let stack = s.error?.stack ?? '';
      const first = message.split('\n')[0] ?? '';
      let errorType = result === 'error' ? (leadingErrorType(first) ?? (/^\w*(?:Exception|Error)\b/.exec(first)?.[0] ?? null)) : null;
      let kind: TestFailure['outcome'] = result === 'error' || ev.hidden === true ? 'error' : 'failed';
      const fx = s.flutter && /^Test failed\. See exception logs above\./.test(message) ? flutterException(s.flutter) : null;
      if (fx) {
        message = fx.message;
        stack = fx.stack;
        errorType = fx.type;
        kind = fx.type === null ? 'failed' : 'error';
      }
      const where = locateDart(stack);
      failures.push({
        test: clip(s.name || `test ${id}`, LIMITS.maxTestIdLength),
        errorType,
        message: clip(!fx && errorType && first.startsWith(`${errorType}:`) ? [stripErrorPrefix(first), ...message.split('\n').slice(1)].join('\n').trim() : message, LIMITS.maxMessageLength),
        file: where?.file ?? s.file,
        line: where ? where.line : s.line,
        format: 'dart-json',
        outcome: kind,
        ...(stack ? { stack: clip(stack, LIMITS.maxStackLength) } : {}),
      });
    }
  }
  return failures;
}
