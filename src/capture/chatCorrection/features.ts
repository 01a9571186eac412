/**
 * Hand-designed features for "does this message correct the assistant?". Each feature is a family of
 * patterns a linguist would write for one part of the definition (an error report, a verdict that the
 * work is wrong, a forgotten item, a rejected approach, a revert, a broken instruction), plus cues for
 * what is *not* a correction (new requests, acknowledgements, questions, the user changing their mind).
 * Weights are learned offline (scripts/chat/train.ts); the patterns do not name any project's words.
 */
import { CONVERSATION_FEATURES } from './conversation';
import { boundText, normalizeProse, sentences, splitText, type SplitText } from './text';

export type CorrectionKind = 'wrong' | 'error-report' | 'forgot' | 'reject-approach' | 'revert' | 'broke-constraint';

export interface FeatureContext {
  readonly raw: string;
  readonly split: SplitText;
  /** Normalised prose (lower case, contractions expanded). */
  readonly norm: string;
  /** `norm` without conditional and purpose clauses ("if X is missing", "so it does not crash"). */
  readonly factual: string;
  readonly sents: readonly string[];
  readonly previous: string;
}

export interface FeatureDef {
  readonly name: string;
  /** The correction kind this feature is evidence for; undefined for negative or neutral cues. */
  readonly kind?: CorrectionKind;
  /**
   * The weight a linguist would give this cue before seeing data (log-odds). Training shrinks towards
   * it rather than towards 0, so a cue that is rare in the training repositories keeps its meaning.
   */
  readonly prior: number;
  compute(c: FeatureContext): number;
}

function count(re: RegExp, s: string, cap = 3): number {
  if (!re.global) return re.test(s) ? 1 : 0;
  re.lastIndex = 0;
  let n = 0;
  while (n < cap && re.exec(s) !== null) n++;
  re.lastIndex = 0;
  return n;
}
const any = (re: RegExp, s: string): number => (re.test(s) ? 1 : 0);
const anyOf = (res: readonly RegExp[], s: string): number => (res.some((r) => r.test(s)) ? 1 : 0);

