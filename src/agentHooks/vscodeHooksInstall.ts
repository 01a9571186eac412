/**
 * Installing and removing our VS Code agent-hooks file through the FileSystem port, so the CLI
 * (`mistakes hook install --target vscode`, on Node's file system) and the extension's "Enable Agent
 * Hooks" command (on `vscode.workspace.fs`) share one safe procedure: never overwrite or delete a
 * file that holds someone else's commands, write atomically, report exactly what changed.
 */
import type { FileSystem } from '../core/ports';
import { isOurVscodeHooksFile, VSCODE_HOOKS_FILE, type VscodeHookOptions, vscodeHooksFile } from './vscodeHooks';

export type VscodeHooksState = 'absent' | 'ours' | 'foreign';

export interface VscodeHooksStatus {
  readonly path: string;
  readonly state: VscodeHooksState;
  /** The file's text when it exists. */
  readonly text?: string;
}

export type InstallResult =
  | { readonly ok: true; readonly path: string; readonly changed: boolean; readonly text: string }
  | { readonly ok: false; readonly path: string; readonly reason: 'foreign' };

export type UninstallResult =
  | { readonly ok: true; readonly path: string; readonly changed: boolean }
  | { readonly ok: false; readonly path: string; readonly reason: 'foreign' };

/** The hooks file of a workspace folder. */
export function vscodeHooksPath(fs: FileSystem, workspaceFolder: string): string {
  return fs.join(workspaceFolder, ...VSCODE_HOOKS_FILE.split('/'));
}

const decoder = new TextDecoder();

export async function vscodeHooksStatus(fs: FileSystem, path: string): Promise<VscodeHooksStatus> {
  const bytes = await fs.readFile(path);
  if (bytes === undefined) return { path, state: 'absent' };
  const text = decoder.decode(bytes);
  return { path, state: isOurVscodeHooksFile(text) ? 'ours' : 'foreign', text };
}

/** Writes (or refreshes) our file; a file with foreign commands is left exactly as it is. */
export async function installVscodeHooks(fs: FileSystem, path: string, options: VscodeHookOptions): Promise<InstallResult> {
  const before = await vscodeHooksStatus(fs, path);
  if (before.state === 'foreign') return { ok: false, path, reason: 'foreign' };
  const text = vscodeHooksFile(options);
  if (before.text === text) return { ok: true, path, changed: false, text };
  await fs.mkdirp(fs.dirname(path));
  await fs.writeFileAtomic(path, new TextEncoder().encode(text));
  return { ok: true, path, changed: true, text };
}

/** Removes our file only; the `.github/hooks` folder and anything else in it stay. */
export async function uninstallVscodeHooks(fs: FileSystem, path: string): Promise<UninstallResult> {
  const before = await vscodeHooksStatus(fs, path);
  if (before.state === 'absent') return { ok: true, path, changed: false };
  if (before.state === 'foreign') return { ok: false, path, reason: 'foreign' };
  await fs.delete(path);
  return { ok: true, path, changed: true };
}
