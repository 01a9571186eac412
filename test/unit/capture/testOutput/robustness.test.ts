import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat, LIMITS, PARSERS, parseTestOutput, TEST_FORMATS, type TestFailure } from '../../../../src/capture/testOutput';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusAvailable, corpusFile, FIXTURES, fixture, readCorpusRecords, readReportRecords, REPORTS } from './helpers';

const OUTCOMES = new Set(['failed', 'error', 'build-fail']);

/** The bounded shape every parser promises, whatever it was fed. */
function assertBounded(failures: unknown): void {
  assert.ok(Array.isArray(failures));
  assert.ok(failures.length <= LIMITS.maxFailures);
  for (const f of failures as TestFailure[]) {
    assert.equal(typeof f.test, 'string');
    assert.ok(f.test.length <= LIMITS.maxTestIdLength);
    assert.equal(typeof f.message, 'string');
    assert.ok(f.message.length <= LIMITS.maxMessageLength);
    if (f.stack !== undefined) assert.ok(f.stack.length <= LIMITS.maxStackLength);
    assert.ok(f.errorType === null || typeof f.errorType === 'string');
    assert.ok(f.file === null || typeof f.file === 'string');
    assert.ok(f.line === null || (Number.isInteger(f.line) && f.line >= 0), `line ${f.line}`);
    assert.ok(OUTCOMES.has(f.outcome));
    assert.equal(typeof f.format, 'string');
  }
}

function runAll(text: string): void {
  for (const format of TEST_FORMATS) assertBounded(PARSERS[format](text));
  const r = parseTestOutput(text);
  assertBounded(r.failures);
  assert.equal(typeof detectFormat(text), 'string');
}