// ---- pasted failure output (on raw text) ----
const TRACE_PATTERNS: readonly RegExp[] = [
  /Traceback \(most recent call last\)/,
  /^[ \t]*at\s+\S[^\n]*[:(]\d+/m,
  /^[ \t]*File "[^"\n]+", line \d+/m,
  /^[ \t]*>?[ \t]*\d+[ \t]*\|[^\n]*\n[ \t]*\|?[ \t]*\^/m,
  /\berror\[E\d{3,5}\]/,
  /\berror TS\d{3,5}\b/,
  /\bnpm ERR!/,
  /\bpanicked at\b/,
  /\bException in thread\b/,
  /\bSegmentation fault\b/,
  /\bCall Stack\b/,
  /^[ \t]*--> \S+:\d+:\d+/m,
];
const ERROR_LINE = new RegExp(
  [
    String.raw`^[ \t]*(?:Uncaught |Unhandled )?(?:[A-Z][A-Za-z0-9]{0,40})?(?:Error|Exception)\b[^\n]{0,12}:`,
    String.raw`^[ \t]*(?:error|warning|fatal|failed|failure|panic|err!?)\b[^\n]{0,20}:`,
    String.raw`\b(?:Failed to compile|Module not found|Cannot find module|Can't resolve|is not defined|is not a function|Cannot read propert|undefined is not|Unhandled Runtime Error|Compiled with (?:warnings|problems)|Build failed|Command failed|exited with code [1-9]|exit (?:code|status) [1-9]|status of [45]\d\d|Internal Server Error|Not Found\)|command not found|No such file or directory|Permission denied|ModuleNotFoundError|SyntaxError|TypeError|ReferenceError|AttributeError|ImportError|KeyError|ValueError|NameError|NullPointerException|AssertionError|FAILED|FAIL\b)`,
    String.raw`^[ \t]*(?:Line|line) \d+:\d+:`,
    String.raw`\b(?:error|ERROR)(?:\[\w+\])?: \S`,
    String.raw`^[ \t]*(?:✗|✖|×|❌)\s`,
    String.raw`^E {2,}\S`,
  ].join('|'),
  'gm',
);
const SHELL_PROMPT = /^[ \t]*(?:❯|\$|%|PS [A-Za-z]:\\|\S{1,64}@\S{1,64}[^\n]{0,60}[%$#])[ \t]+\S/m;

// ---- the user's own words (on normalised prose) ----
const ERR_WORD = String.raw`(?:errors?|exceptions?|warnings?|crash(?:es|ed)?|stack ?traces?|tracebacks?|failures?)`;
const ERR_REPORT: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:i|we|it|this|that)(?: am| are| still| now| just| keep)? (?:get|got|getting|see|saw|seeing|have|hit|hitting|ran into|run into|encounter(?:ed)?|throws?|threw|shows?|showed|gives?|gave|produces?|returns?)\b[^.?!\n]{0,40}\b${ERR_WORD}`),
  new RegExp(String.raw`\b(?:the|this|that|these|those|same|an?|new|following|another|still|more|\d+|bunch of|lots of|many|several)(?: \w+)? ${ERR_WORD}\b(?! (?:handling|handler|messages?|codes?|types?|class(?:es)?|boundar(?:y|ies)|pages?|states?|logging|reporting))`),
  new RegExp(String.raw`\b${ERR_WORD} (?:when|while|on|after|pops?|appears?|occurs?|shows?|comes?|in the|log|message|output|galore|here|below|above)\b`),
  new RegExp(String.raw`\b(?:build|compile|compilation|runtime|type|syntax|lint|linter|console|server|terminal|import) ${ERR_WORD}`),
  /(?<!\b(?:not|never|no|without|to) )\b(?:crash(?:es|ed|ing)?|hangs?|hanging|freez(?:es|ing)|froze|throws?|threw|segfaults?)\b/,
  /\b(?:has|have|there is|there are|introduced|with) (?:a |another |some |several |many |the same )?(?:bugs?|regressions?)\b/,
  /\b(?:tests?|build|compilation|install|deploy(?:ment)?|it|this|that|server|app|script|command|page|they)(?: still| now| are| is| keep| keeps| all| also)* (?:fails?|failed|failing|breaks|broke|broken)\b/,
  /\b(?:is|are|returns?|returned|gives?|gave|shows?|showing) (?:undefined|null|nan|none|empty|blank)\b/,
  /^[ \t]*\d{3} (?:error|not found)\b/m,
  /\b(?:permission denied|access denied|command not found|no such file|can not find module|module not found|is not defined|is not a function|failed to compile|segmentation fault|out of memory|stack overflow|connection refused|timed out|unauthorized|forbidden)\b/,
  /\b(?:complain(?:s|ing)?|yell(?:s|ing)?|scream(?:s|ing)?)\b/,
];
const ERR_HYPOTHETICAL = new RegExp(String.raw`\b(?:any|all|potential|possible|future|other|no|for|if there (?:are|is)|in case of)(?: \w+)? ${ERR_WORD}\b`);
const ATTEMPT: readonly RegExp[] = [
  /\b(?:i|we) (?:tried|try|was trying|am trying|were trying|attempted) (?:to )?(?:run|build|start|compile|install|deploy|use|launch|open|test|load|execute|import|call)/,
  /\bwhen (?:i|we) (?:run|ran|try|tried|build|start|open|load|click|launch|execute|compile|deploy|test|call|import)\b/,
  /\bhere (?:is|are) (?:the|my) (?:terminal|output|logs?|error|console|trace|stack)/,
];

const VERDICT_WRONG: readonly RegExp[] = [
  /\b(?:that|this|it|which|these|those|the \w+) (?:is|was|are|were|looks|seems) (?:still |also |all |just )?(?:not (?:right|correct|true|it|what|how|working|good|valid|fixed|the same|enough|markdown|\w+ed\b)|wrong|incorrect|broken|off|bad|invalid|missing|empty|blank|gone)/,
  /\b(?:wrong|incorrect|inaccurate|malformed|malformatted|mal-formatted|broken|buggy|garbled|messed up|screwed up)\b/,
  /\bnot (?:quite|exactly)\b(?! sure)/,
  /\b(?:hallucinat\w*|made up|does not exist|do not exist|no such (?:method|function|file|module|attribute|option|flag|command|property|column|table|endpoint|api))\b/,
  /\bhas no (?:attribute|method|function|property|member|field|option|column)\b/,
  /\bthat is not (?:what|how|the|a|an)\b/,
];
const NO_EFFECT: readonly RegExp[] = [
  /\b(?:does|did|do|is|are|was|were|has|have|will|still) not (?:seem to )?(?:work|working|worked|run|running|load|loading|compile|build|render|rendering|show|showing|display|start|starting|fix|fixed|help|change|changed|apply|applied|exist|update|updated|respond|save|persist)/,
  /\b(?:not|stopped|no longer|never) (?:working|work|works|loading|rendering|running|responding)\b/,
  /\bnothing (?:changed|happens|happened|works|shows|is (?:showing|shown|displayed|happening|changing))/,
  /\bno (?:change|effect|difference|luck)\b/,
  /\bnever (?:terminates|finishes|returns|stops|ends|loads|completes|resolves|opens|closes|fires|runs|appears|shows|gets called|exits)\b/,
  /\b(?:same|identical) (?:error|issue|problem|result|output|thing|behaviou?r|bug|message)\b/,
  /\b(?:did|does|do) the (?:opposite|reverse)\b/,
  /\b(?:did not|does not) (?:do|change) anything\b/,
  /\b(?:it|this|that|they) (?:is|are) (?:still )?not \w+ing\b/,
  /\b(?:was|were|worked|working) (?:fine|ok|okay|good|perfectly) (?:before|until|earlier)\b|\bused to work\b/,
];
const STILL = /\bstill\b(?! (?:want|need|have to|would like|like|prefer|planning|going to|to do|todo))/g;
const AGAIN = /\bagain\b/;
const NOT_SEE: readonly RegExp[] = [
  /\b(?:i|we) (?:still )?(?:do|did|can|could|am|are) (?:still )?not (?:see|seeing|find|finding|notice|get|getting)\b/,
  /\b(?:i|we) (?:see|found|get) no\b/,
  /\b(?:is|are) (?:still )?(?:missing|gone|nowhere)\b/,
  /\bwhere (?:is|are|did) (?:the|my|it|they|that|those)\b/,
  /\bnow (?:we|i|it|there|you) (?:do not|does not|can not|is no|are no|no longer|have no)\b/,
];
const YOU_DESTRUCTIVE =
  /\b(?:you|it|this|that|your (?:change|edit|fix|code|update|commit|refactor|script)s?)(?: just| also| have| has| had| accidentally| completely| somehow)* (?:removed|deleted|nuked|wiped|broke|overwrote|overwritten|erased|dropped|lost|reverted|undid|messed|screwed|ruined|destroyed|clobbered|replaced|duplicated|truncated|emptied)\b/;
const TOO_MUCH = /\b(?:too (?:much|many)|way more than|more than (?:i|we) (?:asked|wanted|needed))\b/;
const YOU_DIDNT: readonly RegExp[] = [
  /\byou(?: still| also)? (?:did not|have not|never|forgot|forget|missed|skipped|left out|omitted|failed to|neglected|ignored|overlooked|only)\b/,
  /\b(?:is|are) still (?:in|there|here|present|using|calling|referencing|showing|pointing)\b/,
  /\b(?:forgot|forgotten|left out|missed|missing)\b/,
];
const CONDITIONAL_YOU = /\b(?:if|unless|whether) you (?:have not|did not|never)\b/;
const WHY_YOU =
  /\bwhy (?:did|do|would|are|were|is|was|have|has|does|did not|do not|is not|are not|would not|have not)(?: not)? (?:you|we|it|this|that|there|they)\b/;
const LEADING_NEG_Q = /^(?:would not|should not|could not|is not|are not|does not|do not|will not|should|would) (?:we|you|it|this|that|there|the|coderef|\w+)\b[^?]{0,200}\?/;
const INSTEAD = /\b(?:instead|rather than|in place of)\b/;
const PROHIBIT: readonly RegExp[] = [
  /(?:^|[.!?,;:]\s*|\b(?:please|just|and|but|so)\s+)(?:do not|never|stop|avoid|quit) (?!worry|bother|mind|forget to (?:commit|push))[a-z]+/,
  /\byou (?:should|must|shall|need to|are not supposed to)(?: not|n't)(?: be)? [a-z]+/,
  /\byou should not\b/,
  /\b(?:i|we) (?:would|had) rather (?:not|you|we|use|have)\b/,
  /\bdo not make me\b/,
  /\b(?:no need|there is no need|not necessary|unnecessary|is not needed|are not needed|we do not want|i do not want)\b(?! to (?:rush|worry|hurry|apologi[sz]e|thank|ask|explain|confirm))/,
];
const LEADING_NO =
  /^\s*(?:(?:hmm+|uh+|um+|well|wait|ugh|oh|ah|sorry)[,.!]*\s+)?(?:no|nope|nah|wrong|incorrect|not quite|not really)(?:\s*[,.!:;-]|\s+(?:no|that|this|it|you|i|we|the|use|do|delete|just|let|please|revert|undo|put|not|keep|remove|go))(?!\s*(?:problem|worries|need|rush|thanks?|thank you|that is (?:all|it|fine|ok)|i am good|all good|nothing else|we are good|not (?:now|yet)|more|further|other|errors?|issues?)\b)/;
const CONTRAST_NOT = /(?:,|;|--?|—)\s*(?:and |but )?not (?!sure\b|yet\b|now\b|only\b|just\b|necessarily\b|really\b|too\b|much\b|a (?:big )?(?:deal|problem)\b|urgent\b|important\b|required\b|needed\b)[a-z@.`]/;
const INSIST: readonly RegExp[] = [
  /\bi (?:specifically|explicitly|clearly|only|just|already|originally) (?:meant|wanted|want|asked|said|told|mentioned|need|requested|specified|wrote)/,
  /\b(?:as i (?:said|mentioned|asked|told you)|i told you|like i said|i said\b|i asked (?:you )?(?:to|for)|what i (?:asked|wanted|meant|said))/,
  /\b(?:i|we) (?:never|did not|do not) (?:ask|asked|want|wanted|request|requested|tell|told|say|said)\b/,
  /\b(?:nobody|no one|noone) (?:asked|wanted|requested)\b/,
  /\bnot what (?:i|we) (?:asked|wanted|meant|need|requested)/,
];
const REVERT =
  /\b(?:revert(?:ed|ing)?|roll ?(?:it |that |this |them |everything )?back|rollback|undo|undid|discard(?:ed)?|put (?:it|that|them|everything|things) back|restore (?:the|it|what|my|everything)|go back to (?:the|how|what|my|before)|back out|change (?:it|that|this) back)\b/;
