import type { FileSystem, Logger } from '../../core/ports';
import { StoreLockedError } from './errors';
import { newUid } from './uid';

/**
 * A cross-process lock made of one file created with `createExclusive` (O_EXCL on Node). It works on
 * every FileSystem the store runs on (Node fs, vscode.workspace.fs, remote file systems), which OS
 * advisory locks do not.
 *
 * The file holds `{token, at}`: a random token (no pid: pids mean nothing across machines or remote
 * hosts) and the wall-clock time it was taken. A lock older than `staleMs` belongs to a writer that
 * died mid-flush and is broken. Breaking is done by renaming the file to a unique name and checking
 * that what we moved is the stale lock we judged; if a fresh lock was moved by mistake it is put back.
 * The holder re-reads the lock right before replacing the database (`verify`), which fences off the
 * remaining window where a slow holder's lock was judged stale.
 */
export interface LockOptions {
  /** A lock older than this is considered abandoned. Flushes take milliseconds, so this is generous. */
  readonly staleMs: number;
  /** Give up (StoreLockedError) after waiting this long. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Wall clock shared with other processes; the store's injectable clock is not used here on purpose. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface LockContent {
  readonly token: string;
  readonly at: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encode(content: LockContent): Uint8Array {
  return encoder.encode(JSON.stringify(content));
}

function decode(bytes: Uint8Array | undefined): LockContent | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const v = JSON.parse(decoder.decode(bytes)) as Partial<LockContent>;
    return typeof v.token === 'string' && typeof v.at === 'number' ? { token: v.token, at: v.at } : undefined;
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FileLock {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly fs: FileSystem,
    readonly path: string,
    private readonly options: LockOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? defaultSleep;
  }

  async acquire(): Promise<LockHandle> {
    const token = newUid();
    const start = this.now();
    let delay = 4;
    for (;;) {
      if (await this.fs.createExclusive(this.path, encode({ token, at: this.now() }))) {
        return new LockHandle(this.fs, this.path, token, this.options.logger);
      }
      if (await this.breakIfStale()) continue;
      const waited = this.now() - start;
      if (waited >= this.options.timeoutMs) throw new StoreLockedError(this.path, waited);
      // Exponential backoff with jitter so writers that collided do not retry in lockstep.
      await this.sleep(delay / 2 + Math.random() * delay);
      delay = Math.min(delay * 2, 100);
    }
  }

  /** True when the lock is gone (vanished or broken) and acquiring should be retried at once. */
  private async breakIfStale(): Promise<boolean> {
    const stat = await this.fs.stat(this.path);
    if (!stat) return true;
    const bytes = await this.fs.readFile(this.path);
    if (!bytes) return true;
    const content = decode(bytes);
    const now = this.now();
    // An unreadable lock is one still being written (createExclusive then write): judge it by mtime.
    // A timestamp from the future is not trusted either.
    const takenAt = content && content.at <= now + this.options.staleMs ? content.at : stat.mtime;
    if (now - takenAt <= this.options.staleMs) return false;

    const aside = `${this.path}.stale-${newUid()}`;
    try {
      await this.fs.rename(this.path, aside);
    } catch {
      return true; // someone else moved or released it first
    }
    const moved = await this.fs.readFile(aside);
    const isTheStaleOne = moved !== undefined && (content ? decode(moved)?.token === content.token : sameBytes(moved, bytes));
    if (isTheStaleOne || !moved) {
      await this.fs.delete(aside);
      this.options.logger.warn(`Broke a stale store lock ${this.path} (taken ${now - takenAt} ms ago).`);
      return true;
    }
    // We moved a lock someone took after our read: give it back untouched.
    const restored = await this.fs.createExclusive(this.path, moved);
    await this.fs.delete(aside);
    if (!restored) this.options.logger.warn(`A fresh store lock ${this.path} was moved while breaking a stale one; its holder will notice and retry.`);
    return false;
  }
}

export class LockHandle {
  constructor(
    private readonly fs: FileSystem,
    readonly path: string,
    readonly token: string,
    private readonly logger: Logger,
  ) {}

  /** Still ours? Checked right before replacing the database file. */
  async verify(): Promise<boolean> {
    return decode(await this.fs.readFile(this.path))?.token === this.token;
  }

  async release(): Promise<void> {
    try {
      if (await this.verify()) await this.fs.delete(this.path);
      else this.logger.warn(`Store lock ${this.path} was taken over before release; leaving it to its new holder.`);
    } catch (e) {
      this.logger.warn(`Could not release store lock ${this.path}: ${(e as Error).message}`);
    }
  }
}
