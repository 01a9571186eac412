/**
 * BM25F over the fields of a mistake pattern, with a code-aware tokenizer and a concept layer.
 *
 * The concept layer: every text (document or query) that mentions a phrase of a concept group in
 * `thesaurus.ts` ("floating promise", "missing await", "not awaited") also gets the group's concept
 * term. The concept term is indexed in its own field, so a query and a pattern that describe the same
 * mistake in different words still share a term, and its IDF keeps broad concepts from dominating.
 *
 * Incremental: `add` and `remove` at any time. Removed documents are tombstoned and the postings are
 * compacted once enough of them pile up, so removal stays O(1) and search never sees them.
 */
import { TopK } from '../core/topK';
import { analyzeDocument, FIELDS, LANE, type LexicalState, MAX_FIELD_CHARS } from './analyze';
import { compareHits, finishCandidates, kthLargest } from './scoring';
import { ConceptMatcher, defaultConceptMatcher } from './thesaurus';
import { isStopToken, tokenize } from './tokenizer';

export interface LexicalFields {
  readonly description?: string;
  readonly errorType?: string;
  readonly ruleId?: string;
  readonly message?: string;
  readonly fix?: string;
  readonly contexts?: readonly string[];
}

export interface LexicalHit {
  readonly id: string;
  readonly score: number;
}

export interface LexicalOptions {
  /** Per field weight, in FIELDS order keys. */
  readonly weights?: Partial<Record<(typeof FIELDS)[number], number>>;
  readonly k1?: number;
  readonly b?: number;
  /** Weight of concept terms found in the query, relative to a plain term. */
  readonly conceptQueryWeight?: number;
  readonly concepts?: ConceptMatcher;
}

const DEFAULT_WEIGHTS: Record<(typeof FIELDS)[number], number> = {
  description: 1,
  errorType: 2,
  ruleId: 1.5,
  message: 0.7,
  fix: 0.6,
  contexts: 0.4,
  concepts: 1,
};
/**
 * One term's posting list. A list loaded from a snapshot holds typed-array views into it (no copy: an
 * agent hook that only searches never pays for building arrays); `growable` turns it into plain
 * arrays before the first change.
 */
interface Postings {
  docs: number[] | Int32Array;
  packed: number[] | Float64Array;
  /**
   * Precomputed BM25 term-frequency part per posting (field weights, length normalization and
   * saturation), valid for the average field lengths in `impactAvg`; a search multiplies by idf.
   */
  impact: number[] | Float64Array;
  /** Live documents holding the term (the df), kept on add and remove. */
  live: number;
  /** The largest impact (see maxImpactOf); undefined when it must be recomputed. */
  maxImpact?: number;
}

/** `p` with plain arrays (a loaded list's views copied once), ready for push and truncation. */
function growable(p: Postings): Postings & { docs: number[]; packed: number[]; impact: number[] } {
  if (!Array.isArray(p.docs)) p.docs = Array.from(p.docs);
  if (!Array.isArray(p.packed)) p.packed = Array.from(p.packed);
  if (!Array.isArray(p.impact)) p.impact = Array.from(p.impact);
  return p as Postings & { docs: number[]; packed: number[]; impact: number[] };
}

/** Average field lengths may drift this much (relative) before the impacts are recomputed. */
const IMPACT_DRIFT = 0.02;

export class LexicalIndex {
  private readonly weights: Float64Array;
  private readonly k1: number;
  private readonly b: number;
  private readonly conceptQueryWeight: number;
  private conceptMatcher: ConceptMatcher | undefined;
  /** Built on first use: a process that never indexes or searches (an agent hook) skips the thesaurus. */
  private get concepts(): ConceptMatcher {
    return (this.conceptMatcher ??= defaultConceptMatcher());
  }
  private readonly termIds = new Map<string, number>();
  private postings: Postings[] = [];
  /** Per-document state, indexed by internal doc number. */
  private docIds: string[] = [];
  /** 1 for a live document, 0 for a removed one (tombstone until the next compaction). */
  private alive = new Uint8Array(256);
  /** Field lengths of doc d at [d * FIELDS.length + f]; grows by doubling. */
  private fieldLengths = new Float32Array(256 * FIELDS.length);
  /** Score accumulator reused across searches (only touched entries are reset). */
  private scratch = new Float64Array(0);
  /** Per-document marks for the candidate pass of a search (all zero between searches). */
  private marks = new Uint8Array(0);
  /** The documents a search touched, in first-touch order (a typed buffer: an array's push was 10x slower). */
  private touchedBuf = new Int32Array(0);
  private readonly docOf = new Map<string, number>();
  private readonly totalFieldLength = new Float64Array(FIELDS.length);
  private liveCount = 0;
  private deadCount = 0;
  /**
   * Term ids of each document (to keep `live` counts on remove); undefined after fromState until the
   * first change needs it (built from the postings then).
   */
  private docTermsOrUnset: Int32Array[] | undefined = [];
  private get docTerms(): Int32Array[] {
    if (!this.docTermsOrUnset) {
      const termsOf: number[][] = Array.from({ length: this.docIds.length }, () => []);
      this.postings.forEach((p, tid) => {
        for (let i = 0; i < p.docs.length; i++) termsOf[p.docs[i]]!.push(tid);
      });
      this.docTermsOrUnset = termsOf.map((t) => Int32Array.from(t));
    }
    return this.docTermsOrUnset;
  }
  /** Average field lengths the impacts were computed with (empty: never computed). */
  private impactAvg = new Float64Array(0);

