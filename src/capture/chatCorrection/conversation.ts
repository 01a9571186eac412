/**
 * Features of the conversation rather than of the message alone: did the assistant just claim that the
 * work is done or fixed (so a reported problem contradicts it), does the user paste output right after
 * a short introduction ("this is the log now:"), does the message name what the assistant's turn
 * named, does it restate what the code should do. None of them names a project's words.
 */
import type { FeatureContext, FeatureDef } from './features';

/** The assistant's turn claims success or readiness ("should now work", "all tests pass", "✅"). */
const PREV_CLAIMS =
  /\b(?:should (?:now )?(?:work|be (?:fixed|resolved|working|correct|good|fine|visible|gone))|now (?:works?|working|correct|fixed|resolved|shows?|displays?|handles?|loads?|supports?)|(?:is|are|has been|have been) (?:now )?(?:fixed|resolved|complete|implemented|working|updated|ready|done)|(?:fixed|resolved) (?:the|this|that|it)|(?:all|the) tests? (?:now )?pass|successfully|ready (?:to|for)|let me know if|try (?:it|again|running|now)|this (?:will|should) (?:fix|resolve|solve)|will now)\b|✅|🎉|🚀|✨/i;
/** A problem stated as present fact in the user's prose. */
const PROBLEM =
  /\b(?:the|this|that|same|an?|new|another|more|multiple|several|many|lots of|a lot of|few|some|still|following|these|those)(?: \w+)? (?:issues?|problems?|bugs?|errors?|erorrs?)\b|\b(?:issues?|problems?|bugs?) (?:persists?|remains?|is still|are still|still|again|here|now|with|when|is that|is)\b|\b(?:has|have|had|got|get|getting|having|see|seeing) (?:a |an |the |some |this |these |same )?(?:issues?|problems?|bugs?)\b|\bpersists?\b|\b(?:never|was not) (?:a problem|an issue)\b|\bspam\b/;
/** The first line introduces pasted material: "this is the log now:", "Now I'm getting these:". */
const INTRO_COLON = /^[^\n]{0,120}\b(?:logs?|output|errors?|getting|got|get|see|seeing|shows?|says?|console|message|trace|these|this|problems?|issues?|warnings?|result)\b[^\n]{0,40}:\s*$/im;
/** VS Code's Problems panel copied as JSON, or a devtools request summary with a 4xx/5xx status. */
const TOOL_PROBLEM = /"(?:severity|owner)"\s*:\s*(?:\d|")[\s\S]{0,400}"(?:message|code)"\s*:|\bStatus Code:?\s*[45]\d\d\b/;
/** What the code should do or only does: a restated expectation. */
const EXPECT =
  /\b(?:it|this|that|they|the \w+|which|everything|nothing) (?:should|is supposed to|was supposed to|needs to|must) (?:be |have |not |only |also |still |work|show|display|appear|stay|keep|use|return|look)|\b(?:only|just) (?:retriev|fetch|return|show|display|apply|work|load|sav|updat|render)\w*\b|\b(?:expected|expecting|supposed to)\b|\bright now (?:it|the|this|they)\b|\b(?:is|are) being \w+ed\b/;
const BUT_AFTER_PRAISE =
  /^\s*(?:thanks|thank you|great|perfect|nice|cool|good|ok|okay|awesome|works(?: great)?|it works|that works|this (?:plan )?(?:sounds|looks) (?:great|good)|a lot of (?:\w+ )?(?:are|is) working)\b[^\n]{0,160}?\b(?:but|however|though|although|just that|except|one change|one thing)\b/;
/** A compiler/IDE diagnostic line: `path/File.ext:12:5 message` or `File.cpp(115,12): error`. */
const DIAG_LINE = /^[ \t]*(?:[\w./\\<>~-]+\.[A-Za-z]{1,6})(?::\d+(?::\d+)?:?|\(\d+(?:,\d+)?\):)[ \t]+\S/m;
/** "fix AxiosError", "please fix the npm run submit issue", "let's fix the following problem:". */
const FIX_ERROR =
  /^\s*(?:(?:please|pls|can you|could you|let us|now|ok|okay)[,.]?\s+)*(?:fix|resolve|solve|debug|handle)\b[^.?!\n]{0,60}?(?:\b(?:errors?|issues?|problems?|bugs?|exceptions?|warnings?|crash(?:es)?|failures?)\b|\w+(?:Error|Exception)\b)/;
/** The program stops making progress or a UI element does not react. */
const STALL = /\b(?:stall(?:s|ed|ing)?|hung|hangs|freez(?:es|ing)|froze|does nothing|did nothing|(?:did|does) not (?:go away|close|disappear|respond|react|load|appear))\b/;
/** A written task specification: several list items ("- …", "1. …") in the user's own prose. */
const LIST_ITEM = /^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S/gm;
const YOU_KEEP = /\byou (?:keep|kept|always|again|repeatedly|still)\b|\b(?:too frustrating|this is frustrating|i quit|come on|seriously|literally)\b/;
const IDENT = /[A-Za-z_$][\w$]*(?:[.:/\\-][\w$]+)+|[a-z]+[A-Z][\w$]*|[A-Za-z]+_[\w$]+|[\w-]+\.(?:[a-z]{1,5})\b/g;
const WORD = /[a-z][a-z0-9_]{3,}/g;
const STOP = new Set(
  'this that with from have what when then they them there their your will would should could about which just like make made into also only some more than been were does done want need please file code here'.split(' '),
);

function identifiers(s: string, cap: number): Set<string> {
  const out = new Set<string>();
  IDENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.size < cap && (m = IDENT.exec(s)) !== null) out.add(m[0].toLowerCase());
  IDENT.lastIndex = 0;
  return out;
}

