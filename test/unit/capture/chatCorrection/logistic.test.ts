import { strict as assert } from 'node:assert';
import { trainLogistic, trainSparse } from '../../../../scripts/chat/logistic';
import { rng } from '../../../../src/core/rng';
import { sigmoid } from '../../../../src/capture/chatCorrection/model';

/** A noisy linearly separable problem: y = [2·x0 − x1 + 0.5 + noise > 0]. */
function problem(n: number): { X: number[][]; y: boolean[] } {
  const rand = rng(3);
  const X: number[][] = [];
  const y: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const x = [rand() * 2 - 1, rand() * 2 - 1, rand() < 0.2 ? 1 : 0];
    X.push(x);
    y.push(2 * x[0]! - x[1]! + 0.5 + (rand() - 0.5) > 0);
  }
  return { X, y };
}

describe('logistic regression by L-BFGS', () => {
  it('reaches the optimum: the gradient of the penalised objective vanishes', () => {
    const { X, y } = problem(400);
    const prior = [1, 0, -0.5];
    const l2 = 0.01;
    const { weights, bias } = trainLogistic(X, y, { l2, prior, balance: true });
    const n = X.length;
    const pos = y.filter(Boolean).length;
    const g = [0, 0, 0, 0];
    X.forEach((x, i) => {
      const s = y[i] ? n / (2 * pos) : n / (2 * (n - pos));
      const r = s * (sigmoid(bias + x.reduce((a, v, j) => a + v * weights[j]!, 0)) - (y[i] ? 1 : 0));
      x.forEach((v, j) => (g[j] = g[j]! + r * v));
      g[3] = g[3]! + r;
    });
    weights.forEach((w, j) => (g[j] = g[j]! + l2 * n * (w - prior[j]!)));
    for (const v of g) assert.ok(Math.abs(v) < 1e-2, `gradient ${g.map((x) => x.toExponential(1)).join(', ')}`);
    assert.ok(weights[0]! > 0 && weights[1]! < 0, 'learns the signs');
  });

  it('pulls each weight towards its prior with its own penalty', () => {
    const { X, y } = problem(300);
    const rows = X.map((x) => ({ idx: [0, 1, 2], val: x }));
    const loose = trainSparse(rows, y, { dim: 3, l2: [1e-4, 1e-4, 1e-4] });
    const tight = trainSparse(rows, y, { dim: 3, l2: [1e-4, 100, 1e-4], prior: [0, 0.7, 0] });
    assert.ok(Math.abs(tight.weights[1]! - 0.7) < 0.05, `pinned weight ${tight.weights[1]}`);
    assert.ok(Math.abs(loose.weights[1]! - 0.7) > 0.5, `free weight ${loose.weights[1]}`);
  });

  it('gives doubtful rows less say', () => {
    const X = [[1], [1], [1], [1]];
    const y = [true, true, false, false];
    const even = trainLogistic(X, y, { l2: 1e-6 });
    const skew = trainLogistic(X, y, { l2: 1e-6, sampleWeights: [1, 1, 0.3, 0.3] });
    assert.ok(Math.abs(even.weights[0]! + even.bias) < 1e-3);
    assert.ok(sigmoid(skew.weights[0]! + skew.bias) > 0.7);
  });
});