// Lines every parser reacts to, so random documents reach deep into the state machines.
const TOKENS = [
  '=== RUN   TestA', '=== RUN   TestA/sub', '--- FAIL: TestA (0.00s)', '    --- FAIL: TestA/sub (0.00s)', '    a_test.go:12: boom',
  'panic: x [recovered]', 'goroutine 1 [running]:', '\t/home/x/a_test.go:9 +0x39', 'FAIL\texample.com/p\t0.1s', '# example.com/p', 'p.go:1:2: undefined: x',
  'FAIL\tp [build failed]', '{"Action":"fail","Package":"p","Test":"TestA"}', '{"Action":"output","Package":"p","Test":"TestA","Output":"    a.go:1: x\\n"}',
  '{"Action":"run","Package":"p","Test":"TestA/b"}', '{"Action":"fail","Package":"p"}', 'running 2 tests', 'test tests::a ... FAILED', '---- tests::a stdout ----',
  "thread 'tests::a' panicked at src/lib.rs:1:2:", "thread 'x' panicked at 'boom", "', src/lib.rs:3:4", 'failures:', '    tests::a', 'error[E0308]: mismatched types',
  '  --> src/lib.rs:1:1', 'error: could not compile `x`', '=========== test session starts ===========', '================ FAILURES ================',
  '================ ERRORS ================', '_____ test_a _____', '_____ ERROR at setup of test_b _____', 'E       assert 0', 'E   TypeError: x', 'a.py:3: AssertionError',
  'tests/a.py:4: in f', '---- Captured stdout call ----', '=========== short test summary info ===========', 'FAILED a.py::test_a - AssertionError: x', 'ERROR a.py::test_b',
  'a.py::test_c FAILED [ 50%]', '======================================================================', 'FAIL: test_x (m.C.test_x)', 'ERROR: test_y (m.C.test_y)',
  '----------------------------------------------------------------------', 'Traceback (most recent call last):', '  File "a.py", line 3, in f', 'ValueError: bad',
  'During handling of the above exception, another exception occurred:', 'FAIL src/a.test.ts', 'PASS src/b.test.ts', '  ● a › b', '  ● Test suite failed to run',
  '  ● Console', '    > 12 | x', '      at Object.<anonymous> (src/a.test.ts:3:4)', '      at f (node_modules/x/y.js:1:1)', 'Summary of all failing tests', '  ✕ a (3 ms)',
  '⎯⎯⎯ Failed Tests 2 ⎯⎯⎯', '⎯⎯⎯ Failed Suites 1 ⎯⎯⎯', '⎯⎯⎯ Unhandled Rejection ⎯⎯⎯', '⎯⎯⎯[1/2]⎯', ' FAIL  a.test.ts > b', ' ❯ a.test.ts:1:2', ' ❯ f (NODE_MODULES)/x.js:1:2',
  'AssertionError: expected 1 to be 2', '  3 failing', '  1) Suite', '       test:', '     Error: boom', '▶ suite', '  ✖ t (1ms)', '✖ suite (2ms)', '✖ failing tests:',
  'test at a.js:1:2', 'ℹ tests 3', 'TAP version 13', '# Subtest: a', 'not ok 1 - a', 'ok 2 - b # SKIP', '  ---', '  error: |-', '    boom', "  name: 'Error'",
  "  failureType: 'subtestsFailed'", '  stack: |-', '    f (file:///a.js:1:2)', '  ...', '1..2', '<?xml version="1.0"?>', '<testsuites>', '<testsuite name="s">',
  '<testcase name="t" classname="c">', '<testcase name="u"/>', '<failure message="m &amp; n" type="T">', '<![CDATA[x <y> ]]>', '</failure>', '<error/>', '<skipped/>',
  '</testcase>', '</testsuite>', '<system-out>', '</system-out>', '<!-- c', '-->', '{"stats":{},"failures":[{"fullTitle":"t","err":{"stack":"Error: x\\n at f (a.js:1:1)"}}]}',
  '{"testResults":[{"name":"a","status":"failed","assertionResults":[{"status":"failed","title":"t","failureMessages":["x"]}]}]}', '', '   ', '\t', '\r', '\u0000', '\x1b[31m',
  '<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">', '<Results>', '<UnitTestResult testId="a" testName="T" outcome="Failed">', '<InnerResults>',
  '<Output><ErrorInfo><Message>System.Exception : x</Message>', '<StackTrace>   at A.B() in C:\\p\\A.cs:line 3</StackTrace>', '</ErrorInfo></Output>', '</UnitTestResult>',
  '<UnitTest id="a"><TestMethod className="A.B"/></UnitTest>', '<test-run>', '<test-suite name="S">', '<test-case fullname="S.t" result="Failed" label="Error">',
  '<failure><message><![CDATA[Expected: 1]]></message><stack-trace>at S.t() in /p/S.cs:line 9</stack-trace></failure>', '</test-case>', '</test-suite>',
  '<assemblies>', '<assembly name="a.dll">', '<collection name="c">', '<test name="T.x" type="T" method="x" result="Fail">', '<failure exception-type="Xunit.Sdk.EqualException">',
  '<errors><error type="fixture-cleanup" name="T"><failure/></error></errors>', '</test>', '</assemblies>',
  '{"version":"3.13.0","examples":[{"id":"./spec/a_spec.rb[1:1]","description":"x","full_description":"A x","status":"failed","exception":{"class":"E","message":"m","backtrace":["./a.rb:1:in `x\'"]}}],"summary":{"errors_outside_of_examples_count":1},"messages":["An error occurred while loading ./spec/b_spec.rb."]}',
  '{"protocolVersion":"0.1.1","runnerVersion":"1.25.0","type":"start"}', '{"suite":{"id":0,"path":"test/a_test.dart"},"type":"suite"}',
  '{"test":{"id":1,"name":"t","suiteID":0,"line":3,"url":"file:///p/test/a_test.dart"},"type":"testStart"}', '{"testID":1,"error":"Exception: x","stackTrace":"test/a_test.dart 3:5  main","type":"error"}',
  '{"testID":1,"result":"error","hidden":false,"type":"testDone"}', '{"testID":1,"messageType":"print","message":"══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞══\\nThe following StateError was thrown:\\nx","type":"print"}',
  ' Nextest run ID 1 with nextest profile: default', '    Starting 2 tests across 1 binary', '        FAIL [   0.004s] (1/2) demo tests::a', '  TRY 2 PASS [   0.004s] demo tests::a',
  '  stdout ───', '  stderr ───', '--- STDERR:              demo tests::a ---', '   LEAK-FAIL [   0.104s] demo tests::b', '    (test failed: exited with code 0, but leaked handles)', '────────────',
];