const REBUKE =
  /\b(?:think (?:more |really |very )?(?:carefully|harder|again|it through)|step back|be (?:more )?(?:careful|specific|precise)|pay attention|read (?:the|my) (?:instructions|request|question|rules?|message)|are you sure|double.check (?:your|what you))\b/;
const WITHOUT_ASKING =
  /\b(?:without (?:asking|approval|permission|my (?:approval|permission|consent|ok)|checking)|prior to (?:following|asking|checking|reading|confirming)|before (?:asking|checking with|confirming with) me|i did not approve|was not (?:asked|approved|requested))\b/;
const YOU_BUT =
  /\byou (?:use|used|call|called|wrote|made|set|put|added|created|passed|return|returned|import|imported|changed|edited|modified|updated|moved)\b(?:[^.?!\n]|\.(?=\S)){0,100}\b(?:although|but|even though|however|while|whereas|which (?:is|does) not|that (?:is|does) not)\b/;
const YOU_ACTION_WRONG_PLACE =
  /\byou(?: just| are| have)? (?:edited|editing|modified|modifying|changed|changing|updated|updating|made|making|put|putting|created|creating|wrote|writing|added|adding|moved|moving)\b[^.?!\n]{0,80}\b(?:not|instead of|wrong|rather than)\b/;

