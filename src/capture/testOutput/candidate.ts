import type { Candidate, Category, ModelId, Severity } from '../../core/types';
import { categorizeError } from '../categorize';
import type { TestFailure } from './types';

export interface CandidateOptions {
  model?: ModelId;
  projectPath?: string;
}

/**
 * Severity policy (documented for the dashboard and the tests):
 * - build failures and errors (setup/teardown/collection errors, uncaught exceptions, unhandled
 *   rejections, suite failures) are `major`: nothing after them ran;
 * - failed tests whose error is a runtime fault rather than a failed check (TypeError, ImportError,
 *   panics, timeouts, async mistakes...) are `major`: the code crashed;
 * - failed assertions are `minor`: the code ran and produced a wrong value;
 * - aggregate parents (failed only because a subtest did) are `minor` and carry no lesson of their own.
 */
export function severityOf(f: TestFailure, category: Category): Severity {
  if (f.aggregate) return 'minor';
  if (f.outcome === 'build-fail' || f.outcome === 'error') return 'major';
  if (category === 'logic' || category === 'test' || category === 'other') {
    return f.errorType && !isAssertionType(f.errorType) && /(?:Error|Exception|panic)$/.test(f.errorType) ? 'major' : 'minor';
  }
  return 'major';
}

function isAssertionType(t: string): boolean {
  return /Assert|Comparison|Expectation|^Failed$|^(?:REQUIRE|CHECK|EXPECT|ASSERT)/i.test(t);
}

const LEAD: Record<Category, string> = {
  async: 'Await async work and handle rejections',
  timeout: 'Keep tests within their time limit (missing await, done() never called, or a hang)',
  import: 'Fix the import or missing dependency',
  syntax: 'Fix the syntax error',
  type: 'Check types and null/undefined values before use',
  logic: 'Fix the wrong result',
  test: 'Fix the failing test setup',
  security: 'Fix the security problem',
  lint: 'Fix the lint problem',
  style: 'Fix the style problem',
  other: 'Fix the failing test',
};

const HINT: Partial<Record<Category, string>> = {
  async: 'Await every coroutine/promise (or return it), and attach rejection handlers.',
  timeout: 'Make sure async tests await or return their promises, call done(), and do not wait on unmocked I/O.',
  import: 'Check the module name and path, that the dependency is installed, and named exports.',
  syntax: 'Fix the code at the reported line so it parses.',
  type: 'Guard against undefined/None values and check the types and signatures of what is called.',
  logic: 'Compare the expected and actual values in the assertion and fix the code that computes them.',
  test: 'Fix the fixture, hook or setup the test depends on.',
};

const LANGUAGE: Record<string, string> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  php: 'php',
  phpt: 'php',
  swift: 'swift',
  c: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  cs: 'csharp',
  rb: 'ruby',
  dart: 'dart',
  fs: 'fsharp',
  vb: 'vb',
};

const FORMAT_LANGUAGE: Record<string, string> = {
  pytest: 'python',
  unittest: 'python',
  'go-test': 'go',
  'go-test-json': 'go',
  'cargo-test': 'rust',
  nextest: 'rust',
  'rspec-json': 'ruby',
  'dart-json': 'dart',
};

function oneLine(s: string, max: number): string {
  const first = s
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0) ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/** The first informative line of a message, without a leading "Type:" that only repeats the error type. */
function summaryLine(message: string, errorType: string | null, max: number): string {
  for (const raw of message.split('\n')) {
    let l = raw.trim();
    if (!l) continue;
    if (errorType && l.startsWith(errorType)) {
      const rest = l.slice(errorType.length).replace(/^(?: \[[A-Za-z0-9_]+\])?:\s*/, '');
      if (!rest) continue;
      l = `${errorType}: ${rest}`;
    }
    return l.length > max ? `${l.slice(0, max - 1)}…` : l;
  }
  return '';
}

function relative(file: string, projectPath?: string): string {
  if (!projectPath) return file;
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const root = norm(projectPath);
  const f = norm(file);
  return root && f.toLowerCase().startsWith(`${root.toLowerCase()}/`) ? f.slice(root.length + 1) : file;
}

/** One failure → an engine candidate (source 'test'), with a description a person can act on. */
export function toCandidate(failure: TestFailure, opts: CandidateOptions = {}): Candidate {
  const category0 = categorizeError(failure.errorType ?? undefined, `${failure.message}\n${failure.test}`);
  // A failed test with no recognizable signal still says "this test fails": category 'test'.
  const category: Category = category0 === 'other' ? 'test' : category0;
  const lead = category0 === 'other' ? 'Fix the failing test' : LEAD[category];
  const severity = severityOf(failure, category);
  const file = failure.file ? relative(failure.file, opts.projectPath) : undefined;
  const where = file ? ` at ${file}${failure.line != null ? `:${failure.line}` : ''}` : '';
  const what = summaryLine(failure.message, failure.errorType, 160);
  const kind =
    failure.outcome === 'build-fail' ? 'build failed' : failure.aggregate ? 'failed because a subtest failed' : failure.outcome === 'error' ? 'errored' : 'failed';
  const typePart = failure.errorType && !what.startsWith(failure.errorType) ? `${failure.errorType}: ` : '';
  const description = `${lead}: ${oneLine(failure.test, 120)} ${kind}${where}${what || typePart ? ` — ${typePart}${what}` : ''}`;
  const ext = /\.([A-Za-z0-9]+)$/.exec(failure.file ?? '')?.[1]?.toLowerCase();
  const language = (ext && LANGUAGE[ext]) || FORMAT_LANGUAGE[failure.format];
  return {
    description: description.length > 400 ? `${description.slice(0, 399)}…` : description,
    category,
    severity,
    source: 'test',
    testId: failure.classname ? `${failure.classname}::${failure.test}` : failure.test,
    ...(failure.errorType ? { errorType: failure.errorType } : {}),
    ...(failure.message ? { errorMessage: failure.message } : {}),
    ...(file ? { filePath: file } : {}),
    ...(failure.line != null ? { line: failure.line } : {}),
    ...(HINT[category] ? { fixDescription: HINT[category] } : {}),
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.projectPath ? { projectPath: opts.projectPath } : {}),
    ...(language ? { language } : {}),
  };
}
