import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { readText, workspaceUri, writeText } from './helpers';

interface AgentHooksResult {
  written: string[];
  unchanged: string[];
  removed: string[];
  foreign: string[];
  reason?: string;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Enable / Disable Agent Hooks in the web build: no local process, so enabling explains and writes nothing; disabling removes only our file. */
describe('agent hooks commands', () => {
  const file = workspaceUri('.github', 'hooks', 'mistake-memory.json');
  const other = workspaceUri('.github', 'hooks', 'format.json');
  after(async () => {
    for (const u of [file, other]) if (await exists(u)) await vscode.workspace.fs.delete(u);
  });

  it('Enable in the web host says why, writes no file and leaves the setting off', async () => {
    const r = await vscode.commands.executeCommand<AgentHooksResult>('mistakes.enableAgentHooks');
    assert.match(r?.reason ?? '', /VS Code for the Web cannot/);
    assert.equal(await exists(file), false);
    assert.ok(vscode.workspace.getConfiguration('mistakes').get('agentHooks.enabled') !== true);
  });

  it('Disable removes our hooks file and nothing else beside it', async () => {
    const ours = { hooks: { SessionStart: [{ type: 'command', command: "node '/ext/dist/cli.js' hook SessionStart --db '/s/mistakes.db'", timeout: 10 }], PreToolUse: [{ type: 'command', command: "node '/ext/dist/cli.js' hook PreToolUse --db '/s/mistakes.db'", timeout: 10 }] } };
    await writeText(file, JSON.stringify(ours, null, 2));
    await writeText(other, JSON.stringify({ hooks: { PostToolUse: [{ type: 'command', command: 'npx prettier --write .' }] } }));
    const r = await vscode.commands.executeCommand<AgentHooksResult>('mistakes.disableAgentHooks');
    assert.equal(r?.removed.length, 1);
    assert.equal(await exists(file), false);
    assert.match(await readText(other), /prettier/);
  });

  it('Disable leaves a mistake-memory.json that holds foreign commands exactly as it is', async () => {
    const foreign = JSON.stringify({ hooks: { Stop: [{ type: 'command', command: 'notify-send done' }] } });
    await writeText(file, foreign);
    const r = await vscode.commands.executeCommand<AgentHooksResult>('mistakes.disableAgentHooks');
    assert.equal(r?.foreign.length, 1);
    assert.deepEqual(r?.removed, []);
    assert.equal(await readText(file), foreign);
  });
});