  constructor(options: LexicalOptions = {}) {
    const w = { ...DEFAULT_WEIGHTS, ...options.weights };
    this.weights = Float64Array.from(FIELDS.map((f) => w[f]));
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.conceptQueryWeight = options.conceptQueryWeight ?? 1.5;
    this.conceptMatcher = options.concepts;
  }

  get size(): number {
    return this.liveCount;
  }

  has(id: string): boolean {
    return this.docOf.has(id);
  }

  /** Adds or replaces the document `id`. */
  add(id: string, fields: LexicalFields): void {
    if (this.docOf.has(id)) this.remove(id);
    const { counts, lengths } = analyzeDocument(fields, this.concepts, (term) => this.termId(term));

    const doc = this.docIds.length;
    this.docIds.push(id);
    if (doc >= this.alive.length) {
      const next = new Uint8Array(this.alive.length * 2);
      next.set(this.alive);
      this.alive = next;
    }
    this.alive[doc] = 1;
    if ((doc + 1) * FIELDS.length > this.fieldLengths.length) {
      const next = new Float32Array(this.fieldLengths.length * 2);
      next.set(this.fieldLengths);
      this.fieldLengths = next;
    }
    this.fieldLengths.set(lengths, doc * FIELDS.length);
    const terms = new Int32Array(counts.size);
    let t = 0;
    const docTerms = this.docTerms;
    for (const [tid, packed] of counts) {
      const p = growable(this.postings[tid]);
      p.docs.push(doc);
      p.packed.push(packed);
      const impact = this.impactAvg.length ? this.impactOf(packed, doc, this.impactAvg) : 0;
      p.impact.push(impact);
      if (p.maxImpact !== undefined && impact > p.maxImpact) p.maxImpact = impact;
      p.live++;
      terms[t++] = tid;
    }
    docTerms[doc] = terms;
    this.docOf.set(id, doc);
    for (let f = 0; f < FIELDS.length; f++) this.totalFieldLength[f] += lengths[f];
    this.liveCount++;
  }

  remove(id: string): void {
    const doc = this.docOf.get(id);
    if (doc === undefined) return;
    this.docOf.delete(id);
    this.alive[doc] = 0;
    for (const tid of this.docTerms[doc] ?? []) this.postings[tid].live--;
    for (let f = 0; f < FIELDS.length; f++) this.totalFieldLength[f] -= this.fieldLengths[doc * FIELDS.length + f];
    this.liveCount--;
    this.deadCount++;
    if (this.deadCount > 1000 && this.deadCount > this.liveCount / 4) this.compact();
  }

  clear(): void {
    this.termIds.clear();
    this.postings = [];
    this.docIds = [];
    this.alive = new Uint8Array(256);
    this.fieldLengths = new Float32Array(256 * FIELDS.length);
    this.docOf.clear();
    this.totalFieldLength.fill(0);
    this.liveCount = 0;
    this.deadCount = 0;
    this.docTermsOrUnset = [];
    this.impactAvg = new Float64Array(0);
  }

  /** The index as flat arrays (see LexicalState); drops tombstones first. */
  exportState(): LexicalState {
    if (this.deadCount > 0) this.compact();
    const kept = this.postings.map((p, tid) => ({ p, tid })).filter(({ p }) => p.docs.length > 0);
    const terms: string[] = new Array(this.postings.length);
    for (const [term, tid] of this.termIds) terms[tid] = term;
    const offsets = new Int32Array(kept.length + 1);
    for (let t = 0; t < kept.length; t++) offsets[t + 1] = offsets[t] + kept[t].p.docs.length;
    const docs = new Int32Array(offsets[kept.length]);
    const packed = new Float64Array(offsets[kept.length]);
    kept.forEach(({ p }, t) => {
      docs.set(p.docs, offsets[t]);
      packed.set(p.packed, offsets[t]);
    });
    const n = this.docIds.length;
    return { terms: kept.map(({ tid }) => terms[tid]), docIds: [...this.docIds], fieldLengths: this.fieldLengths.slice(0, n * FIELDS.length), offsets, docs, packed };
  }

