import { strict as assert } from './assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

describe('activation', () => {
  it('activates and exposes its API without opening the store first', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension installed');
    const a = await api();
    assert.equal(typeof a.engine, 'function');
    assert.ok(ext.isActive);
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (ext?.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map((c) => c.command);
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !all.has(c));
    assert.deepEqual(missing, []);
    assert.ok(contributed.length >= 11);
  });

  it('opens the store on first use, in lexical-only mode without a model', async () => {
    const engine = await (await api()).engine();
    assert.equal(engine.trackingEnabled, true);
    assert.equal(typeof engine.countPatterns(), 'number');
  });
});