const YOU_ARE_DOING = /\byou are (?:still |now |again |just |currently )?(?:(?!doing (?:great|good|well|amazing))\w+ing|in the|on the|using|not)\b/;
const SEPARATE_ISSUE =
  /\b(?:unrelated|separate|different|another|new|other) (?:bug|issue|problem|error)\b|\bi (?:noticed|found|spotted) (?:a|an|another)\b|\b(?:there is|there are|we have) also (?:a|an|some)\b/;
const SYMPTOM =
  /\b(?:overlap(?:s|ping)?|overflow(?:s|ing)?|misaligned|cut off|flicker(?:s|ing)?|shows? (?:up )?twice|appears? twice|doubled|frozen|stuck|glitch(?:y|es)?|off by one|infinite loop|loops forever|memory leak)\b/;

// ---- negative cues ----
const ACK =
  /^\s*(?:thanks|thank you|thx|ty|great|perfect|awesome|nice|cool|good|excellent|amazing|wonderful|looks good|lgtm|works|it works|that works|yes|yep|yeah|sure|alright|ok|okay|k)\b(?![^.!?\n]{0,20}\b(?:but|however|though|still|so now|now the|now it|wait)\b)/;
const GO_ON =
  /^\s*(?:(?:please|ok|okay|yes|great|alright)[,.!]?\s+)?(?:continue|proceed|go ahead|resume|keep going|carry on|commit|push|do it|sounds good|go for it|next|run (?:it|the|all)|start|launch|relaunch|deploy|merge)\b/;