function words(s: string, cap: number): Set<string> {
  const out = new Set<string>();
  for (const w of s.toLowerCase().match(WORD)?.slice(0, cap * 2) ?? []) if (!STOP.has(w) && out.size < cap) out.add(w);
  return out;
}

/** Share of the message's content words that the assistant's last turn also used (0 when no turn). */
function wordOverlap(c: FeatureContext): number {
  if (!c.previous) return 0;
  const mine = words(c.split.prose, 60);
  if (mine.size === 0) return 0;
  const theirs = words(c.previous, 400);
  let hit = 0;
  for (const w of mine) if (theirs.has(w)) hit++;
  return hit / mine.size;
}

/** 1 when the message names an identifier (file, dotted name, camelCase) that the assistant's turn named. */
function namesPrevIdentifier(c: FeatureContext): number {
  if (!c.previous) return 0;
  const theirs = identifiers(c.previous, 200);
  for (const id of identifiers(c.raw.slice(0, 2000), 40)) if (theirs.has(id)) return 1;
  return 0;
}

const problemNow = (c: FeatureContext): boolean => PROBLEM.test(c.factual);
const negated = (c: FeatureContext): boolean => /\b(?:not|no|never|nothing|none)\b/.test(c.factual);

export const CONVERSATION_FEATURES: readonly FeatureDef[] = [
  { name: 'problemNow', kind: 'error-report', prior: 1.0, compute: (c) => (problemNow(c) ? 1 : 0) },
  { name: 'prevClaimsDone', prior: 0, compute: (c) => (PREV_CLAIMS.test(c.previous.slice(-600)) ? 1 : 0) },
  {
    name: 'contradictsClaim',
    kind: 'wrong',
    prior: 0.5,
    compute: (c) => (PREV_CLAIMS.test(c.previous.slice(-600)) && (problemNow(c) || negated(c) || /\bstill\b/.test(c.norm)) ? 1 : 0),
  },
  { name: 'pastedAfterIntro', kind: 'error-report', prior: 1.0, compute: (c) => (c.split.pasted.length >= 2 && INTRO_COLON.test(c.raw.split('\n', 3).slice(0, 2).join('\n')) ? 1 : 0) },
  { name: 'mostlyPasted', kind: 'error-report', prior: 0.5, compute: (c) => (c.split.lines.length >= 4 && c.split.prose.trim().length < 160 && c.split.pasted.length >= 3 ? 1 : 0) },
  { name: 'toolProblem', kind: 'error-report', prior: 1.5, compute: (c) => (TOOL_PROBLEM.test(c.raw) ? 1 : 0) },
  { name: 'expectation', kind: 'wrong', prior: 0.7, compute: (c) => (EXPECT.test(c.factual) ? 1 : 0) },
  { name: 'butAfterPraise', kind: 'wrong', prior: 1.0, compute: (c) => (BUT_AFTER_PRAISE.test(c.norm) ? 1 : 0) },
  { name: 'youKeep', kind: 'wrong', prior: 1.0, compute: (c) => (YOU_KEEP.test(c.norm) ? 1 : 0) },
  { name: 'diagnosticLine', kind: 'error-report', prior: 1.5, compute: (c) => (DIAG_LINE.test(c.raw.slice(0, 4000)) ? 1 : 0) },
  { name: 'fixError', kind: 'error-report', prior: 1.5, compute: (c) => (FIX_ERROR.test(c.norm) ? 1 : 0) },
  { name: 'stall', kind: 'wrong', prior: 1.2, compute: (c) => (STALL.test(c.factual) ? 1 : 0) },
  {
    name: 'taskList',
    prior: -1.0,
    compute: (c) => {
      LIST_ITEM.lastIndex = 0;
      const n = (c.split.prose.match(LIST_ITEM) ?? []).length;
      return n >= 3 ? 1 : 0;
    },
  },
  { name: 'namesPrevIdentifier', prior: 0, compute: namesPrevIdentifier },
  { name: 'wordOverlap', prior: 0, compute: wordOverlap },
];
