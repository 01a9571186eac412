import { strict as assert } from 'node:assert';
import { scoreProspective } from '../../../../scripts/chat/prospective';
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
});
