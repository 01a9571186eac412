/**
 * Word n-gram "term" features, next to the hand-designed cues of features.ts. A message's prose (lower
 * case, contractions expanded, code spans and long quotations replaced; see text.ts) is cut into
 * clauses; each clause gives its words (unigrams), word pairs (bigrams, "not use", "instead of", "you
 * forgot") and optionally triples, and a word within three words after a negator ("not", "no",
 * "never", ...) also gives a negated unigram "!word" ("does not work" → "!work"). The first clause of a
 * sentence starts with "^", so "^ no" is a message or sentence that opens with "no".
 *
 * Which terms count is fixed at training time (scripts/chat/train.ts): only terms used by several
 * distinct owners (people) in the training data enter the vocabulary, so no project's or person's own
 * words are learned. The shipped vocabulary and its weights are in weights.json; any other term is ignored.
 */

/** Words that open a negation scope. */
const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'nothing', 'none', 'nor', 'neither', 'without', 'nobody', 'nowhere']);
/** How many words after a negator are marked as negated. */
const NEG_SCOPE = 3;
/** Words read per message; a correction says what is wrong early, and this bounds the work. */
export const MAX_TERM_TOKENS = 300;
export const SENTENCE_START = '^';

const SENTENCE_SPLIT = /[.!?\n]+/;
const CLAUSE_SPLIT = /[,;:()[\]{}"<>|/\\*=+~#]+|\s[-–—]+\s/;
const WORD = /[a-z][a-z']*/g;

/** Clauses of words: each clause is a list of tokens, the first clause of a sentence led by "^". */
export function tokenize(norm: string, maxTokens = MAX_TERM_TOKENS): string[][] {
  const out: string[][] = [];
  let budget = maxTokens;
  for (const sentence of norm.split(SENTENCE_SPLIT)) {
    let first = true;
    for (const clause of sentence.split(CLAUSE_SPLIT)) {
      if (budget <= 0) return out;
      const words = (clause.match(WORD) ?? []).map((w) => w.replace(/'+$/, '')).slice(0, budget);
      if (words.length === 0) continue;
      budget -= words.length;
      out.push(first ? [SENTENCE_START, ...words] : words);
      first = false;
    }
  }
  return out;
}

export interface TermOptions {
  /** Longest n-gram: 1 (words), 2 (word pairs) or 3. */
  readonly maxOrder: number;
  /** Negated unigrams ("!work" in "does not work"). */
  readonly negation: boolean;
  /** Words read per message (default MAX_TERM_TOKENS). */
  readonly maxTokens?: number;
}

export const DEFAULT_TERM_OPTIONS: TermOptions = { maxOrder: 2, negation: true };

/** The distinct terms of normalised prose (unordered). */
export function extractTerms(norm: string, o: TermOptions = DEFAULT_TERM_OPTIONS): string[] {
  const terms = new Set<string>();
  for (const clause of tokenize(norm, o.maxTokens)) {
    let negLeft = 0;
    for (let i = 0; i < clause.length; i++) {
      const w = clause[i]!;
      if (w !== SENTENCE_START) terms.add(w);
      if (o.maxOrder >= 2 && i >= 1) terms.add(`${clause[i - 1]} ${w}`);
      if (o.maxOrder >= 3 && i >= 2) terms.add(`${clause[i - 2]} ${clause[i - 1]} ${w}`);
      if (NEGATORS.has(w)) {
        negLeft = NEG_SCOPE;
      } else if (negLeft > 0) {
        if (o.negation) terms.add(`!${w}`);
        negLeft--;
      }
    }
  }
  return [...terms];
}

/** The order of a term: 1 for a word or a negated word, 2 for a pair, 3 for a triple. */
export function termOrder(term: string): number {
  let n = 1;
  for (let i = 0; i < term.length; i++) if (term.charCodeAt(i) === 32) n++;
  return n;
}

/** Sum of the weights of the terms that are in the vocabulary; unknown terms count 0. */
export function termScore(weights: ReadonlyMap<string, number> | undefined, terms: readonly string[]): number {
  if (!weights || weights.size === 0) return 0;
  let z = 0;
  for (const t of terms) z += weights.get(t) ?? 0;
  return z;
}
