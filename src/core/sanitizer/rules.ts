/**
 * The sanitizer's tables: the built-in secret rules, the hosts whose URLs are kept, and the patterns of
 * URLs, emails and home directories (see sanitizer.ts for how they are applied). Every regex is linear
 * or has bounded quantifiers; no rule matches a placeholder.
 */

export const REDACTED_PREFIX = '[REDACTED:';
export const redacted = (kind: string): string => `${REDACTED_PREFIX}${kind}]`;

/** Public documentation and package registry hosts: their URLs say where the fix is documented. */
export const PUBLIC_DOC_HOSTS: readonly string[] = [
  'docs.python.org', 'peps.python.org', 'pypi.org', 'files.pythonhosted.org', 'developer.mozilla.org',
  'nodejs.org', 'docs.npmjs.com', 'www.npmjs.com', 'registry.npmjs.org', 'registry.yarnpkg.com',
  'learn.microsoft.com', 'docs.microsoft.com', 'code.visualstudio.com', 'www.typescriptlang.org',
  'typescriptlang.org', 'docs.rs', 'doc.rust-lang.org', 'crates.io', 'pkg.go.dev', 'go.dev',
  'docs.oracle.com', 'cwe.mitre.org', 'owasp.org', 'cheatsheetseries.owasp.org', 'semgrep.dev',
  'rules.sonarsource.com', 'eslint.org', 'typescript-eslint.io', 'react.dev', 'reactjs.org',
  'docs.djangoproject.com', 'fastapi.tiangolo.com', 'docs.sqlalchemy.org', 'docs.pydantic.dev',
  'flask.palletsprojects.com', 'docs.pytest.org', 'jestjs.io', 'vitest.dev', 'mochajs.org',
  'stackoverflow.com', 'en.wikipedia.org', 'www.w3.org', 'datatracker.ietf.org', 'www.rfc-editor.org',
  'docs.github.com', 'docs.aws.amazon.com', 'cloud.google.com', 'kubernetes.io', 'docs.docker.com',
];
export const DOC_HOST_SUFFIXES = ['.readthedocs.io', '.python.org', '.mozilla.org'];
export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

// ---------------------------------------------------------------------------------------------------
// Built-in secret rules. Each replaces either the whole match or one capture group (the value) with a
// placeholder. Placeholders contain only "[REDACTED:" + [a-z-] + "]", which no rule matches.

export interface SecretRule {
  readonly id: string;
  readonly kind: string;
  readonly re: RegExp;
  /** Redact this capture group only (keeps `password = ` visible). */
  readonly group?: number;
  /** Extra check on the captured value; false keeps it. */
  readonly accept?: (value: string) => boolean;
  /** Key/value heuristics run after URL masking, which already hides query strings whole. */
  readonly generic?: boolean;
}

const SECRET_KEY_NAME =
  String.raw`[A-Za-z0-9_.-]{0,40}?(?:password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|` +
  String.raw`access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret|private[_-]?key|secret[_-]?key|` +
  String.raw`token|credentials?|auth)`;

const NOT_A_VALUE = new Set([
  'none', 'null', 'nil', 'undefined', 'true', 'false', 'string', 'str', 'number', 'int', 'bool', 'boolean',
  'any', 'unknown', 'object', 'optional', 'required', 'redacted', 'xxx', 'xxxx', 'xxxxxx', 'xxxxxxxx',
  'changeme', 'example', 'password', 'secret', 'token',
]);

function looksLikeSecretValue(v: string): boolean {
  if (v.length < 4 || v.length > 512) return false;
  if (v.includes(REDACTED_PREFIX)) return false;
  const lower = v.toLowerCase();
  if (NOT_A_VALUE.has(lower)) return false;
  if (/^[*x•.]+$/i.test(v)) return false; // already masked
  if (/^<[^>]*>$|^\$\{.*\}$|^\{\{.*\}\}$|^%\(?\w+\)?s?$|^\$\w+$|^process\.env|^os\.environ/.test(v)) return false; // placeholders and env lookups
  if (/\s/.test(v)) return false; // prompts and prose ("Password: "), not credentials
  return true;
}

/** Bare (unquoted) values must not read like code: identifiers, calls, member accesses, types. */
function looksLikeBareSecret(v: string): boolean {
  if (!looksLikeSecretValue(v)) return false;
  if (/^[A-Za-z_][A-Za-z_]*$/.test(v)) return false; // an identifier (variable, type), not a literal
  if (/[()[\]{}]/.test(v)) return false;
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(v)) return false; // member access: config.db.password
  return /\d/.test(v) || /[^A-Za-z0-9_]/.test(v);
}

