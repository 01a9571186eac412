import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, sleep, waitFor, workspaceUri, writeText } from './helpers';

describe('opt-out', () => {
  after(async () => {
    await vscode.commands.executeCommand('mistakes.toggleTracking', { enabled: true });
  });

  it('stops every capture while tracking is off', async () => {
    const a = await api();
    const engine = await a.engine();
    await vscode.commands.executeCommand('mistakes.toggleTracking', { enabled: false });
    await waitFor('the engine to see tracking off', () => !engine.trackingEnabled);
    assert.match(a.statusText(), /circle-slash/);
    const before = engine.countPatterns({ includeArchived: true });
    const uri = workspaceUri('src', 'users.py');
    const collection = vscode.languages.createDiagnosticCollection('optout-test');
    const d = new vscode.Diagnostic(new vscode.Range(9, 0, 9, 10), 'Use of assert detected.', vscode.DiagnosticSeverity.Warning);
    d.source = 'Semgrep';
    d.code = 'python.lang.best-practice.use-assert';
    collection.set(uri, [d]);
    await writeText(workspaceUri('test-results', 'junit-optout.xml'), '<testsuite name="s"><testcase classname="c" name="t_optout"><failure message="boom">boom</failure></testcase></testsuite>');
    const r = await vscode.commands.executeCommand('mistakes.recordMistake', { description: 'A manual record while opted out', category: 'logic' });
    await sleep(2500);
    await a.settled();
    collection.dispose();
    assert.equal(r, undefined);
    assert.equal(engine.countPatterns({ includeArchived: true }), before);
  });
});
