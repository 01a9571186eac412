/**
 * Trains the correction classifier's weights and chooses its threshold and uncertain band, all by
 * grouped cross-validation by owner (all the repositories of one person in one fold) on the new corpus (data/chat); the development half
 * (../shared/eval/chat) is extra training data and a no-regression check, never a tuning target.
 *
 *   npx tsx scripts/chat/train.ts [--write] [--dump] [--nested] [--no-terms]
 *
 * --write stores weights trained on both corpora in src/capture/chatCorrection/weights.json, with the
 * threshold (best F1 at out-of-fold precision >= 0.85) and the band chosen from out-of-fold scores.
 * --nested reports the whole term selection by nested grouped CV instead (slow, nothing written);
 * --no-terms trains the cue-only model.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildContext, extractFeatures, FEATURE_NAMES, FEATURE_PRIORS } from '../../src/capture/chatCorrection/features';
import { linearScore, sigmoid, type LinearModel } from '../../src/capture/chatCorrection/model';
import { extractTerms, termOrder, type TermOptions } from '../../src/capture/chatCorrection/terms';
import { prf, type PrfScore } from '../../src/capture/chatCorrection/score';
import { loadBoth, type ChatRecord } from './corpus';
import { apartFrom, chooseThreshold, fitWithThreshold, formatCv, groupedCv, meanSd, ownerFolds, setRowWeights, type CvResult } from './cv';
import { trainLogistic, trainSparse } from './logistic';

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

/** Cue features and candidate terms (every order, negated words included) of each record, computed once. */
export interface Prepared {
  readonly X: readonly number[][];
  /** Distinct candidate terms per record, as ids into `termNames`. */
  readonly terms: readonly (readonly number[])[];
  readonly termNames: readonly string[];
  /** Owner id per record (distinct owners, i.e. people, decide what enters a vocabulary). */
  readonly owner: readonly number[];
}

const ALL_TERMS: TermOptions = { maxOrder: 3, negation: true };

export function prepare(records: readonly ChatRecord[]): Prepared {
  const ids = new Map<string, number>();
  const termNames: string[] = [];
  const owners = new Map<string, number>();
  const X: number[][] = [];
  const terms: number[][] = [];
  for (const r of records) {
    const ctx = buildContext(r.text, r.previous);
    X.push(extractFeatures(ctx));
    terms.push(
      extractTerms(ctx.norm, ALL_TERMS).map((t) => {
        let id = ids.get(t);
        if (id === undefined) {
          id = termNames.length;
          ids.set(t, id);
          termNames.push(t);
        }
        return id;
      }),
    );
    if (!owners.has(r.owner)) owners.set(r.owner, owners.size);
  }
  return { X, terms, termNames, owner: records.map((r) => owners.get(r.owner) ?? 0) };
}

/** What a fit learns from: the cue features always, terms when `minRepos` > 0. */
export interface ModelOptions {
  /** Pull of the cue weights towards their priors. */
  readonly l2: number;
  /** Pull of the term weights towards 0. */
  readonly l2Terms: number;
  /** Pull of the weights of word pairs and triples towards 0 (default: l2Terms). */
  readonly l2Ngrams?: number;
  /** A term enters the vocabulary when it occurs in the repositories of at least this many owners of the training part; 0 = no terms. */
  readonly minRepos: number;
  readonly maxOrder: number;
  readonly negation: boolean;
}

export const CUE_ONLY: ModelOptions = { l2: TRAIN_L2, l2Terms: 1, minRepos: 0, maxOrder: 1, negation: false };

/** Term ids that occur in >= minRepos distinct owners' repositories among the records `idx`. */
export function buildVocabulary(data: Prepared, idx: readonly number[], o: ModelOptions): number[] {
  if (o.minRepos <= 0) return [];
  const seen = new Map<number, Set<number>>();
  for (const i of idx) {
    for (const t of data.terms[i] ?? []) {
      let set = seen.get(t);
      if (!set) seen.set(t, (set = new Set()));
      set.add(data.owner[i] ?? 0);
    }
  }
  const vocab: number[] = [];
  for (const [t, set] of seen) {
    if (set.size < o.minRepos) continue;
    const name = data.termNames[t] ?? '';
    if (termOrder(name) > o.maxOrder || (!o.negation && name.startsWith('!'))) continue;
    vocab.push(t);
  }
  return vocab.sort((a, b) => a - b);
}

