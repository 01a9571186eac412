import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSarif, parseSarifLog, sarifResultToCandidate } from '../../../../src/capture/diagnostics';
import { securityCorpusDir } from './corpusDir';

/** A CodeQL-shaped log: rules in an extension, ruleIndex, artifacts by index, messageStrings, taxa. */
function codeqlLike(): unknown {
  return {
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'CodeQL', semanticVersion: '2.15.0', rules: [] },
          extensions: [
            {
              name: 'codeql/javascript-queries',
              rules: [
                {
                  id: 'js/xss',
                  name: 'js/xss',
                  shortDescription: { text: 'Client-side cross-site scripting' },
                  defaultConfiguration: { level: 'error' },
                  properties: { tags: ['security', 'external/cwe/cwe-079', 'external/cwe/cwe-116'], 'security-severity': '6.1', precision: 'high' },
                },
                {
                  id: 'js/sql-injection',
                  shortDescription: { text: 'Database query built from user-controlled sources' },
                  defaultConfiguration: { level: 'error' },
                  properties: { tags: ['security', 'external/cwe/cwe-089'], 'security-severity': '8.8' },
                },
                {
                  id: 'js/unused-local-variable',
                  shortDescription: { text: 'Unused variable, import, function or class' },
                  defaultConfiguration: { level: 'note' },
                  properties: { tags: ['maintainability'] },
                },
              ],
            },
          ],
        },
        artifacts: [{ location: { uri: 'src/app.js', uriBaseId: '%SRCROOT%' } }],
        results: [
          {
            ruleId: 'js/xss',
            rule: { id: 'js/xss', index: 0, toolComponent: { index: 0 } },
            message: { text: 'Cross-site scripting vulnerability due to [user-provided value](1).' },
            locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 12, startColumn: 5 } } }],
          },
          {
            rule: { id: 'js/sql-injection', index: 1, toolComponent: { index: 0 } },
            message: { id: 'default', arguments: ['req.query.id'] },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: 40 } } }],
            suppressions: [{ kind: 'external', status: 'rejected' }],
          },
          {
            ruleId: 'js/unused-local-variable',
            rule: { index: 2, toolComponent: { index: 0 } },
            message: { text: 'Unused variable tmp.' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/util.js' }, region: { startLine: 3 } } }],
            suppressions: [{ kind: 'inSource' }],
          },
        ],
      },
      {
        tool: {
          driver: {
            name: 'Semgrep OSS',
            rules: [
              {
                id: 'python.lang.security.audit.formatted-sql-query',
                defaultConfiguration: { level: 'warning' },
                properties: { tags: ['CWE-89: Improper Neutralization of Special Elements used in an SQL Command (\'SQL Injection\')', 'OWASP-A03:2021 - Injection', 'security'] },
              },
            ],
          },
        },
        results: [
          {
            ruleId: 'python.lang.security.audit.formatted-sql-query',
            message: { text: 'Detected possible formatted SQL query. Use parameterized queries instead.' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'app/db.py' }, region: { startLine: 7, snippet: { text: 'cur.execute(f"SELECT * FROM t WHERE id={id}")' } } } }],
          },
          { message: {} },
        ],
      },
    ],
  };
}

