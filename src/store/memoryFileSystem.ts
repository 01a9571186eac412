import type { FileSystem } from '../core/ports';

/**
 * A FileSystem in memory, POSIX-style paths. For tests (several stores sharing one instance behave like
 * several processes sharing a disk) and for a web host with nowhere to persist. Keeps copies, so callers
 * cannot alter stored bytes through a buffer they still hold.
 */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly dirs = new Set<string>(['/']);
  private lastMtime = 0;

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const f = this.files.get(normalize(path));
    return f ? f.data.slice() : undefined;
  }

  async writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    const p = normalize(path);
    this.requireParent(p);
    this.files.set(p, { data: data.slice(), mtime: this.tick() });
  }

  async createExclusive(path: string, data: Uint8Array): Promise<boolean> {
    const p = normalize(path);
    this.requireParent(p);
    if (this.files.has(p)) return false;
    this.files.set(p, { data: data.slice(), mtime: this.tick() });
    return true;
  }

  async rename(from: string, to: string): Promise<void> {
    const f = this.files.get(normalize(from));
    if (!f) throw Object.assign(new Error(`ENOENT: no such file, rename '${from}'`), { code: 'ENOENT' });
    const target = normalize(to);
    this.requireParent(target);
    this.files.delete(normalize(from));
    this.files.set(target, f);
  }

  async delete(path: string): Promise<void> {
    this.files.delete(normalize(path));
  }

  async stat(path: string): Promise<{ size: number; mtime: number } | undefined> {
    const f = this.files.get(normalize(path));
    return f ? { size: f.data.length, mtime: f.mtime } : undefined;
  }

  async mkdirp(path: string): Promise<void> {
    for (let p = normalize(path); !this.dirs.has(p); p = parentOf(p)) this.dirs.add(p);
  }

  async list(path: string): Promise<string[]> {
    const dir = normalize(path);
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p !== dir && p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  join(...parts: string[]): string {
    return normalize(parts.join('/'));
  }

  dirname(path: string): string {
    return parentOf(normalize(path));
  }

  /** Replaces a file's bytes as-is (tests: simulate corruption from outside). */
  corrupt(path: string, data: Uint8Array): void {
    this.files.set(normalize(path), { data: data.slice(), mtime: this.tick() });
  }

  private requireParent(p: string): void {
    if (!this.dirs.has(parentOf(p))) {
      throw Object.assign(new Error(`ENOENT: no such directory '${parentOf(p)}'`), { code: 'ENOENT' });
    }
  }

  /** Strictly increasing modification times, so two writes in one millisecond still differ. */
  private tick(): number {
    this.lastMtime = Math.max(Date.now(), this.lastMtime + 1);
    return this.lastMtime;
  }
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}