/** Fits cue weights and a vocabulary built from the records `idx` only. */
export function fitModel(data: Prepared, y: readonly boolean[], idx: readonly number[], o: ModelOptions, sampleWeights?: readonly number[]): LinearModel {
  const vocab = buildVocabulary(data, idx, o);
  const nCue = FEATURE_NAMES.length;
  const local = new Map(vocab.map((t, j) => [t, nCue + j]));
  const rows = idx.map((i) => {
    const ix: number[] = [];
    const val: number[] = [];
    (data.X[i] ?? []).forEach((v, j) => {
      if (v !== 0) {
        ix.push(j);
        val.push(v);
      }
    });
    for (const t of data.terms[i] ?? []) {
      const j = local.get(t);
      if (j !== undefined) {
        ix.push(j);
        val.push(1);
      }
    }
    return { idx: ix, val };
  });
  const dim = nCue + vocab.length;
  const l2n = o.l2Ngrams ?? o.l2Terms;
  const l2 = Array.from({ length: dim }, (_, j) => (j < nCue ? o.l2 : termOrder(data.termNames[vocab[j - nCue] ?? 0] ?? '') > 1 ? l2n : o.l2Terms));
  const { weights, bias } = trainSparse(
    rows,
    idx.map((i) => y[i] ?? false),
    { dim, l2, prior: FEATURE_PRIORS, balance: true, ...(sampleWeights ? { sampleWeights: idx.map((i) => sampleWeights[i] ?? 1) } : {}) },
  );
  const terms = new Map(vocab.map((t, j) => [data.termNames[t] ?? '', weights[nCue + j] ?? 0]));
  return {
    features: FEATURE_NAMES,
    weights: weights.slice(0, nCue),
    bias,
    ...(terms.size > 0 ? { terms, termOptions: { maxOrder: o.maxOrder, negation: o.negation } } : {}),
    threshold: THRESHOLD,
    band: { low: THRESHOLD, high: THRESHOLD },
  };
}

/** The probability the model gives record i. */
export function scoreRecord(model: LinearModel, data: Prepared, i: number): number {
  const names = model.terms ? (data.terms[i] ?? []).map((t) => data.termNames[t] ?? '') : [];
  return sigmoid(linearScore(model, data.X[i] ?? [], names));
}

/** The cue-only model (no terms), on dense rows. */
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
  // Rounded down to 6 places, so a cut at 0.99964 stays reachable (rounded to 3 places it became 1,
  // and nothing ever went straight into injection) and no message at the cut falls out of its zone.
  const floor6 = (x: number): number => Math.floor(x * 1e6) / 1e6;
  return { low: floor6(Math.min(low, threshold)), high: floor6(Math.max(high, threshold)) };
}

/** Share of the corrections (out-of-fold) that a second opinion, when allowed, gets to see. */
export const ASK_RECALL = 0.9;

/**
 * The second-opinion cut: the highest score (at most band.low) with at least ASK_RECALL of the
 * corrections scoring at or above it, out-of-fold. Rounded down to 6 places, like the band.
 */
export function chooseAskLow(scored: ReadonlyArray<{ p: number; y: boolean }>, bandLow: number, recall = ASK_RECALL): number {
  const pos = scored.filter((s) => s.y).map((s) => s.p).sort((a, b) => b - a);
  if (!pos.length) return bandLow;
  const need = Math.min(pos.length, Math.ceil(recall * pos.length));
  const cut = pos[need - 1] ?? bandLow;
  return Math.floor(Math.min(bandLow, cut) * 1e6) / 1e6;
}

/** The term grid searched by grouped CV (cue l2 fixed first, on the cue-only model). */
export function termGrid(l2: number): ModelOptions[] {
  const out: ModelOptions[] = [];
  for (const minRepos of [3, 5, 8])
    for (const maxOrder of [1, 2, 3])
      for (const l2Terms of [0.005, 0.01, 0.02])
        for (const l2Ngrams of maxOrder === 1 ? [l2Terms] : [l2Terms, 0.03, 0.1])
          out.push({ l2, l2Terms, ...(l2Ngrams !== l2Terms ? { l2Ngrams } : {}), minRepos, maxOrder, negation: true });
  return out;
}

