import type { Category } from '../../../core/types';

/**
 * ESLint rules that report security weaknesses, with the CWE each one is about.
 *
 * Rule names are those documented by the plugins: eslint-plugin-security (eslint-community),
 * eslint-plugin-security-node, eslint-plugin-no-unsanitized (Mozilla), @microsoft/eslint-plugin-sdl,
 * eslint-plugin-react, and ESLint core. The plugins do not publish CWE ids; the CWE given here is the
 * weakness the rule's documentation describes, chosen as the other rule sets do for the same pattern
 * (e.g. Semgrep files its port of `detect-non-literal-regexp` under CWE-1333 and of
 * `detect-non-literal-require` under CWE-706).
 *
 * Keys are rule names without the plugin prefix; `plugins` says which prefixes they are valid under
 * ("" is ESLint core).
 */
export interface EslintSecurityRule {
  readonly plugins: readonly string[];
  readonly cwe: readonly number[];
  readonly title: string;
}

const SEC = ['security'];
const NODE = ['security-node'];
const SDL = ['@microsoft/sdl'];

export const ESLINT_SECURITY_RULES: Readonly<Record<string, EslintSecurityRule>> = {
  // eslint-plugin-security
  'detect-bidi-characters': { plugins: SEC, cwe: [838], title: 'Bidirectional control characters (Trojan Source)' },
  'detect-buffer-noassert': { plugins: SEC, cwe: [119], title: 'Buffer read/write with noAssert' },
  'detect-child-process': { plugins: [...SEC, ...NODE], cwe: [78], title: 'child_process call with non-literal arguments' },
  'detect-disable-mustache-escape': { plugins: SEC, cwe: [79, 116], title: 'Mustache escaping disabled' },
  'detect-eval-with-expression': { plugins: SEC, cwe: [95], title: 'eval() with an expression' },
  'detect-new-buffer': { plugins: SEC, cwe: [1325], title: 'new Buffer() with a non-literal size' },
  'detect-no-csrf-before-method-override': { plugins: SEC, cwe: [352], title: 'CSRF middleware after methodOverride' },
  'detect-non-literal-fs-filename': { plugins: SEC, cwe: [22], title: 'fs call with a non-literal file name' },
  'detect-non-literal-regexp': { plugins: SEC, cwe: [1333, 400], title: 'RegExp built from a non-literal (ReDoS)' },
  'detect-non-literal-require': { plugins: SEC, cwe: [706], title: 'require() of a non-literal' },
  'detect-object-injection': { plugins: SEC, cwe: [915, 1321], title: 'Bracket access with a user-controlled key' },
  'detect-possible-timing-attacks': { plugins: [...SEC, ...NODE], cwe: [208], title: 'Secret compared with a non-constant-time check' },
  'detect-pseudoRandomBytes': { plugins: SEC, cwe: [338], title: 'crypto.pseudoRandomBytes is not cryptographically secure' },
  'detect-unsafe-regex': { plugins: SEC, cwe: [1333, 400], title: 'Regular expression vulnerable to ReDoS' },
  // eslint-plugin-security-node
  'detect-absence-of-name-option-in-exrpress-session': { plugins: NODE, cwe: [200], title: 'express-session without a custom cookie name' },
  'detect-buffer-unsafe-allocation': { plugins: NODE, cwe: [908], title: 'Buffer.allocUnsafe exposes old memory' },
  'detect-crlf': { plugins: NODE, cwe: [117, 93], title: 'CRLF in logged data' },
  'detect-dangerous-redirects': { plugins: NODE, cwe: [601], title: 'Redirect to a user-controlled URL' },
  'detect-eval-with-expr': { plugins: NODE, cwe: [95], title: 'eval() with an expression' },
  'detect-html-injection': { plugins: NODE, cwe: [79], title: 'HTML injection' },
  'detect-insecure-randomness': { plugins: NODE, cwe: [330, 338], title: 'Math.random used where security matters' },
  'detect-non-literal-require-calls': { plugins: NODE, cwe: [706], title: 'require() of a non-literal' },
  'detect-nosql-injection': { plugins: NODE, cwe: [943], title: 'NoSQL injection' },
  'detect-option-multiplestatements-in-mysql': { plugins: NODE, cwe: [89], title: 'mysql multipleStatements enabled' },
  'detect-option-rejectunauthorized-in-nodejs-httpsrequest': { plugins: NODE, cwe: [295], title: 'https request with rejectUnauthorized: false' },
  'detect-option-unsafe-in-serialize-javascript-npm-package': { plugins: NODE, cwe: [79], title: 'serialize-javascript with unsafe: true' },
  'detect-runinthiscontext-method-in-nodes-vm': { plugins: NODE, cwe: [94], title: 'vm.runInThisContext on dynamic code' },
  'detect-security-missconfiguration-cookie': { plugins: NODE, cwe: [614, 1004], title: 'Cookie without secure flags' },
  'detect-sql-injection': { plugins: NODE, cwe: [89], title: 'SQL injection' },
  'disable-ssl-across-node-server': { plugins: NODE, cwe: [295], title: 'TLS verification disabled process-wide' },
  // eslint-plugin-no-unsanitized
  method: { plugins: ['no-unsanitized'], cwe: [79], title: 'Unsanitized HTML passed to a DOM method' },
  property: { plugins: ['no-unsanitized'], cwe: [79], title: 'Unsanitized HTML assigned to a DOM property' },
  // @microsoft/eslint-plugin-sdl
  'no-angular-bypass-sanitizer': { plugins: SDL, cwe: [79], title: 'Angular sanitizer bypassed' },
  'no-angular-sanitization-trusted-urls': { plugins: SDL, cwe: [79], title: 'Angular trusted URL list widened' },
  'no-angularjs-bypass-sce': { plugins: SDL, cwe: [79], title: 'AngularJS $sce bypassed' },
  'no-angularjs-enable-svg': { plugins: SDL, cwe: [79], title: 'AngularJS SVG support enabled' },
  'no-angularjs-sanitization-whitelist': { plugins: SDL, cwe: [79], title: 'AngularJS sanitization allow-list changed' },
  'no-cookies': { plugins: SDL, cwe: [315], title: 'Data stored in cookies' },
  'no-document-domain': { plugins: SDL, cwe: [346], title: 'document.domain written' },
  'no-document-write': { plugins: SDL, cwe: [79], title: 'document.write with dynamic content' },
  'no-electron-node-integration': { plugins: SDL, cwe: [94], title: 'Electron nodeIntegration enabled' },
  'no-html-method': { plugins: SDL, cwe: [79], title: 'jQuery-style html() with dynamic content' },
  'no-inner-html': { plugins: SDL, cwe: [79], title: 'innerHTML/outerHTML assignment' },
  'no-insecure-random': { plugins: SDL, cwe: [338], title: 'Insecure random number generator' },
  'no-insecure-url': { plugins: SDL, cwe: [319], title: 'http:// or ftp:// URL' },
  'no-msapp-exec-unsafe': { plugins: SDL, cwe: [79], title: 'MSApp.execUnsafeLocalFunction' },
  'no-postmessage-star-origin': { plugins: SDL, cwe: [345], title: 'postMessage to "*"' },
  'no-unsafe-alloc': { plugins: SDL, cwe: [908], title: 'Buffer.allocUnsafe' },
  'no-winjs-html-unsafe': { plugins: SDL, cwe: [79], title: 'WinJS unsafe HTML' },
  // ESLint core and eslint-plugin-react
  'no-eval': { plugins: ['', ...SDL], cwe: [95], title: 'eval() call' },
  'no-implied-eval': { plugins: ['', '@typescript-eslint'], cwe: [95], title: 'Implied eval (string passed to setTimeout/setInterval/Function)' },
  'no-new-func': { plugins: [''], cwe: [95], title: 'Function constructor builds code from strings' },
  'no-script-url': { plugins: [''], cwe: [79], title: 'javascript: URL' },
  'no-danger': { plugins: ['react'], cwe: [79], title: 'dangerouslySetInnerHTML' },
  'jsx-no-target-blank': { plugins: ['react'], cwe: [1022], title: 'target="_blank" without rel="noreferrer"' },
  'jsx-no-script-url': { plugins: ['react'], cwe: [79], title: 'javascript: URL in JSX' },
};

