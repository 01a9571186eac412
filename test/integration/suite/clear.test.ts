import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api } from './helpers';

describe('Clear All Data', () => {
  it('really empties the store', async () => {
    const engine = await (await api()).engine();
    assert.ok(engine.countPatterns({ includeArchived: true }) > 0);
    assert.equal(await vscode.commands.executeCommand('mistakes.clearAllData', { confirmed: true }), true);
    assert.equal(engine.countPatterns({ includeArchived: true }), 0);
    assert.equal(engine.listPatterns({ includeArchived: true }).length, 0);
  });
});