export const describeOptions = (o: ModelOptions): string =>
  o.minRepos <= 0
    ? `cues only, l2=${o.l2}`
    : `l2=${o.l2} l2Terms=${o.l2Terms}${o.l2Ngrams !== undefined ? ` l2Ngrams=${o.l2Ngrams}` : ''} minRepos=${o.minRepos} maxOrder=${o.maxOrder}${o.negation ? ' +negated' : ''}`;

/** The development half may lose at most this much pooled out-of-fold F1 against the cue-only model. */
export const DEV_TOLERANCE = 0.01;

/** The training options recorded in weights.json (cue-only when it predates the terms). */
export function shippedOptions(w: { l2?: unknown; l2Terms?: unknown; l2Ngrams?: unknown; vocabulary?: { minRepos?: unknown; maxOrder?: unknown; negation?: unknown } }): ModelOptions {
  const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);
  const l2 = num(w.l2, TRAIN_L2);
  if (!w.vocabulary) return { ...CUE_ONLY, l2 };
  return {
    l2,
    l2Terms: num(w.l2Terms, 0.01),
    ...(typeof w.l2Ngrams === 'number' ? { l2Ngrams: w.l2Ngrams } : {}),
    minRepos: num(w.vocabulary.minRepos, 5),
    maxOrder: num(w.vocabulary.maxOrder, 1),
    negation: w.vocabulary.negation !== false,
  };
}

/** A grid setting with its fold-mean F1 and standard error. */
interface GridScore {
  readonly o: ModelOptions;
  readonly mean: number;
  readonly se: number;
}

/**
 * One-standard-error rule, as for the cue l2: the grid is flat (fold-to-fold spread dwarfs the
 * differences), so among the settings within one standard error of the best fold-mean F1 the simplest
 * comes first (shortest terms, most repositories per term, strongest penalties); the rest follow by
 * fold-mean F1.
 */
export function rankOneSe(scored: readonly GridScore[]): GridScore[] {
  if (scored.length === 0) return [];
  const best = scored.reduce((a, b) => (b.mean > a.mean ? b : a));
  const near = (g: GridScore): boolean => g.mean >= best.mean - best.se;
  const simpler = (a: ModelOptions, b: ModelOptions): number =>
    a.maxOrder - b.maxOrder || b.minRepos - a.minRepos || b.l2Terms - a.l2Terms || (b.l2Ngrams ?? b.l2Terms) - (a.l2Ngrams ?? a.l2Terms);
  return [...scored].sort((a, b) => (near(a) !== near(b) ? (near(a) ? -1 : 1) : near(a) ? simpler(a.o, b.o) : b.mean - a.mean));
}

/**
 * The whole selection, nested: every outer fold (repositories of the new corpus) runs the term grid by
 * an inner grouped CV on the other folds only, fits the winner with its threshold and scores the held-out
 * fold. The figure for the procedure, free of the optimism of picking the best of the grid on the same
 * folds that report it (the development-half guard is not part of it).
 */
function nestedCv(records: readonly ChatRecord[], data: Prepared, nNew: number, cueL2: number): void {
  const y = records.map((r) => r.isCorrection);
  const newIdx = records.slice(0, nNew).map((_, i) => i);
  const outer = ownerFolds(records.slice(0, nNew), CV_FOLDS);
  const dev = records.map((_, i) => i).filter((i) => i >= nNew);
  const grid = termGrid(cueL2);
  const predicted = new Array<boolean>(records.length).fill(false);
  const folds: PrfScore[] = [];
  for (let f = 0; f < CV_FOLDS; f++) {
    const inTrain = new Set(newIdx.filter((i) => outer[i] !== f));
    const test = newIdx.filter((i) => outer[i] === f);
    const inner = grid.map((o) => {
      const cv = groupedCv(records, data, (r) => inTrain.has(records.indexOf(r)), (r) => records.indexOf(r) >= nNew, 4, { ...o, innerK: 3 });
      const { mean, sd } = meanSd(cv.folds.map((s) => s.f1));
      return { o, mean, se: sd / Math.sqrt(Math.max(1, cv.folds.length)) };
    });
    const best = rankOneSe(inner)[0]!;
    const m = fitWithThreshold(records, data, y, [...inTrain], apartFrom(records, dev, test), { ...best.o, innerK: 4 });
    for (const i of test) predicted[i] = scoreRecord(m, data, i) >= m.threshold;
    const s = prf(test.map((i) => ({ predicted: predicted[i] ?? false, expected: y[i] ?? false })));
    folds.push(s);
    console.log(`nested fold ${f}: chose ${describeOptions(best.o)} (inner F1 ${best.mean.toFixed(3)}); held-out F1 ${s.f1.toFixed(3)} P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}`);
  }
  const pooled = prf(newIdx.map((i) => ({ predicted: predicted[i] ?? false, expected: y[i] ?? false })));
  const ms = (k: 'f1' | 'precision' | 'recall'): string => {
    const { mean, sd } = meanSd(folds.map((s) => s[k]));
    return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
  };
  console.log(`nested selection, folds: F1 ${ms('f1')}  P ${ms('precision')}  R ${ms('recall')}`);
  console.log(`nested selection, pooled: F1 ${pooled.f1.toFixed(3)}  P ${pooled.precision.toFixed(3)}  R ${pooled.recall.toFixed(3)}`);
}

