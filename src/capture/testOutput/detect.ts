import { toLines } from './text';
import type { TestFormat } from './types';

/**
 * Guesses the format from the first 256 KB (a report's shape shows early; the rest of a 50 MB log
 * adds nothing). Structured formats are recognized by their syntax, text formats by weighted markers.
 */
const HEAD = 256 * 1024;

const MARKERS: readonly [TestFormat, RegExp, number][] = [
  ['pytest', /^=+ test session starts =+$/m, 10],
  ['pytest', /^=+ (?:FAILURES|ERRORS) =+$/m, 6],
  ['pytest', /^=+ short test summary info =+$/m, 6],
  ['pytest', /^(?:FAILED|ERROR) \S+::\S/m, 4],
  ['pytest', /^\S+::\S+ (?:PASSED|FAILED|ERROR|SKIPPED)/m, 4],
  ['pytest', /^E {3,}\S/m, 2],
  ['pytest', /^\S+\.py:\d+: \w+$/m, 2],
  ['unittest', /^={60,}\n(?:FAIL|ERROR): \S/m, 8],
  ['unittest', /^Ran \d+ tests? in [\d.]+s$/m, 6],
  ['unittest', /^FAILED \((?:failures|errors)=\d+/m, 4],
  ['unittest', /^-{60,}\nTraceback \(most recent call last\):/m, 3],
  ['jest', /^[ \t]*● /m, 5],
  ['jest', /^(?:PASS|FAIL) \S/m, 4],
  ['jest', /^Test Suites: /m, 6],
  ['jest', /^[ \t]+✕ /m, 3],
  ['vitest', /⎯⎯/, 6],
  ['vitest', /^[ \t]*FAIL {1,2}\S.* > /m, 5],
  ['vitest', /^[ \t]*❯ \S+:\d+:\d+/m, 4],
  ['vitest', /^[ \t]*Test Files\s+\d+/m, 6],
  ['mocha', /^[ \t]+\d+ passing \(\d+\w*\)/m, 8],
  ['mocha', /^[ \t]+\d+ failing\s*$/m, 6],
  ['mocha', /^[ \t]+\d+\) .*:$/m, 2],
  ['node-test', /^ℹ (?:tests|pass|fail|duration_ms) /m, 8],
  ['node-test', /^✖ failing tests:/m, 6],
  ['node-test', /^[ \t]*▶ \S/m, 3],
  ['node-test', /^[ \t]*✔ .+\(\d[\d.]*m?s\)$/m, 2],
  ['tap', /^TAP version \d+/m, 10],
  ['tap', /^[ \t]*(?:not )?ok \d+ - /m, 4],
  ['tap', /^[ \t]*# Subtest: /m, 4],
  ['tap', /^1\.\.\d+$/m, 2],
  ['go-test', /^=== RUN\s+\S/m, 6],
  ['go-test', /^[ \t]*--- (?:FAIL|PASS|SKIP): \S/m, 6],
  ['go-test', /^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\)|\[build failed\])/m, 5],
  ['go-test', /^# \S+\n\S+\.go:\d+:\d+: /m, 4],
  ['cargo-test', /^running \d+ tests?$/m, 6],
  ['cargo-test', /^test .+ \.\.\. (?:ok|FAILED|ignored)/m, 6],
  ['cargo-test', /^test result: (?:ok|FAILED)\. /m, 6],
  ['cargo-test', /^---- .+ stdout ----$/m, 4],
  ['cargo-test', /panicked at /, 2],
  ['cargo-test', /^error(?:\[E\d+\])?: .*\n\s*--> \S+:\d+:\d+/m, 4],
];

// "        FAIL [   0.004s] (1/3) crate::bin tests::name", "   LEAK-FAIL [   0.104s] crate::basic t".
const NEXTEST_STATUS = /^ {2,}(?:TRY \d+ )?(?:PASS|FAIL|LEAK-FAIL|TIMEOUT|SIG[A-Z]+) \[ *>? *[\d.]+s\] (?:\(\s*\d+\/\d+\) )?\S+ \S/m;

/** XML reports by their root or their characteristic elements. */
function xmlFormat(head: string): TestFormat | undefined {
  if (/<(?:\w+:)?TestRun\b[^>]*(?:TeamTest\/2010|>)/.test(head) && /<(?:\w+:)?(?:UnitTestResult|Results|TestSettings|ResultSummary|Times)\b/.test(head)) return 'trx';
  if (/<(?:\w+:)?UnitTestResult\b/.test(head)) return 'trx';
  if (/<(?:test-run|test-results)\b/.test(head) || (/<test-suite\b/.test(head) && /<test-case\b/.test(head))) return 'nunit-xml';
  if (/<(?:\w+:)?(?:testsuites|testsuite|testcase)\b/.test(head)) return 'junit-xml';
  if (/<assemblies\b/.test(head) || (/<assembly\b/.test(head) && /<(?:collection|class)\b/.test(head) && /<test\b[^>]*\bresult=/.test(head))) return 'xunit-xml';
  return undefined;
}

export function detectFormat(text: string): TestFormat | 'unknown' {
  if (typeof text !== 'string' || !text) return 'unknown';
  const head = toLines((text.length > HEAD ? text.slice(0, HEAD) : text).replace(/^\uFEFF/, '')).join('\n');
  const trimmed = head.trimStart();

  if (trimmed.startsWith('<')) {
    const xml = xmlFormat(head);
    if (xml) return xml;
  }
  if (/^\{\s*"(?:Time|Action)"\s*:/m.test(head) && /"Action"\s*:\s*"(?:run|output|pass|fail|start|skip|build-output)"/.test(head)) {
    return 'go-test-json';
  }
  if (/^\{"protocolVersion":|^\{.*"type"\s*:\s*"(?:testStart|testDone|allSuites)"/m.test(head)) return 'dart-json';
  if (/^[ \t]*(?:Nextest run ID |Starting \d+ tests? across \d+ binar)/m.test(head) || NEXTEST_STATUS.test(head)) return 'nextest';
  if (/\{\s*"(?:version|seed)"\s*:[^{}]{0,4000}"examples"\s*:\s*\[|"examples"\s*:\s*\[\s*\{\s*"(?:id|description)"\s*:/.test(head) && /"full_description"\s*:|"examples"\s*:\s*\[\s*\]/.test(head)) {
    return 'rspec-json';
  }
  if (trimmed.startsWith('{') || /^\{\s*$/m.test(head)) {
    if (/"stats"\s*:/.test(head) && /"(?:failures|passes|tests)"\s*:/.test(head)) return 'mocha-json';
    if (/"(?:testResults|numFailedTests|numTotalTests)"\s*:/.test(head)) return 'jest-json';
  }
  if (/<(?:\w+:)?testsuites?\b[^>]*>/.test(head) && /<(?:\w+:)?testcase\b/.test(head)) return 'junit-xml';
  const embedded = /^[ \t]*<\?xml|^[ \t]*<(?:TestRun|test-run|test-results|assemblies)\b/m.test(head) ? xmlFormat(head) : undefined;
  if (embedded) return embedded;

  const scores = new Map<TestFormat, number>();
  // Only line-anchored patterns run on the head; each is linear, none nests quantifiers.
  for (const [format, re, weight] of MARKERS) {
    if (re.test(head)) scores.set(format, (scores.get(format) ?? 0) + weight);
  }
  let best: TestFormat | 'unknown' = 'unknown';
  let bestScore = 3;
  for (const [format, score] of scores) {
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}
