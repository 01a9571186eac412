/**
 * The product spec's phrase list, kept only as the comparison baseline in evaluation reports: it
 * matches exact stock phrases, which real users almost never type.
 */
export const SPEC_PHRASES: readonly string[] = [
  "no, that's wrong",
  "that's wrong",
  "that's not right",
  "that's incorrect",
  'you forgot to',
  "that's not what i asked",
  "don't do that",
  'use this instead',
  'wrong approach',
  'that breaks',
];

export function specPhraseBaseline(text: string): boolean {
  const t = (typeof text === 'string' ? text : '').toLowerCase().replace(/[\u2018\u2019]/g, "'");
  return SPEC_PHRASES.some((p) => t.includes(p));
}

/** A naive keyword list (any negative or error word), the other reference point in reports. */
export const NAIVE_KEYWORDS: readonly RegExp[] = [
  /\bwrong\b/,
  /\berror/,
  /\bbug/,
  /\bbroken?\b/,
  /\bfix\b/,
  /\bstill\b/,
  /\binstead\b/,
  /\bdon'?t\b/,
  /\bdoesn'?t work/,
  /\bnot working\b/,
  /\bincorrect\b/,
  /\brevert\b/,
  /\bundo\b/,
];

export function naiveKeywordBaseline(text: string): boolean {
  const t = (typeof text === 'string' ? text : '').toLowerCase().replace(/[\u2018\u2019]/g, "'");
  return NAIVE_KEYWORDS.some((re) => re.test(t));
}
