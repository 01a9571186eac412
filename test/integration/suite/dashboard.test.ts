import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, type ApiLike } from './helpers';

type DashboardApi = ApiLike & { dashboard(surface: 'view' | 'panel'): { patterns: number; occurrences: number } | undefined };

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dashboard', () => {
  it('the sidebar view and the editor panel render recorded patterns and update live', async () => {
    await vscode.commands.executeCommand('mistakes.recordMistake', { description: 'Dashboard check: close file handles with a context manager', category: 'logic' });
    const a = (await api()) as DashboardApi;
    const engine = await a.engine();
    const stored = engine.countPatterns();
    await vscode.commands.executeCommand('mistakes.dashboard.focus');
    // A view opened by an earlier test may still show its last data for a moment: wait for this store's.
    const view = await waitFor('the sidebar dashboard to show the recorded patterns', () => (a.dashboard('view')?.patterns === stored ? a.dashboard('view') : undefined));
    assert.equal(view.patterns, stored);
    await vscode.commands.executeCommand('mistakes.openDashboard');
    const panel = await waitFor('the panel dashboard to show the recorded patterns', () => (a.dashboard('panel')?.patterns === stored ? a.dashboard('panel') : undefined));
    assert.equal(panel.patterns, stored);
    await vscode.commands.executeCommand('mistakes.recordMistake', { description: 'Dashboard check: a live update after a new mistake', category: 'logic' });
    await waitFor('a live update to reach the panel', () => a.dashboard('panel')?.patterns === stored + 1);
    // With VSCODE_WEB_SCREENSHOT=<png> the runner saves the workbench with the dashboard now.
    console.log('VSCODE_WEB_SCREENSHOT_NOW');
    await new Promise((r) => setTimeout(r, 1500));
  });
});