const tokenDoc = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }), { maxLength: 80 })
  .map((lines) => lines.join('\n'));

const binary = fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1'));

describe('test output parsers never throw and stay bounded (property-based)', function () {
  this.timeout(120_000);

  it('arbitrary unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => runAll(s)), { numRuns: 1500 });
  });

  it('binary junk', () => {
    fc.assert(fc.property(binary, (s) => runAll(s)), { numRuns: 1000 });
  });

  it('documents made of real format lines in random order', () => {
    fc.assert(fc.property(tokenDoc, (s) => runAll(s)), { numRuns: 2500 });
  });

  it('real fixtures cut at random points and with random bytes spliced in', () => {
    const texts = readdirSync(FIXTURES).map((n) => fixture(n));
    if (corpusAvailable()) for (const r of readCorpusRecords()) texts.push(corpusFile(r.file));
    for (const r of readReportRecords()) texts.push(readFileSync(path.join(REPORTS, r.file), 'utf8'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 20 }), (k, a, b, junk) => {
        const t = texts[k]!;
        const i = Math.floor(Math.min(a, b) * t.length);
        const j = Math.floor(Math.max(a, b) * t.length);
        runAll(t.slice(0, j));
        runAll(t.slice(i));
        runAll(t.slice(0, i) + junk + t.slice(j));
      }),
      { numRuns: 600 },
    );
  });

  it('huge single lines and pathological repetitions', () => {
    const big = 1_000_000;
    const samples = [
      'a'.repeat(big),
      ' '.repeat(big),
      'at ('.repeat(big / 4),
      `${'x:1:'.repeat(big / 4)}`,
      '⎯'.repeat(big),
      '<'.repeat(big),
      `<testcase name="${'&amp;'.repeat(big / 5)}"><failure>`,
      `<testsuite><testcase name="t"><failure><![CDATA[${'y'.repeat(big)}`,
      `E   ${'x'.repeat(big)}`,
      `not ok 1 - ${' #'.repeat(big / 2)}`,
      `${'\n'.repeat(big)}`,
      `${'FAIL x > '.repeat(big / 9)}`,
      `thread 'x' panicked at '${"'".repeat(big)}`,
      `{"Action":"output","Test":"T","Output":"${'z'.repeat(big)}"}`,
      `<TestRun><Results>${'<UnitTestResult outcome="Failed">'.repeat(big / 40)}`,
      `<test-run>${'<test-case result="Failed"><failure>'.repeat(big / 40)}`,
      `<assemblies>${'<test result="Fail">'.repeat(big / 20)}`,
      `{"version":"3","examples":[${'{"status":"failed","exception":{"backtrace":["./a.rb:1"]}},'.repeat(big / 60)}{}]}`,
      `{"protocolVersion":"0.1.1"}\n${'{"testID":1,"type":"error","error":"x"}\n'.repeat(big / 40)}`,
      `        FAIL [   0.004s] demo ${'t'.repeat(big)}`,
      `${'        FAIL [   0.004s] demo t\n'.repeat(big / 33)}`,
    ];
    for (const s of samples) runAll(s);
  });
});

