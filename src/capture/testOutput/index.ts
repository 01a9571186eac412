import { parseCargo } from './cargo';
import { parseDartJson } from './dart';
import { detectFormat } from './detect';
import { parseNUnit, parseTrx, parseXunit } from './dotnet';
import { parseGoJson, parseGoText } from './go';
import { parseJest } from './jest';
import { parseJUnit } from './junit';
import { parseJestJson, parseMochaJson, parseMochaSpec } from './mocha';
import { parseNodeSpec, parseTap } from './nodeTest';
import { parseNextest } from './nextest';
import { parsePytest } from './pytest';
import { parseRspecJson } from './rspec';
import { parseUnittest } from './unittest';
import { parseVitest } from './vitest';
import { LIMITS, TEST_FORMATS, type ParseResult, type TestFailure, type TestFormat } from './types';

export { detectFormat } from './detect';
export { describeUnknown, unreadableMessage } from './unknown';
export { toCandidate, type CandidateOptions } from './candidate';
export { LIMITS, TEST_FORMATS, type ParseResult, type TestFailure, type TestFormat } from './types';

/** Each format's parser, unguarded (tests call these to see real exceptions). */
export const PARSERS: Readonly<Record<TestFormat, (text: string) => TestFailure[]>> = {
  pytest: parsePytest,
  unittest: parseUnittest,
  jest: parseJest,
  'jest-json': parseJestJson,
  vitest: parseVitest,
  mocha: parseMochaSpec,
  'mocha-json': parseMochaJson,
  'node-test': parseNodeSpec,
  tap: parseTap,
  'go-test': parseGoText,
  'go-test-json': parseGoJson,
  'cargo-test': parseCargo,
  'junit-xml': parseJUnit,
  trx: parseTrx,
  'nunit-xml': parseNUnit,
  'xunit-xml': parseXunit,
  'rspec-json': parseRspecJson,
  'dart-json': parseDartJson,
  nextest: parseNextest,
};

const ALIASES: Record<string, TestFormat> = {
  junit: 'junit-xml',
  xml: 'junit-xml',
  xunit: 'junit-xml',
  go: 'go-test',
  'go-v': 'go-test',
  'go-json': 'go-test-json',
  gotest: 'go-test',
  cargo: 'cargo-test',
  rust: 'cargo-test',
  'mocha-spec': 'mocha',
  node: 'node-test',
  'node-spec': 'node-test',
  nodetest: 'node-test',
  'node-tap': 'tap',
  'node-test-tap': 'tap',
  'vitest-json': 'jest-json',
  py: 'pytest',
  'dotnet-trx': 'trx',
  vstest: 'trx',
  mstest: 'trx',
  nunit: 'nunit-xml',
  nunit3: 'nunit-xml',
  'xunit-v2': 'xunit-xml',
  xunit2: 'xunit-xml',
  'xunit.net': 'xunit-xml',
  rspec: 'rspec-json',
  dart: 'dart-json',
  flutter: 'dart-json',
  'cargo-nextest': 'nextest',
};

/** A format name or alias ("junit", "go", "cargo"...) → the canonical name; undefined when unknown. */
export function resolveFormatName(name: string): TestFormat | undefined {
  const n = name.trim().toLowerCase();
  if ((TEST_FORMATS as readonly string[]).includes(n)) return n as TestFormat;
  return ALIASES[n];
}

/**
 * Parses test-runner output or a report. Never throws: arbitrary bytes give `{format: 'unknown',
 * failures: []}` at worst. Passed, skipped, xfail and pending tests are never returned.
 */
export function parseTestOutput(text: string, opts: { format?: string } = {}): ParseResult {
  if (typeof text !== 'string') return { format: 'unknown', failures: [] };
  const format = (opts.format && resolveFormatName(opts.format)) || safeDetect(text);
  if (format === 'unknown') return { format, failures: [] };
  let failures: TestFailure[];
  try {
    failures = PARSERS[format](text);
  } catch {
    // A parser bug on strange input must not take the caller down; report nothing rather than noise.
    failures = [];
  }
  // Parsers stop collecting at the cap, so reaching it means some were dropped.
  const truncated = failures.length >= LIMITS.maxFailures;
  return truncated ? { format, failures: failures.slice(0, LIMITS.maxFailures), truncated } : { format, failures };
}

function safeDetect(text: string): TestFormat | 'unknown' {
  try {
    return detectFormat(text);
  } catch {
    return 'unknown';
  }
}
