/**
 * L2-regularised logistic regression fitted by L-BFGS on sparse rows: the correction classifier has
 * ~57 dense cue features plus up to a few thousand sparse term features, too many for Newton's method.
 * Each weight has its own penalty and prior mean (cue features are pulled towards the linguist's
 * priors, terms towards 0, usually harder); the bias is not regularised. The objective is convex, so
 * L-BFGS with a backtracking line search converges to the unique optimum.
 */
import { sigmoid } from '../../src/capture/chatCorrection/model';

export interface SparseRow {
  readonly idx: readonly number[];
  readonly val: readonly number[];
}

export interface SparseTrainOptions {
  /** Number of weights (the bias comes on top). */
  readonly dim: number;
  /** Per weight: the penalty is l2[j]·n/2·(w_j − prior_j)², n = number of rows. */
  readonly l2: readonly number[];
  readonly prior?: readonly number[];
  /** Weight positives so both classes count equally whatever the base rate. */
  readonly balance?: boolean;
  /** Per-row weights (e.g. less for labels the labeler marked as doubtful); 1 when absent. */
  readonly sampleWeights?: readonly number[];
  readonly maxIterations?: number;
  /** Stop when the largest gradient component is below this (relative to n). */
  readonly tolerance?: number;
}

export interface TrainOptions {
  readonly l2: number;
  /** Prior mean of each weight: the penalty is l2·n/2·‖w − prior‖² (0 when absent). */
  readonly prior?: readonly number[];
  readonly iterations?: number;
  readonly balance?: boolean;
  readonly sampleWeights?: readonly number[];
}

const MEMORY = 10;

/** Objective and gradient at theta (last entry = bias). */
function evaluate(rows: readonly SparseRow[], s: readonly number[], y: readonly boolean[], lambda: readonly number[], prior: readonly number[], theta: Float64Array, grad: Float64Array): number {
  const d = theta.length - 1;
  grad.fill(0);
  let f = 0;
  const bias = theta[d]!;
  for (let i = 0; i < rows.length; i++) {
    const { idx, val } = rows[i]!;
    let z = bias;
    for (let k = 0; k < idx.length; k++) z += theta[idx[k]!]! * val[k]!;
    const yi = y[i] ? 1 : 0;
    // log(1 + e^z) − y·z, stable for large |z|.
    const lse = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    f += s[i]! * (lse - yi * z);
    const r = s[i]! * (sigmoid(z) - yi);
    for (let k = 0; k < idx.length; k++) grad[idx[k]!] = grad[idx[k]!]! + r * val[k]!;
    grad[d] = grad[d]! + r;
  }
  for (let j = 0; j < d; j++) {
    const diff = theta[j]! - prior[j]!;
    f += 0.5 * lambda[j]! * diff * diff;
    grad[j] = grad[j]! + lambda[j]! * diff;
  }
  f += 0.5e-6 * bias * bias;
  grad[d] = grad[d]! + 1e-6 * bias;
  return f;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export function trainSparse(rows: readonly SparseRow[], y: readonly boolean[], opts: SparseTrainOptions): { weights: number[]; bias: number; iterations: number } {
  const n = rows.length;
  const d = opts.dim;
  const pos = y.filter(Boolean).length;
  const wPos = opts.balance && pos > 0 ? n / (2 * pos) : 1;
  const wNeg = opts.balance && n - pos > 0 ? n / (2 * (n - pos)) : 1;
  const s = y.map((yi, i) => (yi ? wPos : wNeg) * (opts.sampleWeights?.[i] ?? 1));
  const prior = Array.from({ length: d }, (_, j) => opts.prior?.[j] ?? 0);
  const lambda = Array.from({ length: d }, (_, j) => (opts.l2[j] ?? 0) * n);
  const theta = new Float64Array(d + 1);
  for (let j = 0; j < d; j++) theta[j] = prior[j]!;
  const g = new Float64Array(d + 1);
  let f = evaluate(rows, s, y, lambda, prior, theta, g);
  const S: Float64Array[] = [];
  const Yv: Float64Array[] = [];
  const rho: number[] = [];
  const tol = (opts.tolerance ?? 1e-6) * Math.max(1, n);
  const maxIt = opts.maxIterations ?? 500;
  const next = new Float64Array(d + 1);
  const gNext = new Float64Array(d + 1);
  let it = 0;
  for (; it < maxIt; it++) {
    let gMax = 0;
    for (let j = 0; j <= d; j++) gMax = Math.max(gMax, Math.abs(g[j]!));
    if (gMax < tol) break;
    // Two-loop recursion: dir = −H·g.
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, q);
      alpha[k] = a;
      const yk = Yv[k]!;
      for (let j = 0; j <= d; j++) q[j] = q[j]! - a * yk[j]!;
    }
    const last = S.length - 1;
    const gamma = last >= 0 ? dot(S[last]!, Yv[last]!) / dot(Yv[last]!, Yv[last]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j <= d; j++) q[j] = q[j]! * gamma;
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Yv[k]!, q);
      const sk = S[k]!;
      for (let j = 0; j <= d; j++) q[j] = q[j]! + (alpha[k]! - b) * sk[j]!;
    }
    for (let j = 0; j <= d; j++) q[j] = -q[j]!;
    let slope = dot(q, g);
    if (slope >= 0) {
      // Not a descent direction (should not happen on a convex objective): restart from the gradient.
      S.length = 0;
      Yv.length = 0;
      rho.length = 0;
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let j = 0; j <= d; j++) q[j] = -g[j]! * scale;
      slope = dot(q, g);
    }
    // Backtracking (Armijo) line search.
    let step = 1;
    let fNext = Number.POSITIVE_INFINITY;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j <= d; j++) next[j] = theta[j]! + step * q[j]!;
      fNext = evaluate(rows, s, y, lambda, prior, next, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext < f)) break;
    const sk = new Float64Array(d + 1);
    const yk = new Float64Array(d + 1);
    for (let j = 0; j <= d; j++) {
      sk[j] = next[j]! - theta[j]!;
      yk[j] = gNext[j]! - g[j]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      S.push(sk);
      Yv.push(yk);
      rho.push(1 / sy);
      if (S.length > MEMORY) {
        S.shift();
        Yv.shift();
        rho.shift();
      }
    }
    theta.set(next);
    g.set(gNext);
    const done = (f - fNext) / Math.max(1, Math.abs(f)) < 1e-12;
    f = fNext;
    if (done) break;
  }
  return { weights: Array.from(theta.subarray(0, d)), bias: theta[d]!, iterations: it };
}

/** Dense rows, one penalty for every weight (the cue-only model). */
export function trainLogistic(X: readonly number[][], y: readonly boolean[], opts: TrainOptions): { weights: number[]; bias: number } {
  const d = X[0]?.length ?? 0;
  const rows = X.map((x) => {
    const idx: number[] = [];
    const val: number[] = [];
    x.forEach((v, j) => {
      if (v !== 0) {
        idx.push(j);
        val.push(v);
      }
    });
    return { idx, val };
  });
  const { weights, bias } = trainSparse(rows, y, {
    dim: d,
    l2: new Array<number>(d).fill(opts.l2),
    ...(opts.prior ? { prior: opts.prior } : {}),
    ...(opts.balance ? { balance: true } : {}),
    ...(opts.sampleWeights ? { sampleWeights: opts.sampleWeights } : {}),
    ...(opts.iterations ? { maxIterations: opts.iterations } : {}),
  });
  return { weights, bias };
}