describe('large inputs (~50 MB)', function () {
  this.timeout(300_000);

  it('parses a 50 MB pytest log without blowing up', () => {
    const pass = 'tests/test_mod.py::test_ok PASSED                                           [ 50%]\n';
    const chunks: string[] = ['============================= test session starts ==============================\n'];
    let size = 0;
    while (size < 50 * 1024 * 1024) {
      chunks.push(pass);
      size += pass.length;
    }
    chunks.push(fixture('pytest-variants.txt').split('\n').slice(14).join('\n'));
    const { format, failures } = parseTestOutput(chunks.join(''));
    assert.equal(format, 'pytest');
    assert.equal(failures.length, 4);
    assertBounded(failures);
  });

  it('parses a 50 MB TRX report element by element', () => {
    const parts: string[] = ['<?xml version="1.0"?>\n<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>\n'];
    const out = `<Output><StdOut>${'log line with &amp; entities\n'.repeat(100)}</StdOut></Output>`;
    let size = 0;
    let n = 0;
    while (size < 50 * 1024 * 1024) {
      const r =
        n % 1000 === 0
          ? `<UnitTestResult testId="t${n}" testName="T${n}" outcome="Failed"><Output><ErrorInfo><Message>System.Exception : boom ${n}</Message><StackTrace>   at A.T() in /p/A.cs:line ${n + 1}</StackTrace></ErrorInfo></Output></UnitTestResult>\n`
          : `<UnitTestResult testId="t${n}" testName="T${n}" outcome="Passed">${out}</UnitTestResult>\n`;
      parts.push(r);
      size += r.length;
      n++;
    }
    parts.push('</Results></TestRun>\n');
    const { format, failures } = parseTestOutput(parts.join(''));
    assert.equal(format, 'trx');
    assert.equal(failures.length, Math.ceil(n / 1000));
    assert.equal(failures[1]!.line, 1001);
    assert.equal(failures[1]!.errorType, 'System.Exception');
    assertBounded(failures);
  });

  it('parses a 50 MB JUnit report with huge outputs without blowing up', () => {
    const parts: string[] = ['<?xml version="1.0"?>\n<testsuites><testsuite name="big">\n'];
    let size = 0;
    let n = 0;
    const out = 'log line with &amp; entities and <![CDATA[ <raw> ]]> text\n'.repeat(200);
    while (size < 50 * 1024 * 1024) {
      const failing = n % 1000 === 0;
      const tc = failing
        ? `<testcase name="t${n}" classname="c"><failure type="AssertionError" message="boom ${n}">AssertionError: boom\n  File "/p/t.py", line ${n + 1}, in t\n</failure><system-out>${out}</system-out></testcase>\n`
        : `<testcase name="t${n}" classname="c"><system-out>${out}</system-out></testcase>\n`;
      parts.push(tc);
      size += tc.length;
      n++;
    }
    // One test case whose output alone is larger than the fragment limit.
    parts.push(`<testcase name="huge"><error message="m">${'E'.repeat(3 * LIMITS.maxXmlFragment)}</error></testcase>`);
    parts.push('</testsuite></testsuites>\n');
    const { format, failures } = parseTestOutput(parts.join(''));
    assert.equal(format, 'junit-xml');
    assert.equal(failures.length, Math.ceil(n / 1000) + 1);
    assert.equal(failures[1]!.test, 't1000');
    assert.equal(failures[1]!.line, 1001);
    assert.equal(failures[failures.length - 1]!.test, 'huge');
    assertBounded(failures);
  });

  it('caps the number of failures it returns', () => {
    const lines: string[] = [];
    for (let i = 0; i < LIMITS.maxFailures + 500; i++) lines.push(`--- FAIL: Test${i} (0.00s)`, `    x_test.go:${i + 1}: bad ${i}`);
    const r = parseTestOutput(`=== RUN   Test0\n${lines.join('\n')}\nFAIL\tp\t0.1s\n`);
    assert.equal(r.failures.length, LIMITS.maxFailures);
    assert.equal(r.truncated, true);
  });
});
