/** One failed or errored test (or a suite/build failure) as a test runner reported it. */
export interface TestFailure {
  /** The id as the runner prints it: pytest node id, jest full title, `tests::name`, JUnit `testcase@name`. */
  test: string;
  /** JUnit `classname` (or `class`), when the report gives one. */
  classname?: string;
  /** The exception or assertion type the output itself prints; null when it prints none. */
  errorType: string | null;
  message: string;
  /** Crash location: innermost frame in project code (not node_modules, stdlib or framework). */
  file: string | null;
  line: number | null;
  /** Parser that produced it (see `TEST_FORMATS`). */
  format: string;
  outcome: 'failed' | 'error' | 'build-fail';
  /** A parent test (Go, node:test suites) that failed only because a subtest failed. */
  aggregate?: boolean;
  /** Traceback / stack / raw failure text, cut to a bounded length. */
  stack?: string;
}

export const TEST_FORMATS = [
  'pytest',
  'unittest',
  'jest',
  'jest-json',
  'vitest',
  'mocha',
  'mocha-json',
  'node-test',
  'tap',
  'go-test',
  'go-test-json',
  'cargo-test',
  'junit-xml',
  'trx',
  'nunit-xml',
  'xunit-xml',
  'rspec-json',
  'dart-json',
  'nextest',
] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export interface ParseResult {
  /** The format used, or 'unknown' when nothing recognizable was found. */
  format: TestFormat | 'unknown';
  failures: TestFailure[];
  /** True when more than `LIMITS.maxFailures` failures were found and the rest dropped. */
  truncated?: boolean;
}

/** Bounds that keep memory and time linear in the input whatever it contains. */
export const LIMITS = {
  /** Characters of one line looked at by the line-oriented parsers (the rest is ignored). */
  maxLineLength: 8192,
  maxMessageLength: 4000,
  maxStackLength: 8000,
  maxTestIdLength: 1000,
  maxFailures: 10000,
  /** A JUnit <testcase> element larger than this has its text runs cut before XML parsing. */
  maxXmlFragment: 1 << 20,
} as const;
