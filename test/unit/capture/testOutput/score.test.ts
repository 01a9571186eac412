import { strict as assert } from 'node:assert';
import { formatTestScore, scoreTestFile, scoreTests, testIdMatch, type ExpectedRecord } from '../../../../src/capture/testOutput/score';

const rec: ExpectedRecord = {
  file: 'go/x.jsonl',
  format: 'go-test-json',
  failures: [
    { test: 'a.py::TestX::test_one', error_type: 'AssertionError', message_contains: 'assert 1', file: 'tests/a.py', line: 4 },
    { test: 'TestCases/2_+_3', error_type: null, message_contains: null, file: null, line: null },
    { test: 'TestCases', error_type: null, message_contains: null, file: null, line: null, aggregate: true },
  ],
};

describe('test failure scorer', () => {
  it('matches ids exactly, on a suffix at a separator, or on the last component', () => {
    assert.equal(testIdMatch('a.py::T::t', 'a.py::T::t'), 3);
    assert.equal(testIdMatch('test_step.py::TestUserHandling::test_modification', 'TestUserHandling::test_modification'), 2);
    assert.equal(testIdMatch('basic.test.ts > test-a 1', 'test-a 1'), 2);
    assert.equal(testIdMatch('x::test_a1', 'test_a1'), 2);
    assert.equal(testIdMatch('x::test_a1', 'x::best_a1'), 0);
    assert.equal(testIdMatch('suite > fails', 'other › fails'), 1);
    assert.equal(testIdMatch('x', ''), 0);
  });

  it('counts found, id+type, file+line, message and false failures', () => {
    const s = scoreTestFile(rec, [
      { test: 'TestX::test_one', errorType: 'AssertionError', message: 'assert 1 == 2', file: '/abs/tests/a.py', line: 4 },
      { test: 'TestCases/2_+_3', errorType: null, message: 'x', file: 'x_test.go', line: 3 },
      { test: 'TestCases', errorType: null, message: '', file: null, line: null, aggregate: true },
      { test: 'TestSkipped', errorType: null, message: '', file: null, line: null },
    ]);
    assert.deepEqual(
      { expected: s.expected, found: s.found, idAndType: s.idAndType, locatable: s.locatable, fileLine: s.fileLine, message: s.message, falseFailures: s.falseFailures },
      { expected: 3, found: 3, idAndType: 3, locatable: 1, fileLine: 1, message: 3, falseFailures: 1 },
    );
    assert.deepEqual(s.extra, ['TestSkipped']);
  });

  it('reports wrong types, wrong locations and misses', () => {
    const s = scoreTestFile(rec, [{ test: 'a.py::TestX::test_one', errorType: 'TypeError', message: 'nope', file: 'a.py', line: 5 }]);
    assert.equal(s.found, 1);
    assert.equal(s.idAndType, 0);
    assert.equal(s.fileLine, 0);
    assert.equal(s.message, 0);
    assert.deepEqual(s.missed, ['TestCases/2_+_3', 'TestCases']);
  });

  it('can exclude aggregates and require null types', () => {
    const actual = [
      { test: 'TestCases/2_+_3', errorType: 'panic', message: '', file: null, line: null },
      { test: 'TestCases', errorType: null, message: '', file: null, line: null, aggregate: true },
    ];
    const lenient = scoreTestFile(rec, actual, { includeAggregates: false });
    assert.equal(lenient.expected, 2);
    assert.equal(lenient.falseFailures, 0);
    assert.equal(lenient.idAndType, 1);
    assert.equal(scoreTestFile(rec, actual, { strictNullErrorType: true }).idAndType, 1);
  });

  it('sums per format and prints a report', () => {
    const score = scoreTests([rec, { file: 'j.xml', format: 'junit-xml', failures: [] }], { 'go/x.jsonl': [], 'j.xml': [{ test: 'x', errorType: null, message: '', file: null, line: null }] });
    assert.equal(score.totals.files, 2);
    assert.equal(score.totals.expected, 3);
    assert.equal(score.byFormat['junit-xml']!.falseFailures, 1);
    const text = formatTestScore(score);
    assert.match(text, /test failures: 0\/3 found/);
    assert.match(text, /false {4}j\.xml: x/);
  });
});