function main(): void {
  const argv = process.argv.slice(2);
  const { records, nNew } = loadBoth();
  const data = prepare(records);
  const y = records.map((r) => r.isCorrection);
  const isNew = (r: ChatRecord): boolean => records.indexOf(r) < nNew;
  const isDev = (r: ChatRecord): boolean => records.indexOf(r) >= nNew;
  setRowWeights(doubtWeights(records));
  const cvOn = (o: ModelOptions, test = isNew): CvResult => groupedCv(records, data, test, () => true, CV_FOLDS, { ...o, innerK: 4 });
  // 1. The cue weights' pull towards the linguist's priors, on the cue-only model. One-standard-error
  // rule: the strongest l2 whose fold-mean F1 is within one standard error of the best (fold-to-fold
  // spread dwarfs the differences between l2 values).
  const rows = [0.003, 0.01, 0.03, 0.1, 0.3].map((l2) => {
    const cv = cvOn({ ...CUE_ONLY, l2 });
    console.log(`cues only, l2=${l2}\n${formatCv(cv)}`);
    const { mean, sd } = meanSd(cv.folds.map((f) => f.f1));
    return { l2, mean, se: sd / Math.sqrt(Math.max(1, cv.folds.length)) };
  });
  const top = rows.reduce((a, b) => (b.mean > a.mean ? b : a));
  const cueL2 = ([...rows].reverse().find((r) => r.mean >= top.mean - top.se) ?? top).l2;
  console.log(`chosen cue l2=${cueL2} (largest within one standard error of the best fold-mean F1, ${top.mean.toFixed(3)} ± ${top.se.toFixed(3)} at l2=${top.l2})`);
  const cueOnly: ModelOptions = { ...CUE_ONLY, l2: cueL2 };
  if (argv.includes('--nested')) {
    nestedCv(records, data, nNew, cueL2);
    return;
  }
  // 2. Terms: vocabulary min-repository count, n-gram order and term penalties by fold-mean F1 on the
  // new corpus (the vocabulary is built inside every training part), ranked by the one-standard-error
  // rule (rankOneSe). The development half is a no-regression guard only: the first setting in that
  // order whose pooled out-of-fold F1 there is within DEV_TOLERANCE of the cue-only model's.
  const devBase = cvOn(cueOnly, isDev).pooled.f1;
  const grid = argv.includes('--no-terms') ? [] : termGrid(cueL2);
  const scoredGrid = grid.map((o) => {
    const cv = cvOn(o);
    const { mean, sd } = meanSd(cv.folds.map((f) => f.f1));
    console.log(`${describeOptions(o).padEnd(72)} folds F1 ${mean.toFixed(3)} ± ${sd.toFixed(3)}  pooled F1 ${cv.pooled.f1.toFixed(3)} P ${cv.pooled.precision.toFixed(3)}`);
    return { o, mean, se: sd / Math.sqrt(Math.max(1, cv.folds.length)) };
  });
  // The development-half guard walks the settings in one-standard-error order (rankOneSe).
  const ranked = rankOneSe(scoredGrid);
  const best = [...scoredGrid].sort((a, b) => b.mean - a.mean)[0];
  if (best) console.log(`best fold-mean F1 ${best.mean.toFixed(3)} ± ${best.se.toFixed(3)} (${describeOptions(best.o)}); chosen by the one-standard-error rule from the first below that passes the guard`);
  let chosen = cueOnly;
  for (const { o } of ranked) {
    const dev = cvOn(o, isDev).pooled.f1;
    const ok = dev >= devBase - DEV_TOLERANCE;
    console.log(`dev-half guard: ${describeOptions(o)}: pooled F1 ${dev.toFixed(3)} vs cue-only ${devBase.toFixed(3)} ${ok ? 'ok' : 'regresses, next'}`);
    if (ok) {
      chosen = o;
      break;
    }
  }
  console.log(`\nchosen: ${describeOptions(chosen)}\n${formatCv(cvOn(chosen))}`);
  // 3. Threshold and band from the out-of-fold scores of the new corpus with the chosen options.
  const cv = groupedCv(records, data, isNew, () => true, CV_FOLDS, { ...chosen, innerK: 0 });
  const scored = records.slice(0, nNew).map((r, i) => ({ p: cv.p[i] ?? 0, y: r.isCorrection }));
  const threshold = Math.round(chooseThreshold(scored) * 1000) / 1000;
  const band = chooseBand(scored, threshold);
  const askLow = chooseAskLow(scored, band.low);
  const all = records.map((_, i) => i);
  const model = fitModel(data, y, all, chosen, doubtWeights(records));
  const asked = scored.filter((x) => x.p >= askLow && x.p < band.high).length;
  console.log(`threshold=${threshold} band=[${band.low}, ${band.high}) askLow=${askLow} (a second opinion, when allowed, is asked on ${asked} of ${scored.length} messages)`);
  const order = FEATURE_NAMES.map((n, i) => ({ n, w: model.weights[i] ?? 0 })).sort((a, b) => b.w - a.w);
  console.log('cue weights:', order.map((o) => `${o.n}=${o.w.toFixed(2)}`).join(' '), `bias=${model.bias.toFixed(2)}`);
  const terms = [...(model.terms ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]);
  console.log(`${terms.length} terms; strongest:`, [...terms.slice(0, 25), ...terms.slice(-15)].map(([t, w]) => `${JSON.stringify(t)}=${w.toFixed(2)}`).join(' '));
  if (argv.includes('--dump')) {
    records.slice(0, nNew).forEach((r, i) => {
      const p = cv.p[i] ?? 0;
      if (p >= threshold === r.isCorrection) return;
      const fired = FEATURE_NAMES.filter((_, j) => (data.X[i]?.[j] ?? 0) !== 0).join(',');
      console.log(`${r.isCorrection ? 'FN' : 'FP'} ${p.toFixed(2)} ${r.id} [${fired}] ${JSON.stringify(r.text.slice(0, 140))}`);
    });
  }
  if (argv.includes('--write')) {
    const file = path.resolve(__dirname, '../../src/capture/chatCorrection/weights.json');
    const r4 = (w: number): number => Math.round(w * 1e4) / 1e4;
    const r3 = (w: number): number => Math.round(w * 1e3) / 1e3;
    const vocab = Object.fromEntries([...(model.terms ?? new Map<string, number>())].filter(([, w]) => r3(w) !== 0).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([t, w]) => [t, r3(w)]));
    const json = {
      comment: 'Trained by scripts/chat/train.ts on data/chat + shared/eval/chat; options, threshold and band by grouped CV on data/chat. Do not edit by hand.',
      l2: chosen.l2,
      ...(chosen.minRepos > 0 ? { l2Terms: chosen.l2Terms, ...(chosen.l2Ngrams !== undefined ? { l2Ngrams: chosen.l2Ngrams } : {}) } : {}),
      doubtWeight: DOUBT_WEIGHT,
      features: model.features,
      weights: model.weights.map(r4),
      bias: r4(model.bias),
      threshold,
      band,
      askLow,
      ...(chosen.minRepos > 0 ? { vocabulary: { minRepos: chosen.minRepos, maxOrder: chosen.maxOrder, negation: chosen.negation, terms: vocab } } : {}),
    };
    writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
    console.log(`wrote ${file}`);
  }
}

if (require.main === module) main();
