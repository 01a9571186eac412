import { strict as assert } from 'node:assert';
import { categorizeError } from '../../../../src/capture/categorize';
import { parseTestOutput, toCandidate, type TestFailure } from '../../../../src/capture/testOutput';
import { CATEGORIES, isCategory, isSeverity } from '../../../../src/core/types';
import { corpusAvailable, corpusFile, fixture, readCorpusRecords } from './helpers';

const base: TestFailure = { test: 't', errorType: null, message: '', file: null, line: null, format: 'pytest', outcome: 'failed' };

describe('categorizeError', () => {
  const cases: [string | undefined, string | undefined, string][] = [
    ['RuntimeWarning', "coroutine 'fetch_all' was never awaited", 'async'],
    [undefined, 'Unhandled promise rejection: Error: boom', 'async'],
    ['SyntaxError', 'await is only valid in async functions and the top level bodies of modules', 'async'],
    ['TypeError', "object NoneType can't be used in 'await' expression", 'async'],
    ['ImportError', 'cannot import name x', 'import'],
    ['ModuleNotFoundError', "No module named 'numpyy'", 'import'],
    [undefined, "Cannot find module '../lib/dbx' from 'src/db.test.ts'", 'import'],
    ['Error', 'Failed to resolve import "./missing" from "src/a.ts"', 'import'],
    ['TypeError', "Cannot read properties of undefined (reading 'id')", 'type'],
    ['AttributeError', "'NoneType' object has no attribute 'strip'", 'type'],
    ['java.lang.NullPointerException', 'x', 'type'],
    ['SyntaxError', 'Unexpected token (3:10)', 'syntax'],
    ['IndentationError', 'unexpected indent', 'syntax'],
    [undefined, 'thrown: "Exceeded timeout of 5000 ms for a test."', 'timeout'],
    ['Error', 'Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called', 'timeout'],
    [undefined, ': Timeout - Async callback was not invoked within the 1 ms timeout', 'timeout'],
    ['panic', 'panic: test timed out after 2s', 'timeout'],
    ['AssertionError', 'assert 4 == 5', 'logic'],
    ['org.opentest4j.AssertionFailedError', 'expected: <true> but was: <false>', 'logic'],
    [undefined, 'expect(received).toBe(expected) // Object.is equality', 'logic'],
    [undefined, 'assertion `left == right` failed', 'logic'],
    ['REQUIRE', 'Factorial(0) == 1', 'logic'],
    ['ZeroDivisionError', 'division by zero', 'logic'],
    [undefined, "fixture 'db' not found", 'test'],
    [undefined, 'exited with error code 1', 'other'],
    [undefined, undefined, 'other'],
  ];
  for (const [type, msg, want] of cases) {
    it(`${type ?? '-'} / ${msg ?? '-'} → ${want}`, () => assert.equal(categorizeError(type, msg), want));
  }
  it('stays fast and valid on huge and odd input', () => {
    assert.ok(isCategory(categorizeError('x'.repeat(1e6), 'await '.repeat(1e6))));
    assert.ok(CATEGORIES.includes(categorizeError('', '')));
  });
});

describe('toCandidate', () => {
  it('maps a parsed failure to an engine candidate', () => {
    const f = parseTestOutput(fixture('pytest-variants.txt')).failures.find((x) => x.test.endsWith('test_post'))!;
    const c = toCandidate(f, { model: 'gpt-4o', projectPath: '/home/dev/proj' });
    assert.equal(c.source, 'test');
    assert.equal(c.category, 'type');
    assert.equal(c.severity, 'major');
    assert.equal(c.testId, 'tests/test_api.py::test_post');
    assert.equal(c.errorType, 'AttributeError');
    assert.match(c.errorMessage!, /has no attribute 'strip'/);
    assert.equal(c.filePath, 'proj/api.py');
    assert.equal(c.line, 40);
    assert.equal(c.model, 'gpt-4o');
    assert.equal(c.projectPath, '/home/dev/proj');
    assert.equal(c.language, 'python');
    assert.match(c.description, /test_post failed at proj\/api\.py:40 — AttributeError: 'NoneType' object has no attribute 'strip'/);
    assert.ok(c.fixDescription);
  });

  it('makes paths under the project relative', () => {
    const c = toCandidate({ ...base, file: 'C:\\work\\app\\src\\x.ts', line: 3 }, { projectPath: 'C:\\work\\app' });
    assert.equal(c.filePath, 'src/x.ts');
    assert.equal(c.language, 'typescript');
  });

  it('grades severity: crashes and errors major, failed assertions minor, aggregates minor', () => {
    assert.equal(toCandidate({ ...base, errorType: 'AssertionError', message: 'assert 1 == 2' }).severity, 'minor');
    assert.equal(toCandidate({ ...base, errorType: null, message: 'expect(received).toBe(expected)' }).severity, 'minor');
    assert.equal(toCandidate({ ...base, errorType: 'ValueError', message: 'bad' }).severity, 'major');
    assert.equal(toCandidate({ ...base, errorType: 'TypeError', message: 'x is not a function' }).severity, 'major');
    assert.equal(toCandidate({ ...base, outcome: 'error', message: "fixture 'db' not found" }).severity, 'major');
    assert.equal(toCandidate({ ...base, outcome: 'build-fail', message: 'mismatched types' }).severity, 'major');
    assert.equal(toCandidate({ ...base, aggregate: true }).severity, 'minor');
    assert.equal(toCandidate({ ...base, message: 'Timeout of 2000ms exceeded' }).severity, 'major');
  });

  it('categorizes an unrecognized failure as a test failure', () => {
    assert.equal(toCandidate({ ...base, message: 'failed' }).category, 'test');
  });

  it('gives every corpus failure a valid candidate with an actionable one-line description', function () {
    if (!corpusAvailable()) this.skip();
    for (const r of readCorpusRecords()) {
      for (const f of parseTestOutput(corpusFile(r.file)).failures) {
        const c = toCandidate(f);
        assert.ok(isCategory(c.category) && isSeverity(c.severity));
        assert.ok(c.description.length > 20 && c.description.length <= 400, c.description);
        assert.ok(!c.description.includes('\n'), c.description);
        assert.ok(c.description.includes(f.test.split('\n')[0]!.slice(0, 40)), c.description);
      }
    }
  });

  it('categorizes the corpus async and timeout cases', function () {
    if (!corpusAvailable()) this.skip();
    const jest = parseTestOutput(corpusFile('jest/asyncFailures.txt')).failures;
    assert.equal(toCandidate(jest.find((f) => f.test === 'expect reject')!).category, 'async');
    const mocha = parseTestOutput(corpusFile('mocha/dorny_mocha-json.json')).failures;
    assert.equal(toCandidate(mocha.find((f) => f.test === 'Timeout test')!).category, 'timeout');
    const vitest = parseTestOutput(corpusFile('junit/vitest/unhandled_errors.xml')).failures;
    assert.equal(toCandidate(vitest.find((f) => f.test.startsWith('Unhandled Rejection'))!).category, 'async');
  });
});
