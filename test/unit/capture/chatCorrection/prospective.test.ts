import { strict as assert } from 'node:assert';
import { askReach, ownerBootstrap, scoreProspective } from '../../../../scripts/chat/prospective';
import type { ChatRecord } from '../../../../scripts/chat/corpus';

const record = (id: string, text: string, isCorrection: boolean, doubt = false): ChatRecord => ({
  id,
  text,
  isCorrection,
  lesson: null,
  repo: 'o/r',
  owner: 'o',
  tool: 'cursor',
  previous: 'I changed the query to use string formatting.',
  doubt,
});

describe('prospective scoring (scoreProspective)', () => {
  const records = [
    record('a', 'No, that is wrong: use parameterized queries instead.', true),
    record('b', 'Thanks, now add a README section about setup.', false),
    record('c', 'It still fails with the same error.', true, true),
  ];

  it('with every score in the asking range, the verdicts decide and the detector alone records nothing', () => {
    const cuts = { threshold: 2, band: { low: 2, high: 2 }, askLow: -1 };
    const s = scoreProspective(records, new Map([['a', true], ['b', true], ['c', false]]), cuts);
    assert.equal(s.askable.length, 3);
    assert.deepEqual([s.alone.tp, s.alone.fp], [0, 0]);
    assert.deepEqual([s.withOpinion.tp, s.withOpinion.fp, s.withOpinion.fn], [1, 1, 1]);
    assert.equal(s.withoutVerdict, 0);
    assert.equal(s.agreement, 1 / 3, 'the verdicts match the labels on a only');
    assert.equal(s.aloneClear.n, 2, 'the doubtful record is left out of the clear figure');
  });

  it('above the band nothing is asked; a message in range without a verdict gets the local decision', () => {
    const all = scoreProspective(records, new Map(), { threshold: -1, band: { low: -1, high: -1 }, askLow: -1 });
    assert.equal(all.askable.length, 0);
    assert.deepEqual([all.withOpinion.tp, all.withOpinion.fp], [2, 1]);
    const none = scoreProspective(records, new Map(), { threshold: 2, band: { low: 2, high: 2 }, askLow: -1 });
    assert.equal(none.withoutVerdict, 3);
    assert.equal(none.withOpinion.tp + none.withOpinion.fp, 0);
  });

  it('reports each record with its owner and both decisions, and how many corrections reach the ask cut', () => {
    const s = scoreProspective(records, new Map([['a', true], ['b', true], ['c', false]]), { threshold: 2, band: { low: 2, high: 2 }, askLow: -1 });
    assert.deepEqual(
      s.outcomes.map((o) => [o.owner, o.expected, o.alone, o.withOpinion]),
      [['o', true, false, true], ['o', false, false, true], ['o', true, false, false]],
    );
    assert.equal(askReach(records, { threshold: 2, band: { low: 2, high: 2 }, askLow: -1 }), 1);
    assert.equal(askReach(records, { threshold: 2, band: { low: 2, high: 2 }, askLow: 2 }), 0);
  });
});

describe('ownerBootstrap', () => {
  const outcome = (owner: string, expected: boolean, predicted: boolean) => ({ owner, expected, alone: predicted, withOpinion: !predicted });

  it('gives a zero-width interval when every owner scores the same, and resamples whole owners', () => {
    const same = ['a', 'b', 'c', 'd'].flatMap((o) => [outcome(o, true, true), outcome(o, false, false)]);
    assert.deepEqual(ownerBootstrap(same, (o) => o.alone, 200), { f1: [1, 1], precision: [1, 1] });
    // One owner always right, one always wrong: a resample holds whole owners, so F1 is 1, 0 or in between.
    const split = [outcome('good', true, true), outcome('good', true, true), outcome('bad', true, false), outcome('bad', false, true)];
    const ci = ownerBootstrap(split, (o) => o.alone, 500, 3);
    assert.equal(ci.f1[0], 0);
    assert.equal(ci.f1[1], 1);
    assert.ok(ci.precision[0] <= ci.precision[1]);
    assert.deepEqual(ownerBootstrap(split, (o) => o.alone, 500, 3), ci, 'seeded: the same interval every run');
  });
});
