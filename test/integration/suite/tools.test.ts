import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { SQL_LESSON } from './chat.test';
import { api, waitFor } from './helpers';

function textOf(r: vscode.LanguageModelToolResult): string {
  return r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

describe('language model tools', () => {
  it('are registered under the contributed names', () => {
    const names = vscode.lm.tools.map((t) => t.name);
    assert.ok(names.includes('mistakes_findRelevant'), names.join(','));
    assert.ok(names.includes('mistakes_recordMistake'));
  });

  it('mistakes_findRelevant returns the learned lesson for a task, and notes the injection', async () => {
    const engine = await (await api()).engine();
    const before = (await engine.stats()).injections;
    const r = await vscode.lm.invokeTool('mistakes_findRelevant', { input: { task: 'write a SQL query that looks up a user by name' }, toolInvocationToken: undefined });
    assert.match(textOf(r), /parameterized SQL queries/);
    assert.ok(SQL_LESSON.length > 0);
    // Effectiveness needs to know what was given: the tool notes it like the participant does.
    assert.ok((await engine.stats()).injections > before, 'the tool noted its injection');
  });

  it('mistakes_recordMistake stores a pattern', async () => {
    const engine = await (await api()).engine();
    const r = await vscode.lm.invokeTool('mistakes_recordMistake', {
      input: { description: 'Close sqlite connections with a context manager', category: 'logic', fix: 'with sqlite3.connect(path) as db: ...', model: 'tool-model' },
      toolInvocationToken: undefined,
    });
    assert.match(textOf(r), /Recorded as pattern #\d+/);
    await waitFor('the tool pattern', () => engine.listPatterns({ sources: ['tool'] }).find((p) => p.modelName === 'tool-model'));
  });
});
