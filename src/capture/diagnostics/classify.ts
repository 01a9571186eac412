import type { Category, Severity } from '../../core/types';
import { conceptCwes, matchConcepts, type ConceptMatch } from './concepts';
import { BANDIT_RULES, type BanditRule } from './data/banditRules';
import {
  MYPY_CODES,
  PYRIGHT_RULES,
  RUFF_CODES,
  RUFF_PREFIX_CATEGORY,
  TS_CODES,
  tsCodeCategory,
  type CodeInfo,
} from './data/compilerRules';
import {
  ESLINT_PLUGIN_CATEGORY,
  ESLINT_RULE_CATEGORY,
  ESLINT_SECURITY_PLUGINS,
  ESLINT_SECURITY_RULES,
} from './data/eslintRules';
import { SONAR_BUG_RULES, SONAR_SECURITY_RULES } from './data/sonarRules';
import { asString, cut, firstSentence, isRecord, messageText, normalizeCwe, prop, ruleWords, uniq } from './text';
import type { DiagnosticClassification, DiagnosticInput } from './types';

/** Normalised severity of the reporting tool, before it is turned into ours. */
export type Level = 'error' | 'warning' | 'info' | 'hint';

/**
 * Any tool's severity word or VS Code's DiagnosticSeverity number (0 Error, 1 Warning,
 * 2 Information, 3 Hint); undefined when absent or unknown.
 */
export function normalizeLevel(v: unknown): Level | undefined {
  if (typeof v === 'number') return v === 0 ? 'error' : v === 1 ? 'warning' : v === 2 ? 'info' : v === 3 ? 'hint' : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (/^\d$/.test(s)) return normalizeLevel(Number(s));
  if (/^(error|err|e|fatal|critical|blocker|high|severe|severity\.error)$/.test(s)) return 'error';
  if (/^(warning|warn|w|major|medium|moderate|severity\.warning)$/.test(s)) return 'warning';
  if (/^(information|info|i|note|minor|low|informational|severity\.information)$/.test(s)) return 'info';
  if (/^(hint|none|suggestion|severity\.hint)$/.test(s)) return 'hint';
  return undefined;
}

const SECURITY_SEVERITY: Record<Level, Severity> = { error: 'critical', warning: 'major', info: 'minor', hint: 'minor' };
const OTHER_SEVERITY: Record<Level, Severity> = { error: 'major', warning: 'minor', info: 'minor', hint: 'minor' };

export function severityFor(category: Category, level: Level | undefined, fallback?: Severity): Severity {
  if (level) return category === 'security' ? SECURITY_SEVERITY[level] : OTHER_SEVERITY[level];
  if (fallback) return fallback;
  if (category === 'security') return 'major';
  return category === 'syntax' || category === 'import' || category === 'type' ? 'major' : 'minor';
}

/** The `code` of a diagnostic as a string, whatever its shape. */
export function codeValue(code: unknown): string | undefined {
  const direct = asString(code);
  if (direct !== undefined) return direct.trim() || undefined;
  const v = asString(prop(code, 'value'));
  return v !== undefined ? v.trim() || undefined : undefined;
}

type ToolId =
  | 'semgrep'
  | 'sonarqube'
  | 'eslint'
  | 'typescript'
  | 'pyright'
  | 'bandit'
  | 'ruff'
  | 'mypy'
  | 'pylint'
  | 'flake8'
  | 'codeql'
  | 'unknown';

/** Tools whose every finding is a security finding. */
const SECURITY_TOOLS = new Set(['bandit', 'gosec', 'snyk', 'secretlint', 'gitleaks', 'trufflehog', 'brakeman', 'detect-secrets']);
/**
 * Compilers, type checkers, spell checkers and formatters: their messages are never read as security
 * findings (a spell checker's "Unknown word (dompurify)" is not an XSS report).
 */
const NEVER_SECURITY = new Set<string>([
  'typescript', 'pyright', 'mypy', 'cspell', 'code-spell-checker', 'spell', 'markdownlint', 'stylelint', 'prettier',
  'editorconfig', 'yamllint', 'yaml', 'json', 'jsonc', 'css', 'scss', 'less', 'html', 'gopls', 'go', 'compiler', 'rustc',
  'rust-analyzer', 'clippy', 'pylint', 'pycodestyle', 'pyflakes', 'pydocstyle', 'black', 'isort', 'csharp', 'java',
  'cpptools', 'c/c++', 'clang', 'clangd', 'gcc', 'swift', 'kotlin', 'dart', 'vue', 'svelte', 'deno-ts',
]);

