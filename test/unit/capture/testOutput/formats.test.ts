import { strict as assert } from 'node:assert';
import { detectFormat, parseTestOutput, type TestFailure } from '../../../../src/capture/testOutput';
import { fixture } from './helpers';

/** [test, errorType, file basename (or null), line, outcome, message substring, aggregate?] */
type Row = [string, string | null, string | null, number | null, TestFailure['outcome'], string, boolean?];

const basename = (p: string | null): string | null => (p === null ? null : (p.split(/[\\/]/).pop() ?? p));

function check(name: string, format: string, rows: Row[]): void {
  it(`${name} (${format})`, () => {
    const text = fixture(name);
    assert.equal(detectFormat(text), format);
    const { failures } = parseTestOutput(text);
    assert.deepEqual(
      failures.map((f) => f.test),
      rows.map((r) => r[0]),
    );
    rows.forEach(([test, type, file, line, outcome, msg, agg], i) => {
      const f = failures[i]!;
      assert.equal(f.errorType, type, `${test}: errorType`);
      assert.equal(basename(f.file), file, `${test}: file`);
      assert.equal(f.line, line, `${test}: line`);
      assert.equal(f.outcome, outcome, `${test}: outcome`);
      assert.ok(f.message.includes(msg), `${test}: message ${JSON.stringify(f.message)} lacks ${JSON.stringify(msg)}`);
      assert.equal(f.aggregate === true, agg === true, `${test}: aggregate`);
      assert.equal(f.format, format);
    });
  });
}