  /**
   * An index holding exactly `state` (as exportState gave it); impacts are computed on first search.
   * The posting lists are views into `state`'s arrays (copied only when the index first changes), so
   * the caller must not modify them afterwards.
   */
  static fromState(state: LexicalState, options: LexicalOptions = {}): LexicalIndex {
    const index = new LexicalIndex(options);
    const n = state.docIds.length;
    const impacts = new Float64Array(state.docs.length);
    state.terms.forEach((term, tid) => {
      index.termIds.set(term, tid);
      const from = state.offsets[tid];
      const to = state.offsets[tid + 1];
      index.postings.push({ docs: state.docs.subarray(from, to), packed: state.packed.subarray(from, to), impact: impacts.subarray(from, to), live: to - from });
    });
    index.docIds = [...state.docIds];
    index.docTermsOrUnset = undefined;
    index.alive = new Uint8Array(Math.max(256, n * 2)).fill(1, 0, n);
    index.fieldLengths = new Float32Array(Math.max(256, n * 2) * FIELDS.length);
    index.fieldLengths.set(state.fieldLengths);
    for (let d = 0; d < n; d++) {
      index.docOf.set(state.docIds[d], d);
      for (let f = 0; f < FIELDS.length; f++) index.totalFieldLength[f] += state.fieldLengths[d * FIELDS.length + f];
    }
    index.liveCount = n;
    return index;
  }

  /** Top `k` documents for `query`, best first; `filter` can veto ids (model, category...). */
  search(query: string, k: number, filter?: (id: string) => boolean): LexicalHit[] {
    if (this.liveCount === 0 || k <= 0 || typeof query !== 'string') return [];
    const q = query.slice(0, MAX_FIELD_CHARS);
    const weights = new Map<number, number>();
    const all = tokenize(q, { keepStopwords: true });
    for (const t of all) {
      if (isStopToken(t)) continue;
      const tid = this.termIds.get(t);
      if (tid !== undefined) weights.set(tid, 1);
    }
    for (const c of this.concepts.matchTokens(all)) {
      const tid = this.termIds.get(c);
      if (tid !== undefined) weights.set(tid, Math.max(weights.get(tid) ?? 0, this.conceptQueryWeight));
    }
    if (weights.size === 0) return [];

    const n = this.liveCount;
    this.refreshImpacts();
    if (this.scratch.length < this.docIds.length) this.scratch = new Float64Array(Math.max(this.docIds.length, this.scratch.length * 2));
    const scores = this.scratch;
    const alive = this.alive;
    const keep = filter ? Math.max(k * 4, 50) : k;

    // MaxScore: terms by the most they can add (idf × their largest impact). Once what the remaining
    // terms could add together is below the k-th best score so far, a document only they match
    // cannot reach the top, so they only update the documents that still can (exact top k).
    const terms: Array<{ p: Postings; idf: number; ub: number }> = [];
    for (const [tid, qw] of weights) {
      const p = this.postings[tid];
      const df = p.live;
      if (df <= 0) continue;
      const idf = qw * Math.log(1 + (n - df + 0.5) / (df + 0.5));
      terms.push({ p, idf, ub: idf * this.maxImpactOf(p) });
    }
    terms.sort((a, b) => b.ub - a.ub);
    const rest = new Float64Array(terms.length + 1);
    for (let i = terms.length - 1; i >= 0; i--) rest[i] = rest[i + 1] + terms[i].ub;

    if (this.touchedBuf.length < this.docIds.length) this.touchedBuf = new Int32Array(Math.max(this.docIds.length, this.touchedBuf.length * 2));
    const touchedBuf = this.touchedBuf;
    let touchedCount = 0;
    let best = 0;
    let threshold = -Infinity;
    let attempts = 0;
    let i = 0;
    for (; i < terms.length; i++) {
      // The k-th best score costs a pass over the touched documents: only worth it when the rest is
      // small next to the best score. A filter may veto any top document: no early stop then.
      if (!filter && touchedCount > keep && rest[i] < best * 0.5 && attempts < 2) {
        attempts++;
        threshold = kthLargest(touchedBuf.subarray(0, touchedCount), scores, keep);
        if (rest[i] < threshold) break;
      }
      const { p, idf } = terms[i];
      const docs = p.docs;
      const impact = p.impact;
      for (let j = 0; j < docs.length; j++) {
        const doc = docs[j];
        const imp = impact[j];
        if (imp === 0 || alive[doc] === 0) continue;
        const prev = scores[doc];
        if (prev === 0) touchedBuf[touchedCount++] = doc;
        const next = prev + idf * imp;
        scores[doc] = next;
        if (next > best) best = next;
      }
    }

    const touched = touchedBuf.subarray(0, touchedCount);
    let pool: Int32Array = touched;
    if (i < terms.length) {
      if (this.marks.length < this.docIds.length) this.marks = new Uint8Array(Math.max(this.docIds.length, this.marks.length * 2));
      pool = finishCandidates(touched, terms.slice(i), rest.subarray(i), { scores, marks: this.marks, keep, threshold });
    }

    const heap = new TopK(keep);
    for (const doc of pool) heap.offer(doc, scores[doc]);
    let ranked = heap.sorted().map(({ slot, score }) => ({ id: this.docIds[slot], score })).sort(compareHits);
    if (filter) {
      ranked = ranked.filter((h) => filter(h.id));
      // The filter vetoed too much of the over-fetch: fall back to a full pass over the touched docs.
      if (ranked.length < k && touched.length > heap.k) {
        ranked = Array.from(touched)
          .filter((doc) => filter(this.docIds[doc]))
          .map((doc) => ({ id: this.docIds[doc], score: scores[doc] }))
          .sort(compareHits);
      }
    }
    for (const doc of touched) scores[doc] = 0;
    return ranked.slice(0, k);
  }

