/**
 * Trains the correction classifier's weights and chooses its threshold and uncertain band, all by
 * grouped cross-validation by repository on the new corpus (data/chat); the development half
 * (../shared/eval/chat) is extra training data and a no-regression check, never a tuning target.
 *
 *   npx tsx scripts/chat/train.ts [--write] [--dump]
 *
 * --write stores weights trained on both corpora in src/capture/chatCorrection/weights.json, with the
 * threshold (best F1 at out-of-fold precision >= 0.85) and the band chosen from out-of-fold scores.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildContext, extractFeatures, FEATURE_NAMES, FEATURE_PRIORS } from '../../src/capture/chatCorrection/features';
import { type LinearModel } from '../../src/capture/chatCorrection/model';
import { prf } from '../../src/capture/chatCorrection/score';
import { loadBoth, type ChatRecord } from './corpus';
import { chooseThreshold, formatCv, groupedCv, meanSd, setRowWeights } from './cv';
import { trainLogistic } from './logistic';

export const TRAIN_L2 = 0.03;
export const THRESHOLD = 0.5;
/** Training weight of a record whose label the labeler marked as doubtful. */
export const DOUBT_WEIGHT = 0.3;
export const CV_FOLDS = 5;
/** Captures at or above `band.high` go straight into injection; this is their out-of-fold precision goal. */
export const CONFIDENT_PRECISION = 0.95;
/** At least this share of the review-queue messages under the threshold should be real corrections (out-of-fold). */
export const REVIEW_PRECISION = 0.5;

export function featurize(records: readonly ChatRecord[]): number[][] {
  return records.map((r) => extractFeatures(buildContext(r.text, r.previous)));
}

export function fit(X: readonly number[][], y: readonly boolean[], l2 = TRAIN_L2, sampleWeights?: readonly number[]): LinearModel {
  const { weights, bias } = trainLogistic(X, y, { l2, balance: true, prior: FEATURE_PRIORS, ...(sampleWeights ? { sampleWeights } : {}) });
  return { features: FEATURE_NAMES, weights, bias, threshold: THRESHOLD, band: { low: THRESHOLD, high: THRESHOLD } };
}

export const doubtWeights = (records: readonly ChatRecord[]): number[] => records.map((r) => (r.doubt ? DOUBT_WEIGHT : 1));

/**
 * The uncertain band [low, high) from out-of-fold scores: `high` is the lowest score from which
 * precision stays >= CONFIDENT_PRECISION (never below the decision threshold); `low` goes down from the
 * threshold while at least REVIEW_PRECISION of the messages in [low, threshold) are real corrections,
 * so the review queue below the threshold is not mostly noise.
 */
export function chooseBand(scored: ReadonlyArray<{ p: number; y: boolean }>, threshold: number): { low: number; high: number } {
  const ps = [...new Set(scored.map((s) => s.p))].filter((p) => p >= threshold).sort((a, b) => a - b);
  const minTp = Math.max(5, Math.ceil(0.05 * scored.filter((s) => s.y).length));
  // The lowest score from which out-of-fold precision reaches the goal (with at least 5% of the
  // corrections above it); 0.9 when 0.95 is out of reach; else the threshold itself (no band above).
  let high = threshold;
  for (const goal of [CONFIDENT_PRECISION, 0.9]) {
    const t = ps.find((t) => {
      const s = prf(scored.map((x) => ({ predicted: x.p >= t, expected: x.y })));
      return s.tp >= minTp && s.precision >= goal;
    });
    if (t !== undefined) {
      high = t;
      break;
    }
  }
  const below = scored.filter((s) => s.p < threshold).sort((a, b) => b.p - a.p);
  let low = threshold;
  let pos = 0;
  below.forEach((s, i) => {
    if (s.y) pos++;
    if (pos / (i + 1) >= REVIEW_PRECISION && s.y) low = s.p;
  });
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return { low: r3(Math.min(low, threshold)), high: r3(Math.max(high, threshold)) };
}

function main(): void {
  const argv = process.argv.slice(2);
  const { records, nNew } = loadBoth();
  const X = featurize(records);
  const y = records.map((r) => r.isCorrection);
  const isNew = (r: ChatRecord): boolean => records.indexOf(r) < nNew;
  setRowWeights(doubtWeights(records));
  // One-standard-error rule: the strongest pull towards the linguist's priors whose fold-mean F1 is
  // within one standard error of the best (fold-to-fold spread dwarfs the differences between l2 values).
  const grid = [0.003, 0.01, 0.03, 0.1, 0.3];
  const rows = grid.map((l2) => {
    const cv = groupedCv(records, X, isNew, () => true, CV_FOLDS, { l2, innerK: 4 });
    console.log(`l2=${l2}\n${formatCv(cv)}`);
    const { mean, sd } = meanSd(cv.folds.map((f) => f.f1));
    return { l2, mean, se: sd / Math.sqrt(Math.max(1, cv.folds.length)) };
  });
  const top = rows.reduce((a, b) => (b.mean > a.mean ? b : a));
  const best = [...rows].reverse().find((r) => r.mean >= top.mean - top.se) ?? top;
  console.log(`chosen l2=${best.l2} (largest within one standard error of the best fold-mean F1, ${top.mean.toFixed(3)} ± ${top.se.toFixed(3)} at l2=${top.l2})`);
  // Threshold and band from the out-of-fold scores of the new corpus at the chosen l2.
  const cv = groupedCv(records, X, isNew, () => true, CV_FOLDS, { l2: best.l2, innerK: 0 });
  const scored = records.slice(0, nNew).map((r, i) => ({ p: cv.p[i] ?? 0, y: r.isCorrection }));
  const threshold = Math.round(chooseThreshold(scored) * 1000) / 1000;
  const band = chooseBand(scored, threshold);
  const model = fit(X, y, best.l2, doubtWeights(records));
  console.log(`threshold=${threshold} band=[${band.low}, ${band.high})`);
  const order = FEATURE_NAMES.map((n, i) => ({ n, w: model.weights[i] ?? 0 })).sort((a, b) => b.w - a.w);
  console.log('weights:', order.map((o) => `${o.n}=${o.w.toFixed(2)}`).join(' '), `bias=${model.bias.toFixed(2)}`);
  if (argv.includes('--dump')) {
    records.slice(0, nNew).forEach((r, i) => {
      const p = cv.p[i] ?? 0;
      if (p >= threshold === r.isCorrection) return;
      const fired = FEATURE_NAMES.filter((_, j) => (X[i]?.[j] ?? 0) !== 0).join(',');
      console.log(`${r.isCorrection ? 'FN' : 'FP'} ${p.toFixed(2)} ${r.id} [${fired}] ${JSON.stringify(r.text.slice(0, 140))}`);
    });
  }
  if (argv.includes('--write')) {
    const file = path.resolve(__dirname, '../../src/capture/chatCorrection/weights.json');
    const json = {
      comment: 'Trained by scripts/chat/train.ts on data/chat + shared/eval/chat; threshold and band by grouped CV on data/chat. Do not edit by hand.',
      l2: best.l2,
      doubtWeight: DOUBT_WEIGHT,
      features: model.features,
      weights: model.weights.map((w) => Math.round(w * 1e4) / 1e4),
      bias: Math.round(model.bias * 1e4) / 1e4,
      threshold,
      band,
    };
    writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
    console.log(`wrote ${file}`);
  }
}

if (require.main === module) main();
