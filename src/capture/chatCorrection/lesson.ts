/**
 * Turns a correction into a lesson: one imperative line the assistant can follow next time. Rewrites
 * the user's own sentence when it has a recognisable shape ("don't use X, use Y" → "Use Y instead of X",
 * "you forgot to X" → "Remember to X", "you edited A, not B" → "Edit B, not A", a pasted error →
 * "Check that the code runs without: <error line>"), and falls back to a template per kind.
 */
import type { CorrectionKind } from './features';
import { boundText, isLogLine, splitText } from './text';

export const MAX_LESSON_CHARS = 200;
/** Rewrites look at the first sentences only, each cut short: the instruction is rarely buried deeper. */
const MAX_SENTENCES = 12;
const MAX_SENTENCE = 320;

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcan[’']?t\b|\bcannot\b/gi, 'can not'],
  [/\bwon[’']?t\b/gi, 'will not'],
  [/\b(do|does|did|is|are|was|were|have|has|had|should|would|could|must|need)n[’']?t\b/gi, '$1 not'],
  [/\b(i)[’']?m\b/gi, 'I am'],
  [/\b(i|you|we|they)[’']d\b/gi, '$1 would'],
  [/\b(you|we|they)[’']re\b|\b(you)re\b/gi, '$1$2 are'],
  [/\b(that|it|what|there|this)[’']?s\b(?= (?:not|wrong|incorrect|how|what|a|an|the|still|broken|missing|true|right|correct)\b)/gi, '$1 is'],
  [/\blet[’']?s\b/gi, 'let us'],
];

function expand(s: string): string {
  let out = s;
  for (const [re, rep] of CONTRACTIONS) out = out.replace(re, rep);
  return out;
}

const LEAD_JUNK = new Set([' ', ',', ';', ':', '.', '-', '–', '—', '!']);
const TAIL_JUNK = new Set([' ', ',', ';', ':', '-', '–', '—', '?']);

/** Collapses whitespace and trims punctuation at both ends (loops, not regexes: no backtracking on long runs). */
function clean(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  let a = 0;
  let b = t.length;
  while (a < b && LEAD_JUNK.has(t[a]!)) a++;
  while (b > a && TAIL_JUNK.has(t[b - 1]!)) b--;
  return t.slice(a, b);
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** Cuts at a word boundary and never returns more than MAX_LESSON_CHARS characters. */
export function clip(s: string, max = MAX_LESSON_CHARS): string {
  // Lessons speak about the user in the third person: "Don't make me…" → "Don't make the user…".
  const c = clean(s)
    .replace(/\bme\b/g, 'the user')
    .replace(/\bmy\b/g, "the user's");
  if (c.length <= max) return c;
  const cut = c.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  return clean(sp > max * 0.6 ? cut.slice(0, sp) : cut) + '…';
}

const IRREGULAR: Readonly<Record<string, string>> = {
  made: 'make', put: 'put', wrote: 'write', written: 'write', did: 'do', done: 'do', set: 'set', ran: 'run', took: 'take',
  left: 'leave', broke: 'break', broken: 'break', built: 'build', gave: 'give', sent: 'send', went: 'go', kept: 'keep',
  got: 'get', lost: 'lose', undid: 'undo', chose: 'choose', read: 'read',
};

/** "updated" → "update", "editing" → "edit": good enough for the verbs users put in corrections. */
export function baseVerb(w: string): string {
  const v = w.toLowerCase();
  if (IRREGULAR[v]) return IRREGULAR[v]!;
  let stem: string;
  if (/ied$/.test(v)) return v.slice(0, -3) + 'y';
  if (/ed$/.test(v)) stem = v.slice(0, -2);
  else if (/ing$/.test(v) && v.length > 5) stem = v.slice(0, -3);
  else return v;
  if (/([b-df-hj-np-tv-z])\1$/.test(stem) && !/(ll|ss|ff|zz)$/.test(stem)) return stem.slice(0, -1);
  if (/(at|ov|ng|iz|ag|ar|ur|ir|os|us|as|uc|ac|ic|ad|id|iv|et|ot|am|im|om|ag|ok|ak|ik|uk|ip|ers|rs|ate|as|ys|ut|ud|ir|in|pl|bl|ol|ul|it)$/.test(stem) && !/(it|in|ol)$/.test(stem)) {
    return stem + 'e';
  }
  return stem;
}

/** Sentences of the user's own prose, case kept, contractions expanded, leading politeness removed. */
function userSentences(text: string): string[] {
  // Inline code that wraps across lines stays one span, so "instead of `...`, use X" survives splitting.
  const split = splitText(boundText(text).replace(/`[^`]{0,400}`/g, (m) => m.replace(/\s+/g, ' ')));
  return expand(split.prose)
    .split(/(?<=[.!?])\s+|\n+/, 200)
    .map((s) => clean(s.length > MAX_SENTENCE ? s.slice(0, MAX_SENTENCE) : s))
    .filter((s) => s.length > 0)
    .slice(0, MAX_SENTENCES);
}

const POLITE = /^(?:(?:no|nope|ok|okay|so|well|hmm+|also|and|but|actually|please|pls|just|then|now|instead|rather)\b[,.!]?\s*)+/i;
const LET_US = /^(?:let us|we should|we need to|you should|you need to|you have to|you must|can you|could you|would you|make sure to|remember to|try to|i want you to|i need you to)\s+(?:instead\s+)?/i;
const IMPERATIVE_VERBS = new Set(
  (
    'use make put keep add remove delete edit change update move create run test check call set write fix follow read import ' +
    'install revert undo restore return rename replace reconstruct try look modify print store save pass handle validate ' +
    'avoid stop do don\'t never always only ensure verify include exclude apply commit push deploy build start open close ' +
    'generate produce convert split merge link unlink inherit switch reuse leave drop skip wrap export load parse show hide ' +
    'reset await catch throw log compare query fetch send render mark put think step'
  ).split(' '),
);

function asImperative(sentence: string): string | null {
  const s = clean(sentence.replace(POLITE, '').replace(LET_US, '').replace(POLITE, ''));
  const first = (s.match(/^[A-Za-z']+/)?.[0] ?? '').toLowerCase();
  if (!IMPERATIVE_VERBS.has(first)) return null;
  return capitalize(s.replace(/[?!.]+$/, ''));
}

function objectPhrase(s: string): string {
  const head = s.split(/(?<=\S)[.?!;](?:\s|$)|\s(?:so that|because|since|as|which|and then|then)\s|,\s*(?:why|but|so|because|since|which|it|this|that)\b/i)[0] ?? s;
  return clean(head.replace(/\s+(?:again|too|now|instead)\s*$/i, ''));
}

type Rewrite = (s: string) => string | null;

/** Shape-specific rewrites, tried on each sentence in order. */
const REWRITES: readonly Rewrite[] = [
  // don't use X, use Y → Use Y instead of X
  (s) => {
    const m = /\b(?:do not|never|stop) (use|using|call|calling|import|importing|add|adding|create|creating)\s+(.+?)[,;.]\s*(?:but |just |please )?(?:use|call|import|add|create)\s+(.+)$/i.exec(s);
    return m ? `${capitalize(baseVerb(m[1]!))} ${objectPhrase(m[3]!)} instead of ${objectPhrase(m[2]!)}` : null;
  },
  // instead of X, use Y → Use Y instead of X
  (s) => {
    const m = /\binstead of\s+(.+?),\s*(?:please |just |you should |let us )?([a-z]+)\s+(.+)$/i.exec(s);
    if (!m || !IMPERATIVE_VERBS.has(m[2]!.toLowerCase())) return null;
    return `${capitalize(m[2]!.toLowerCase())} ${objectPhrase(m[3]!)} instead of ${objectPhrase(m[1]!)}`;
  },
  // use Y instead of X / use Y rather than X
  (s) => {
    const m = /\b(use|call|import|put|keep|make|write|run)\s+(.+?)\s+(?:instead of|rather than)\s+(.+)$/i.exec(s);
    return m ? `${capitalize(m[1]!.toLowerCase())} ${clean(m[2]!)} instead of ${objectPhrase(m[3]!)}` : null;
  },
  // use Y, not X → Use Y instead of X
  (s) => {
    const m = /\b(use|call|import|prefer)\s+((?:\S+ ){0,3}?\S+),?\s+not\s+(.+)$/i.exec(s);
    return m ? `${capitalize(m[1]!.toLowerCase())} ${clean(m[2]!)} instead of ${objectPhrase(m[3]!)}` : null;
  },
  // you forgot to X → Remember to X
  (s) => {
    const m = /\byou (?:also |still )?(?:forgot|forget|neglected|failed) to\s+(.+)$/i.exec(s);
    return m ? `Remember to ${objectPhrase(m[1]!)}` : null;
  },
  (s) => {
    const m = /\byou (?:also |still )?(?:forgot|missed|skipped|left out|omitted)\s+(?:about\s+)?(.+)$/i.exec(s);
    return m ? `Don't leave out ${objectPhrase(m[1]!)}` : null;
  },
  // why didn't you X → Remember to X ; you didn't X → Make sure to X
  (s) => {
    const m = /\bwhy (?:did|do) not you\s+(.+)$|\bwhy did you not\s+(.+)$/i.exec(s);
    return m ? `Remember to ${objectPhrase((m[1] ?? m[2])!)}` : null;
  },
  (s) => {
    const m = /^(?:but |and )?you (?:still )?(?:did not|have not|never)\s+(\w+)\s*(.*)$/i.exec(s);
    if (!m || /^(ask|tell|say|mention)/i.test(m[1]!)) return null;
    return `Make sure to ${baseVerb(m[1]!)} ${objectPhrase(m[2]!)}`;
  },
  // why did you X → Don't X ; why are we Xing → Avoid Xing
  (s) => {
    const m = /\bwhy (?:did|would|do) you\s+(.+)$/i.exec(s);
    return m ? `Don't ${objectPhrase(m[1]!)}` : null;
  },
  (s) => {
    const m = /\bwhy (?:are|were) (?:you|we)\s+(\w+ing)\b\s*(.*)$/i.exec(s);
    return m ? `Avoid ${m[1]!.toLowerCase()} ${objectPhrase(m[2]!)}` : null;
  },
  // you should not (be) Xing / X → Avoid Xing / Don't X
  (s) => {
    const m = /\byou (?:should|must|shall) not (?:be )?(\w+)\s*(.*)$/i.exec(s);
    if (!m) return null;
    return /ing$/i.test(m[1]!) ? `Avoid ${m[1]!.toLowerCase()} ${objectPhrase(m[2]!)}` : `Don't ${m[1]!.toLowerCase()} ${objectPhrase(m[2]!)}`;
  },
  // wouldn't we want X to V ... → Make X V ...
  (s) => {
    const m = /^(?:would|should|could) not (?:we|you) (?:want|need|prefer)\s+(\S+(?: \S+){0,3}?) to\s+(\w+)\s+(.+)$/i.exec(s);
    return m ? `Make ${m[1]} ${m[2]!.toLowerCase()} ${objectPhrase(m[3]!)}` : null;
  },
  // shouldn't X be Y → Make X Y
  (s) => {
    const m = /^(?:should|would|could|must) not\s+(.+?)\s+be\s+(.+)$/i.exec(s);
    return m ? `Make ${m[1]} ${objectPhrase(m[2]!)}` : null;
  },
  (s) => {
    const m = /^(?:would|should) not (?:we|you|it) (?:just )?(use|call|import|keep|put)\s+(.+)$/i.exec(s);
    return m ? `${capitalize(m[1]!.toLowerCase())} ${objectPhrase(m[2]!)}` : null;
  },
  // I'd rather not X → Don't X
  (s) => {
    const m = /\b(?:i|we) would rather not\s+(.+)$/i.exec(s);
    return m ? `Don't ${objectPhrase(m[1]!)}` : null;
  },
  // you removed/deleted X → Don't remove X
  (s) => {
    const m = /\byou(?: just| also| have| accidentally| completely)* (removed|deleted|nuked|wiped|broke|overwrote|erased|dropped|replaced|truncated|emptied|duplicated)\s+(.+)$/i.exec(s);
    if (!m) return null;
    const obj = objectPhrase(m[2]!).replace(/\btoo much\b/i, 'more than needed').replace(/\b(?:again|now)$/i, '');
    return `Don't ${baseVerb(m[1]!)} ${obj}`;
  },
  // you V-ed OBJ in A, not B → V OBJ in B, not A
  (s) => {
    const m =
      /\byou(?: just| also| have| are)? (\w+(?:ed|ing)|made|put|wrote)\b\s*(.*?)\b(in|on|to|from|into|under|at|inside)\s+(?:the\s+)?([^,]+?),\s*not (?:in |on |to |from |into |at |inside )?(?:the\s+)?(.+)$/i.exec(s);
    if (!m) return null;
    const obj = clean(m[2]!);
    return `${capitalize(baseVerb(m[1]!))} ${obj ? obj + ' ' : ''}${m[3]!.toLowerCase()} the ${objectPhrase(m[5]!)}, not the ${clean(m[4]!)}`;
  },
  // I only wanted you to X, not Y → Only X when that is what was asked, not Y
  (s) => {
    const m = /\b(?:i|we) (?:only |just |specifically )?(?:want|wanted|asked|need|needed|meant)(?: you)? (?:to|for)\s+(.+?),\s*not\s+(.+)$/i.exec(s);
    return m ? `Do exactly what was asked: ${objectPhrase(m[1]!)}, not ${objectPhrase(m[2]!)}` : null;
  },
  // I told you (not) to X → (Don't) X
  (s) => {
    const m = /\b(?:i|we) (?:told|asked) you (not )?to\s+(.+)$/i.exec(s);
    return m ? `${m[1] ? "Don't" : 'Remember to'} ${objectPhrase(m[2]!)}` : null;
  },
  // you V-ed A, not B → V B, not A
  (s) => {
    const m = /^(?:but |and )?you(?: just| also| have)? (\w+ed|made|put|wrote)\s+([^,]+?),\s*not\s+(.+)$/i.exec(s);
    return m ? `${capitalize(baseVerb(m[1]!))} ${objectPhrase(m[3]!)}, not ${clean(m[2]!)}` : null;
  },
  // you (went ahead and) V-ed X without Y → Don't V X without Y
  (s) => {
    const m = /\byou(?: just| went ahead and| simply)* (\w+ed|made|put|wrote)\s+(.+?\bwithout\b.+)$/i.exec(s);
    return m ? `Don't ${baseVerb(m[1]!)} ${objectPhrase(m[2]!)}` : null;
  },
  // revert the changes to X → Don't make unrequested changes to X
  (s) => {
    const m = /\b(?:revert|undo|roll back|discard)\s+(?:the |your |all |those |these |my )*(?:changes?|edits?)\s+(?:to|in)\s+(.+)$/i.exec(s);
    return m ? `Don't make changes to ${objectPhrase(m[1]!)} that were not asked for` : null;
  },
  // I never asked for X → Don't add X without being asked
  (s) => {
    const m = /\b(?:i|we) (?:never|did not|do not) (?:ask|asked|want|wanted|request|requested)(?: for)?(?: or (?:want|wanted|asked for))?\s+(.+)$/i.exec(s);
    return m ? `Don't add ${objectPhrase(m[1]!.split(',')[0]!)} unless asked` : null;
  },
  // I specifically meant X → Act on exactly what the user named: X
  (s) => {
    const m = /\bi (?:specifically|explicitly|clearly|only) (?:meant|asked for|asked|wanted|said|am looking to|looking to)\s+(.+)$/i.exec(s);
    return m ? `Act on exactly what the user named: ${objectPhrase(m[1]!)}` : null;
  },
  // let us not X → Don't X
  (s) => {
    const m = /\blet us not\s+(.+)$/i.exec(s);
    return m ? `Don't ${objectPhrase(m[1]!)}` : null;
  },
  // X should be Y → Make sure X is Y
  (s) => {
    const m = /\b((?:this|that|it|the \w+(?: \w+)?|coderef|`[^`]+`)) (?:should|must|needs to|has to) (?:be|have been)\s+(.+)$/i.exec(s);
    return m ? `Make sure ${m[1]!.toLowerCase().startsWith('`') ? m[1] : m[1]!.toLowerCase()} is ${objectPhrase(m[2]!)}` : null;
  },
  // that is not how you X → Use the correct way to X
  (s) => {
    const m = /\bthat is not how (?:you|to|we)\s+(.+)$/i.exec(s);
    return m ? `Use the project's established way to ${objectPhrase(m[1]!)}` : null;
  },
  // don't X / never X / stop X → the same, imperative
  (s) => {
    const m = /(?:^|[,;]\s*|\b(?:please|just|and|but)\s+)(do not|never|stop|avoid)\s+([a-z].+)$/i.exec(s);
    if (!m || /^(?:worry|bother|mind)\b/i.test(m[2]!)) return null;
    const lead = m[1]!.toLowerCase() === 'do not' ? "Don't" : capitalize(m[1]!.toLowerCase());
    return `${lead} ${objectPhrase(m[2]!)}`;
  },
];

/** The first line that reads like an error message, from pasted output or the user's own words. */
export function firstErrorLine(text: string): string | null {
  const lines = boundText(text).split('\n', 400);
  const strong = /^\s*Line \d+:\d+:|(?:^|\s)(?:Uncaught |Unhandled )?(?:[A-Z][A-Za-z0-9]{0,40})?(?:Error|Exception)\b[^\n]{0,12}:|\berror(?:\[\w+\])?:|\bpanic(?:ked)?\b|\bFAIL(?:ED)?\b|Failed to compile|Module not found|Cannot find module|Can't resolve|is not defined|Could not find|status of [45]\d\d|exit(?:ed with)? code [1-9]|No such file|command not found|Permission denied/;
  for (const l of lines) {
    if (!strong.test(l)) continue;
    let c = clean(l.replace(/^[^A-Za-z]*(?=\w)/, ''));
    // "i have this error: Module not found: ..." → keep the error, drop the user's lead-in.
    const lead = /^[^:]{0,40}?\b(?:i|we|now|got|get|have|see|errors?)\b[^:]{0,20}:\s*(.+)$/i.exec(c);
    if (lead && strong.test(lead[1]!)) c = clean(lead[1]!);
    if (c.length >= 6) return c;
  }
  for (const l of lines) if (/\berror\b|\bwarning\b|\bfailed\b/i.test(l) && isLogLine(l)) return clean(l);
  return null;
}

function firstUserSentence(text: string): string {
  return (userSentences(text)[0] ?? '').replace(/[?!.]+$/, '');
}

export function writeLesson(text: string, kind: CorrectionKind): string {
  const sents = userSentences(text);
  // Sentence rewrites first: the user's own instruction is the best lesson.
  for (const s of sents) {
    for (const rw of REWRITES) {
      const out = rw(s);
      if (out && clean(out).split(' ').length >= 2) return clip(out);
    }
  }
  const errorLine = firstErrorLine(text);
  if (kind === 'error-report' || (errorLine && kind !== 'revert')) {
    if (errorLine) return clip(`Check that the code runs without: ${errorLine}`);
    const s = firstUserSentence(text);
    return clip(s ? `Run the code after changing it and fix the reported error: ${s}` : 'Run the code after changing it and fix the reported error');
  }
  if (kind === 'revert') return 'Revert changes the user did not ask for or that did not work';
  for (const s of sents) {
    const imp = asImperative(s);
    if (imp && imp.split(' ').length >= 2) return clip(imp);
  }
  const s = firstUserSentence(text);
  switch (kind) {
    case 'forgot':
      return clip(s ? `Check that every requested change was actually made: ${s}` : 'Check that every requested change was actually made');
    case 'reject-approach':
      return clip(s ? `Use the approach the user asked for: ${s}` : 'Use the approach the user asked for');
    case 'broke-constraint':
      return clip(s ? `Follow the user's instructions and constraints: ${s}` : "Follow the user's instructions and constraints");
    case 'wrong':
    default:
      return clip(s ? `Verify the change actually works before finishing: ${s}` : 'Verify the change actually works before finishing');
  }
}

/** A short excerpt of the assistant's previous turn: its last non-empty lines, whitespace collapsed. */
export function contextExcerpt(previous: string | undefined, max = 200): string | undefined {
  const p = boundText(previous ?? '').trim();
  if (!p) return undefined;
  const flat = p.slice(-max * 4).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const tail = flat.slice(flat.length - max + 1);
  const sp = tail.indexOf(' ');
  return '…' + (sp >= 0 && sp < 40 ? tail.slice(sp + 1) : tail);
}
