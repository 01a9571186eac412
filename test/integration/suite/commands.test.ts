import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, readText, waitFor, workspaceUri, writeText } from './helpers';

describe('commands', () => {
  it('Record Mistake stores a pattern from arguments', async () => {
    const id = await vscode.commands.executeCommand<number>('mistakes.recordMistake', { description: 'Await coroutines returned by async database calls', category: 'async' });
    assert.equal(typeof id, 'number');
    const engine = await (await api()).engine();
    assert.equal(engine.getPattern(id)?.category, 'async');
  });

  it('Show Relevant Patterns returns scored patterns', async () => {
    const r = await vscode.commands.executeCommand<Array<{ pattern: { description: string } }>>('mistakes.showRelevantPatterns', { query: 'async database call' });
    assert.ok(r && r.some((sp) => /Await coroutines/.test(sp.pattern.description)));
  });

  it('Export (JSON and fine-tuning JSONL) and Import round-trip', async () => {
    const json = workspaceUri('out', 'export.json');
    await vscode.commands.executeCommand('mistakes.exportData', { format: 'json', uri: json });
    const bundle = JSON.parse(await readText(json)) as { format: string; patterns: unknown[] };
    assert.equal(bundle.format, 'mistake-memory');
    assert.ok(bundle.patterns.length >= 3);
    const jsonl = workspaceUri('out', 'finetune.jsonl');
    await vscode.commands.executeCommand('mistakes.exportData', { format: 'jsonl', uri: jsonl });
    const lines = (await readText(jsonl)).split('\n').filter(Boolean);
    for (const l of lines) assert.ok(JSON.parse(l));
    const extra = workspaceUri('out', 'import.jsonl');
    await writeText(extra, JSON.stringify({ id: 'ext-1', text: 'Validate request bodies with a schema before use', category: 'security' }) + '\n');
    const report = await vscode.commands.executeCommand<{ imported: number }>('mistakes.importData', { uri: extra });
    assert.equal(report?.imported, 1);
  });

  it('Choose Categories and Toggle Tracking update the settings', async () => {
    const cats = await vscode.commands.executeCommand<string[]>('mistakes.chooseCategories', { categories: ['security', 'async', 'logic', 'test', 'type', 'import', 'syntax', 'timeout', 'lint', 'style', 'other'] });
    assert.equal(cats?.length, 11);
    assert.equal(await vscode.commands.executeCommand('mistakes.toggleTracking', { enabled: true }), true);
    assert.equal(vscode.workspace.getConfiguration('mistakes').get('tracking.enabled'), true);
  });

  it('Let the Chat Model Confirm Uncertain Corrections opens the setting in the Settings editor', async () => {
    await vscode.commands.executeCommand('mistakes.configureSecondOpinion');
    const tab = await waitFor('the Settings editor', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t && /settings/i.test(t.label) ? t : undefined;
    }, 15_000);
    await vscode.window.tabGroups.close(tab);
  });

  it('Sync Instruction Files writes inside markers only', async () => {
    await vscode.commands.executeCommand('mistakes.syncInstructionFiles');
    const instructions = await readText(workspaceUri('.github', 'instructions', 'learned-mistakes.instructions.md'));
    assert.match(instructions, /^---\napplyTo: '\*\*'/);
    assert.match(instructions, /<!-- mistake-memory:start -->[\s\S]*parameterized SQL queries[\s\S]*<!-- mistake-memory:end -->/);
    const agents = await readText(workspaceUri('AGENTS.md'));
    assert.ok(agents.startsWith('# Agents\n\nHand-written notes that the sync must never change.\n'), agents.slice(0, 200));
    assert.match(agents, /<!-- mistake-memory:start -->/);
  });

  it('Open Dashboard, Show Log and Run Tests and Learn execute', async () => {
    await vscode.commands.executeCommand('mistakes.openDashboard');
    // With VSCODE_WEB_SCREENSHOT=<png> the runner saves the workbench now: dashboard panel and chat.
    console.log('VSCODE_WEB_SCREENSHOT_NOW');
    await new Promise((r) => setTimeout(r, 2500));
    await vscode.commands.executeCommand('mistakes.showLog');
    // The web host cannot spawn processes: the command explains that instead of failing.
    assert.equal(await vscode.commands.executeCommand('mistakes.runTestsAndLearn', { command: 'npm test' }), undefined);
  });
});
