import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, testLm, waitFor, workspaceUri } from './helpers';

/** The code block of the test model's fixed answer (see fixtures/extensions/test-lm). */
function codeBlock(reply: string): string {
  return /```[^\n]*\n([\s\S]*?)```/.exec(reply)?.[1] ?? '';
}

describe('attribution of AI-written code', () => {
  it('attributes a diagnostic inside code inserted from an @mistakes answer to the answering model', async () => {
    const lm = (await testLm()) as Awaited<ReturnType<typeof testLm>> & { reply: string };
    const engine = await (await api()).engine();
    const code = codeBlock(lm.reply);
    assert.ok(code.split('\n').length >= 3, 'the answer has a multi-line code block');
    const uri = workspaceUri('src', 'generated.py');
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), '# helpers\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // The insertion an "Apply"/"Insert at cursor" of the answer produces: several lines at once, not the clipboard.
    await vscode.env.clipboard.writeText('something else');
    const insert = new vscode.WorkspaceEdit();
    insert.insert(uri, new vscode.Position(1, 0), code);
    assert.ok(await vscode.workspace.applyEdit(insert));
    await new Promise((r) => setTimeout(r, 300));

    const collection = vscode.languages.createDiagnosticCollection('attribution-test');
    try {
      const d = new vscode.Diagnostic(new vscode.Range(2, 4, 2, 60), 'User-controlled data flows into a SQL statement built with an f-string.', vscode.DiagnosticSeverity.Error);
      d.source = 'Semgrep';
      d.code = 'python.sqlalchemy.security.audit.avoid-sqlalchemy-text.avoid-sqlalchemy-text';
      collection.set(uri, [d]);
      const p = await waitFor('a pattern attributed to the test model', () =>
        engine.listPatterns({ sources: ['diagnostic'] }).find((x) => x.ruleId === d.code && x.modelName === lm.model.id),
      );
      assert.equal(p.modelName, lm.model.id);
    } finally {
      collection.dispose();
    }
  });
});
