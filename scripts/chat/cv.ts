/**
 * Grouped cross-validation by owner for the correction classifier: the messages of a repository, and of
 * every other repository of the same owner, are never in both the training and the test part of a fold,
 * so the figures estimate how the detector does on people it has never seen. The decision threshold is chosen inside each training part (nested, by an
 * inner grouped CV) for precision >= the target, so the test part never influences its own threshold.
 */
import { type LinearModel } from '../../src/capture/chatCorrection/model';
import { prf, type PrfScore } from '../../src/capture/chatCorrection/score';
import { rng } from '../../src/core/rng';
import type { ChatRecord } from './corpus';
import { fitModel, scoreRecord, type ModelOptions, type Prepared } from './train';

export const PRECISION_TARGET = 0.85;

/**
 * Assigns whole owners (all their repositories) to k folds: shuffled, then largest first into the fold
 * with fewest messages.
 */
export function ownerFolds(records: readonly ChatRecord[], k: number, seed = 7): number[] {
  const sizes = new Map<string, number>();
  for (const r of records) sizes.set(r.owner, (sizes.get(r.owner) ?? 0) + 1);
  const rand = rng(seed);
  const owners = [...sizes.keys()].sort().map((owner) => ({ owner, key: rand() }));
  owners.sort((a, b) => (sizes.get(b.owner) ?? 0) - (sizes.get(a.owner) ?? 0) || a.key - b.key);
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const { owner } of owners) {
    let best = 0;
    for (let f = 1; f < k; f++) if ((load[f] ?? 0) < (load[best] ?? 0)) best = f;
    foldOf.set(owner, best);
    load[best] = (load[best] ?? 0) + (sizes.get(owner) ?? 0);
  }
  return records.map((r) => foldOf.get(r.owner) ?? 0);
}

/** `extra` without the records of owners who have a record in `test` (no person on both sides). */
export function apartFrom(records: readonly ChatRecord[], extra: readonly number[], test: readonly number[]): number[] {
  const owners = new Set(test.map((i) => records[i]!.owner));
  return extra.filter((i) => !owners.has(records[i]!.owner));
}

export interface Scored {
  readonly p: number;
  readonly y: boolean;
}

/**
 * The threshold with the best F1 among those whose precision reaches `target`; if none does, the one
 * with the best precision (ties: best F1). Candidate thresholds are midpoints between distinct scores.
 */
export function chooseThreshold(scored: readonly Scored[], target = PRECISION_TARGET): number {
  const ps = [...new Set(scored.map((s) => s.p))].sort((a, b) => a - b);
  const cands = [0.5, ...ps.slice(1).map((p, i) => (p + (ps[i] ?? 0)) / 2)];
  let best = { t: 0.5, ok: false, f1: -1, prec: -1 };
  for (const t of cands) {
    const s = prf(scored.map((x) => ({ predicted: x.p >= t, expected: x.y })));
    if (s.tp === 0) continue;
    const ok = s.precision >= target;
    const better = ok ? !best.ok || s.f1 > best.f1 : !best.ok && (s.precision > best.prec || (s.precision === best.prec && s.f1 > best.f1));
    if (better) best = { t, ok, f1: s.f1, prec: s.precision };
  }
  return best.t;
}

export interface FitOptions extends ModelOptions {
  /** Inner folds for the nested threshold choice; 0 keeps the model's default threshold. */
  readonly innerK: number;
  readonly target?: number;
}

let rowWeights: readonly number[] | undefined;

/** Per-record training weights for the next fits (doubtful labels count less); undefined = all 1. */
export function setRowWeights(w: readonly number[] | undefined): void {
  rowWeights = w;
}

/** Fits on the records `idx` only: the term vocabulary too is built from them. */
function fitRows(data: Prepared, y: readonly boolean[], idx: readonly number[], o: ModelOptions): LinearModel {
  return fitModel(data, y, idx, o, rowWeights);
}

/**
 * Fits on `tune` + `extra` and picks the threshold by an inner grouped CV over `tune` only (each inner
 * fold trained on the other inner folds + `extra`), so the threshold is set for the population being
 * tested (people like those in `tune`), not for the extra training data.
 */