describe('test output parsers on formats the corpus lacks (hand-made fixtures)', () => {
  check('node-spec.txt', 'node-test', [
    ['math > subtracts', 'AssertionError', 'math.test.mjs', 9, 'failed', '1 !== 2'],
    ['math', null, null, null, 'failed', '', true],
    ['loads config', 'TypeError', 'config.mjs', 4, 'failed', "reading 'port'"],
    ['slow thing', null, null, null, 'failed', 'test timed out after 100ms'],
  ]);
  check('node-tap.txt', 'tap', [
    ['math > subtracts', 'AssertionError', 'math.test.mjs', 9, 'failed', '1 !== 2'],
    ['math', null, 'math.test.mjs', 3, 'failed', '1 subtest failed', true],
    ['uses the db', 'Error', 'db.test.mjs', 5, 'error', 'ECONNREFUSED'],
  ]);
  check('mocha-spec.txt', 'mocha', [
    ['Test 1 Test 1.1 Failing test', 'AssertionError', 'main.test.js', 11, 'failed', 'false !== true'],
    ['Test 1 Test 1.1 Exception in target unit', 'Error', 'main.js', 2, 'failed', 'Some error'],
    ['Test 2 Exception in test', 'TypeError', 'main.test.js', 22, 'failed', "reading 'name'"],
    ['Hooks "before each" hook for "never runs"', 'Error', null, null, 'error', 'Timeout of 2000ms exceeded'],
  ]);
  check('go-v-old.txt', 'go-test', [
    ['TestFailed', null, 'fails_test.go', 10, 'failed', 'this failed'],
    ['TestFailedWithStderr', null, 'fails_test.go', 15, 'failed', 'also failed'],
    ['TestNestedWithFailure', null, null, null, 'failed', '', true],
    ['TestNestedWithFailure/b', null, 'fails_test.go', 30, 'failed', 'failed sub b'],
    ['TestParallelB', null, 'fails_test.go', 44, 'failed', 'failed the second'],
    ['TestParallelA', null, 'fails_test.go', 40, 'failed', 'failed the first'],
    ['TestPanics', 'panic', 'panics_test.go', 9, 'failed', 'this is a panic'],
    ['example.com/proj/badmain', null, null, null, 'error', 'sometimes main can exit 2'],
    ['example.com/proj/broken', null, 'broken.go', 5, 'build-fail', 'undefined: somepackage'],
  ]);
  check('go-v-new.txt', 'go-test', [
    ['TestTable', null, null, null, 'failed', '', true],
    ['TestTable/negative', null, 'calc_test.go', 31, 'failed', 'want -2'],
    // A parent with its own t.Error is a real failure, not an aggregate.
    ['TestWithOwnError', null, 'calc_test.go', 50, 'failed', 'setup looks wrong'],
    ['TestWithOwnError/sub', null, 'calc_test.go', 55, 'failed', 'sub failed'],
    ['TestNilMap', 'panic', 'calc.go', 42, 'failed', 'assignment to entry in nil map'],
  ]);
  check('go-json-build.jsonl', 'go-test-json', [
    ['TestSlow', 'panic', null, null, 'failed', 'test timed out after 2s'],
    ['example.com/proj/broken', null, 'broken_test.go', 8, 'build-fail', 'undefined: Frobnicate'],
    ['example.com/proj/other', null, 'x_test.go', 12, 'build-fail', 'declared and not used'],
  ]);
  check('unittest-verbose.txt', 'unittest', [
    ['test_div (tests.test_calc.CalcTest.test_div)', 'calc.errors.CalcError', 'calc.py', 10, 'error', 'cannot divide'],
    ['test_missing (unittest.loader._FailedTest.test_missing)', 'ModuleNotFoundError', 'test_missing.py', 1, 'error', "No module named 'numpyy'"],
    ['test_neg (tests.test_calc.CalcTest.test_neg)', 'AssertionError', 'test_calc.py', 18, 'failed', '2 != -2'],
  ]);
  check('pytest-variants.txt', 'pytest', [
    ['tests/test_broken.py', 'ModuleNotFoundError', 'test_broken.py', 3, 'error', "No module named 'proj.missing'"],
    ['tests/test_api.py::test_post', 'AttributeError', 'api.py', 40, 'failed', "has no attribute 'strip'"],
    ['tests/test_api.py::test_async_fetch', 'AssertionError', 'test_api.py', 20, 'failed', 'coroutine object fetch_all'],
    ['tests/test_api.py::test_param[1-2]', null, 'test_api.py', 30, 'failed', 'assert 2 == (2 + 1)'],
  ]);
  check('pytest-tb-no.txt', 'pytest', [
    ['test_one.py::test_b', 'ValueError', null, null, 'failed', 'bad value'],
    ['test_two.py::test_c', null, null, null, 'error', "fixture 'tmpdirx' not found"],
  ]);
  check('cargo-old.txt', 'cargo-test', [
    ['tests::it_adds_two', null, 'lib.rs', 11, 'failed', 'right: `5`'],
    ['tests::unwraps', null, 'lib.rs', 20, 'failed', 'on a `None` value'],
    ['adds_via_api', null, 'integration.rs', 7, 'failed', 'sum was wrong'],
  ]);
  check('cargo-build-fail.txt', 'cargo-test', [['adder', 'E0308', 'lib.rs', 10, 'build-fail', 'mismatched types']]);
  check('jest-multi.txt', 'jest', [
    ['api › creates an item', 'TypeError', 'api.test.ts', 22, 'failed', "reading 'id'"],
    ['api › times out', null, 'api.test.ts', 27, 'failed', 'Exceeded timeout of 5000 ms'],
    ['src/db.test.ts', null, 'db.test.ts', 1, 'error', "Cannot find module '../lib/dbx'"],
  ]);
  check('jest.json', 'jest-json', [
    ['sum › handles null', 'TypeError', 'sum.js', 3, 'failed', "reading 'length'"],
    ['/home/dev/app/src/broken.test.js', 'SyntaxError', 'broken.test.js', null, 'error', 'Unexpected token'],
  ]);
  check('vitest-suites.txt', 'vitest', [
    ['src/broken.test.ts', 'Error', 'broken.test.ts', 1, 'error', 'Failed to resolve import "./missing"'],
    ['src/math.test.ts > math > divides', 'AssertionError', 'math.test.ts', 12, 'failed', 'expected Infinity to be 0'],
    ['Unhandled Rejection: fetch failed', 'TypeError', 'client.ts', 8, 'error', 'fetch failed'],
  ]);
  check('junit-catch2.xml', 'junit-xml', [
    ['Factorials are computed', 'REQUIRE', 'factorial.cpp', 13, 'failed', 'Factorial(0) == 1'],
    ['Vectors/resizing bigger', 'CHECK', 'vector.cpp', 22, 'failed', '10 == 11'],
  ]);
  check('junit-nextest.xml', 'junit-xml', [['tests::adds', 'test failure with exit code 101', 'lib.rs', 14, 'failed', 'right: 5']]);
  check('junit-gotestsum.xml', 'junit-xml', [
    ['TestFailed', null, 'fails_test.go', 10, 'failed', 'this failed'],
    ['TestNested/b', null, 'fails_test.go', 30, 'failed', 'failed sub b'],
    ['TestNested', null, null, null, 'failed', '', true],
  ]);
  check('junit-xmlrunner.xml', 'junit-xml', [
    ['test_div', 'ZeroDivisionError', 'calc.py', 8, 'error', 'division by zero'],
    ['test_neg', 'AssertionError', 'test_calc.py', 17, 'failed', '2 != -2'],
  ]);
  check('junit-surefire5.xml', 'junit-xml', [
    // Framework frames (org.junit...) are skipped; the flaky test that passed on rerun is not a failure.
    ['rejectsMissingAt', 'org.opentest4j.AssertionFailedError', 'EmailTest.java', 21, 'failed', 'expected: <true> but was: <false>'],
    ['parsesDomain', 'java.lang.NullPointerException', 'Email.java', 33, 'error', '"s" is null'],
  ]);
  check('junit-suite-error.xml', 'junit-xml', [
    ['integration', 'ConnectionError', null, null, 'error', 'could not reach db:5432'],
    ['with "quotes" & entities é', 'AssertionError', 'unit_test.py', 4, 'failed', 'a < b'],
  ]);

  it('keeps JUnit classname apart from the test name', () => {
    const { failures } = parseTestOutput(fixture('junit-xmlrunner.xml'));
    assert.equal(failures[0]!.classname, 'tests.test_calc.CalcTest');
  });

  it('honours an explicit format and aliases', () => {
    const text = fixture('go-v-old.txt');
    assert.equal(parseTestOutput(text, { format: 'go' }).format, 'go-test');
    assert.deepEqual(parseTestOutput(text, { format: 'junit' }).failures, []);
  });

  it('reads colored output, CRLF line ends and CI timestamps', () => {
    const plain = fixture('cargo-old.txt');
    const noisy = plain
      .split('\n')
      .map((l) => `2024-05-01T10:00:00.1234567Z ${l.replace(/FAILED/g, '\x1b[31mFAILED\x1b[0m')}\r`)
      .join('\n');
    const a = parseTestOutput(plain).failures.map(({ stack: _s, ...f }) => f);
    const b = parseTestOutput(noisy).failures.map(({ stack: _s, ...f }) => f);
    assert.deepEqual(b, a);
  });

  it('reads a JUnit report cut off in the middle of a test case', () => {
    const text = fixture('junit-xmlrunner.xml');
    const cut = text.slice(0, text.indexOf('self.assertEqual(neg(2)'));
    const { format, failures } = parseTestOutput(cut);
    assert.equal(format, 'junit-xml');
    assert.equal(failures[0]!.test, 'test_div');
    assert.equal(failures[0]!.errorType, 'ZeroDivisionError');
  });

  it('pytest: names an ERRORS block the summary leaves out (-rfs) from its test module', () => {
    const text = [
      '=========================== test session starts ============================',
      '================================== ERRORS ==================================',
      '_______________________ ERROR at setup of test_error _______________________',
      '',
      '    @pytest.fixture',
      '    def error_fixture():',
      '>       assert 0',
      'E       assert 0',
      '',
      'test_example.py:6: AssertionError',
      '========================= short test summary info ==========================',
      'SKIPPED [1] test_example.py:22: skipping this test',
      '== 1 passed, 1 skipped, 1 error in 0.12s ===',
    ].join('\n');
    const [f, ...rest] = parseTestOutput(text).failures;
    assert.equal(rest.length, 0);
    assert.equal(f!.test, 'test_example.py::test_error');
    assert.equal(f!.outcome, 'error');
  });

  it('pytest: the crash location is the innermost entry, even in a helper or generated code', () => {
    const text = [
      '================================= FAILURES =================================',
      '___________________ TestMoreErrors.test_complex_error ____________________',
      '',
      '>       somefunc(f(), g())',
      '',
      'failure_demo.py:191:',
      '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _',
      'failure_demo.py:13: in somefunc',
      '    otherfunc(x, y)',
      '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _',
      '',
      'a = 44, b = 43',
      '',
      '    def otherfunc(a, b):',
      '>       assert a == b',
      'E       assert 44 == 43',
      '',
      'failure_demo.py:9: AssertionError',
      '========================= short test summary info ==========================',
      'FAILED failure_demo.py::TestMoreErrors::test_complex_error - assert 44 == 43',
    ].join('\n');
    const [f] = parseTestOutput(text).failures;
    assert.deepEqual([f!.test, f!.errorType, f!.file, f!.line], ['failure_demo.py::TestMoreErrors::test_complex_error', 'AssertionError', 'failure_demo.py', 9]);
  });

  it('vitest: reads failure details even without the "Failed Tests" header', () => {
    const text = [' FAIL  a.test.ts > adds', 'AssertionError: expected 3 to be 4 // Object.is equality', ' ❯ a.test.ts:5:13', '', '⎯⎯[1/1]⎯'].join('\n');
    const { format, failures } = parseTestOutput(text);
    assert.equal(format, 'vitest');
    assert.deepEqual(
      failures.map((f) => [f.test, f.errorType, f.file, f.line]),
      [['a.test.ts > adds', 'AssertionError', 'a.test.ts', 5]],
    );
  });

  it('jest: console output and configuration warnings are not failures', () => {
    const text = ['● Validation Warning:', '', '  Unknown option "foo" with value true was found.', '', 'PASS src/a.test.ts', '  ● Console', '', '    console.log', '      hi', ''].join('\n');
    assert.deepEqual(parseTestOutput(text, { format: 'jest' }).failures, []);
  });

  it('returns unknown and no failures for text that is not test output', () => {
    for (const text of ['', 'hello world\n', '{"a":1}', '<html><body>hi</body></html>', 'PASS\n']) {
      assert.deepEqual(parseTestOutput(text), { format: 'unknown', failures: [] });
    }
  });
});
