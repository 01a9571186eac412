/** Precision/recall/F1 for correction detection, pooled and per group (source tool, repository). */

export interface LabeledPrediction {
  readonly predicted: boolean;
  readonly expected: boolean;
  /** e.g. "aider" or "cursor(specstory)". */
  readonly tool?: string;
  readonly repo?: string;
}

export interface PrfScore {
  readonly n: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly accuracy: number;
}

export interface CorrectionScore {
  readonly pooled: PrfScore;
  readonly byTool: Readonly<Record<string, PrfScore>>;
  readonly byRepo: Readonly<Record<string, PrfScore>>;
}

/** Precision is 1 when nothing was predicted and recall is 1 when nothing was expected (no errors made). */
export function prf(items: readonly LabeledPrediction[]): PrfScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const it of items) {
    if (it.predicted && it.expected) tp++;
    else if (it.predicted) fp++;
    else if (it.expected) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const n = items.length;
  return { n, tp, fp, fn, tn, precision, recall, f1, accuracy: n === 0 ? 1 : (tp + tn) / n };
}

function groupBy(items: readonly LabeledPrediction[], key: (p: LabeledPrediction) => string | undefined): Record<string, PrfScore> {
  const groups = new Map<string, LabeledPrediction[]>();
  for (const it of items) {
    const k = key(it) ?? 'unknown';
    const g = groups.get(k);
    if (g) g.push(it);
    else groups.set(k, [it]);
  }
  const out: Record<string, PrfScore> = {};
  for (const k of [...groups.keys()].sort()) out[k] = prf(groups.get(k) ?? []);
  return out;
}

/** Normalises tool names so "cursor(specstory)" and "cursor" report together. */
export function toolFamily(tool: string | undefined): string {
  const t = (tool ?? '').toLowerCase();
  if (t.startsWith('aider')) return 'aider';
  if (t.startsWith('cursor')) return 'cursor';
  return t || 'unknown';
}

export function scoreCorrections(items: readonly LabeledPrediction[]): CorrectionScore {
  return {
    pooled: prf(items),
    byTool: groupBy(items, (p) => toolFamily(p.tool)),
    byRepo: groupBy(items, (p) => p.repo),
  };
}

export function formatPrf(s: PrfScore): string {
  const f = (x: number): string => x.toFixed(3);
  return `P ${f(s.precision)}  R ${f(s.recall)}  F1 ${f(s.f1)}  (n=${s.n}, tp=${s.tp}, fp=${s.fp}, fn=${s.fn})`;
}
