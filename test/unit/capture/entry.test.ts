import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chatCapture, correctionCandidate, diagnosticCandidate, testOutputCandidates } from '../../../src/capture/entry';
import { detectCorrection } from '../../../src/capture/chatCorrection';
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

  describe('chatCapture (with and without a second opinion)', () => {
    const prev = 'cursor = db.execute(f"SELECT * FROM users WHERE name = \'{name}\'")';
    // Messages that may or may not correct the answer; the shipped model scores some of them just
    // below its review band, where only a second opinion makes them worth recording.
    const maybe = [
      'Can you use placeholders for the name here?',
      'Hmm, I would prefer a parameterized query',
      'This is open to SQL injection',
      'The name should be escaped',
      'Use an ORM for this',
      'Make it return a dict',
      'The query looks off to me',
      'Is this safe against injection?',
      'Please use the repository layer for queries',
      'Write it with sqlalchemy',
    ];
    it('asks about messages just below the review band only when a second opinion is allowed, and marks them confirm-only', () => {
      const below = maybe.filter((t) => {
        const d = detectCorrection(t, prev);
        return d.askable === true && !d.uncertain && !d.isCorrection;
      });
      assert.ok(below.length > 0, 'one of the messages scores in the asking range below the band');
      for (const t of below) {
        assert.equal(chatCapture(t, prev, { model: 'm' }, { secondOpinion: false }), undefined);
        const c = chatCapture(t, prev, { model: 'm' }, { secondOpinion: true });
        assert.ok(c?.confirmOnly, t);
        assert.equal(c.candidate.reviewPending, true);
        assert.equal(c.candidate.model, 'm');
        assert.ok(c.candidate.description.length > 0);
      }
    });
    it('records a clear correction either way, never confirm-only, and nothing for a thank-you', () => {
      const clear = "No, that's wrong: never build SQL with f-strings. Use placeholders like ? instead.";
      for (const secondOpinion of [false, true]) {
        const c = chatCapture(clear, prev, { model: 'm' }, { secondOpinion });
        assert.ok(c && !c.confirmOnly);
        assert.equal(chatCapture('Thanks, that works great!', prev, { model: 'm' }, { secondOpinion }), undefined);
      }
    });
  });
});