function detectTool(source: string | undefined, code: string | undefined): { id: ToolId; name: string } {
  const s = (source ?? '').trim().toLowerCase();
  const named = (id: ToolId): { id: ToolId; name: string } => ({ id, name: id });
  if (s) {
    if (s.includes('semgrep')) return named('semgrep');
    if (s.includes('sonar')) return named('sonarqube');
    if (s.includes('eslint')) return named('eslint');
    if (/^(ts|tsc|typescript|tsserver|vue-tsc|ts\d*)$/.test(s) || s.startsWith('typescript')) return named('typescript');
    if (/pylance|pyright/.test(s)) return named('pyright');
    if (s.includes('bandit')) return named('bandit');
    if (s.includes('ruff')) return named('ruff');
    if (s.includes('mypy')) return named('mypy');
    if (s.includes('pylint')) return named('pylint');
    if (s.includes('flake8')) return named('flake8');
    if (s.includes('codeql')) return named('codeql');
  }
  const c = code ?? '';
  if (!s && c) {
    if (/^[a-z][a-z0-9]*:S\d+$/i.test(c)) return named('sonarqube');
    if (/^B[1-7]\d\d$/.test(c)) return named('bandit');
    if (/^report[A-Z]\w+$/.test(c)) return named('pyright');
    if (/^(TS)?\d{4,5}$/i.test(c)) return named('typescript');
    if (/^[a-z][\w-]*(\.[\w-]+){2,}$/i.test(c)) return named('semgrep');
  }
  const name = s ? s.replace(/\s+/g, '-').slice(0, 40) : 'unknown';
  return { id: 'unknown', name };
}

/** What a tool-specific reading found; merged with concept matching by `classifyDiagnostic`. */
interface Reading {
  category?: Category;
  /** A rule table says it is a security finding. */
  security?: boolean;
  cwe?: string[];
  title?: string;
  hint?: string;
  /** Severity when the diagnostic carries none. */
  defaultSeverity?: Severity;
  ruleId?: string;
  /** Whether message/rule concepts may make this a security finding. */
  conceptsAllowed: boolean;
}

const GENERIC_CWES = new Set(['CWE-20', 'CWE-74', 'CWE-693', 'CWE-710', 'CWE-664']);

/** Table CWE numbers, specific ones first (Sonar lists CWE-20 before CWE-89). */
function tableCwes(nums: readonly number[]): string[] {
  const ids = uniq(nums.map((n) => `CWE-${n}`));
  return [...ids.filter((c) => !GENERIC_CWES.has(c)), ...ids.filter((c) => GENERIC_CWES.has(c))];
}

function banditReading(rule: BanditRule, ruleId: string): Reading {
  return {
    security: !rule.category,
    category: rule.category,
    cwe: tableCwes([rule.cwe, ...(rule.also ?? [])]),
    title: rule.title,
    ruleId,
    conceptsAllowed: false,
  };
}

let sonarBugs: Set<string> | undefined;
function isSonarBug(key: string): boolean {
  sonarBugs ??= new Set(SONAR_BUG_RULES.split(/\s+/).filter(Boolean));
  return sonarBugs.has(key);
}

function readSonar(code: string | undefined): Reading {
  const m = code ? /^(?:([a-z][\w-]*):)?(S\d+)$/i.exec(code) : null;
  if (!m) return { ruleId: code, conceptsAllowed: true };
  const repo = (m[1] ?? '').toLowerCase();
  const key = m[2].toUpperCase();
  const sec = SONAR_SECURITY_RULES[key];
  if (sec) {
    return {
      security: true,
      cwe: tableCwes(sec[1]),
      title: sec[2],
      defaultSeverity: sec[0] === 'v' ? 'critical' : 'major',
      ruleId: code,
      conceptsAllowed: true,
    };
  }
  if (repo === 'secrets') return { security: true, cwe: ['CWE-798'], title: 'Secret in source code', ruleId: code, conceptsAllowed: true };
  if (isSonarBug(key)) return { category: 'logic', ruleId: code, conceptsAllowed: false };
  return { ruleId: code, conceptsAllowed: true };
}

