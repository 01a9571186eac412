import { SECURITY_CONCEPTS, type SecurityConcept } from './data/securityConcepts';
import { messageText, ruleWords, cut, uniq } from './text';

export interface ConceptMatch {
  readonly concept: SecurityConcept;
  readonly score: number;
  /** True when the rule id or the message names the weakness (not only hints). */
  readonly strong: boolean;
  /** True when the message itself names the weakness: the rule author's own word for the finding. */
  readonly named: boolean;
}

/** Weights: a rule id word or a message that names the weakness is evidence; a hint only tips a tie. */
const RULE = 3;
const STRONG = 3;
const WEAK = 1;
const SNIPPET = 0.5;

export interface ConceptText {
  readonly ruleId?: string;
  /** Message, rule title, descriptions: everything a person would read. */
  readonly message?: string;
  readonly snippet?: string;
}

/**
 * Security concepts that the rule id and message speak of, best first. Specific concepts rank before
 * generic ones (CWE-20, plain taint), and generic ones are kept only when nothing specific matched.
 */
export function matchConcepts(t: ConceptText): ConceptMatch[] {
  const rule = t.ruleId ? ruleWords(t.ruleId) : '';
  const msg = t.message ? messageText(t.message) : '';
  const snip = t.snippet ? cut(t.snippet, 2000).toLowerCase() : '';
  const out: Array<ConceptMatch & { order: number }> = [];
  SECURITY_CONCEPTS.forEach((c, order) => {
    let score = 0;
    let strong = false;
    let named = false;
    if (rule && c.rule?.test(rule)) {
      score += RULE;
      strong = true;
    }
    if (msg && c.strong?.test(msg)) {
      score += STRONG;
      strong = true;
      named = true;
    } else if (msg && c.weak?.test(msg)) {
      score += WEAK;
    }
    if (score > 0 && snip && c.snippet?.test(snip)) score += SNIPPET;
    if (strong) out.push({ concept: c, score, strong, named, order });
  });
  const specific = out.filter((m) => !m.concept.generic);
  const kept = specific.length ? specific : out;
  // What the message calls the finding comes first (a rule "dangerous-exec-command" whose message says
  // "this is a code injection vulnerability" is filed as code injection); then the weight of evidence.
  kept.sort((a, b) => Number(b.named) - Number(a.named) || b.score - a.score || a.order - b.order);
  return kept.map(({ concept, score, strong, named }) => ({ concept, score, strong, named }));
}

/** Cap on CWE ids per finding: the primary weakness, its narrower forms, and at most one runner-up. */
const MAX_CWES = 4;

/** CWE ids for a ranked concept list: the best concept's ids (+ extras), then a close runner-up's. */
export function conceptCwes(matches: readonly ConceptMatch[], t: ConceptText): string[] {
  if (!matches.length) return [];
  const text = `${t.ruleId ? ruleWords(t.ruleId) : ''} ${t.message ? messageText(t.message) : ''}`;
  const [best, ...rest] = matches;
  const ids: string[] = [...best.concept.cwe];
  for (const e of best.concept.extra ?? []) if (e.re.test(text)) ids.push(e.cwe);
  const runnerUp = rest.find((m) => m.score >= RULE && (m.score >= best.score - 1 || m.named !== best.named));
  if (runnerUp) ids.push(...runnerUp.concept.cwe);
  return uniq(ids).slice(0, MAX_CWES);
}
