/**
 * The shipped classifier: a logistic regression over the cue features of `features.ts` and the word
 * n-gram terms of `terms.ts` (a fixed vocabulary with its weights), with weights
 * trained offline by scripts/chat/train.ts and stored in weights.json. Kept tiny and dependency-free so
 * it runs in a web worker.
 */
import { FEATURE_NAMES } from './features';
import { DEFAULT_TERM_OPTIONS, termScore, type TermOptions } from './terms';
import weightsJson from './weights.json';

export interface LinearModel {
  readonly features: readonly string[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** Weight of each vocabulary term (terms.ts); terms not in it count 0. Absent: cue features only. */
  readonly terms?: ReadonlyMap<string, number>;
  /** How terms are cut from the message (the n-gram orders the vocabulary was built with). */
  readonly termOptions?: TermOptions;
  /** Decision threshold on the probability. */
  readonly threshold: number;
  /**
   * Scores in [low, high) are uncertain: a capture there goes to the review queue (or to the optional
   * language-model second opinion) instead of straight into injection. low <= threshold <= high.
   */
  readonly band?: { readonly low: number; readonly high: number };
  /**
   * With a second opinion allowed (the chat's language model), scores in [askLow, band.high) are sent
   * to it: below the band too, where most missed corrections score. askLow <= band.low; absent: band.low.
   */
  readonly askLow?: number;
}

/** Clamps the second-opinion cut read from JSON into [0, band.low]; anything else is band.low. */
export function normalizeAskLow(askLow: unknown, band: { low: number }): number {
  return typeof askLow === 'number' && Number.isFinite(askLow) ? Math.min(band.low, Math.max(0, askLow)) : band.low;
}

/** Clamps a band read from JSON so that low <= threshold <= high, all in [0, 1]. */
export function normalizeBand(band: { low?: unknown; high?: unknown } | undefined, threshold: number): { low: number; high: number } {
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : d);
  return { low: Math.min(threshold, num(band?.low, threshold)), high: Math.max(threshold, num(band?.high, threshold)) };
}

export function sigmoid(z: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 1 : 0;
  return 1 / (1 + Math.exp(-z));
}

/** The log-odds: bias + cue weights · `x` + the weights of the message's vocabulary `terms`. */
export function linearScore(model: LinearModel, x: readonly number[], terms: readonly string[] = []): number {
  let z = model.bias + termScore(model.terms, terms);
  for (let i = 0; i < x.length && i < model.weights.length; i++) z += (model.weights[i] ?? 0) * (x[i] ?? 0);
  return z;
}

/** Contributions per feature, largest evidence for a correction first (used to pick the kind). */
export function contributions(model: LinearModel, x: readonly number[]): Array<{ name: string; value: number }> {
  return model.features
    .map((name, i) => ({ name, value: (model.weights[i] ?? 0) * (x[i] ?? 0) }))
    .sort((a, b) => b.value - a.value);
}

function loadShipped(): LinearModel {
  const w = weightsJson as unknown as LinearModel & {
    band?: { low?: unknown; high?: unknown };
    askLow?: unknown;
    vocabulary?: { maxOrder?: number; negation?: boolean; terms?: Record<string, number> };
  };
  // Align by name so reordering FEATURES never silently mis-assigns weights.
  const byName = new Map<string, number>();
  w.features.forEach((n, i) => byName.set(n, w.weights[i] ?? 0));
  const terms = new Map<string, number>();
  for (const [t, v] of Object.entries(w.vocabulary?.terms ?? {})) if (typeof v === 'number' && Number.isFinite(v)) terms.set(t, v);
  const termOptions: TermOptions = {
    maxOrder: typeof w.vocabulary?.maxOrder === 'number' ? w.vocabulary.maxOrder : DEFAULT_TERM_OPTIONS.maxOrder,
    negation: typeof w.vocabulary?.negation === 'boolean' ? w.vocabulary.negation : DEFAULT_TERM_OPTIONS.negation,
  };
  const band = normalizeBand(w.band, w.threshold);
  return {
    features: FEATURE_NAMES,
    weights: FEATURE_NAMES.map((n) => byName.get(n) ?? 0),
    bias: w.bias,
    ...(terms.size > 0 ? { terms, termOptions } : {}),
    threshold: w.threshold,
    band,
    askLow: normalizeAskLow(w.askLow, band),
  };
}

export const SHIPPED_MODEL: LinearModel = loadShipped();
