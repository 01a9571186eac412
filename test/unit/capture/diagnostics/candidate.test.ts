import { strict as assert } from 'node:assert';
import { classifyDiagnostic, diagnosticToCandidate, type DiagnosticInput } from '../../../../src/capture/diagnostics';
import { isCategory, isSeverity } from '../../../../src/core/types';

describe('diagnosticToCandidate', () => {
  it('carries the rule, CWE, location, snippet and fix hint', () => {
    const d: DiagnosticInput = {
      source: 'Semgrep',
      code: 'python.flask.security.injection.os-system-injection',
      message: 'User data detected in os.system. This could be vulnerable to a command injection and should be avoided.',
      severity: 'error',
      file: 'app/views.py',
      line: 42,
      snippet: 'os.system("ping " + request.args["host"])',
      language: 'python',
    };
    const c = diagnosticToCandidate(d, classifyDiagnostic(d), { model: 'claude-sonnet-4', projectPath: '/work/app' });
    assert.equal(c.source, 'diagnostic');
    assert.equal(c.category, 'security');
    assert.equal(c.severity, 'critical');
    assert.equal(c.ruleId, d.code);
    assert.equal(c.errorType, d.code);
    assert.deepEqual(c.cwe, ['CWE-78', 'CWE-77']);
    assert.equal(c.errorMessage, d.message);
    assert.equal(c.codeSnippet, d.snippet);
    assert.equal(c.filePath, 'app/views.py');
    assert.equal(c.line, 42);
    assert.equal(c.language, 'python');
    assert.equal(c.model, 'claude-sonnet-4');
    assert.equal(c.projectPath, '/work/app');
    assert.match(c.description, /^OS command injection: /);
    assert.match(c.fixDescription ?? '', /argument list/);
  });

  it('falls back to the tool for errorType and leaves unknown fields out', () => {
    const d: DiagnosticInput = { source: 'Pylance', message: 'Expected expression', severity: 0, line: 0 };
    const c = diagnosticToCandidate(d, classifyDiagnostic(d));
    assert.equal(c.errorType, 'pyright');
    assert.equal(c.category, 'syntax');
    assert.ok(!('line' in c), 'line 0 is not a line');
    assert.ok(!('cwe' in c));
    assert.ok(!('model' in c));
    assert.ok(isCategory(c.category) && isSeverity(c.severity));
  });
});
