import { strict as assert } from 'node:assert';
import { chooseBand } from '../../../../scripts/chat/train';

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