const NEW_REQUEST =
  /^\s*(?:(?:please|now|next|also|and|ok|okay|great|alright|then)[,.!]?\s+)*(?:add|create|make|implement|write|build|generate|update|refactor|rename|extract|split|include|introduce|set up|setup|show|display|let us|start|begin|design|integrate|support|enable|allow|convert|document|review|check|scour|clean up|help|explain|give|list|plan|prepare|draft)\b/;
const WANT_REQUEST = /\b(?:i|we) (?:want|would like|need|would love|wish)(?: you)? (?:to |a |an |the |some |it to |this to |them to )/;
const NOW_NEXT = /^\s*(?:now|next|then|also|additionally|moving on|let us)\b/;
const QUESTION_START =
  /^\s*(?:how|what|which|where|when|who|should i|would it|would you|(?:is|are|does|do|did|can|could|will|have|has|was)\b(?! not\b))\b/;
const MIND_CHANGE =
  /\b(?:never ?mind|nevermind|enver mind|changed my mind|on second thought|requirements? (?:have |has |just )?changed|scratch that|forget (?:that|it|what i said)|i changed (?:my|the)|actually,? (?:let us|i want|i would|we should|keep))\b/;
const INFO_SUPPLY =
  /\b(?:here is|here are|attached|for (?:reference|context)|fyi|for your information)\b[^.\n]{0,40}\b(?:docs?|documentation|spec|schema|screenshot|example|sample|data|info|information|details|url|link|format|api)\b/;