function readEslint(code: string | undefined, message: string): Reading {
  if (!code) {
    if (/^parsing error/i.test(message.trim())) return { category: 'syntax', conceptsAllowed: false };
    return { conceptsAllowed: false };
  }
  let plugin = '';
  let rule = code;
  const scoped = /^(@[^/]+(?:\/[^/]+)?)\/([^/]+)$/.exec(code);
  const plain = /^([^@/][^/]*)\/([^/]+)$/.exec(code);
  if (scoped) {
    plugin = scoped[1];
    rule = scoped[2];
  } else if (plain) {
    plugin = plain[1];
    rule = plain[2];
  }
  const sec = ESLINT_SECURITY_RULES[rule];
  if (sec && sec.plugins.includes(plugin)) {
    return { security: true, cwe: tableCwes(sec.cwe), title: sec.title, ruleId: code, conceptsAllowed: false };
  }
  if (ESLINT_SECURITY_PLUGINS.includes(plugin)) return { security: true, ruleId: code, conceptsAllowed: true };
  const category = ESLINT_RULE_CATEGORY[rule] ?? ESLINT_PLUGIN_CATEGORY[plugin];
  return { category, ruleId: code, conceptsAllowed: false };
}

function fromInfo(info: CodeInfo | undefined, ruleId: string | undefined): Reading {
  return { category: info?.category, hint: info?.hint, ruleId, conceptsAllowed: false };
}

function readTypescript(code: string | undefined): Reading {
  const m = code ? /^(?:ts)?(\d{1,6})$/i.exec(code) : null;
  if (!m) return { ruleId: code, conceptsAllowed: false };
  const n = Number(m[1]);
  const info = TS_CODES[n];
  return { category: info?.category ?? tsCodeCategory(n), hint: info?.hint, ruleId: `TS${n}`, conceptsAllowed: false };
}

function readRuffLike(code: string | undefined): Reading {
  if (!code) return { conceptsAllowed: false };
  const c = code.toUpperCase();
  const s = /^S(\d{3})$/.exec(c);
  if (s) {
    const rule = BANDIT_RULES[`B${s[1]}`];
    if (rule) return banditReading(rule, code);
    return { security: true, ruleId: code, conceptsAllowed: true };
  }
  const exact = RUFF_CODES[c];
  if (exact) return fromInfo(exact, code);
  for (const [prefix, category] of RUFF_PREFIX_CATEGORY) {
    if (c.startsWith(prefix) && /^\d/.test(c.slice(prefix.length))) return { category, ruleId: code, conceptsAllowed: false };
  }
  return { ruleId: code, conceptsAllowed: false };
}

function readPylint(code: string | undefined): Reading {
  if (!code) return { conceptsAllowed: false };
  const sym = code.toLowerCase();
  if (/import-error|no-name-in-module|unused-import|undefined-variable|cyclic-import|wrong-import/.test(sym)) return { category: 'import', ruleId: code, conceptsAllowed: false };
  if (/syntax-error|e0001/.test(sym)) return { category: 'syntax', ruleId: code, conceptsAllowed: false };
  if (/no-member|not-callable|unsubscriptable|too-many-function-args|no-value-for-parameter|unexpected-keyword-arg/.test(sym)) return { category: 'type', ruleId: code, conceptsAllowed: false };
  const letter = /^([CRWEF])\d{4}/i.exec(code)?.[1]?.toUpperCase();
  const category: Category | undefined = letter === 'E' ? 'logic' : letter === 'F' ? 'syntax' : letter === 'W' ? 'lint' : letter ? 'style' : undefined;
  return { category, ruleId: code, conceptsAllowed: false };
}