/** Plugin prefixes whose every rule is a security rule, even one this table does not know yet. */
export const ESLINT_SECURITY_PLUGINS: readonly string[] = ['security', 'security-node', 'no-unsanitized', '@microsoft/sdl', 'xss', 'no-secrets', 'anti-trojan-source'];

/**
 * Non-security ESLint rules by category (core, @typescript-eslint, import, n, promise, react-hooks,
 * stylistic). Anything not listed falls back to the plugin default below, then to "lint".
 */
export const ESLINT_RULE_CATEGORY: Readonly<Record<string, Category>> = {
  // async
  'no-async-promise-executor': 'async',
  'no-await-in-loop': 'async',
  'no-promise-executor-return': 'async',
  'no-return-await': 'async',
  'require-await': 'async',
  'require-atomic-updates': 'async',
  'prefer-promise-reject-errors': 'async',
  'no-floating-promises': 'async',
  'no-misused-promises': 'async',
  'await-thenable': 'async',
  'promise-function-async': 'async',
  'return-await': 'async',
  'catch-or-return': 'async',
  'always-return': 'async',
  'no-nesting': 'async',
  'no-return-wrap': 'async',
  'param-names': 'async',
  'no-callback-in-promise': 'async',
  'no-promise-in-callback': 'async',
  'valid-params': 'async',
  'no-multiple-resolved': 'async',
  // import
  'no-unresolved': 'import',
  'named': 'import',
  'default': 'import',
  'namespace': 'import',
  'no-missing-import': 'import',
  'no-missing-require': 'import',
  'no-extraneous-import': 'import',
  'no-extraneous-dependencies': 'import',
  'no-unpublished-import': 'import',
  'no-cycle': 'import',
  'no-duplicates': 'import',
  'no-restricted-imports': 'import',
  'no-require-imports': 'import',
  'no-var-requires': 'import',
  'no-import-assign': 'import',
  'consistent-type-imports': 'style',
  'order': 'style',
  'first': 'style',
  'no-undef': 'import',
  // type
  'no-explicit-any': 'type',
  'no-unsafe-assignment': 'type',
  'no-unsafe-member-access': 'type',
  'no-unsafe-call': 'type',
  'no-unsafe-return': 'type',
  'no-unsafe-argument': 'type',
  'no-non-null-assertion': 'type',
  'ban-ts-comment': 'type',
  'no-unnecessary-type-assertion': 'type',
  'restrict-plus-operands': 'type',
  'restrict-template-expressions': 'type',
  'strict-boolean-expressions': 'type',
  'explicit-function-return-type': 'type',
  'explicit-module-boundary-types': 'type',
  'no-base-to-string': 'type',
  'valid-typeof': 'type',
  // logic
  'no-unreachable': 'logic',
  'no-dupe-keys': 'logic',
  'no-dupe-else-if': 'logic',
  'no-duplicate-case': 'logic',
  'no-cond-assign': 'logic',
  'no-constant-condition': 'logic',
  'no-constant-binary-expression': 'logic',
  'no-self-compare': 'logic',
  'no-self-assign': 'logic',
  'eqeqeq': 'logic',
  'use-isnan': 'logic',
  'no-fallthrough': 'logic',
  'array-callback-return': 'logic',
  'getter-return': 'logic',
  'no-unsafe-finally': 'logic',
  'no-unsafe-negation': 'logic',
  'no-unsafe-optional-chaining': 'logic',
  'no-sparse-arrays': 'logic',
  'no-compare-neg-zero': 'logic',
  'no-loss-of-precision': 'logic',
  'no-const-assign': 'logic',
  'no-func-assign': 'logic',
  'no-class-assign': 'logic',
  'no-unmodified-loop-condition': 'logic',
  'for-direction': 'logic',
  'no-unused-expressions': 'logic',
  'no-use-before-define': 'logic',
  'rules-of-hooks': 'logic',
  'exhaustive-deps': 'logic',
  'no-shadow': 'lint',
  // syntax
  'no-dupe-args': 'syntax',
  'no-dupe-class-members': 'syntax',
  'no-irregular-whitespace': 'syntax',
  'no-octal': 'syntax',
  // style
  'indent': 'style',
  'quotes': 'style',
  'semi': 'style',
  'prefer-const': 'style',
  'no-var': 'style',
  'camelcase': 'style',
  'naming-convention': 'style',
  'max-len': 'style',
  'comma-dangle': 'style',
  'curly': 'style',
  'eol-last': 'style',
  'no-trailing-spaces': 'style',
  'object-shorthand': 'style',
  'arrow-body-style': 'style',
  'prefer-arrow-callback': 'style',
  'prefer-template': 'style',
  'prettier': 'style',
  'brace-style': 'style',
  'space-before-function-paren': 'style',
  'keyword-spacing': 'style',
  'no-multiple-empty-lines': 'style',
};

/** Default category for every rule of a plugin (prefix before the slash). */
export const ESLINT_PLUGIN_CATEGORY: Readonly<Record<string, Category>> = {
  promise: 'async',
  import: 'import',
  'import-x': 'import',
  n: 'import',
  node: 'import',
  '@stylistic': 'style',
  '@stylistic/js': 'style',
  '@stylistic/ts': 'style',
  prettier: 'style',
  'react-hooks': 'logic',
  jsdoc: 'style',
};
