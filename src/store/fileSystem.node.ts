import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';
import type { FileSystem } from '../core/ports';

export { loadSqlJsNode } from './sqljs/loadSqlJs.node';

const RETRYABLE_RENAME = new Set(['EPERM', 'EACCES', 'EBUSY']);

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The FileSystem port on Node's fs/promises (CLI, tests, desktop extension host). Files are created
 * 0600: the store holds code snippets and error messages from the user's projects.
 */
export class NodeFileSystem implements FileSystem {
  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      const buf = await fsp.readFile(path);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (e) {
      if (code(e) === 'ENOENT') return undefined;
      throw e;
    }
  }

  /**
   * Temp file in the same directory (same file system, so rename is atomic), fsync, rename over the
   * target, fsync the directory so the rename itself survives a crash. The temp name is
   * `<path>.tmp-<pid>-<random>`; the store deletes leftovers of that shape on clear.
   */
  async writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    const dir = nodePath.dirname(path);
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await withParent(dir, () => fsp.open(tmp, 'wx', 0o600));
      await handle.writeFile(data);
      await handle.sync();
      await handle.close();
      handle = undefined;
      await this.rename(tmp, path);
    } catch (e) {
      await handle?.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
    await syncDirectory(dir);
  }

  async createExclusive(path: string, data: Uint8Array): Promise<boolean> {
    try {
      await withParent(nodePath.dirname(path), () => fsp.writeFile(path, data, { flag: 'wx', mode: 0o600 }));
      return true;
    } catch (e) {
      if (code(e) === 'EEXIST') return false;
      throw e;
    }
  }

  /** Windows refuses to replace a file another process has open for a moment; retry briefly. */
  async rename(from: string, to: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.rename(from, to);
        return;
      } catch (e) {
        if (attempt >= 8 || !RETRYABLE_RENAME.has(code(e) ?? '') || process.platform !== 'win32') throw e;
        await sleep(10 * 2 ** attempt);
      }
    }
  }

  async delete(path: string): Promise<void> {
    try {
      await fsp.unlink(path);
    } catch (e) {
      if (code(e) !== 'ENOENT') throw e;
    }
  }

  async stat(path: string): Promise<{ size: number; mtime: number } | undefined> {
    try {
      const st = await fsp.stat(path);
      return { size: st.size, mtime: st.mtimeMs };
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return undefined;
      throw e;
    }
  }

  async mkdirp(path: string): Promise<void> {
    await fsp.mkdir(path, { recursive: true });
  }

  async list(path: string): Promise<string[]> {
    try {
      return await fsp.readdir(path);
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return [];
      throw e;
    }
  }

  join(...parts: string[]): string {
    return nodePath.join(...parts);
  }

  dirname(path: string): string {
    return nodePath.dirname(path);
  }
}

/** Runs a file creation, creating the parent directory only when it turns out to be missing. */
async function withParent<T>(dir: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e;
    await fsp.mkdir(dir, { recursive: true });
    return create();
  }
}

/** Best effort: Windows cannot open a directory for fsync, and some file systems refuse it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the rename then rests on the file system's own ordering.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