export function fitWithThreshold(
  records: readonly ChatRecord[],
  data: Prepared,
  y: readonly boolean[],
  tune: readonly number[],
  extra: readonly number[],
  o: FitOptions,
): LinearModel {
  const model = fitRows(data, y, [...tune, ...extra], o);
  if (o.innerK <= 1) return model;
  const folds = ownerFolds(tune.map((i) => records[i]!), o.innerK, 11);
  const scored: Scored[] = [];
  for (let f = 0; f < o.innerK; f++) {
    const te = tune.filter((_, j) => folds[j] === f);
    if (te.length === 0) continue;
    const m = fitRows(data, y, [...tune.filter((_, j) => folds[j] !== f), ...apartFrom(records, extra, te)], o);
    for (const i of te) scored.push({ p: scoreRecord(m, data, i), y: y[i] ?? false });
  }
  const threshold = chooseThreshold(scored, o.target);
  return { ...model, threshold, band: { low: threshold, high: threshold } };
}

export interface CvResult {
  /** Out-of-fold probability per record (NaN for records that were never tested). */
  readonly p: number[];
  readonly predicted: boolean[];
  readonly thresholds: number[];
  readonly folds: PrfScore[];
  readonly pooled: PrfScore;
}

/**
 * Grouped k-fold over the records selected by `test` (folds by owner). Every fold trains on the
 * other folds plus every record selected by `alwaysTrain` (other repositories, e.g. the other corpus).
 */
export function groupedCv(
  records: readonly ChatRecord[],
  data: Prepared,
  test: (r: ChatRecord) => boolean,
  alwaysTrain: (r: ChatRecord) => boolean,
  k: number,
  o: FitOptions,
  seed = 7,
): CvResult {
  const y = records.map((r) => r.isCorrection);
  const testIdx = records.map((r, i) => (test(r) ? i : -1)).filter((i) => i >= 0);
  const extra = records.map((r, i) => (!test(r) && alwaysTrain(r) ? i : -1)).filter((i) => i >= 0);
  const folds = ownerFolds(testIdx.map((i) => records[i]!), k, seed);
  const p = new Array<number>(records.length).fill(Number.NaN);
  const predicted = new Array<boolean>(records.length).fill(false);
  const thresholds: number[] = [];
  const foldScores: PrfScore[] = [];
  for (let f = 0; f < k; f++) {
    const te = testIdx.filter((_, j) => folds[j] === f);
    if (te.length === 0) continue;
    const m = fitWithThreshold(records, data, y, testIdx.filter((_, j) => folds[j] !== f), apartFrom(records, extra, te), o);
    thresholds.push(m.threshold);
    for (const i of te) {
      p[i] = scoreRecord(m, data, i);
      predicted[i] = (p[i] ?? 0) >= m.threshold;
    }
    foldScores.push(prf(te.map((i) => ({ predicted: predicted[i] ?? false, expected: y[i] ?? false }))));
  }
  const pooled = prf(testIdx.map((i) => ({ predicted: predicted[i] ?? false, expected: y[i] ?? false })));
  return { p, predicted, thresholds, folds: foldScores, pooled };
}

export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}

export function formatCv(r: CvResult): string {
  const f = (k: 'f1' | 'precision' | 'recall'): string => {
    const { mean, sd } = meanSd(r.folds.map((s) => s[k]));
    return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
  };
  const q = r.pooled;
  return [
    `  folds (mean ± sd over ${r.folds.length}): F1 ${f('f1')}  P ${f('precision')}  R ${f('recall')}`,
    `  pooled out-of-fold:  F1 ${q.f1.toFixed(3)}  P ${q.precision.toFixed(3)}  R ${q.recall.toFixed(3)}  (n=${q.n}, tp=${q.tp}, fp=${q.fp}, fn=${q.fn})`,
    `  thresholds chosen inside the folds: ${r.thresholds.map((t) => t.toFixed(3)).join(', ')}`,
  ].join('\n');
}
