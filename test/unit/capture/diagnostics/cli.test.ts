import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO, Command } from '../../../../src/cli/command';
import { InputError, UsageError } from '../../../../src/cli/command';
import { classifyDiagnosticCommand } from '../../../../src/cli/commands/classifyDiagnostic';
import { parseSarifCommand } from '../../../../src/cli/commands/parseSarif';

function io(cwd: string, stdin = ''): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async () => stdin,
    stdinLines: async function* () {
      for (const l of stdin.split('\n')) yield l;
    },
    env: {},
    cwd,
  };
}

async function run(cmd: Command, positionals: string[], json: boolean, o: CliIO): Promise<number> {
  return cmd.run({ positionals, values: json ? { json: true } : {}, io: o });
}

const SARIF = {
  runs: [
    {
      tool: { driver: { name: 'Semgrep OSS', rules: [{ id: 'python.lang.security.audit.formatted-sql-query', defaultConfiguration: { level: 'warning' }, properties: { tags: ['CWE-89: SQL Injection', 'security'] } }] } },
      results: [
        {
          ruleId: 'python.lang.security.audit.formatted-sql-query',
          message: { text: 'Detected possible formatted SQL query.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'db.py' }, region: { startLine: 4 } } }],
        },
        { ruleId: 'python.lang.security.audit.formatted-sql-query', message: { text: 'again' }, suppressions: [{ kind: 'inSource' }] },
      ],
    },
  ],
};

describe('CLI: parse-sarif and classify-diagnostic', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mm-sarif-'));
    writeFileSync(join(dir, 'a.sarif'), JSON.stringify(SARIF));
    writeFileSync(join(dir, 'bad.sarif'), '{"runs": [');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parse-sarif --json prints one {"results":[...]} with exactly the contract keys', async () => {
    const o = io(dir);
    assert.equal(await run(parseSarifCommand, ['a.sarif'], true, o), 0);
    assert.equal(o.out.length, 1);
    const doc = JSON.parse(o.out[0]) as { results: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(doc), ['results']);
    assert.equal(doc.results.length, 2);
    for (const r of doc.results) {
      assert.deepEqual(Object.keys(r), ['ruleId', 'level', 'uri', 'startLine', 'message', 'suppressed', 'category', 'severity', 'cwe']);
    }
    assert.deepEqual(doc.results[0], {
      ruleId: 'python.lang.security.audit.formatted-sql-query',
      level: 'warning',
      uri: 'db.py',
      startLine: 4,
      message: 'Detected possible formatted SQL query.',
      suppressed: false,
      category: 'security',
      severity: 'major',
      cwe: ['CWE-89'],
    });
    assert.equal(doc.results[1].suppressed, true);
    assert.equal(doc.results[1].uri, null);
    assert.equal(doc.results[1].startLine, null);
  });

  it('parse-sarif prints a readable list without --json', async () => {
    const o = io(dir);
    assert.equal(await run(parseSarifCommand, [join(dir, 'a.sarif')], false, o), 0);
    assert.match(o.out.join(''), /2 result\(s\), 1 suppressed/);
    assert.match(o.out.join(''), /db\.py:4 warning security\/major CWE-89/);
  });

  it('parse-sarif reports missing and malformed files as input errors, and no file as a usage error', async () => {
    await assert.rejects(run(parseSarifCommand, ['nope.sarif'], true, io(dir)), (e: unknown) => e instanceof InputError && /no such file/.test(e.message));
    await assert.rejects(run(parseSarifCommand, ['bad.sarif'], true, io(dir)), (e: unknown) => e instanceof InputError && /not valid JSON/.test(e.message));
    await assert.rejects(run(parseSarifCommand, [], true, io(dir)), UsageError);
  });

  it('classify-diagnostic --json answers every line in order; a malformed line gets {"error"} and exit 1', async () => {
    const lines = [
      JSON.stringify({ source: 'Semgrep', code: 'javascript.browser.security.insecure-innerhtml', message: 'User controlled data in a `$EL.innerHTML` is an anti-pattern that can lead to XSS vulnerabilities', severity: 'error', file: 'a.js', line: 3 }),
      '{"source": "ts", "code": 2307',
      JSON.stringify({ source: 'ts', code: 2307, message: "Cannot find module 'lodash' or its corresponding type declarations.", severity: 0, file: 'b.ts', line: 1 }),
      '',
      '42',
      JSON.stringify({ source: 'Ruff', code: { value: 'S608', target: 'https://docs.astral.sh/ruff/rules/hardcoded-sql-expression' }, message: 'Possible SQL injection vector through string-based query construction', severity: 1, file: 'c.py', line: 9, snippet: 'q = f"SELECT {x}"' }),
    ].join('\n');
    const o = io(dir, lines);
    assert.equal(await run(classifyDiagnosticCommand, [], true, o), 1);
    const out = o.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 5, 'blank lines are skipped; every other line gets one answer');
    assert.deepEqual(Object.keys(out[0]), ['category', 'severity', 'cwe', 'description']);
    assert.deepEqual([out[0].category, out[0].severity, out[0].cwe], ['security', 'critical', ['CWE-79']]);
    assert.ok('error' in out[1]);
    assert.deepEqual([out[2].category, out[2].severity, out[2].cwe], ['import', 'major', []]);
    assert.ok('error' in out[3]);
    assert.deepEqual([out[4].category, out[4].severity, out[4].cwe], ['security', 'major', ['CWE-89']]);
  });

  it('classify-diagnostic exits 0 when every line is well formed', async () => {
    const o = io(dir, JSON.stringify({ source: 'eslint', code: 'no-eval', message: 'eval can be harmful.', severity: 1 }) + '\n');
    assert.equal(await run(classifyDiagnosticCommand, [], true, o), 0);
    assert.equal(o.out.length, 1);
    const p = io(dir, JSON.stringify({ source: 'eslint', code: 'no-eval', message: 'eval can be harmful.', severity: 1 }) + '\n');
    assert.equal(await run(classifyDiagnosticCommand, [], false, p), 0);
    assert.match(p.out[0], /^security\tmajor\tCWE-95\t/);
  });
});
