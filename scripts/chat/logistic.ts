/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS): exact and fast for the ~40
 * features of the correction classifier. The bias is not regularised.
 */
import { sigmoid } from '../../src/capture/chatCorrection/model';

export interface TrainOptions {
  readonly l2: number;
  /** Prior mean of each weight: the penalty is l2·n/2·‖w − prior‖² (0 when absent). */
  readonly prior?: readonly number[];
  readonly iterations?: number;
  /** Weight positives so both classes count equally whatever the base rate. */
  readonly balance?: boolean;
  /** Per-row weights (e.g. less for labels the labeler marked as doubtful); 1 when absent. */
  readonly sampleWeights?: readonly number[];
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const piv = M[c]![c]!;
    if (Math.abs(piv) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / piv;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) M[r]![k] = M[r]![k]! - f * M[c]![k]!;
    }
  }
  return M.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

export function trainLogistic(X: readonly number[][], y: readonly boolean[], opts: TrainOptions): { weights: number[]; bias: number } {
  const n = X.length;
  const d = (X[0]?.length ?? 0) + 1; // last column is the bias
  const rows = X.map((x) => [...x, 1]);
  const pos = y.filter(Boolean).length;
  const wPos = opts.balance && pos > 0 ? n / (2 * pos) : 1;
  const wNeg = opts.balance && n - pos > 0 ? n / (2 * (n - pos)) : 1;
  const prior = [...(opts.prior ?? []), 0].concat(new Array<number>(d).fill(0)).slice(0, d);
  if (opts.prior) prior[d - 1] = 0;
  const theta = [...prior];
  const lambda = opts.l2 * n;
  for (let it = 0; it < (opts.iterations ?? 50); it++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++) {
      const xi = rows[i]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += theta[j]! * xi[j]!;
      const p = sigmoid(z);
      const yi = y[i] ? 1 : 0;
      const s = (yi ? wPos : wNeg) * (opts.sampleWeights?.[i] ?? 1);
      const r = s * (p - yi);
      const h = s * p * (1 - p);
      for (let j = 0; j < d; j++) {
        g[j] = g[j]! + r * xi[j]!;
        if (xi[j] === 0) continue;
        const Hj = H[j]!;
        for (let k = 0; k < d; k++) Hj[k] = Hj[k]! + h * xi[j]! * xi[k]!;
      }
    }
    for (let j = 0; j < d - 1; j++) {
      g[j] = g[j]! + lambda * (theta[j]! - prior[j]!);
      H[j]![j] = H[j]![j]! + lambda;
    }
    H[d - 1]![d - 1] = H[d - 1]![d - 1]! + 1e-6;
    const step = solve(H, g);
    let max = 0;
    for (let j = 0; j < d; j++) {
      theta[j] = theta[j]! - step[j]!;
      max = Math.max(max, Math.abs(step[j]!));
    }
    if (max < 1e-7) break;
  }
  return { weights: theta.slice(0, d - 1), bias: theta[d - 1]! };
}