  /** The largest impact in a posting list (an upper bound: removals do not lower it), cached. */
  private maxImpactOf(p: Postings): number {
    if (p.maxImpact === undefined) {
      let m = 0;
      for (const x of p.impact) if (x > m) m = x;
      p.maxImpact = m;
    }
    return p.maxImpact;
  }

  /** The BM25 term-frequency part of one posting, for the average field lengths `avg`. */
  private impactOf(packed: number, doc: number, avg: Float64Array): number {
    const nf = FIELDS.length;
    const b = this.b;
    const base = doc * nf;
    let tf = 0;
    for (let f = 0; packed > 0; f++) {
      const c = packed % LANE;
      packed = (packed - c) / LANE;
      if (c !== 0) tf += (this.weights[f] * c) / (1 - b + (this.fieldLengths[base + f] * b) / avg[f]);
    }
    return tf === 0 ? 0 : (tf * (this.k1 + 1)) / (tf + this.k1);
  }

  /** Recomputes every impact when the average field lengths moved by more than IMPACT_DRIFT. */
  private refreshImpacts(): void {
    const nf = FIELDS.length;
    const n = Math.max(this.liveCount, 1);
    const avg = new Float64Array(nf);
    for (let f = 0; f < nf; f++) avg[f] = Math.max(this.totalFieldLength[f] / n, 1);
    const prev = this.impactAvg;
    if (prev.length === nf && avg.every((a, f) => Math.abs(a - prev[f]) <= IMPACT_DRIFT * prev[f])) return;
    for (const p of this.postings) {
      for (let i = 0; i < p.docs.length; i++) p.impact[i] = this.impactOf(p.packed[i], p.docs[i], avg);
      p.maxImpact = undefined;
    }
    this.impactAvg = avg;
  }

  private termId(term: string): number {
    let tid = this.termIds.get(term);
    if (tid === undefined) {
      tid = this.postings.length;
      this.termIds.set(term, tid);
      this.postings.push({ docs: [], packed: [], impact: [], live: 0 });
    }
    return tid;
  }

  /** Drops tombstoned documents from the postings and renumbers the live ones. */
  private compact(): void {
    const renumber = new Int32Array(this.docIds.length).fill(-1);
    const docIds: string[] = [];
    const docTerms: Int32Array[] = [];
    const fieldLengths = new Float32Array(Math.max(256, this.liveCount * 2) * FIELDS.length);
    for (let d = 0; d < this.docIds.length; d++) {
      if (this.alive[d] === 0) continue;
      renumber[d] = docIds.length;
      fieldLengths.set(this.fieldLengths.subarray(d * FIELDS.length, (d + 1) * FIELDS.length), docIds.length * FIELDS.length);
      docIds.push(this.docIds[d]);
      docTerms.push(this.docTerms[d]);
    }
    for (const list of this.postings) {
      const p = growable(list);
      let w = 0;
      for (let i = 0; i < p.docs.length; i++) {
        const nd = renumber[p.docs[i]];
        if (nd < 0) continue;
        p.docs[w] = nd;
        p.packed[w] = p.packed[i];
        p.impact[w] = p.impact[i];
        w++;
      }
      p.docs.length = w;
      p.packed.length = w;
      p.impact.length = w;
    }
    this.docIds = docIds;
    this.docTermsOrUnset = docTerms;
    this.fieldLengths = fieldLengths;
    this.alive = new Uint8Array(Math.max(256, docIds.length * 2));
    this.alive.fill(1, 0, docIds.length);
    this.docOf.clear();
    docIds.forEach((id, d) => this.docOf.set(id, d));
    this.deadCount = 0;
  }
}
