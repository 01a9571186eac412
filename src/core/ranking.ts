/**
 * Ranking of retrieval candidates. Pure: the engine passes patterns with their dense similarity and/or
 * lexical score, this decides the order.
 *
 *   relevance = fused × frequency × recency × severity × model     (each factor in (0, 1])
 *
 * - fused: reciprocal-rank fusion (k0 = 60) of the dense and lexical rankings when the request has
 *   both signals, normalised so that first in both gives 1; with one signal only, that signal's value.
 *   The `minSimilarity` gate applies to dense similarity only: a pattern below it keeps its lexical
 *   rank (exact rule ids and error names are what embeddings blur).
 * - frequency: 0.6 + 0.4 × min(1, ln(1+f) / ln(1+30)): repeats matter, with diminishing returns.
 * - recency: 0.4 + 0.6 × decayWeight (half-life 30 days): old patterns fade but never vanish here
 *   (archiving removes them).
 * - severity: critical 1, major 0.85, minor 0.7.
 * - model: same model family as the request 1, unattributed 0.8, another model `otherModelWeight`
 *   (0.6); when the request's model is unknown (LM tool calls) every pattern gets 1.
 *
 * Always-inject patterns come first when no answering model is known, when they are the requesting
 * model's, or when they have at least a minimal
 * relevance (`minAlwaysRelevance`, fused ≥ 0.05 by default); the rest follow by score.
 */
import { decayWeight } from './evolution';
import { UNATTRIBUTED_MODEL, type ModelId, type Pattern, type ScoredPattern, type Severity } from './types';

export interface RankItem {
  readonly pattern: Pattern;
  /** Dense cosine similarity. */
  readonly similarity?: number;
  /** Lexical score in [0, 1]. */
  readonly lexical?: number;
}

export interface RankOptions {
  readonly model?: ModelId;
  readonly k: number;
  readonly minSimilarity?: number;
  readonly otherModelWeight?: number;
  readonly unattributedWeight?: number;
  readonly now: number;
  readonly halfLifeDays?: number;
  readonly minAlwaysRelevance?: number;
  /** RRF constant. */
  readonly k0?: number;
}

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 1, major: 0.85, minor: 0.7 };

const VENDOR_PREFIX = /^(?:[a-z0-9_.-]+\/)+/;
const BEDROCK_VENDOR = /^(?:anthropic|meta|amazon|mistral|cohere|ai21|us|eu|apac)\./;

/**
 * A model name reduced to its family: lower case, vendor/router prefixes ("copilot/", "openai/",
 * "anthropic.") removed, release dates ("-20250514", "-2024-08-06"), "-latest", "@version" and
 * ":tag" suffixes removed, "3.5" written "3-5". Size and tier words stay: "gpt-4o-mini" is not "gpt-4o".
 */