describe('parseSarif', () => {
  it('reads the corpus SARIF files exactly as expected.jsonl lists them', function () {
    const dir = securityCorpusDir();
    if (!dir) this.skip();
    const expected = readFileSync(join(dir, 'sarif', 'expected.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; results: Array<Record<string, unknown>> });
    assert.ok(expected.length > 0);
    for (const e of expected) {
      const got = parseSarif(readFileSync(join(dir, 'sarif', e.file), 'utf8'));
      assert.deepEqual(
        got.map((r) => ({ ruleId: r.ruleId, level: r.level, uri: r.uri, startLine: r.startLine, message: r.message, suppressed: r.suppressed })),
        e.results,
        e.file,
      );
    }
    // Every .sarif in the folder parses (the ones expected.jsonl does not list too).
    for (const f of readdirSync(join(dir, 'sarif')).filter((n) => n.endsWith('.sarif'))) {
      const p = parseSarifLog(readFileSync(join(dir, 'sarif', f)));
      assert.equal(p.error, undefined, f);
    }
  });

  it('classifies the corpus results (an AWS account id is a secret, a taint finding is security)', function () {
    const dir = securityCorpusDir();
    if (!dir) this.skip();
    const aws = parseSarif(readFileSync(join(dir, 'sarif', 'semgrep_include_nosemgrep.sarif'), 'utf8'));
    assert.deepEqual(aws.map((r) => [r.category, r.cwe[0], r.severity]), [
      ['security', 'CWE-798', 'critical'],
      ['security', 'CWE-798', 'critical'],
    ]);
    const taint = parseSarif(readFileSync(join(dir, 'sarif', 'semgrep_with_dataflow_traces.sarif'), 'utf8'));
    assert.equal(taint[0].category, 'security');
    assert.equal(taint[0].severity, 'major');
  });

  it('reads CodeQL-style logs: extension rules, artifact indexes, message strings, CWE tags, security-severity', () => {
    const rs = parseSarif(JSON.stringify(codeqlLike()));
    assert.equal(rs.length, 5);
    const [xss, sql, unused, semgrep, empty] = rs;
    assert.deepEqual(
      { ruleId: xss.ruleId, level: xss.level, uri: xss.uri, startLine: xss.startLine, category: xss.category, severity: xss.severity, cwe: xss.cwe, suppressed: xss.suppressed },
      { ruleId: 'js/xss', level: 'error', uri: 'src/app.js', startLine: 12, category: 'security', severity: 'major', cwe: ['CWE-79', 'CWE-116'], suppressed: false },
    );
    assert.equal(sql.ruleId, 'js/sql-injection');
    assert.equal(sql.message, 'Database query built from user-controlled sources');
    assert.deepEqual(sql.cwe, ['CWE-89']);
    assert.equal(sql.severity, 'critical', 'security-severity 8.8');
    assert.equal(sql.suppressed, false, 'a rejected suppression does not suppress');
    assert.equal(unused.level, 'note');
    assert.equal(unused.suppressed, true);
    assert.notEqual(unused.category, 'security');
    assert.deepEqual(semgrep.cwe, ['CWE-89']);
    assert.equal(semgrep.severity, 'major');
    assert.equal(semgrep.snippet, 'cur.execute(f"SELECT * FROM t WHERE id={id}")');
    assert.deepEqual({ ruleId: empty.ruleId, level: empty.level, uri: empty.uri, startLine: empty.startLine, message: empty.message, suppressed: empty.suppressed }, {
      ruleId: '',
      level: 'warning',
      uri: null,
      startLine: null,
      message: '',
      suppressed: false,
    });
  });

  it('fills message-string arguments and reads properties.cwe and CWE taxonomy relationships', () => {
    const log = {
      runs: [
        {
          tool: {
            driver: {
              name: 'ESLint',
              rules: [
                { id: 'security/detect-eval-with-expression', messageStrings: { default: { text: 'eval with argument of type {0}' } } },
                { id: 'custom/rule', properties: { cwe: 'CWE-022' } },
                { id: 'custom/rel', relationships: [{ target: { id: '918', toolComponent: { name: 'CWE' } } }] },
              ],
            },
          },
          results: [
            { ruleId: 'security/detect-eval-with-expression', ruleIndex: 0, level: 'error', message: { id: 'default', arguments: ['Identifier'] } },
            { ruleId: 'custom/rule', message: { text: 'x' } },
            { ruleId: 'custom/rel', message: { text: 'y' } },
          ],
        },
      ],
    };
    const [ev, path, ssrf] = parseSarif(JSON.stringify(log));
    assert.equal(ev.message, 'eval with argument of type Identifier');
    assert.equal(ev.category, 'security');
    assert.deepEqual(ev.cwe, ['CWE-95']);
    assert.equal(ev.severity, 'critical');
    assert.deepEqual(path.cwe, ['CWE-22']);
    assert.equal(path.category, 'security');
    assert.deepEqual(ssrf.cwe, ['CWE-918']);
  });

  it('tolerates what is not SARIF and says why', () => {
    assert.deepEqual(parseSarif(''), []);
    assert.match(parseSarifLog('{').error ?? '', /not valid JSON/);
    assert.match(parseSarifLog('{"version":"2.1.0"}').error ?? '', /no "runs"/);
    assert.match(parseSarifLog('[1,2]').error ?? '', /no "runs"/);
    assert.deepEqual(parseSarifLog('{"runs":[null, 1, {"results": [null, "x", {}]}]}').results.length, 1);
    assert.equal(parseSarifLog(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"runs":[]}')])).error, undefined, 'UTF-8 BOM');
  });

  it('marks kind "pass" results as level none and turns only real failures into candidates', () => {
    const log = {
      runs: [
        {
          tool: { driver: { name: 'X' } },
          results: [
            { ruleId: 'r1', kind: 'pass', message: { text: 'ok' } },
            { ruleId: 'r2', message: { text: 'Use of eval detected' }, suppressions: [{ kind: 'inSource', status: 'accepted' }] },
            { ruleId: 'r3', level: 'error', message: { text: 'Hard-coded password detected in source code' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.py' }, region: { startLine: 2 } } }] },
          ],
        },
      ],
    };
    const rs = parseSarif(JSON.stringify(log));
    assert.equal(rs[0].level, 'none');
    assert.equal(sarifResultToCandidate(rs[0]), undefined);
    assert.equal(sarifResultToCandidate(rs[1]), undefined, 'suppressed');
    const c = sarifResultToCandidate(rs[2], { model: 'gpt-4o', projectPath: '/p' });
    assert.ok(c);
    assert.equal(c.source, 'diagnostic');
    assert.equal(c.category, 'security');
    assert.equal(c.severity, 'critical');
    assert.equal(c.ruleId, 'r3');
    assert.equal(c.errorType, 'r3');
    assert.equal(c.filePath, 'a.py');
    assert.equal(c.line, 2);
    assert.equal(c.model, 'gpt-4o');
    assert.equal(c.projectPath, '/p');
    assert.ok(c.cwe?.includes('CWE-798'));
    assert.ok(c.fixDescription);
  });

  it('reads a large log quickly', () => {
    const results = Array.from({ length: 20000 }, (_, i) => ({
      ruleId: `rule-${i % 50}`,
      level: 'warning',
      message: { text: `Detected possible formatted SQL query number ${i}. Use parameterized queries instead.` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `f${i}.py` }, region: { startLine: i + 1 } } }],
    }));
    const text = JSON.stringify({ runs: [{ tool: { driver: { name: 'Semgrep OSS', rules: [] } }, results }] });
    const t0 = Date.now();
    const rs = parseSarif(text);
    assert.equal(rs.length, 20000);
    assert.ok(Date.now() - t0 < 15000, `took ${Date.now() - t0} ms`);
  });
});
