/**
 * The arithmetic under BM25 search (lexical.ts): the order of hits, the k-th best score of a set of
 * documents, the last phase of MaxScore (the terms too weak to bring in new documents only score the
 * candidates left), and adding a term's impacts to a sorted candidate set by galloping.
 */
import type { LexicalHit } from './lexical';

export function compareHits(a: LexicalHit, b: LexicalHit): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The k-th largest score among `docs` (k <= docs.length), by quickselect on a copy. */
export function kthLargest(docs: ArrayLike<number>, scores: Float64Array, k: number): number {
  const a = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) a[i] = scores[docs[i]];
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target];
}

/** Adds one term's contribution to a few candidates (ascending) by galloping through its long list. */
export function gallopAdd(cands: ArrayLike<number>, scores: Float64Array, docs: ArrayLike<number>, impact: ArrayLike<number>, idf: number): void {
  let lo = 0;
  for (let c = 0; c < cands.length; c++) {
    const doc = cands[c];
    let step = 1;
    let hi = lo;
    while (hi < docs.length && docs[hi] < doc) {
      lo = hi;
      hi += step;
      step *= 2;
    }
    if (hi > docs.length - 1) hi = docs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (docs[mid] < doc) lo = mid + 1;
      else hi = mid;
    }
    if (docs[lo] === doc) scores[doc] += idf * impact[lo];
  }
}

/** A query term as the search scores it: its postings, idf and the most it can add to a score. */
export interface ScoredTerm {
  readonly p: { readonly docs: ArrayLike<number>; readonly impact: ArrayLike<number> };
  readonly idf: number;
}

/**
 * The documents that can still reach `threshold` with every remaining term (`rest[i]` is what terms i
 * and later can add together), scored by those terms; after each term the bound tightens, so the
 * long lists of common words meet only the last few candidates.
 */
export function finishCandidates(
  touched: Int32Array,
  terms: readonly ScoredTerm[],
  rest: Float64Array,
  s: { scores: Float64Array; marks: Uint8Array; keep: number; threshold: number },
): Int32Array {
  const { scores, marks, keep } = s;
  let threshold = s.threshold;
  const from = rest[0];
  let pool = touched.filter((doc) => scores[doc] + from >= threshold);
  let sorted = false;
  for (let i = 0; i < terms.length; i++) {
    const { p, idf } = terms[i];
    if (p.docs.length > pool.length * 16) {
      if (!sorted) pool.sort();
      sorted = true;
      gallopAdd(pool, scores, p.docs, p.impact, idf);
    } else {
      for (const doc of pool) marks[doc] = 1;
      const docs = p.docs;
      const impact = p.impact;
      for (let j = 0; j < docs.length; j++) if (marks[docs[j]] === 1) scores[docs[j]] += idf * impact[j];
      for (const doc of pool) marks[doc] = 0;
    }
    if (pool.length > keep * 2) {
      threshold = Math.max(threshold, kthLargest(pool, scores, keep));
      const left = rest[i + 1];
      pool = pool.filter((doc) => scores[doc] + left >= threshold);
    }
  }
  return pool;
}