export function normalizeModel(model: string | undefined): string {
  if (!model) return '';
  let m = model.trim().toLowerCase();
  m = m.replace(VENDOR_PREFIX, '');
  while (BEDROCK_VENDOR.test(m)) m = m.replace(BEDROCK_VENDOR, '');
  m = m.replace(/[@:].*$/, '');
  m = m.replace(/(?<=\d)\.(?=\d)/g, '-');
  let prev = '';
  while (prev !== m) {
    prev = m;
    m = m.replace(/-(?:latest|v\d+|\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/, '');
  }
  return m;
}

/**
 * Policy: two names match when their families (see `normalizeModel`) are equal. So
 * "claude-sonnet-4" = "claude-sonnet-4-20250514" = "copilot/claude-sonnet-4", but "gpt-4o" ≠
 * "gpt-4o-mini" and "claude-sonnet-4" ≠ "claude-opus-4". Unattributed or empty never matches.
 */
export function modelMatches(patternModel: string | undefined, requestModel: string | undefined): boolean {
  if (!patternModel || !requestModel) return false;
  if (patternModel === UNATTRIBUTED_MODEL || requestModel === UNATTRIBUTED_MODEL) return false;
  const a = normalizeModel(patternModel);
  return a !== '' && a === normalizeModel(requestModel);
}

export function modelFactor(patternModel: string | undefined, requestModel: string | undefined, otherModelWeight = 0.6, unattributedWeight = 0.8): number {
  if (!requestModel || requestModel === UNATTRIBUTED_MODEL) return 1;
  if (!patternModel || patternModel === UNATTRIBUTED_MODEL) return unattributedWeight;
  return modelMatches(patternModel, requestModel) ? 1 : otherModelWeight;
}

export function frequencyFactor(frequency: number): number {
  const f = Number.isFinite(frequency) && frequency > 0 ? frequency : 0;
  return 0.6 + 0.4 * Math.min(1, Math.log1p(f) / Math.log1p(30));
}

interface Working {
  readonly item: RankItem;
  readonly index: number;
  dense?: number;
  lexical?: number;
  fused: number;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function rankCandidates(items: readonly RankItem[], opts: RankOptions): ScoredPattern[] {
  const k = Math.max(0, Math.trunc(opts.k));
  if (k === 0 || items.length === 0) return [];
  const minSim = opts.minSimilarity ?? 0.7;
  const k0 = opts.k0 ?? 60;
  const minAlways = opts.minAlwaysRelevance ?? 0.05;

  // One entry per pattern id: keep the best of each signal when the caller passes duplicates.
  const byId = new Map<number, Working>();
  items.forEach((item, index) => {
    // Archived patterns and captures waiting in the review queue are never injected.
    if (!item?.pattern || item.pattern.archived || item.pattern.pendingReview) return;
    const sim = Number.isFinite(item.similarity) ? (item.similarity as number) : undefined;
    const lex = Number.isFinite(item.lexical) && (item.lexical as number) > 0 ? clamp01(item.lexical as number) : undefined;
    const dense = sim !== undefined && sim >= minSim ? sim : undefined;
    const prev = byId.get(item.pattern.id);
    if (prev) {
      if (dense !== undefined && (prev.dense === undefined || dense > prev.dense)) prev.dense = dense;
      if (lex !== undefined && (prev.lexical === undefined || lex > prev.lexical)) prev.lexical = lex;
      return;
    }
    byId.set(item.pattern.id, { item, index, dense, lexical: lex, fused: 0 });
  });
  const work = [...byId.values()];
  const hasDense = work.some((w) => w.dense !== undefined);
  const hasLex = work.some((w) => w.lexical !== undefined);

  if (hasDense && hasLex) {
    const rrf = (key: 'dense' | 'lexical'): void => {
      const ranked = work.filter((w) => w[key] !== undefined).sort((a, b) => (b[key] as number) - (a[key] as number) || a.index - b.index);
      ranked.forEach((w, i) => (w.fused += 1 / (k0 + i + 1)));
    };
    rrf('dense');
    rrf('lexical');
    const max = 2 / (k0 + 1);
    for (const w of work) w.fused = clamp01(w.fused / max);
  } else if (hasDense) {
    for (const w of work) w.fused = clamp01(w.dense ?? 0);
  } else if (hasLex) {
    for (const w of work) w.fused = clamp01(w.lexical ?? 0);
  }

  const scored = work.map((w) => {
    const p = w.item.pattern;
    const sameModel = modelMatches(p.modelName, opts.model);
    const score = clamp01(
      w.fused *
        frequencyFactor(p.frequency) *
        (0.4 + 0.6 * decayWeight(p, opts.now, opts.halfLifeDays)) *
        (SEVERITY_WEIGHT[p.severity] ?? 0.7) *
        modelFactor(p.modelName, opts.model, opts.otherModelWeight, opts.unattributedWeight),
    );
    // With no answering model known (LM tools, MCP), every always-inject pattern qualifies.
    const first = p.alwaysInject && (w.fused >= minAlways || sameModel || !opts.model);
    return { w, p, score, first };
  });

  return scored
    .filter((s) => s.first || s.score > 0)
    .sort(
      (a, b) =>
        Number(b.first) - Number(a.first) ||
        b.score - a.score ||
        b.p.frequency - a.p.frequency ||
        b.p.lastSeen - a.p.lastSeen ||
        a.p.id - b.p.id,
    )
    .slice(0, k)
    .map((s) => ({
      pattern: s.p,
      score: s.score,
      ...(s.w.item.similarity !== undefined && Number.isFinite(s.w.item.similarity) ? { similarity: s.w.item.similarity } : {}),
      ...(s.w.lexical !== undefined ? { lexical: s.w.lexical } : {}),
    }));
}