const NEGATION = /\b(?:not|no|never|nothing|none|nor)\b/g;
const YOU_PAST = /\byou(?: just| also)? (?:\w+ed|made|did|wrote|put|took|left|broke|set|built|ran|went|gave|used)\b/;

function firstSentence(c: FeatureContext): string {
  return c.sents[0] ?? '';
}

export const FEATURES: readonly FeatureDef[] = [
  // error reports
  { name: 'trace', kind: 'error-report', prior: 1.5, compute: (c) => Math.min(2, TRACE_PATTERNS.filter((r) => r.test(c.raw)).length) },
  { name: 'errorLines', kind: 'error-report', prior: 1.0, compute: (c) => Math.min(3, count(ERROR_LINE, c.raw, 3)) },
  { name: 'shellTranscript', kind: 'error-report', prior: 1.0, compute: (c) => any(SHELL_PROMPT, c.raw) },
  {
    name: 'errorReport',
    kind: 'error-report',
    prior: 2.0,
    compute: (c) => {
      const hit = ERR_REPORT.filter((r) => r.test(c.factual)).length;
      if (hit === 0) return 0;
      return ERR_HYPOTHETICAL.test(c.factual) && hit === 1 ? 0 : Math.min(2, hit);
    },
  },
  { name: 'attemptFailed', kind: 'error-report', prior: 1.5, compute: (c) => anyOf(ATTEMPT, c.norm) },
  { name: 'pastedRatio', kind: 'error-report', prior: 1.0, compute: (c) => (c.split.lines.length >= 3 ? c.split.pasted.length / c.split.lines.length : 0) },
  // wrong / no effect
  { name: 'verdictWrong', kind: 'wrong', prior: 2.5, compute: (c) => anyOf(VERDICT_WRONG, c.factual) },
  { name: 'noEffect', kind: 'wrong', prior: 2.5, compute: (c) => anyOf(NO_EFFECT, c.factual) },
  { name: 'still', kind: 'wrong', prior: 1.5, compute: (c) => Math.min(2, count(STILL, c.norm, 2)) },
  { name: 'again', kind: 'wrong', prior: 0.7, compute: (c) => any(AGAIN, c.norm) },
  { name: 'youDestructive', kind: 'broke-constraint', prior: 2.5, compute: (c) => any(YOU_DESTRUCTIVE, c.norm) || any(TOO_MUCH, c.norm) },
  { name: 'rebuke', kind: 'wrong', prior: 1.5, compute: (c) => any(REBUKE, c.norm) },
  // forgot
  { name: 'notSee', kind: 'forgot', prior: 2.0, compute: (c) => anyOf(NOT_SEE, c.factual) },
  { name: 'youDidnt', kind: 'forgot', prior: 2.0, compute: (c) => (CONDITIONAL_YOU.test(c.norm) ? 0 : anyOf(YOU_DIDNT, c.factual)) },
  // reject approach
  { name: 'instead', kind: 'reject-approach', prior: 1.5, compute: (c) => any(INSTEAD, c.norm) },
  { name: 'prohibit', kind: 'reject-approach', prior: 1.5, compute: (c) => anyOf(PROHIBIT, c.norm) },
  { name: 'leadingNo', kind: 'reject-approach', prior: 2.0, compute: (c) => any(LEADING_NO, c.norm) },
  { name: 'contrastNot', kind: 'broke-constraint', prior: 2.0, compute: (c) => any(CONTRAST_NOT, c.norm) },
  { name: 'leadingNegQuestion', kind: 'reject-approach', prior: 1.5, compute: (c) => (c.sents.some((s) => LEADING_NEG_Q.test(s)) ? 1 : 0) },
  { name: 'whyYou', kind: 'broke-constraint', prior: 2.0, compute: (c) => any(WHY_YOU, c.norm) },
  { name: 'youBut', kind: 'wrong', prior: 2.0, compute: (c) => any(YOU_BUT, c.norm) },
  // revert / constraints
  { name: 'revert', kind: 'revert', prior: 2.5, compute: (c) => any(REVERT, c.norm) },
  { name: 'insist', kind: 'broke-constraint', prior: 2.0, compute: (c) => anyOf(INSIST, c.norm) },
  { name: 'withoutAsking', kind: 'broke-constraint', prior: 2.0, compute: (c) => any(WITHOUT_ASKING, c.norm) },
  { name: 'youWrongPlace', kind: 'broke-constraint', prior: 2.0, compute: (c) => any(YOU_ACTION_WRONG_PLACE, c.norm) },
  { name: 'youAreDoing', kind: 'wrong', prior: 1.2, compute: (c) => any(YOU_ARE_DOING, c.norm) },
  // negative and neutral cues
  { name: 'symptom', kind: 'wrong', prior: 1.2, compute: (c) => any(SYMPTOM, c.factual) },
  { name: 'separateIssue', prior: -2.5, compute: (c) => any(SEPARATE_ISSUE, c.norm) },
  { name: 'ack', prior: -2, compute: (c) => any(ACK, firstSentence(c)) },
  { name: 'goOn', prior: -2, compute: (c) => any(GO_ON, firstSentence(c)) },
  { name: 'newRequest', prior: -1.5, compute: (c) => any(NEW_REQUEST, firstSentence(c)) },
  { name: 'wantRequest', prior: -1, compute: (c) => any(WANT_REQUEST, c.norm) },
  { name: 'nowNext', prior: -1, compute: (c) => any(NOW_NEXT, firstSentence(c)) },
  {
    name: 'question',
    prior: -1,
    compute: (c) => (c.sents.length > 0 && c.sents.every((s) => s.endsWith('?') || QUESTION_START.test(s)) ? 1 : 0),
  },
  { name: 'questionStart', prior: -0.5, compute: (c) => any(QUESTION_START, firstSentence(c)) },
  { name: 'mindChange', prior: -3, compute: (c) => any(MIND_CHANGE, c.norm) },
  { name: 'infoSupply', prior: -1, compute: (c) => any(INFO_SUPPLY, c.norm) },
  { name: 'negations', prior: 0.5, compute: (c) => Math.min(3, count(NEGATION, c.norm, 3)) / 3 },
  { name: 'youPast', prior: 0.3, compute: (c) => any(YOU_PAST, c.norm) },
  { name: 'short', prior: 0, compute: (c) => (c.raw.trim().length < 40 ? 1 : 0) },
  { name: 'logLength', prior: 0, compute: (c) => Math.min(1, Math.log10(1 + c.raw.length) / 4) },
  { name: 'prevAsks', prior: 0, compute: (c) => (c.previous.trimEnd().endsWith('?') ? 1 : 0) },
  ...CONVERSATION_FEATURES,
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
export const FEATURE_PRIORS: readonly number[] = FEATURES.map((f) => f.prior);

/**
 * Clauses that describe a hypothetical or a goal, not something that happened: "when the file is
 * missing", "so it does not crash", "in the case where the list is empty". Removed before the
 * "something went wrong" cues run.
 */
const HYPOTHETICAL =
  /\b(?:if|whenever|when (?!i |we )|in case|unless|so that|such that|make sure|ensure|in order to|without|(?:case|cases|situation|scenario)s? (?:where|when|that)|so (?:it|they|this|that|we|the \w+) (?:does not|do not|will not|would not|can not|never))\b[^.,;!?\n]*/g;

export function buildContext(text: string, previous?: string): FeatureContext {
  const raw = boundText(text);
  const split = splitText(raw);
  const norm = normalizeProse(split.prose);
  const factual = norm.replace(HYPOTHETICAL, ' ');
  return { raw, split, norm, factual, sents: sentences(norm), previous: boundText(previous ?? '').slice(-2000) };
}

export function extractFeatures(c: FeatureContext): number[] {
  return FEATURES.map((f) => {
    const v = f.compute(c);
    return Number.isFinite(v) ? v : 0;
  });
}
