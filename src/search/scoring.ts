/**
 * The arithmetic under BM25 search (lexical.ts): the order of hits, the k-th best score of a set of
 * documents, and adding a term's impacts to a sorted candidate set by galloping through its postings.
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
export function gallopAdd(cands: ArrayLike<number>, scores: Float64Array, docs: readonly number[], impact: readonly number[], idf: number): void {
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
