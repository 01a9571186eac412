import { strict as assert } from 'node:assert';
import { chooseAskLow, chooseBand, rankOneSe, type ModelOptions } from '../../../../scripts/chat/train';
import { decide, replay, weaken, weakerReplay } from '../../../../scripts/chat/opinion';

describe('uncertain band', () => {
  it('keeps a cut near 1 reachable: the top of the band is rounded down, never up to 1', () => {
    // 40 corrections scored 0.9996 (all right), then a mixed tail: precision >= 0.95 only at the top.
    const scored = [
      ...Array.from({ length: 40 }, () => ({ p: 0.9996, y: true })),
      ...Array.from({ length: 60 }, (_, i) => ({ p: 0.9 - i * 0.005, y: i % 3 !== 0 })),
    ];
    const band = chooseBand(scored, 0.6);
    assert.ok(band.high < 1, `high ${band.high}`);
    assert.ok(scored.filter((s) => s.p >= band.high).length >= 40);
    assert.ok(band.high >= 0.6 && band.low <= 0.6);
  });

  it('has no zone above the threshold when no cut reaches the precision goals', () => {
    const scored = Array.from({ length: 100 }, (_, i) => ({ p: 1 - i / 100, y: i % 2 === 0 }));
    const band = chooseBand(scored, 0.7);
    assert.equal(band.high, 0.7);
  });
});

describe('term-setting selection (one-standard-error rule)', () => {
  const o = (maxOrder: number, minRepos: number, l2Terms: number): ModelOptions => ({ l2: 0.3, l2Terms, minRepos, maxOrder, negation: true });

  it('puts the simplest setting within one standard error of the best first, then the rest by F1', () => {
    const ranked = rankOneSe([
      { o: o(3, 5, 0.005), mean: 0.75, se: 0.02 }, // best, triples
      { o: o(1, 8, 0.02), mean: 0.735, se: 0.02 }, // within one SE, simplest
      { o: o(2, 8, 0.02), mean: 0.74, se: 0.02 }, // within one SE, pairs
      { o: o(1, 3, 0.01), mean: 0.70, se: 0.02 }, // outside
      { o: o(1, 8, 0.005), mean: 0.72, se: 0.02 }, // outside, better than the one above
    ]);
    assert.deepEqual(
      ranked.map((g) => g.mean),
      [0.735, 0.74, 0.75, 0.72, 0.70],
    );
  });

  it('keeps the best first when nothing else is within one standard error', () => {
    const ranked = rankOneSe([
      { o: o(1, 8, 0.02), mean: 0.70, se: 0.01 },
      { o: o(3, 3, 0.005), mean: 0.76, se: 0.01 },
    ]);
    assert.equal(ranked[0]?.mean, 0.76);
    assert.deepEqual(rankOneSe([]), []);
  });
});

describe('second-opinion cut (chooseAskLow)', () => {
  it('keeps at least the asked share of the corrections at or above the cut, and never rises above the band', () => {
    const scored = Array.from({ length: 100 }, (_, i) => ({ p: i / 100, y: i % 2 === 1 }));
    const cut = chooseAskLow(scored, 0.5, 0.9);
    const pos = scored.filter((s) => s.y);
    assert.ok(pos.filter((s) => s.p >= cut).length / pos.length >= 0.9, `cut ${cut}`);
    assert.ok(cut > 0.05 && cut <= 0.11, `cut ${cut} is the highest that keeps 90%`);
    assert.equal(chooseAskLow(scored, 0.05, 0.9), 0.05);
    assert.equal(chooseAskLow([{ p: 0.3, y: false }], 0.4), 0.4, 'no corrections: the band itself');
  });
});

describe('second-opinion replay (decide)', () => {
  const cuts = { threshold: 0.6, band: { low: 0.5, high: 0.9 }, askLow: 0.2 };
  it('records above the band without asking, follows the verdict in the asking range, ignores the rest', () => {
    assert.deepEqual(decide(0.95, cuts, false), { recorded: true, via: 'direct' });
    assert.deepEqual(decide(0.3, cuts, true), { recorded: true, via: 'asked' });
    assert.deepEqual(decide(0.7, cuts, false), { recorded: false, via: 'asked' });
    assert.deepEqual(decide(0.7, cuts, undefined), { recorded: true, via: 'local' });
    assert.deepEqual(decide(0.3, cuts, undefined), { recorded: false, via: 'local' });
    assert.deepEqual(decide(0.1, cuts, true), { recorded: false, via: 'none' });
  });
});

describe('weaker second opinions (weaken, replay)', () => {
  const ids = Array.from({ length: 400 }, (_, i) => `m${String(i).padStart(3, '0')}`);
  const verdicts = new Map(ids.map((id, i) => [id, i % 2 === 0] as const));

  it('changes about q of the verdicts, only in the direction asked for, the same for one seed', () => {
    const changed = (m: Map<string, boolean>): string[] => ids.filter((id) => m.get(id) !== verdicts.get(id));
    const flip = changed(weaken(verdicts, 'flip', 0.25, 3));
    assert.ok(flip.length > 60 && flip.length < 140, `${flip.length} of 400 flipped at q = 0.25`);
    assert.deepEqual(changed(weaken(verdicts, 'flip', 0.25, 3)), flip, 'seeded');
    const yes = weaken(verdicts, 'yes', 0.5, 1);
    assert.ok(changed(yes).length > 0 && changed(yes).every((id) => yes.get(id) === true), 'only "no" turns into "yes"');
    const no = weaken(verdicts, 'no', 0.5, 1);
    assert.ok(changed(no).length > 0 && changed(no).every((id) => no.get(id) === false), 'only "yes" turns into "no"');
    assert.equal(changed(weaken(verdicts, 'flip', 0, 1)).length, 0, 'q = 0 is the judge itself');
  });

  it('scores the replay against the labels and measures the verdicts only where the model was asked', () => {
    const cuts = { threshold: 0.6, band: { low: 0.5, high: 0.9 }, askLow: 0.2 };
    const records = [
      { id: 'a', isCorrection: true }, // 0.95: recorded without asking
      { id: 'b', isCorrection: true }, // asked, confirmed
      { id: 'c', isCorrection: false }, // asked, wrongly confirmed
      { id: 'd', isCorrection: true }, // below the asking range: missed
    ];
    const r = replay(records, [0.95, 0.3, 0.7, 0.1], cuts, new Map([['a', false], ['b', true], ['c', true], ['d', true]]));
    assert.deepEqual([r.score.tp, r.score.fp, r.score.fn], [2, 1, 1]);
    assert.equal(r.agreement, 0.5, 'b agrees, c does not; a and d were not asked');
    const perfect = weakerReplay(records, [0.95, 0.3, 0.7, 0.1], cuts, new Map([['b', true], ['c', false]]), 'flip', 0);
    assert.deepEqual([perfect.precision, perfect.recall, perfect.agreement].map((x) => x.toFixed(6)), ['1.000000', '0.666667', '1.000000'], 'the mean over seeds of identical replays');
  });
});
