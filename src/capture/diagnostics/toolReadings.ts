/**
 * What each tool's rule id says on its own (the tool-specific reading that classify.ts merges with
 * concept matching): which tool reported it, and its category, CWE, title and fix hint from the rule
 * tables of Bandit, SonarQube, ESLint, TypeScript, Ruff/flake8, mypy/pyright and Pylint.
 */
import type { Category, Severity } from '../../core/types';
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
import { messageText, ruleWords, uniq } from './text';

export type ToolId =
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
export const SECURITY_TOOLS = new Set(['bandit', 'gosec', 'snyk', 'secretlint', 'gitleaks', 'trufflehog', 'brakeman', 'detect-secrets']);
/**
 * Compilers, type checkers, spell checkers and formatters: their messages are never read as security
 * findings (a spell checker's "Unknown word (dompurify)" is not an XSS report).
 */
export const NEVER_SECURITY = new Set<string>([
  'typescript', 'pyright', 'mypy', 'cspell', 'code-spell-checker', 'spell', 'markdownlint', 'stylelint', 'prettier',
  'editorconfig', 'yamllint', 'yaml', 'json', 'jsonc', 'css', 'scss', 'less', 'html', 'gopls', 'go', 'compiler', 'rustc',
  'rust-analyzer', 'clippy', 'pylint', 'pycodestyle', 'pyflakes', 'pydocstyle', 'black', 'isort', 'csharp', 'java',
  'cpptools', 'c/c++', 'clang', 'clangd', 'gcc', 'swift', 'kotlin', 'dart', 'vue', 'svelte', 'deno-ts',
]);

export function detectTool(source: string | undefined, code: string | undefined): { id: ToolId; name: string } {
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
export interface Reading {
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

export const GENERIC_CWES = new Set(['CWE-20', 'CWE-74', 'CWE-693', 'CWE-710', 'CWE-664']);

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

export function readTool(id: ToolId, code: string | undefined, message: string): Reading {
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
export function securityNamespace(ruleId: string | undefined): boolean {
  if (!ruleId) return false;
  return / (security|vuln|vulnerability|vulnerabilities|cwe \d+|owasp|secrets?|injection) /.test(ruleWords(ruleId));
}

/** Category for a non-security Semgrep/CodeQL rule from its rule-set path ("python.lang.correctness.…"). */
export function rulesetCategory(ruleId: string | undefined): Category | undefined {
  if (!ruleId) return undefined;
  const w = ruleWords(ruleId);
  if (/ (correctness|bug|bugs|logic) /.test(w)) return 'logic';
  if (/ (best practice|maintainability|style|naming) /.test(w)) return 'style';
  if (/ (performance|compatibility|portability) /.test(w)) return 'lint';
  return undefined;
}
