import { strict as assert } from 'node:assert';
import { parseTestOutput } from '../../../../src/capture/testOutput';
import { fixture } from './helpers';

/**
 * Real jest output where one test prints more than one "●" block. Both fixtures are jest's own e2e
 * snapshots (jestjs/jest@52db46e50404c993d3f10dd1481e861cc04ae22e, MIT), snapshot quoting removed:
 * - jest-unhandled-rejection.txt: e2e/__tests__/__snapshots__/promiseAsyncHandling.test.ts.snap,
 *   `fails because of unhandled promise rejection in test 1`;
 * - jest-assertion-count.txt: e2e/__tests__/__snapshots__/failures.test.ts.snap,
 *   `not throwing Error objects 4`.
 */
describe('jest: a test that failed is one failure, however many blocks jest prints for it', () => {
  it('an assertion and an unhandled rejection in one test give one failure, located at the assertion', () => {
    const { format, failures } = parseTestOutput(fixture('jest-unhandled-rejection.txt'));
    assert.equal(format, 'jest');
    assert.deepEqual(
      failures.map((f) => f.test),
      [
        'w/o event loop turn after rejection',
        'w/ event loop turn after rejection in async function',
        'w/ event loop turn after rejection in sync function',
        'combined w/ another failure _after_ promise rejection',
      ],
    );
    const combined = failures[3]!;
    assert.ok(combined.message.startsWith('expect(received).toBe(expected)'), combined.message);
    assert.equal(combined.line, 33);
    assert.equal(combined.file, '__tests__/unhandledRejectionTest.test.js');
  });

  it('a failed expectation plus expect.assertions() in one test give one failure', () => {
    const { failures } = parseTestOutput(fixture('jest-assertion-count.txt'));
    assert.deepEqual(
      failures.map((f) => f.test),
      [
        '.assertions() › throws',
        '.assertions() › throws on redeclare of assertion count',
        '.assertions() › throws on assertion',
        '.hasAssertions() › throws when there are not assertions',
      ],
    );
    assert.ok(failures[0]!.message.startsWith('expect(received).toBeTruthy()'));
  });

  it('the same title in two suites stays two failures', () => {
    const text = fixture('jest-unhandled-rejection.txt');
    const twice = `${text}\n\n${text.replace('FAIL __tests__/unhandledRejectionTest.test.js', 'FAIL __tests__/other.test.js')}`;
    assert.equal(parseTestOutput(twice).failures.length, 8);
  });
});
