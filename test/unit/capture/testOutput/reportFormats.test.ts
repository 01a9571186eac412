import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeUnknown, detectFormat, parseTestOutput, TEST_FORMATS, unreadableMessage } from '../../../../src/capture/testOutput';

const ROOT = path.resolve(__dirname, '../../../..');

describe('report formats: shapes the corpus does not show', () => {
  it('JUnit test cases without attributes get a stable id from suite and position', () => {
    const xml = '<testsuites><testsuite name="calc"><testcase/><testcase><failure message="boom"/></testcase><testcase><error/></testcase></testsuite><testsuite><testcase><failure/></testcase></testsuite></testsuites>';
    const r = parseTestOutput(xml);
    assert.equal(r.format, 'junit-xml');
    assert.deepEqual(r.failures.map((f) => f.test), ['calc #2', 'calc #3', 'testsuite #1']);
    assert.deepEqual(parseTestOutput(xml).failures.map((f) => f.test), r.failures.map((f) => f.test), 'same ids on every parse');
  });

  it('TRX: data-driven rows (InnerResults) are reported one by one, timeouts as errors', () => {
    const trx = `<?xml version="1.0"?><TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>
      <UnitTestResult testId="a" testName="Adds" outcome="Failed" resultType="DataDrivenTest"><InnerResults>
        <UnitTestResult testId="a" testName="Adds (1,2)" outcome="Passed"/>
        <UnitTestResult testId="a" testName="Adds (2,2)" outcome="Failed"><Output><ErrorInfo><Message>Assert.AreEqual failed. Expected:&lt;4&gt;. Actual:&lt;5&gt;.</Message>
        <StackTrace>   at Calc.Tests.Adds(Int32 a) in /src/Calc.Tests/CalcTests.cs:line 12</StackTrace></ErrorInfo></Output></UnitTestResult>
      </InnerResults></UnitTestResult>
      <UnitTestResult testId="b" testName="Slow" outcome="Timeout"/>
      <UnitTestResult testId="c" testName="Skipped" outcome="NotExecuted"/>
    </Results><TestDefinitions><UnitTest id="a"><TestMethod className="Calc.Tests, Calc.Tests, Version=1.0" name="Adds"/></UnitTest></TestDefinitions></TestRun>`;
    const r = parseTestOutput(trx);
    assert.equal(r.format, 'trx');
    assert.deepEqual(r.failures.map((f) => [f.test, f.classname ?? '', f.outcome, f.file, f.line]), [
      ['Adds (2,2)', 'Calc.Tests', 'failed', '/src/Calc.Tests/CalcTests.cs', 12],
      ['Slow', '', 'error', null, null],
    ]);
    assert.match(r.failures[1]!.message, /Timed out/);
  });

  it('NUnit 2 result files and xUnit v2 fixture errors', () => {
    const nunit2 = '<test-results name="x"><test-suite name="S"><results><test-case name="S.A" executed="True" success="False"><failure><message><![CDATA[System.NullReferenceException : Object reference not set]]></message><stack-trace><![CDATA[at S.A() in c:\\p\\S.cs:line 8]]></stack-trace></failure></test-case><test-case name="S.B" executed="True" success="True"/></results></test-suite></test-results>';
    const a = parseTestOutput(nunit2);
    assert.equal(a.format, 'nunit-xml');
    assert.deepEqual(a.failures.map((f) => [f.test, f.errorType, f.line]), [['S.A', 'System.NullReferenceException', 8]]);
    const xunit = '<assemblies><assembly name="t.dll"><errors><error type="fixture-cleanup" name="T.Fixture"><failure exception-type="System.InvalidOperationException"><message>cleanup broke</message></failure></error></errors><collection name="c"><test name="T.Ok" result="Pass"/></collection></assembly></assemblies>';
    const b = parseTestOutput(xunit);
    assert.equal(b.format, 'xunit-xml');
    assert.deepEqual(b.failures.map((f) => [f.test, f.errorType, f.outcome]), [['T.Fixture', 'System.InvalidOperationException', 'error']]);
  });

  it('RSpec: a spec file that does not load is one error; console noise before the JSON is skipped', () => {
    const doc = {
      version: '3.13.0',
      messages: ["\nAn error occurred while loading ./spec/a_spec.rb.\nFailure/Error: require 'nope'\n\nLoadError:\n  cannot load such file -- nope\n# ./spec/a_spec.rb:1:in `<top (required)>'"],
      examples: [],
      summary: { example_count: 0, failure_count: 0, errors_outside_of_examples_count: 1 },
      summary_line: '0 examples, 0 failures, 1 error occurred outside of examples',
    };
    const r = parseTestOutput(`warning: parser/current is loading\n${JSON.stringify(doc)}\n`);
    assert.equal(r.format, 'rspec-json');
    assert.deepEqual(r.failures.map((f) => [f.test, f.errorType, f.outcome, f.file, f.line]), [['./spec/a_spec.rb', 'LoadError', 'error', './spec/a_spec.rb', 1]]);
  });

  it('Dart: a test file that fails to load (hidden "loading" test) is an error', () => {
    const events = [
      { protocolVersion: '0.1.1', runnerVersion: '1.25.0', type: 'start' },
      { suite: { id: 0, platform: 'vm', path: 'test/a_test.dart' }, type: 'suite' },
      { test: { id: 1, name: 'loading test/a_test.dart', suiteID: 0, groupIDs: [], line: null, url: null }, type: 'testStart' },
      { testID: 1, error: "Failed to load \"test/a_test.dart\":\ntest/a_test.dart:3:1: Error: Expected ';' after this.", stackTrace: '', isFailure: false, type: 'error' },
      { testID: 1, result: 'error', hidden: true, skipped: false, type: 'testDone' },
    ];
    const r = parseTestOutput(`Resolving dependencies...\n${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    assert.equal(r.format, 'dart-json');
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]!.outcome, 'error');
    assert.equal(r.failures[0]!.file, 'test/a_test.dart');
    assert.match(r.failures[0]!.message, /Expected ';'/);
  });

  it('nextest: older "--- STDERR:" sections give the panic location; a retried pass is no failure', () => {
    const out = [
      '    Starting 3 tests across 1 binary',
      '        PASS [   0.004s] demo tests::ok',
      '        FAIL [   0.007s] demo tests::adds',
      '',
      '--- STDERR:              demo tests::adds ---',
      "thread 'tests::adds' panicked at src/lib.rs:9:5:",
      'assertion `left == right` failed',
      '  left: 4',
      ' right: 5',
      '  TRY 1 FAIL [   0.003s] demo tests::flaky',
      '  TRY 2 PASS [   0.002s] demo tests::flaky',
      '------------',
      '     Summary [   0.010s] 3 tests run: 2 passed (1 flaky), 1 failed, 0 skipped',
      '        FAIL [   0.007s] demo tests::adds',
      'error: test run failed',
    ].join('\n');
    const r = parseTestOutput(out);
    assert.equal(r.format, 'nextest');
    assert.deepEqual(r.failures.map((f) => [f.test, f.classname, f.file, f.line]), [['tests::adds', 'demo', 'src/lib.rs', 9]]);
    assert.match(r.failures[0]!.message, /left == right/);
  });
});

describe('unknown input is named, not an empty success', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['page.html', '<!DOCTYPE html><html><head><title>Test Report</title></head><body>3 failed</body></html>', /looks like HTML;/],
    ['data.json', '{"name":"x","items":[1,2]}', /looks like JSON of unknown shape \(first key "name"\);/],
    ['cfg.xml', '<?xml version="1.0"?><project><build/></project>', /looks like XML of unknown shape \(root <project>\);/],
    ['blob.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0xff, 0xfe, 0]), /looks like binary data;/],
    ['notes.txt', 'just some notes\nnothing about tests here\n', /looks like plain text without test results;/],
    ['empty.txt', '', /looks like an empty file;/],
  ];

  it('describeUnknown guesses what the input is', () => {
    for (const [, content, re] of cases) {
      const text = typeof content === 'string' ? content : content.toString('utf8');
      assert.equal(detectFormat(text), 'unknown');
      assert.match(unreadableMessage(text), re);
      assert.match(unreadableMessage(text), new RegExp(`supported: ${TEST_FORMATS.join(', ')}$`));
    }
    assert.equal(describeUnknown('   \n'), 'an empty file');
  });

  it('mistakes parse-tests exits 1 with one line per unreadable file and still prints the readable ones', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-unknown-'));
    try {
      for (const [name, content] of cases) writeFileSync(path.join(dir, name), content);
      const cli = (args: string[]) =>
        spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'src/cli/main.ts'), 'parse-tests', ...args], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, MISTAKES_HOME: path.join(dir, 'home'), MISTAKES_MODEL_DIR: '' },
        });
      for (const [name, , re] of cases) {
        const r = cli([name, '--json']);
        assert.equal(r.status, 1, `${name}: ${r.stderr}`);
        assert.equal(r.stdout, '');
        const lines = r.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0]!, new RegExp(`${name.replace('.', '\\.')}: not a test report I can read: `));
        assert.match(lines[0]!, re);
      }
      writeFileSync(path.join(dir, 'go.txt'), '=== RUN   TestA\n    a_test.go:3: boom\n--- FAIL: TestA (0.00s)\nFAIL\tp\t0.1s\n');
      const mixed = cli(['go.txt', 'page.html', '--json']);
      assert.equal(mixed.status, 1);
      assert.equal((JSON.parse(mixed.stdout) as { failures: { test: string }[] }).failures[0]!.test, 'TestA');
      assert.match(mixed.stderr, /^page\.html: not a test report I can read: looks like HTML;/);
      // An explicit --format is taken at its word: no guess, no error.
      assert.equal(cli(['notes.txt', '--format', 'trx', '--json']).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
