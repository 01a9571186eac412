import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, waitFor, workspaceUri } from './helpers';

export const SEMGREP_RULE = 'python.lang.security.audit.formatted-sql-query.formatted-sql-query';

describe('diagnostics capture', () => {
  let collection: vscode.DiagnosticCollection;
  before(() => {
    collection = vscode.languages.createDiagnosticCollection('semgrep-test');
  });
  after(() => collection.dispose());

  function semgrepDiagnostic(): vscode.Diagnostic {
    const d = new vscode.Diagnostic(
      new vscode.Range(4, 4, 4, 70),
      'Detected possible formatted SQL query. Use parameterized queries instead.',
      vscode.DiagnosticSeverity.Error,
    );
    d.source = 'Semgrep';
    d.code = { value: SEMGREP_RULE, target: vscode.Uri.parse('https://semgrep.dev/r/' + SEMGREP_RULE) };
    return d;
  }

  it('turns a Semgrep-shaped diagnostic into a stored pattern, once', async () => {
    const uri = workspaceUri('src', 'users.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const a = await api();
    const engine = await a.engine();
    collection.set(uri, [semgrepDiagnostic()]);
    const p = await waitFor('a pattern from the Semgrep diagnostic', () => engine.listPatterns({ sources: ['diagnostic'] }).find((x) => x.ruleId === SEMGREP_RULE));
    assert.equal(p.category, 'security');
    assert.equal(p.frequency, 1);
    // The same diagnostic reported again (another provider update) does not count twice.
    collection.set(uri, [semgrepDiagnostic()]);
    await new Promise((r) => setTimeout(r, 1500));
    await a.settled();
    assert.equal(engine.getPattern(p.id)?.frequency, 1);
  });

  it('counts a diagnostic that disappears after an edit as a fixed mistake', async () => {
    const uri = workspaceUri('src', 'users.py');
    const a = await api();
    const engine = await a.engine();
    const p = engine.listPatterns({ sources: ['diagnostic'] }).find((x) => x.ruleId === SEMGREP_RULE);
    assert.ok(p);
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(4).range, '    cursor = db.execute("SELECT * FROM users WHERE name = ?", (name,))');
    assert.ok(await vscode.workspace.applyEdit(edit));
    collection.set(uri, []);
    await waitFor('fixApplied to grow', () => (engine.getPattern(p.id)?.fixApplied ?? 0) >= 1);
  });
});
