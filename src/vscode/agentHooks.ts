import * as vscode from 'vscode';
import { installVscodeHooks, uninstallVscodeHooks, vscodeHooksPath } from '../agentHooks/vscodeHooksInstall';
import { COMMANDS } from '../host/commandIds';
import { SECTION, SETTING_KEYS } from './config';
import { resolveStoreUri } from './engineHost';
import { VscodeFileSystem } from './fileSystem';
import type { Services } from './services';

/** How an agent hook starts our CLI on this host: the program with its leading arguments, and its environment. */
export interface HookRunner {
  readonly program: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Also write the cmd.exe variant (Windows). */
  readonly windows?: boolean;
}

/** What Enable / Disable did, per workspace folder (also the commands' return value, for scripts and tests). */
export interface AgentHooksResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** Files holding someone else's commands: never overwritten or deleted. */
  readonly foreign: readonly string[];
  /** Why nothing could be done at all (no folder, no local process). */
  readonly reason?: string;
}

const ENABLED_KEY = SETTING_KEYS.agentHooksEnabled;
const NO_PROCESS = 'Agent hooks run a command on your machine, which VS Code for the Web cannot do. Open this folder in VS Code desktop to enable them.';
const NO_FOLDER = 'Agent hooks live in a workspace folder (.github/hooks); open a folder first.';

function folders(): readonly vscode.WorkspaceFolder[] {
  return vscode.workspace.workspaceFolders ?? [];
}

/**
 * "Enable Agent Hooks" / "Disable Agent Hooks" and the `mistakes.agentHooks.enabled` setting: our
 * `.github/hooks/mistake-memory.json` in each workspace folder, pointing at the bundled CLI with this
 * window's store. While enabled the file follows the store path, the injection budget and the
 * extension's own location (which moves on every update); a file with foreign commands is never touched.
 */
export function registerAgentHooks(s: Services, runner: HookRunner | undefined): vscode.Disposable {
  const apply = async (enable: boolean): Promise<AgentHooksResult> => {
    if (!folders().length) return { written: [], unchanged: [], removed: [], foreign: [], reason: NO_FOLDER };
    if (enable && !runner) return { written: [], unchanged: [], removed: [], foreign: [], reason: NO_PROCESS };
    const written: string[] = [];
    const unchanged: string[] = [];
    const removed: string[] = [];
    const foreign: string[] = [];
    const settings = s.settings();
    const store = resolveStoreUri(s, settings.storePath).fsPath;
    for (const folder of folders()) {
      if (folder.uri.scheme !== 'file' && runner) continue;
      const fs = new VscodeFileSystem(folder.uri);
      const path = vscodeHooksPath(fs, folder.uri.path);
      const shown = folder.uri.with({ path }).fsPath;
      if (enable && runner) {
        const r = await installVscodeHooks(fs, path, {
          program: runner.program,
          env: runner.env,
          windows: runner.windows,
          args: ['--db', store, '--max-chars', String(settings.injectionMaxChars)],
        });
        if (!r.ok) foreign.push(shown);
        else if (r.changed) {
          written.push(shown);
          s.logger.info(`agent hooks: wrote ${shown}\n${r.text}`);
        } else unchanged.push(shown);
      } else {
        const r = await uninstallVscodeHooks(fs, path);
        if (!r.ok) foreign.push(shown);
        else if (r.changed) {
          removed.push(shown);
          s.logger.info(`agent hooks: removed ${shown}`);
        }
      }
    }
    for (const f of foreign) s.logger.warn(`agent hooks: ${f} holds commands that are not Mistake Memory's; left as it is`);
    return { written, unchanged, removed, foreign };
  };

  const report = async (enable: boolean, r: AgentHooksResult): Promise<void> => {
    if (r.reason) {
      void vscode.window.showWarningMessage(`Mistake Memory: ${r.reason}`);
      return;
    }
    if (r.foreign.length) void vscode.window.showWarningMessage(`Mistake Memory: ${r.foreign.join(', ')} holds other commands; left as it is. Remove or rename it to let Mistake Memory write its hooks.`);
    if (!enable) {
      void vscode.window.showInformationMessage(r.removed.length ? `Mistake Memory: agent hooks disabled (removed ${r.removed.join(', ')}).` : 'Mistake Memory: no agent hooks of ours to remove.');
      return;
    }
    const files = [...r.written, ...r.unchanged];
    if (!files.length) return;
    const open = 'Show File';
    const pick = await vscode.window.showInformationMessage(
      `Mistake Memory: agent hooks enabled in ${files.join(', ')}. Copilot's agent runs them in new sessions; see the "GitHub Copilot Chat Hooks" output channel.`,
      open,
    );
    if (pick === open) await vscode.window.showTextDocument(vscode.Uri.file(files[0]));
  };

  const command = (enable: boolean) => async (): Promise<AgentHooksResult> => {
    const r = await apply(enable);
    // The setting records the choice, so the file follows later changes (store path, extension updates).
    if (!r.reason && vscode.workspace.getConfiguration(SECTION).get<boolean>(ENABLED_KEY) !== enable) {
      await vscode.workspace.getConfiguration(SECTION).update(ENABLED_KEY, enable, vscode.ConfigurationTarget.Workspace);
    }
    await report(enable, r);
    return r;
  };

  const quietly = (enable: boolean): void => {
    void apply(enable).then(
      (r) => r.reason && enable && s.logger.warn(`agent hooks: ${r.reason}`),
      (e: unknown) => s.boundary.report('Agent Hooks', e, { quiet: true }),
    );
  };

  // Refresh on activation: the CLI path changes with every extension update.
  if (s.settings().agentHooksEnabled) quietly(true);

  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.enableAgentHooks, s.boundary.wrap('Enable Agent Hooks', command(true))),
    vscode.commands.registerCommand(COMMANDS.disableAgentHooks, s.boundary.wrap('Disable Agent Hooks', command(false))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const key = (k: string) => e.affectsConfiguration(`${SECTION}.${k}`);
      if (key(ENABLED_KEY)) quietly(vscode.workspace.getConfiguration(SECTION).get<boolean>(ENABLED_KEY) === true);
      else if ((key(SETTING_KEYS.storePath) || key(SETTING_KEYS.injectionMaxChars)) && vscode.workspace.getConfiguration(SECTION).get<boolean>(ENABLED_KEY) === true) quietly(true);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (vscode.workspace.getConfiguration(SECTION).get<boolean>(ENABLED_KEY) === true) quietly(true);
    }),
  );
}
