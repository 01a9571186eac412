import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyDiagnostic, normalizeLevel, type DiagnosticInput } from '../../../../src/capture/diagnostics';

function cls(d: DiagnosticInput) {
  return classifyDiagnostic(d);
}

describe('classifyDiagnostic', () => {
  describe('severity input', () => {
    it('reads VS Code numbers, VS Code names and tools\' own words', () => {
      assert.equal(normalizeLevel(0), 'error');
      assert.equal(normalizeLevel(1), 'warning');
      assert.equal(normalizeLevel(2), 'info');
      assert.equal(normalizeLevel(3), 'hint');
      assert.equal(normalizeLevel('information'), 'info');
      assert.equal(normalizeLevel('ERROR'), 'error');
      assert.equal(normalizeLevel('BLOCKER'), 'error');
      assert.equal(normalizeLevel('MEDIUM'), 'warning');
      assert.equal(normalizeLevel('LOW'), 'info');
      assert.equal(normalizeLevel('sometimes'), undefined);
      assert.equal(normalizeLevel(7), undefined);
    });

    it('maps security findings error→critical, warning→major, information/hint→minor', () => {
      const base = { source: 'Semgrep', code: 'python.lang.security.audit.formatted-sql-query', message: 'Detected possible formatted SQL query. Use parameterized queries instead.' };
      assert.equal(cls({ ...base, severity: 'error' }).severity, 'critical');
      assert.equal(cls({ ...base, severity: 0 }).severity, 'critical');
      assert.equal(cls({ ...base, severity: 'warning' }).severity, 'major');
      assert.equal(cls({ ...base, severity: 1 }).severity, 'major');
      assert.equal(cls({ ...base, severity: 'information' }).severity, 'minor');
      assert.equal(cls({ ...base, severity: 3 }).severity, 'minor');
    });

    it('does not rate a non-security error critical', () => {
      const r = cls({ source: 'ts', code: 2345, message: "Argument of type 'string' is not assignable to parameter of type 'number'.", severity: 0 });
      assert.equal(r.category, 'type');
      assert.equal(r.severity, 'major');
    });
  });

  describe('Semgrep', () => {
    it('classifies a Django SQL injection rule', () => {
      const r = cls({
        source: 'Semgrep',
        code: 'python.django.security.injection.sql.sql-injection-using-db-cursor-execute',
        message: "User-controlled data from a request is passed to 'execute()'. This could lead to a SQL injection and therefore protected information could be leaked.",
        severity: 'error',
      });
      assert.equal(r.category, 'security');
      assert.equal(r.severity, 'critical');
      assert.deepEqual(r.cwe, ['CWE-89']);
      assert.equal(r.tool, 'semgrep');
      assert.equal(r.ruleId, 'python.django.security.injection.sql.sql-injection-using-db-cursor-execute');
      assert.match(r.description, /^SQL injection: /);
      assert.match(r.fixHint ?? '', /parameterized/i);
    });

    it('accepts the lower-case source and a {value, target} code', () => {
      const r = cls({
        source: 'semgrep',
        code: { value: 'javascript.browser.security.insecure-innerhtml', target: 'https://semgrep.dev/r/javascript.browser.security.insecure-innerhtml' },
        message: 'User controlled data in a `$EL.innerHTML` is an anti-pattern that can lead to XSS vulnerabilities',
        severity: 1,
      });
      assert.equal(r.category, 'security');
      assert.deepEqual(r.cwe, ['CWE-79']);
      assert.equal(r.ruleId, 'javascript.browser.security.insecure-innerhtml');
    });

    it('keeps a correctness rule out of security', () => {
      const r = cls({ source: 'Semgrep', code: 'python.lang.correctness.useless-comparison', message: 'This comparison is useless: both sides are the same.', severity: 'warning' });
      assert.notEqual(r.category, 'security');
      assert.equal(r.category, 'logic');
      assert.deepEqual(r.cwe, []);
    });

    it('reads the message when the rule id says nothing (test rules, custom rules)', () => {
      const r = cls({ source: 'Semgrep', code: 'rules.my-rule', message: 'Possible SQL injection: query built with an f-string.', severity: 'warning' });
      assert.equal(r.category, 'security');
      assert.deepEqual(r.cwe, ['CWE-89']);
    });

    // Semgrep-style findings written for weaknesses that the development corpus does not cover, to check
    // that the concept table (not a list of known rule ids) does the work.
    it('maps Semgrep-style findings of other weaknesses to their CWE', () => {
      const lines = readFileSync(join(__dirname, 'fixtures', 'semgrep-style.jsonl'), 'utf8').split('\n').filter(Boolean);
      let any = 0;
      const misses: string[] = [];
      for (const line of lines) {
        const c = JSON.parse(line) as { code: string; message: string; severity: string; cwe: string[] };
        const sev = ({ ERROR: 'error', WARNING: 'warning', INFO: 'information' } as const)[c.severity as 'ERROR'];
        const r = cls({ source: 'Semgrep', code: c.code, message: c.message, severity: sev });
        assert.equal(r.category, 'security', c.code);
        if (r.cwe.some((x) => c.cwe.includes(x))) any++;
        else misses.push(`${c.code}: ${r.cwe.join(',')} ≠ ${c.cwe.join(',')}`);
      }
      assert.ok(any / lines.length >= 0.95, `right CWE ${any}/${lines.length}\n${misses.join('\n')}`);
    });
  });

  describe('SonarQube for IDE', () => {
    it('uses the rule table for S3649 (CWE from the rule specification, specific first)', () => {
      const r = cls({ source: 'sonarqube', code: 'python:S3649', message: 'Change this code to not construct SQL queries directly from user-controlled data.', severity: 1 });
      assert.equal(r.category, 'security');
      assert.equal(r.cwe[0], 'CWE-89');
      assert.ok(r.cwe.includes('CWE-20'));
      assert.equal(r.severity, 'major');
      assert.equal(r.tool, 'sonarqube');
    });

    it('recognises the older "sonarlint" source and a {value, target} code', () => {
      const r = cls({
        source: 'sonarlint',
        code: { value: 'javascript:S5247', target: 'https://rules.sonarsource.com/javascript/RSPEC-5247' },
        message: 'Make sure disabling auto-escaping feature is safe here.',
        severity: 'warning',
      });
      assert.equal(r.category, 'security');
      assert.deepEqual(r.cwe.slice(0, 1), ['CWE-79']);
    });

    it('classifies a weak-hash hotspot and a hard-coded password', () => {
      const hash = cls({ source: 'sonarqube', code: 'java:S4790', message: 'Make sure this weak hash algorithm is not used in a sensitive context here.', severity: 1 });
      assert.equal(hash.category, 'security');
      assert.ok(hash.cwe.includes('CWE-328'), hash.cwe.join());
      const pwd = cls({ source: 'sonarqube', code: 'typescript:S2068', message: '"password" detected here, make sure this is not a hard-coded credential.', severity: 1 });
      assert.equal(pwd.category, 'security');
      assert.deepEqual(pwd.cwe.slice(0, 2), ['CWE-798', 'CWE-259']);
    });

    it('treats bugs and code smells as non-security', () => {
      const bug = cls({ source: 'sonarqube', code: 'java:S2259', message: 'A "NullPointerException" could be thrown; "user" is nullable here.', severity: 1 });
      assert.equal(bug.category, 'logic');
      const smell = cls({ source: 'sonarqube', code: 'python:S1481', message: 'Remove the unused local variable "tmp".', severity: 1 });
      assert.equal(smell.category, 'lint');
      assert.equal(smell.severity, 'minor');
    });

    it('infers Sonar from the code shape when the source is missing', () => {
      const r = cls({ code: 'php:S2076', message: 'Change this code to not construct the OS command from user-controlled data.' });
      assert.equal(r.tool, 'sonarqube');
      assert.equal(r.category, 'security');
      assert.equal(r.cwe[0], 'CWE-78');
    });
  });

  describe('ESLint', () => {
    it('classifies eslint-plugin-security rules', () => {
      const r = cls({ source: 'eslint', code: 'security/detect-child-process', message: 'Found child_process.exec() with non Literal first argument', severity: 1 });
      assert.equal(r.category, 'security');
      assert.deepEqual(r.cwe, ['CWE-78']);
      const re = cls({ source: 'eslint', code: 'security/detect-non-literal-regexp', message: 'Found non-literal argument to RegExp Constructor', severity: 1 });
      assert.deepEqual(re.cwe.slice(0, 1), ['CWE-1333']);
      const obj = cls({ source: 'eslint', code: { value: 'security/detect-object-injection', target: 'https://github.com/eslint-community/eslint-plugin-security' }, message: 'Generic Object Injection Sink', severity: 1 });
      assert.equal(obj.category, 'security');
    });

    it('classifies security-node, no-unsanitized and @microsoft/sdl rules', () => {
      assert.deepEqual(cls({ source: 'eslint', code: 'security-node/detect-sql-injection', message: 'Possible SQL injection', severity: 0 }).cwe, ['CWE-89']);
      const u = cls({ source: 'eslint', code: 'no-unsanitized/property', message: 'Unsafe assignment to innerHTML', severity: 0 });
      assert.equal(u.category, 'security');
      assert.equal(u.severity, 'critical');
      assert.deepEqual(u.cwe, ['CWE-79']);
      assert.deepEqual(cls({ source: 'eslint', code: '@microsoft/sdl/no-insecure-random', message: 'Do not use Math.random() for security', severity: 1 }).cwe, ['CWE-338']);
      assert.deepEqual(cls({ source: 'eslint', code: 'no-eval', message: 'eval can be harmful.', severity: 1 }).cwe, ['CWE-95']);
    });

    it('puts an unknown rule of a security plugin in security, from its message', () => {
      const r = cls({ source: 'eslint', code: 'security/detect-something-new', message: 'Possible path traversal through a user-controlled file name', severity: 1 });
      assert.equal(r.category, 'security');
      assert.equal(r.cwe[0], 'CWE-22');
    });

    it('categorizes ordinary rules', () => {
      assert.equal(cls({ source: 'eslint', code: '@typescript-eslint/no-floating-promises', message: 'Promises must be awaited, end with a call to .catch, or end with a call to .then with a rejection handler.', severity: 0 }).category, 'async');
      assert.equal(cls({ source: 'eslint', code: 'import/no-unresolved', message: "Unable to resolve path to module './foo'.", severity: 0 }).category, 'import');
      assert.equal(cls({ source: 'eslint', code: 'no-unused-vars', message: "'x' is assigned a value but never used.", severity: 1 }).category, 'lint');
      assert.equal(cls({ source: 'eslint', code: 'eqeqeq', message: "Expected '===' and instead saw '=='.", severity: 1 }).category, 'logic');
      assert.equal(cls({ source: 'eslint', code: 'semi', message: 'Missing semicolon.', severity: 1 }).category, 'style');
      assert.equal(cls({ source: 'eslint', message: 'Parsing error: Unexpected token )', severity: 0 }).category, 'syntax');
    });

    it('never reads a message of an ordinary rule as a security finding', () => {
      const r = cls({ source: 'eslint', code: 'no-unused-vars', message: "'sqlInjectionQuery' is defined but never used.", severity: 1 });
      assert.equal(r.category, 'lint');
    });
  });

  describe('TypeScript', () => {
    it('maps common codes (number, string, {value})', () => {
      assert.equal(cls({ source: 'ts', code: 2304, message: "Cannot find name 'useState'.", severity: 0 }).category, 'import');
      assert.equal(cls({ source: 'ts', code: '2307', message: "Cannot find module 'lodash' or its corresponding type declarations.", severity: 0 }).category, 'import');
      assert.equal(cls({ source: 'ts', code: { value: 2345 }, message: "Argument of type 'string' is not assignable to parameter of type 'number'.", severity: 0 }).category, 'type');
      assert.equal(cls({ source: 'ts', code: 1005, message: "';' expected.", severity: 0 }).category, 'syntax');
      assert.equal(cls({ source: 'ts', code: 1308, message: "'await' expressions are only allowed within async functions and at the top levels of modules.", severity: 0 }).category, 'async');
      assert.equal(cls({ source: 'ts', code: 18048, message: "'user' is possibly 'undefined'.", severity: 0 }).category, 'type');
      assert.equal(cls({ source: 'ts', code: 6133, message: "'x' is declared but its value is never read.", severity: 3 }).category, 'lint');
    });

    it('uses the code range for codes it does not list, and the TS prefix for the rule id', () => {
      const r = cls({ source: 'ts', code: 1128, message: 'Declaration or statement expected.', severity: 0 });
      assert.equal(r.category, 'syntax');
      assert.equal(r.ruleId, 'TS1128');
      assert.equal(cls({ source: 'ts', code: 2739, message: "Type '{}' is missing the following properties from type 'User': id, name", severity: 0 }).category, 'type');
    });

    it('files a forgotten await as async even when reported as a type error', () => {
      const r = cls({ source: 'ts', code: 2339, message: "Property 'json' does not exist on type 'Promise<Response>'. Did you forget to use 'await'?", severity: 0 });
      assert.equal(r.category, 'async');
    });

    it('never calls a compiler message a security finding', () => {
      const r = cls({ source: 'ts', code: 2339, message: "Property 'sqlInjection' does not exist on type 'XssFilter'.", severity: 0 });
      assert.equal(r.category, 'type');
      assert.deepEqual(r.cwe, []);
    });
  });

  describe('Pylance / Pyright', () => {
    it('maps rule names given as {value, target}', () => {
      const target = 'https://github.com/microsoft/pyright/blob/main/docs/configuration.md';
      assert.equal(cls({ source: 'Pylance', code: { value: 'reportMissingImports', target }, message: 'Import "requests" could not be resolved', severity: 1 }).category, 'import');
      assert.equal(cls({ source: 'Pylance', code: { value: 'reportAttributeAccessIssue', target }, message: 'Cannot access attribute "foo" for class "Bar"', severity: 0 }).category, 'type');
      assert.equal(cls({ source: 'Pylance', code: { value: 'reportOptionalMemberAccess', target }, message: '"group" is not a known attribute of "None"', severity: 0 }).category, 'type');
      assert.equal(cls({ source: 'Pylance', code: { value: 'reportUnusedCoroutine', target }, message: 'Result of async function call is not used; use "await" or assign result to variable', severity: 0 }).category, 'async');
      assert.equal(cls({ source: 'Pyright', code: 'reportPossiblyUnbound', message: '"x" is possibly unbound', severity: 1 }).category, 'logic');
    });

    it('reads syntax errors, which Pylance reports without a code', () => {
      assert.equal(cls({ source: 'Pylance', message: 'Expected expression', severity: 0 }).category, 'syntax');
      assert.equal(cls({ source: 'Pylance', message: 'Unindent not expected', severity: 0 }).category, 'syntax');
    });
  });

  describe('Bandit', () => {
    it('uses Bandit\'s own CWE for its test ids', () => {
      const sql = cls({ source: 'Bandit', code: 'B608', message: 'Possible SQL injection vector through string-based query construction.', severity: 'warning' });
      assert.equal(sql.category, 'security');
      assert.deepEqual(sql.cwe, ['CWE-89']);
      const pickle = cls({ source: 'bandit', code: 'B301', message: 'Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.', severity: 1 });
      assert.deepEqual(pickle.cwe, ['CWE-502']);
      const pwd = cls({ source: 'bandit', code: 'B105', message: "Possible hardcoded password: 'hunter2'", severity: 'LOW' });
      assert.deepEqual(pwd.cwe.slice(0, 2), ['CWE-259', 'CWE-798']);
      assert.equal(pwd.severity, 'minor');
      const xml = cls({ source: 'bandit', code: 'B314', message: 'Using xml.etree.ElementTree.parse to parse untrusted XML data is known to be vulnerable to XML attacks.', severity: 1 });
      assert.deepEqual(xml.cwe.slice(0, 2), ['CWE-611', 'CWE-20']);
    });

    it('keeps assert_used and try/except/pass out of security but keeps their CWE', () => {
      const r = cls({ source: 'bandit', code: 'B101', message: 'Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.', severity: 'LOW' });
      assert.equal(r.category, 'lint');
      assert.deepEqual(r.cwe, ['CWE-703']);
    });

    it('infers Bandit from a B-id without a source', () => {
      const r = cls({ code: 'B602', message: 'subprocess call with shell=True identified, security issue.' });
      assert.equal(r.tool, 'bandit');
      assert.equal(r.category, 'security');
      assert.deepEqual(r.cwe, ['CWE-78']);
    });
  });

  describe('Ruff', () => {
    it('maps flake8-bandit S rules through the Bandit table', () => {
      const r = cls({ source: 'Ruff', code: 'S608', message: 'Possible SQL injection vector through string-based query construction', severity: 1 });
      assert.equal(r.category, 'security');
      assert.deepEqual(r.cwe, ['CWE-89']);
      const s = cls({ source: 'Ruff', code: { value: 'S324', target: 'https://docs.astral.sh/ruff/rules/hashlib-insecure-hash-function' }, message: 'Probable use of insecure hash functions in `hashlib`: `md5`', severity: 1 });
      assert.deepEqual(s.cwe.slice(0, 2), ['CWE-327', 'CWE-328']);
    });

    it('categorizes other Ruff rules', () => {
      assert.equal(cls({ source: 'Ruff', code: 'F401', message: '`os` imported but unused', severity: 1 }).category, 'import');
      assert.equal(cls({ source: 'Ruff', code: 'E999', message: 'SyntaxError: Expected an indented block', severity: 0 }).category, 'syntax');
      assert.equal(cls({ source: 'Ruff', code: 'ASYNC210', message: 'Async functions should not call blocking HTTP methods', severity: 1 }).category, 'async');
      assert.equal(cls({ source: 'Ruff', code: 'E501', message: 'Line too long (120 > 88)', severity: 1 }).category, 'style');
      assert.equal(cls({ source: 'Ruff', code: 'B006', message: 'Do not use mutable data structures for argument defaults', severity: 1 }).category, 'logic');
      assert.equal(cls({ source: 'Ruff', code: 'F821', message: 'Undefined name `np`', severity: 0 }).category, 'import');
    });
  });

  describe('other sources', () => {
    it('mypy codes', () => {
      assert.equal(cls({ source: 'Mypy', code: 'import-not-found', message: 'Cannot find implementation or library stub for module named "yaml"', severity: 0 }).category, 'import');
      assert.equal(cls({ source: 'Mypy', code: 'union-attr', message: 'Item "None" of "Optional[str]" has no attribute "upper"', severity: 0 }).category, 'type');
    });

    it('CodeQL-style rule ids', () => {
      const r = cls({ source: 'CodeQL', code: 'js/path-injection', message: 'This path depends on a user-provided value.', severity: 0 });
      assert.equal(r.category, 'security');
      assert.equal(r.cwe[0], 'CWE-22');
    });

    it('an unknown tool with a plainly worded security message', () => {
      const r = cls({ source: 'SomeScanner', message: 'Hard-coded API key found in source code', severity: 'warning' });
      assert.equal(r.category, 'security');
      assert.equal(r.cwe[0], 'CWE-798');
    });

    it('does not read spell checkers, formatters or correctness rules as security findings', () => {
      assert.notEqual(cls({ source: 'cSpell', message: 'Unknown word (dompurify)', severity: 2 }).category, 'security');
      assert.notEqual(cls({ source: 'cSpell', message: 'Unknown word (sqli)', severity: 2 }).category, 'security');
      assert.notEqual(cls({ source: 'markdownlint', code: 'MD013', message: 'Line length: XSS and SQL injection notes exceed 80 characters', severity: 1 }).category, 'security');
      const tmp = cls({
        source: 'Semgrep',
        code: 'python.lang.correctness.tempfile.flush.tempfile-without-flush',
        message: "Using '$F.name' without '.flush()' or '.close()' may cause an error because the file may not exist when '$F.name' is used.",
        severity: 'error',
      });
      assert.equal(tmp.category, 'logic');
      assert.notEqual(cls({ source: 'SomeTool', message: 'md5 mismatch', severity: 1 }).category, 'security');
    });

    it('an unknown tool with nothing to go on', () => {
      const r = cls({ message: 'Something looks odd here' });
      assert.equal(r.category, 'other');
      assert.equal(r.severity, 'minor');
      assert.equal(r.tool, 'unknown');
      assert.equal(r.description, 'Something looks odd here');
    });
  });
});
