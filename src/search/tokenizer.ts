/**
 * A tokenizer for text about code: rule ids, error class names, identifiers in any casing, CWE ids.
 * "python.lang.security.audit.eval-detected" → the whole id, python, lang, security, audit, eval;
 * "UnboundLocalError" → unboundlocalerror, unbound, local, error; "CWE-89" → cwe, 89, cwe89;
 * "no-unused-vars" → no-unused-vars, unus, var. Output terms are lowercased and lightly stemmed.
 */

/** Words that carry no meaning in rule and error descriptions (checked before stemming). */
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her his how i if in ' +
    'into is it its itself just may me might more most must my nor of on once only or other our out over own same she ' +
    'should so some such than that the their them then there these they this those through to too under until up very was we ' +
    'were what when where which while who whom why will with would you your also each any both few further here about against ' +
    'again all am because before after above below between during s t don e g eg ie etc via per whether either neither ' +
    // Boilerplate of rule catalogs ("Checks for ...", "Disallow ...", "Used when ...").
    'check checks checking checked disallow disallows enforce enforces require requires required emitted detect detects ' +
    'detected reports report flag flags flagged rule rules instead likely often usually generally consider considered ' +
    'recommend recommended prefer preferred use used uses using usage make makes made cause causes lead leads'
  ).split(' '),
);

export interface TokenizeOptions {
  /** Keep stopwords (used for phrase matching in the thesaurus). */
  readonly keepStopwords?: boolean;
}

const MAX_TOKEN_LENGTH = 64;
const MAX_TEXT_LENGTH = 20000;

/** Splits text into lowercased, stemmed terms. Never throws; bounded on huge inputs. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const src = text.length > MAX_TEXT_LENGTH ? text.slice(0, MAX_TEXT_LENGTH) : text;
  const out: string[] = [];
  const keep = options.keepStopwords ?? false;
  const push = (raw: string): void => {
    const w = raw.toLowerCase();
    if (w.length === 0 || w.length > MAX_TOKEN_LENGTH) return;
    if (!keep && STOPWORDS.has(w)) return;
    const s = stem(w);
    if (!keep && STOPWORDS.has(s)) return;
    out.push(s);
  };
  // A "chunk" is a run of identifier-ish characters including the separators that join compound ids.
  const chunks = src.match(/[A-Za-z0-9_$][A-Za-z0-9_$.\-/]*[A-Za-z0-9_$]|[A-Za-z0-9_$]/g) ?? [];
  for (const chunk of chunks) {
    const cwe = /^cwe-?(\d{1,5})$/i.exec(chunk);
    if (cwe) {
      push('cwe');
      out.push(cwe[1], `cwe${cwe[1]}`);
      continue;
    }
    const parts = chunk.split(/[._\-/$]+/).filter((p) => p.length > 0);
    // Compound ids (rule ids, dotted paths, snake_case names) are also kept whole, for exact hits.
    if (parts.length > 1 && chunk.length <= MAX_TOKEN_LENGTH && !/^[\d.\-/]+$/.test(chunk)) out.push(chunk.toLowerCase());
    for (const part of parts) {
      const sub = splitCamel(part);
      if (sub.length > 1) {
        // Keep the class name itself ("NameError") next to its words ("name", "error").
        const whole = part.toLowerCase();
        if (whole.length <= MAX_TOKEN_LENGTH) out.push(whole);
        for (const s of sub) push(s);
      } else {
        push(part);
      }
    }
  }
  return out;
}

/** "parseHTTPResponse2" → parse, HTTP, Response, 2. */
export function splitCamel(word: string): string[] {
  return word.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g) ?? [word];
}

/**
 * A light suffix stripper: enough to join "awaited"/"awaits"/"awaiting", "defined"/"definition",
 * "concatenated"/"concatenation", without Porter's over-reach on short technical words.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('xes') || w.endsWith('ches') || w.endsWith('shes')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);

  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ed') && w.length === 4) w = w.slice(0, -1);
  else if (w.endsWith('ition') && w.length > 7) w = w.slice(0, -5);
  else if (/(t|s)ion$/.test(w) && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith('ness') && w.length > 6) w = w.slice(0, -4);
  else if (w.endsWith('ment') && w.length > 7) w = w.slice(0, -4);
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith('er') && w.length > 5) w = w.slice(0, -2);

  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
}

/** Stopwords and their stems, to drop them from a token list produced with `keepStopwords`. */
const STEMMED_STOPWORDS = new Set([...STOPWORDS, ...[...STOPWORDS].map(stem)]);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/** True for a (stemmed) token that `tokenize` without `keepStopwords` would have dropped. */
export function isStopToken(token: string): boolean {
  return STEMMED_STOPWORDS.has(token);
}
