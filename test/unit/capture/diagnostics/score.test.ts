import { strict as assert } from 'node:assert';
import { caseToDiagnostic, formatSecurityScore, scoreSecurity } from '../../../../src/capture/diagnostics';

const sarif = JSON.stringify({
  runs: [
    {
      tool: { driver: { name: 'Semgrep OSS', rules: [{ id: 'r.a', defaultConfiguration: { level: 'error' } }] } },
      results: [
        { ruleId: 'r.a', message: { text: 'AWS Account ID detected' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.txt' }, region: { startLine: 1 } } }], suppressions: [{ kind: 'inSource' }] },
        { ruleId: 'r.a', message: { text: 'AWS Account ID detected' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.txt' }, region: { startLine: 3 } } }] },
      ],
    },
  ],
});

describe('security scorer', () => {
  it('turns a corpus case into the Semgrep diagnostic the editor would show', () => {
    const d = caseToDiagnostic({ rule_id: 'x.security.y', message: 'm', severity: 'INFO', snippet: 's', language: 'go' });
    assert.deepEqual(d, { source: 'Semgrep', code: 'x.security.y', message: 'm', severity: 'information', snippet: 's', language: 'go' });
  });

  it('counts category, severity, CWE (any and first) and SARIF matches', () => {
    const cases = [
      { rule_id: 'python.lang.security.audit.formatted-sql-query', message: 'Detected possible formatted SQL query. Use parameterized queries instead.', severity: 'WARNING', expected_severity: 'major', expected_category: 'security', cwe: ["CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')"] },
      { rule_id: 'java.lang.security.audit.crypto.use-of-md5', message: 'Detected MD5 hash algorithm which is considered insecure.', severity: 'ERROR', expected_severity: 'critical', expected_category: 'security', cwe: ['CWE-327: Use of a Broken or Risky Cryptographic Algorithm'] },
    ]
      .map((c) => JSON.stringify(c))
      .join('\n');
    const expected = JSON.stringify({
      file: 'x.sarif',
      results: [
        { ruleId: 'r.a', level: 'error', uri: 'a.txt', startLine: 1, message: 'AWS Account ID detected', suppressed: true },
        { ruleId: 'r.a', level: 'error', uri: 'a.txt', startLine: 3, message: 'AWS Account ID detected', suppressed: false },
      ],
    });
    const s = scoreSecurity({ casesJsonl: cases + '\nnot json\n', sarifFiles: { 'x.sarif': sarif }, sarifExpectedJsonl: expected });
    assert.equal(s.cases.total, 2);
    assert.equal(s.cases.malformed, 1);
    assert.equal(s.cases.security, 2);
    assert.equal(s.cases.severityRight, 2);
    assert.equal(s.cases.cweAny, 2);
    assert.equal(s.cases.cweFirst, 1, 'weak hash predicts CWE-328 first');
    assert.equal(s.sarif.expected, 2);
    assert.equal(s.sarif.matched, 2);
    assert.equal(s.sarif.suppressionRight, 2);
    assert.match(formatSecurityScore(s), /right CWE \(any\): +2\/2/);
  });

  it('reports missing files and differences instead of throwing', () => {
    const expected = JSON.stringify({ file: 'gone.sarif', results: [{ ruleId: 'r', level: 'error', uri: 'u', startLine: 1, message: 'm', suppressed: false }] });
    const s = scoreSecurity({ sarifExpectedJsonl: expected + '\n' + JSON.stringify({ file: 'x.sarif', results: [{ ruleId: 'r.a', level: 'warning', uri: 'a.txt', startLine: 1, message: 'AWS Account ID detected', suppressed: true }] }), sarifFiles: { 'x.sarif': sarif } });
    assert.equal(s.cases.total, 0);
    assert.equal(s.sarif.matched, 0);
    const text = formatSecurityScore(s);
    assert.match(text, /missing file gone\.sarif/);
    assert.match(text, /level "error" ≠ "warning"/);
    assert.match(text, /1 unexpected result/);
    assert.doesNotThrow(() => scoreSecurity({}));
  });
});
