/**
 * How a pattern becomes terms for BM25F (lexical.ts): each field tokenized once, stopwords dropped
 * for the counts and kept for concept phrases, the concept terms of the thesaurus in their own field,
 * and per-field counts packed into one number per term.
 */
import type { LexicalFields } from './lexical';
import type { ConceptMatcher } from './thesaurus';
import { isStopToken, tokenize } from './tokenizer';

export const FIELDS = ['description', 'errorType', 'ruleId', 'message', 'fix', 'contexts', 'concepts'] as const;
const CONCEPT_FIELD = FIELDS.length - 1;
/** Keeps a phrase from matching across two fields. */
export const FIELD_BREAK = '\u0000';
/** Field lengths are capped: a pasted log must not drown a pattern's other fields. */
export const MAX_FIELD_CHARS = 8000;
/** Each posting packs per-field term counts into 7 lanes of 7 bits (49 bits, exact in a double). */
const LANE_BITS = 7;
export const LANE = 2 ** LANE_BITS;
const LANE_MAX = LANE - 1;

/**
 * Everything an index holds, as flat arrays (live documents only): what a snapshot file stores, so a
 * short-lived process loads an index instead of tokenizing every pattern again. Term t's postings are
 * `docs` / `packed` from `offsets[t]` to `offsets[t + 1]`.
 */
export interface LexicalState {
  readonly terms: readonly string[];
  readonly docIds: readonly string[];
  /** FIELD_COUNT lengths per document. */
  readonly fieldLengths: Float32Array;
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
  readonly packed: Float64Array;
}


export const FIELD_COUNT = FIELDS.length;

export interface AnalyzedDocument {
  /** Term id → per-field counts, packed (field f's count in lane f). */
  readonly counts: Map<number, number>;
  /** Terms per field (stopwords excluded), in FIELDS order. */
  readonly lengths: Float32Array;
}

export function analyzeDocument(fields: LexicalFields, concepts: ConceptMatcher, termId: (term: string) => number): AnalyzedDocument {
  const texts: string[] = [
    fields.description ?? '',
    fields.errorType ?? '',
    fields.ruleId ?? '',
    fields.message ?? '',
    fields.fix ?? '',
    (fields.contexts ?? []).join(' \n '),
  ].map((t) => (typeof t === 'string' ? t.slice(0, MAX_FIELD_CHARS) : ''));
  const counts = new Map<number, number>();
  const lengths = new Float32Array(FIELDS.length);
  const bump = (term: string, field: number): void => {
    const tid = termId(term);
    const shift = LANE ** field;
    const prev = counts.get(tid) ?? 0;
    if (Math.floor(prev / shift) % LANE < LANE_MAX) counts.set(tid, prev + shift);
  };
  // One tokenization per field serves both BM25 (stopwords dropped) and concept phrases (kept).
  const phraseTokens: string[] = [];
  for (let f = 0; f < texts.length; f++) {
    const all = tokenize(texts[f], { keepStopwords: true });
    let len = 0;
    for (const t of all) {
      if (isStopToken(t)) continue;
      bump(t, f);
      len++;
    }
    lengths[f] = len;
    // Contexts (file names, test ids) name places, not mistakes: no concepts from them.
    if (f < 5) phraseTokens.push(...all, FIELD_BREAK);
  }
  const conceptTerms = concepts.matchTokens(phraseTokens);
  lengths[CONCEPT_FIELD] = conceptTerms.length;
  for (const c of conceptTerms) bump(c, CONCEPT_FIELD);
  return { counts, lengths };
}
