import { strict as assert } from 'node:assert';
import { cohensKappa } from '../../../../scripts/chat/agreement';

const rep = (v: boolean, n: number): boolean[] => new Array<boolean>(n).fill(v);

describe('label agreement', () => {
  it("Cohen's kappa is 1 for identical labels and 0 for agreement at chance", () => {
    assert.equal(cohensKappa([true, false, true], [true, false, true]), 1);
    assert.equal(cohensKappa([true, true, false, false], [true, false, true, false]), 0);
  });

  it("matches the textbook example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: kappa 0.4)", () => {
    const a = [...rep(true, 20), ...rep(true, 5), ...rep(false, 10), ...rep(false, 15)];
    const b = [...rep(true, 20), ...rep(false, 5), ...rep(true, 10), ...rep(false, 15)];
    assert.ok(Math.abs(cohensKappa(a, b) - 0.4) < 1e-12, String(cohensKappa(a, b)));
  });

  it('is NaN for empty or mismatched labelings', () => {
    assert.ok(Number.isNaN(cohensKappa([], [])));
    assert.ok(Number.isNaN(cohensKappa([true], [true, false])));
  });
});
