import * as vscode from 'vscode';
import type { FileSystem } from '../core/ports';

/**
 * The FileSystem port over `vscode.workspace.fs`, so the store works in both extension hosts and on
 * any file system provider. Paths are POSIX URI paths under `base` (same scheme and authority).
 */
export class VscodeFileSystem implements FileSystem {
  constructor(private readonly base: vscode.Uri) {}

  uri(path: string): vscode.Uri {
    return this.base.with({ path });
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.uri(path));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    const tmp = tempName(path);
    await vscode.workspace.fs.writeFile(this.uri(tmp), data);
    try {
      await vscode.workspace.fs.rename(this.uri(tmp), this.uri(path), { overwrite: true });
    } catch (e) {
      await this.delete(tmp);
      throw e;
    }
  }

  async createExclusive(path: string, data: Uint8Array): Promise<boolean> {
    // Written under a private name first so a competing reader never sees a half-written lock file.
    const tmp = tempName(path);
    await vscode.workspace.fs.writeFile(this.uri(tmp), data);
    try {
      await vscode.workspace.fs.rename(this.uri(tmp), this.uri(path), { overwrite: false });
      return true;
    } catch (e) {
      await this.delete(tmp);
      if (e instanceof vscode.FileSystemError && e.code === 'FileExists') return false;
      // Some providers report an existing target with a generic error: decide by looking.
      if ((await this.stat(path)) !== undefined) return false;
      throw e;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: true });
  }

  async delete(path: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(path), { recursive: false, useTrash: false });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async stat(path: string): Promise<{ size: number; mtime: number } | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(this.uri(path));
      return { size: s.size, mtime: s.mtime };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async mkdirp(path: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.uri(path));
  }

  async list(path: string): Promise<string[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(this.uri(path))).map(([name]) => name);
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }

  join(...parts: string[]): string {
    return posixJoin(...parts);
  }

  dirname(path: string): string {
    return posixDirname(path);
  }
}

function isNotFound(e: unknown): boolean {
  return e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'EntryNotFound');
}

function tempName(path: string): string {
  return `${path}.${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`;
}

export function posixJoin(...parts: string[]): string {
  const joined = parts.filter((p) => p.length > 0).join('/');
  const abs = joined.startsWith('/');
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

export function posixDirname(path: string): string {
  const i = path.replace(/\/+$/, '').lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return path.slice(0, i);
}
