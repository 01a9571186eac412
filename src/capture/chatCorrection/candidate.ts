/** Maps a detected chat correction to an engine candidate. */
import type { Candidate, Category } from '../../core/types';
import type { CorrectionResult } from './detect';
import { clip } from './lesson';

export interface CorrectionInput {
  readonly text: string;
  readonly previous?: string;
  readonly model?: string;
  readonly projectPath?: string;
}

const MAX_ERROR_MESSAGE = 500;

/** First match wins: security outranks everything, then the most specific error families. */
const CATEGORY_CUES: ReadonlyArray<readonly [Category, RegExp]> = [
  [
    'security',
    /\b(?:sql injection|injection|xss|cross.site|csrf|ssrf|secrets?|api[ _-]?keys?|passwords?|credentials?|(?:api|access|auth|bearer|jwt|csrf|refresh|secret|session) tokens?|sanitiz\w*|escap(?:e|ing) (?:user )?input|vulnerab\w*|cve-\d+|cwe-\d+|parameteri[sz]ed|prepared statements?|f-strings? in sql|string concatenation in sql|eval\(|deseriali[sz]\w*|path traversal|hash(?:ing)? passwords?|md5|sha1|encrypt\w*|permissions?|auth(?:entication|orization)?)\b/i,
  ],
  ['async', /\b(?:await(?:ed|ing)?|async|promises?|coroutines?|never awaited|race conditions?|deadlocks?|event loop|callbacks?|concurren\w*|unhandled (?:promise )?rejection|threads?)\b/i],
  ['import', /\b(?:imports?|imported|importing|module not found|cannot find module|can(?:'|no)?t resolve|modulenotfounderror|importerror|dependency|dependencies|requirements\.txt|package\.json|not installed|install(?:ed)? the package|circular import)\b/i],
  ['timeout', /\b(?:time(?:d)? ?out|timeouts?|hangs?|hanging|takes forever|never finishes|still going)\b/i],
  ['syntax', /\b(?:syntaxerror|syntax error|unexpected token|parse error|indentationerror|unterminated|missing (?:semicolon|bracket|parenthesis))\b/i],
  ['type', /\b(?:typeerror|type error|types?|typed|typing|null|undefined|is not a function|cannot read propert\w*|attributeerror|nonetype|cast(?:ing)?|generic|interface|error ts\d+|mypy|pyright)\b/i],
  ['test', /\b(?:tests?|testing|assert\w*|pytest|jest|vitest|mocha|unit tests?|spec files?|fixtures?|coverage)\b/i],
  ['lint', /\b(?:eslint|lint(?:er|ing)?|no-unused-vars|no-use-before-define|ruff|flake8|pylint|warnings?)\b/i],
  ['style', /\b(?:format(?:ting|ted)?|malformatted|markdown|naming|indentation|style guide|prettier|code style|conventional commits?)\b/i],
];

export function categorize(text: string): Category {
  const t = text.slice(0, 4000);
  for (const [cat, re] of CATEGORY_CUES) if (re.test(t)) return cat;
  return 'logic';
}

export function correctionToCandidate(result: CorrectionResult, input: CorrectionInput): Candidate {
  const text = typeof input.text === 'string' ? input.text : '';
  const lesson = result.lesson ?? clip(`Address the user's correction: ${text.split('\n')[0] ?? ''}`);
  const category = categorize(`${lesson}\n${text}`);
  return {
    description: lesson,
    fixDescription: lesson,
    category,
    severity: 'major',
    source: 'chat',
    errorType: result.kind ? `chat-correction:${result.kind}` : 'chat-correction',
    errorMessage: text.length > MAX_ERROR_MESSAGE ? text.slice(0, MAX_ERROR_MESSAGE - 1) + '…' : text,
    ...(input.model ? { model: input.model } : {}),
    ...(input.projectPath ? { projectPath: input.projectPath } : {}),
    // In the uncertain band: stored for review, not injected until someone accepts it.
    ...(result.uncertain ? { reviewPending: true } : {}),
  };
}
