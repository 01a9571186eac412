/**
 * `mistakes hook install|uninstall|status --target vscode`: the VS Code agent-hooks file
 * `.github/hooks/mistake-memory.json` in the workspace (--workspace DIR, default the current folder;
 * --hooks-file FILE for another place). Every hook is given the store path explicitly, so the hook
 * process VS Code starts (with its own environment) opens the same store as this CLI.
 */
import { basename, join, resolve } from 'node:path';
import { VSCODE_HOOKS_FILE } from '../../agentHooks/vscodeHooks';
import { installVscodeHooks, uninstallVscodeHooks, vscodeHooksStatus } from '../../agentHooks/vscodeHooksInstall';
import { NodeFileSystem } from '../../store/fileSystem.node';
import { type CommandContext, InputError, intOpt, stringOpt } from '../command';
import { dbPath } from '../openEngine';

function hooksFilePath(ctx: CommandContext): string {
  const explicit = stringOpt(ctx, 'hooks-file');
  if (explicit) return resolve(ctx.io.cwd, explicit);
  return join(resolve(ctx.io.cwd, stringOpt(ctx, 'workspace') ?? '.'), ...VSCODE_HOOKS_FILE.split('/'));
}

/** node + this script when running a built cli.js (the extension ships one), else `mistakes` on PATH. */
function program(): string[] {
  const script = process.argv[1];
  if (script && /\.c?js$/.test(script)) {
    const node = /^node(?:\.exe)?$/i.test(basename(process.execPath)) ? process.execPath : 'node';
    return [node, resolve(script)];
  }
  return ['mistakes'];
}

function hookArgs(ctx: CommandContext): string[] {
  const args = ['--db', dbPath(ctx)];
  const modelDir = stringOpt(ctx, 'model-dir');
  if (modelDir) args.push('--model-dir', resolve(ctx.io.cwd, modelDir));
  if (ctx.values['no-embeddings'] === true) args.push('--no-embeddings');
  const model = stringOpt(ctx, 'model');
  if (model) args.push('--model', model);
  if (ctx.values['max-chars'] !== undefined) args.push('--max-chars', String(intOpt(ctx, 'max-chars', 2000, 200, 100_000)));
  return args;
}

export async function runVscodeInstall(ctx: CommandContext, action: 'install' | 'uninstall' | 'status'): Promise<number> {
  const path = hooksFilePath(ctx);
  const fs = new NodeFileSystem();
  const say = (obj: Record<string, unknown>, text: string) => ctx.io.stdout(ctx.values.json ? JSON.stringify({ file: path, ...obj }) + '\n' : text);
  const status = await vscodeHooksStatus(fs, path).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read ${path}: ${e.code ?? e.message}`);
  });
  if (action === 'status') {
    const ours = status.state === 'ours';
    say({ installed: ours, exists: status.state !== 'absent' }, ours ? `VS Code agent hooks installed: ${path}\n` : `No mistake-memory VS Code hooks at ${path}\n`);
    return 0;
  }
  if (action === 'uninstall') {
    const r = await uninstallVscodeHooks(fs, path);
    if (!r.ok) throw new InputError(`${path} holds commands that are not mistake-memory hooks; left as it is`);
    say({ changed: r.changed }, r.changed ? `Removed ${path}\n` : `No mistake-memory VS Code hooks at ${path}\n`);
    return 0;
  }
  const r = await installVscodeHooks(fs, path, { program: program(), rawPrefix: stringOpt(ctx, 'command'), args: hookArgs(ctx), windows: process.platform === 'win32' });
  if (!r.ok) throw new InputError(`${path} exists and holds other commands; not overwritten`);
  say({ changed: r.changed, text: r.text }, `${r.changed ? 'Wrote' : 'Already up to date:'} ${path}\n${r.text}`);
  return 0;
}
