import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { correctionCandidate, diagnosticCandidate, testOutputCandidates } from '../../../src/capture/entry';
import { cleanTerminalOutput } from '../../../src/host/capture/terminalOutput';
import { runTestCommand } from '../../../src/vscode/testRunner.node';

const PYTEST = `============================= test session starts ==============================
collected 2 items

tests/test_users.py F.                                                   [100%]

=================================== FAILURES ===================================
_________________________ test_find_user_with_quote __________________________

    def test_find_user_with_quote():
>       assert find_user(make_db(), "O'Brien") is not None

tests/test_users.py:14:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
app/users.py:6: in find_user
    cursor = db.execute(f"SELECT id, name FROM users WHERE name = '{name}'")
E   sqlite3.OperationalError: near "Brien": syntax error
=========================== short test summary info ============================
FAILED tests/test_users.py::test_find_user_with_quote - sqlite3.OperationalError: near "Brien": syntax error
========================= 1 failed, 1 passed in 0.05s ==========================
`;

describe('capture parser adapters (terminal output, diagnostics, chat)', () => {
  it('turns pytest terminal output into candidates with file and line for attribution', () => {
    const colored = PYTEST.replace('FAILED', '\u001b[31mFAILED\u001b[0m');
    const r = testOutputCandidates(cleanTerminalOutput(colored), { model: 'gpt-4o', projectPath: '/proj' });
    assert.equal(r.format, 'pytest');
    assert.equal(r.items.length, 1);
    const item = r.items[0];
    assert.ok(item);
    assert.equal(item.candidate.source, 'test');
    assert.equal(item.candidate.model, 'gpt-4o');
    assert.match(item.candidate.errorType ?? '', /OperationalError/);
    assert.ok(item.filePath, 'a file to attribute the failure to');
  });

  it('returns nothing (and does not throw) for output that is not a test report', () => {
    assert.deepEqual(testOutputCandidates('total 12\ndrwxr-xr-x 2 root root 4096 .\n', {}).items, []);
    assert.deepEqual(testOutputCandidates('\u0000\u0001garbage'.repeat(1000), {}).items, []);
  });

  it('learns from a real failing test run (node --test)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-nodetest-'));
    try {
      writeFileSync(
        path.join(dir, 'sum.test.js'),
        "const test = require('node:test');\nconst assert = require('node:assert');\ntest('adds numbers', () => { assert.strictEqual(1 + 1, 3); });\n",
      );
      const run = await runTestCommand(`${JSON.stringify(process.execPath)} --test sum.test.js`, { cwd: dir, timeoutMs: 60_000 });
      assert.notEqual(run.exitCode, 0);
      const r = testOutputCandidates(cleanTerminalOutput(run.output), { projectPath: dir });
      assert.ok(r.items.length >= 1, `format ${r.format}: ${run.output.slice(0, 300)}`);
      assert.ok(r.items.some((i) => /adds numbers/.test(`${i.candidate.testId ?? ''} ${i.candidate.description}`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('classifies a Semgrep diagnostic as a security candidate with its rule id', () => {
    const c = diagnosticCandidate(
      {
        source: 'Semgrep',
        code: 'python.lang.security.audit.formatted-sql-query.formatted-sql-query',
        message: 'Detected possible formatted SQL query. Use parameterized queries instead.',
        severity: 'error',
        filePath: 'app/users.py',
        line: 6,
        snippet: 'cursor = db.execute(f"SELECT ...")',
      },
      { model: 'claude-sonnet-4' },
    );
    assert.ok(c);
    assert.equal(c.category, 'security');
    assert.equal(c.source, 'diagnostic');
    assert.equal(c.model, 'claude-sonnet-4');
    assert.equal(c.ruleId, 'python.lang.security.audit.formatted-sql-query.formatted-sql-query');
  });

  it('recognises a correction and attributes it to the model that answered', () => {
    const c = correctionCandidate("No, that's wrong: never build SQL with f-strings. Use placeholders like ? instead.", 'cursor = db.execute(f"SELECT ...")', { model: 'test-model-1' });
    assert.ok(c);
    assert.equal(c.source, 'chat');
    assert.equal(c.model, 'test-model-1');
    assert.equal(correctionCandidate('Thanks, that works great!', 'some answer', { model: 'm' }), undefined);
  });
});