export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'mm/private-key',
    kind: 'private-key',
    // Without an END marker (a cut snippet) everything after BEGIN goes.
    re: /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,20000}?-----END[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----|[\s\S]*)/g,
  },
  { id: 'mm/aws-access-key', kind: 'aws-access-key', re: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g },
  { id: 'mm/github-token', kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { id: 'mm/gitlab-token', kind: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,64}\b/g },
  { id: 'mm/slack-token', kind: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,250}\b/g },
  {
    id: 'mm/slack-webhook',
    kind: 'slack-webhook',
    re: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{10,200}/g,
  },
  { id: 'mm/npm-token', kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { id: 'mm/anthropic-key', kind: 'anthropic-key', re: /\bsk-ant-[A-Za-z0-9_-]{20,250}/g },
  {
    id: 'mm/openai-key',
    kind: 'openai-key',
    re: /\bsk-(?:proj-|svcacct-|admin-|live-)?(?=[A-Za-z_-]{0,200}\d)[A-Za-z0-9_-]{20,250}/g,
  },
  { id: 'mm/google-api-key', kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { id: 'mm/stripe-key', kind: 'stripe-key', re: /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,247}\b/g },
  { id: 'mm/huggingface-token', kind: 'huggingface-token', re: /\bhf_[A-Za-z0-9]{30,64}\b/g },
  { id: 'mm/sendgrid-key', kind: 'sendgrid-key', re: /\bSG\.[\w-]{16,32}\.[\w-]{16,64}/g },
  { id: 'mm/jwt', kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000}/g },
  {
    id: 'mm/connection-string',
    kind: 'connection-string',
    re: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|cockroachdb|clickhouse|jdbc:[a-z]{2,20}):\/\/[^\s:@/'"`]{1,256}:[^\s@'"`]{1,256}@[^\s'"`<>]{1,512}/gi,
  },
  {
    id: 'mm/bearer-token',
    kind: 'bearer-token',
    re: /\b(?:Bearer|Token)\s+([A-Za-z0-9._~+/-]{16,4000}=*)/gi,
    group: 1,
    accept: (v) => /\d/.test(v) && /[A-Za-z]/.test(v) && !v.includes(REDACTED_PREFIX),
  },
  {
    id: 'mm/basic-auth-header',
    kind: 'basic-auth',
    re: /\bBasic\s+([A-Za-z0-9+/]{12,2000}={0,2})(?![A-Za-z0-9+/=])/g,
    group: 1,
    accept: (v) => /\d|[+/=]/.test(v),
  },
  {
    id: 'mm/secret-assignment-quoted',
    generic: true,
    kind: 'secret',
    re: new RegExp(String.raw`(?<![A-Za-z0-9])["']?${SECRET_KEY_NAME}["']?\s{0,8}(?::=|=>|[:=])\s{0,8}(["'\`])([^"'\`\n]{1,512})\1`, 'gi'),
    group: 2,
    accept: looksLikeSecretValue,
  },
  {
    id: 'mm/secret-assignment-bare',
    generic: true,
    kind: 'secret',
    re: new RegExp(String.raw`(?<![A-Za-z0-9])["']?${SECRET_KEY_NAME}["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}([^\s"'\`,;]{4,512})`, 'gi'),
    group: 1,
    accept: looksLikeBareSecret,
  },
  {
    id: 'mm/secret-cli-flag',
    generic: true,
    kind: 'secret',
    re: /(?<![\w-])--(?:password|passwd|token|api-key|apikey|secret|client-secret|auth-token)(?:=|\s+)([^\s"'`]{4,512})/gi,
    group: 1,
    accept: looksLikeSecretValue,
  },
  {
    id: 'mm/dotenv-high-entropy',
    generic: true,
    kind: 'high-entropy-secret',
    re: /^[ \t]{0,8}(?:export[ \t]+)?[A-Z][A-Z0-9_]{2,80}[ \t]{0,4}=[ \t]{0,4}["']?([A-Za-z0-9+/=_\-.~]{16,512})["']?[ \t]*$/gm,
    group: 1,
    accept: (v) => /\d/.test(v) && /[A-Za-z]/.test(v) && !v.includes('://') && shannonEntropy(v) >= 3.5,
  },
];

// ---------------------------------------------------------------------------------------------------
// URLs, emails, home directories.

// Scheme, then an authority that does not start with a placeholder; stops at whitespace, quotes,
// brackets and angle brackets so that "<host>" placeholders are never re-read as a host.
export const URL_RE = /\b([a-zA-Z][a-zA-Z0-9+.-]{1,15}):\/\/([^\s"'`<>()[\]{}\\|^]{1,2048})/g;
export const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=.*\d)[A-Za-z0-9_-]{20,})$/i;

export const EMAIL_RE = /(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
export const NOT_EMAIL_TLD = /\.(?:png|jpe?g|gif|svg|webp|ico|js|ts|py)$/i;

export const HOME_RES: readonly RegExp[] = [
  /(?<![\w.~-])\/home\/(?!<)[^/\s'"`:;,)\]]{1,64}/g,
  /(?<![\w.~-])\/Users\/(?!Shared\b)(?!<)[^/\s'"`:;,)\]]{1,64}/g,
  /\b[A-Za-z]:(?:\\{1,2}|\/)Users(?:\\{1,2}|\/)(?!Public\b|Default\b|All Users\b)[^\\/\s'"`:;,)\]]{1,64}/gi,
];
