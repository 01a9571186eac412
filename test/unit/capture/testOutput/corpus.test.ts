import { strict as assert } from 'node:assert';
import { parseTestOutput } from '../../../../src/capture/testOutput';
import { formatTestScore, scoreTests, testIdMatch, type ActualFailure } from '../../../../src/capture/testOutput/score';
import { corpusAvailable, corpusFile, readCorpusRecords } from './helpers';

const basename = (p: string): string => p.split(/[\\/]/).pop() ?? p;

describe('test output parsers on the real eval corpus (../shared/eval/tests)', function () {
  if (!corpusAvailable()) {
    it('corpus present', function () {
      this.skip();
    });
    return;
  }
  const records = readCorpusRecords();

  for (const record of records) {
    it(`${record.file}: every expected failure, nothing else`, () => {
      const result = parseTestOutput(corpusFile(record.file));
      assert.equal(result.format, record.format, 'detected format');
      const unmatched = [...result.failures];
      for (const e of record.failures) {
        // Lenient id match (exact, or suffix at a separator, or same last component), best first.
        const ranked = unmatched
          .map((a, i) => ({ a, i, q: testIdMatch(e.test, a.test) }))
          .filter((x) => x.q > 0)
          .sort((x, y) => y.q - x.q || (x.a.errorType === e.error_type ? -1 : 0));
        assert.ok(ranked.length, `missing failure ${e.test}; got ${result.failures.map((f) => f.test).join(' | ')}`);
        const { a, i } = ranked[0]!;
        unmatched.splice(i, 1);
        if (e.error_type !== null) assert.equal(a.errorType, e.error_type, `${e.test}: error type`);
        if (e.message_contains !== null) assert.ok(a.message.includes(e.message_contains), `${e.test}: message lacks "${e.message_contains}": ${a.message}`);
        if (e.file !== null) {
          assert.equal(basename(a.file ?? ''), basename(e.file), `${e.test}: file`);
          assert.equal(a.line, e.line, `${e.test}: line`);
        }
        if (e.outcome) assert.equal(a.outcome, e.outcome, `${e.test}: outcome`);
        assert.equal(a.aggregate === true, e.aggregate === true, `${e.test}: aggregate`);
      }
      assert.deepEqual(
        unmatched.map((f) => f.test),
        [],
        'false failures (passed/skipped/xfail reported as failed)',
      );
    });
  }

  it('scores at least 97% test id + error type with no false failures (dev half)', () => {
    const outputs = new Map<string, ActualFailure[]>();
    for (const r of records) outputs.set(r.file, parseTestOutput(corpusFile(r.file)).failures);
    const score = scoreTests(records, outputs);
    const t = score.totals;
    if (process.env.PRINT_SCORES) process.stdout.write(`${formatTestScore(score)}\n`);
    assert.ok(t.idAndType / t.expected >= 0.97, formatTestScore(score));
    assert.equal(t.falseFailures, 0, formatTestScore(score));
  });
});