/** Category from the wording of a non-security message (the last resort before "lint"/"other"). */
export function categoryFromMessage(message: string): Category | undefined {
  const m = messageText(message);
  if (/syntax ?error|parsing error|unexpected (token|indent|character|end of (file|input))|invalid syntax|unterminated|expected (an? )?(expression|indented block|identifier)|unindent|statements must be separated|declaration or statement expected|'.{1,3}' expected/.test(m)) return 'syntax';
  if (/never awaited|coroutine|forg[eo]t to (use )?'?await|not awaited|unhandled promise|floating promise|promise (returned|rejection)|must be awaited|await expression/.test(m)) return 'async';
  if (/cannot find module|no module named|could not be resolved|unresolved import|module not found|cannot find name|is not defined|importerror|modulenotfounderror|failed to resolve import|has no exported member|could not find a declaration file|cannot import name|imported but unused/.test(m)) return 'import';
  if (/not assignable|argument of type|has no attribute|does not exist on type|cannot access (attribute|member)|is possibly (null|undefined|none)|object is possibly|is not callable|incompatible (type|types)|typeerror|expected type|no overload|implicitly has an? 'any'|is not a known attribute/.test(m)) return 'type';
  if (/unreachable|always (true|false|truthy|falsy)|possibly unbound|used before (its )?(assignment|declaration)|never (be )?reassigned|comparison .* (no|never)/.test(m)) return 'logic';
  if (/line too long|indentation|whitespace|trailing (space|comma|whitespace)|quotes?\b|naming convention|camel ?case|docstring|missing semicolon|blank line/.test(m)) return 'style';
  if (/unused|never used|never read|duplicate|shadow/.test(m)) return 'lint';
  return undefined;
}

function readTool(id: ToolId, code: string | undefined, message: string): Reading {
  switch (id) {
    case 'semgrep':
    case 'codeql':
      return { ruleId: code, conceptsAllowed: true };
    case 'sonarqube':
      return readSonar(code);
    case 'eslint':
      return readEslint(code, message);
    case 'typescript':
      return readTypescript(code);
    case 'pyright':
      return fromInfo(code ? PYRIGHT_RULES[code] : undefined, code);
    case 'mypy':
      return fromInfo(code ? MYPY_CODES[code.toLowerCase()] : undefined, code);
    case 'bandit': {
      const b = code ? /^B?(\d{3})$/i.exec(code) : null;
      const rule = b ? BANDIT_RULES[`B${b[1]}`] : undefined;
      return rule ? banditReading(rule, code as string) : { security: true, ruleId: code, conceptsAllowed: true };
    }
    case 'ruff':
    case 'flake8':
      return readRuffLike(code);
    case 'pylint':
      return readPylint(code);
    default:
      return { ruleId: code, conceptsAllowed: true };
  }
}

/** Does the rule id place the finding in a security rule set ("….security.…", CodeQL "js/…-injection")? */
function securityNamespace(ruleId: string | undefined): boolean {
  if (!ruleId) return false;
  return / (security|vuln|vulnerability|vulnerabilities|cwe \d+|owasp|secrets?|injection) /.test(ruleWords(ruleId));
}

/** Category for a non-security Semgrep/CodeQL rule from its rule-set path ("python.lang.correctness.…"). */
function rulesetCategory(ruleId: string | undefined): Category | undefined {
  if (!ruleId) return undefined;
  const w = ruleWords(ruleId);
  if (/ (correctness|bug|bugs|logic) /.test(w)) return 'logic';
  if (/ (best practice|maintainability|style|naming) /.test(w)) return 'style';
  if (/ (performance|compatibility|portability) /.test(w)) return 'lint';
  return undefined;
}

function safeInput(d: unknown): {
  source?: string;
  code?: string;
  message: string;
  level?: Level;
  snippet?: string;
} {
  if (!isRecord(d)) return { message: typeof d === 'string' ? cut(d) : '' };
  const snippet = asString(prop(d, 'snippet'));
  return {
    source: asString(prop(d, 'source')),
    code: codeValue(prop(d, 'code')) ?? codeValue(prop(d, 'ruleId')) ?? codeValue(prop(d, 'rule_id')),
    message: cut(asString(prop(d, 'message')) ?? ''),
    level: normalizeLevel(prop(d, 'severity')),
    snippet: snippet === undefined ? undefined : cut(snippet),
  };
}

export interface ClassifyExtras {
  /** Extra words a person would read about the rule (SARIF rule name, short/full description, tags). */
  readonly ruleText?: string;
  /** CWE ids known from metadata (SARIF tags/properties): authoritative when present. */
  readonly cwe?: readonly string[];
  /** Metadata says the rule is a security rule (SARIF "security" tag, security-severity). */
  readonly security?: boolean;
  /** Severity from metadata (SARIF security-severity) that overrides the level mapping. */
  readonly severity?: Severity;
}

/**
 * Classifies one diagnostic from any supported tool. Pure and total: any value, however malformed,
 * yields a classification ("other"/"minor" when nothing is known).
 */
export function classifyDiagnostic(d: DiagnosticInput, extras?: ClassifyExtras): DiagnosticClassification {
  try {
    return classifyUnsafe(d, extras);
  } catch {
    return { category: 'other', severity: 'minor', cwe: [], description: 'Unclassified diagnostic', tool: 'unknown' };
  }
}

function classifyUnsafe(d: unknown, extras: ClassifyExtras | undefined): DiagnosticClassification {
  const input = safeInput(d);
  const tool = detectTool(input.source, input.code);
  const reading = readTool(tool.id, input.code, input.message);
  const ruleId = reading.ruleId ?? input.code;
  const metaCwe = uniq((extras?.cwe ?? []).map(normalizeCwe).filter((c): c is string => !!c));

  const conceptText = {
    ruleId,
    message: [reading.title, extras?.ruleText, input.message].filter(Boolean).join('. '),
    snippet: input.snippet,
  };
  const conceptsAllowed = reading.conceptsAllowed && !NEVER_SECURITY.has(tool.id) && !NEVER_SECURITY.has(tool.name);
  let matches: ConceptMatch[] =
    conceptsAllowed || reading.security || metaCwe.length || extras?.security ? matchConcepts(conceptText) : [];
  // Outside security rule sets, only a message that names a weakness makes a finding a security one:
  // a Semgrep "correctness" rule about tempfile flushing is not an insecure-temp-file report, and an
  // unknown tool's two-word message is not evidence.
  const vouched = reading.security === true || metaCwe.length > 0 || extras?.security === true || securityNamespace(ruleId);
  if (!vouched && (tool.id === 'unknown' || rulesetCategory(ruleId) !== undefined)) {
    matches = input.message.trim().split(/\s+/).length >= 4 ? matches.filter((m) => m.named) : [];
  }

  const securityTool = SECURITY_TOOLS.has(tool.name);
  const security =
    reading.security === true ||
    (reading.category === undefined &&
      (metaCwe.length > 0 ||
        extras?.security === true ||
        securityTool ||
        (conceptsAllowed && (securityNamespace(ruleId) || matches.length > 0))));

  let category: Category;
  let cwe: string[] = [];
  let title: string | undefined = reading.title;
  let hint = reading.hint;
  if (security) {
    category = 'security';
    const fromConcepts = conceptCwes(matches, conceptText);
    if (metaCwe.length) cwe = metaCwe;
    else if (reading.cwe?.length) {
      // A rule table is authoritative; Sonar's (whose CWE lists can be broad or new) is enriched with
      // the ids of the weakness its title and message name.
      cwe = reading.conceptsAllowed
        ? uniq([...reading.cwe, ...fromConcepts.filter((c) => !GENERIC_CWES.has(c))]).slice(0, 4)
        : reading.cwe;
    } else cwe = fromConcepts;
    // Title and fix hint from the concept that agrees with the CWE, when a table decided it.
    const best = (cwe.length ? matches.find((m) => m.concept.cwe.some((c) => cwe.includes(c))) : undefined)?.concept ??
      (reading.cwe?.length || metaCwe.length ? undefined : matches[0]?.concept);
    title ??= best?.title;
    hint ??= best?.fix;
  } else {
    category =
      reading.category ??
      categoryFromMessage(input.message) ??
      rulesetCategory(ruleId) ??
      (tool.id === 'unknown' ? 'other' : 'lint');
    // A type checker may report a forgotten await as a type error; the lesson is about async.
    if ((category === 'type' || category === 'logic') && categoryFromMessage(input.message) === 'async') category = 'async';
    if (reading.cwe?.length) cwe = reading.cwe;
  }

  const severity = extras?.severity ?? severityFor(category, input.level, reading.defaultSeverity);
  const description = describe(title, input.message, ruleId, tool.name);
  const out: DiagnosticClassification = { category, severity, cwe, description, tool: tool.name };
  if (hint) out.fixHint = hint;
  if (ruleId) out.ruleId = ruleId;
  return out;
}

function describe(title: string | undefined, message: string, ruleId: string | undefined, tool: string): string {
  const sentence = message.trim() ? firstSentence(message) : '';
  if (title && sentence) {
    return sentence.toLowerCase().startsWith(title.toLowerCase()) ? sentence : `${title}: ${sentence}`;
  }
  if (sentence) return sentence;
  if (title) return ruleId ? `${title} (${ruleId})` : title;
  return ruleId ? `${tool} ${ruleId}` : `${tool} diagnostic`;
}
