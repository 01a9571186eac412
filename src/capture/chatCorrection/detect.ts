/**
 * Decides whether a user message corrects the coding assistant, and if so what the lesson is.
 * Offline, platform-neutral and bounded: a logistic model over linguistic cue features (features.ts)
 * and word n-gram terms (terms.ts), then a rule-based lesson writer. Never throws; any input returns
 * a well-formed result.
 */
import { buildContext, extractFeatures, FEATURES, type CorrectionKind } from './features';
import { contextExcerpt, writeLesson } from './lesson';
import { contributions, linearScore, sigmoid, SHIPPED_MODEL, type LinearModel } from './model';
import { DEFAULT_TERM_OPTIONS, extractTerms } from './terms';

export type { CorrectionKind } from './features';

export interface CorrectionResult {
  readonly isCorrection: boolean;
  /** Estimated probability that the message is a correction, in [0, 1] (not the certainty of the verdict). */
  readonly confidence: number;
  /** Imperative lesson (≤ 200 chars) for corrections; null otherwise. */
  readonly lesson: string | null;
  readonly kind?: CorrectionKind;
  /** Short excerpt of the assistant turn being corrected, when one was given. */
  readonly context?: string;
  /**
   * True when the score falls in the model's uncertain band: the message may be a correction (it has a
   * lesson even when `isCorrection` is false) and a capture should wait for review or a second opinion.
   */
  readonly uncertain?: boolean;
  /**
   * True when a second opinion is worth asking (score in [askLow, band.high): the uncertain band and
   * the range just below it). Below the band the message is no correction unless the opinion says so.
   */
  readonly askable?: boolean;
}

const KIND_OF = new Map(FEATURES.map((f) => [f.name, f.kind]));
const KIND_ORDER: readonly CorrectionKind[] = ['revert', 'error-report', 'forgot', 'reject-approach', 'broke-constraint', 'wrong'];

function pickKind(model: LinearModel, x: readonly number[]): CorrectionKind {
  const totals = new Map<CorrectionKind, number>();
  for (const c of contributions(model, x)) {
    const k = KIND_OF.get(c.name);
    if (k && c.value > 0) totals.set(k, (totals.get(k) ?? 0) + c.value);
  }
  // A revert request is the most specific signal; otherwise the kind with most evidence wins.
  if ((totals.get('revert') ?? 0) > 0) return 'revert';
  let best: CorrectionKind = 'wrong';
  let bestV = 0;
  for (const k of KIND_ORDER) {
    const v = totals.get(k) ?? 0;
    if (v > bestV) {
      best = k;
      bestV = v;
    }
  }
  return best;
}

export interface DetectOptions {
  /** Override the shipped model (used by the training script's cross-validation). */
  readonly model?: LinearModel;
}

export function detectCorrection(text: string, previous?: string, options: DetectOptions = {}): CorrectionResult {
  try {
    const model = options.model ?? SHIPPED_MODEL;
    const ctx = buildContext(typeof text === 'string' ? text : '', typeof previous === 'string' ? previous : undefined);
    if (ctx.raw.trim().length === 0) return { isCorrection: false, confidence: 0, lesson: null };
    const x = extractFeatures(ctx);
    const terms = model.terms && model.terms.size > 0 ? extractTerms(ctx.norm, model.termOptions ?? DEFAULT_TERM_OPTIONS) : [];
    const p = sigmoid(linearScore(model, x, terms));
    const confidence = Math.round((Number.isFinite(p) ? p : 0) * 1000) / 1000;
    const band = model.band ?? { low: model.threshold, high: model.threshold };
    const uncertain = p >= band.low && p < band.high;
    const askable = p >= Math.min(model.askLow ?? band.low, band.low) && p < band.high;
    const isCorrection = p >= model.threshold;
    if (!isCorrection && !uncertain && !askable) return { isCorrection: false, confidence, lesson: null };
    const kind = pickKind(model, x);
    const context = contextExcerpt(ctx.previous);
    const lesson = writeLesson(ctx.raw, kind);
    return { isCorrection, confidence, lesson, kind, ...(context ? { context } : {}), ...(uncertain ? { uncertain: true } : {}), ...(askable ? { askable: true } : {}) };
  } catch {
    // A bug in a pattern must not take down capture: report "not a correction".
    return { isCorrection: false, confidence: 0, lesson: null };
  }
}
