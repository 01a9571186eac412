import type { SqlJsStatic } from 'sql.js';
import { type Clock, type FileSystem, type Logger, nullLogger, systemClock } from '../../core/ports';
import type { OpenReport } from '../types';
import type { StoreDb } from './db';
import { StoreLockedError, StoreNotOpenError } from './errors';
import { backupDue, checkVerdict, emptyDb, exportDb, moveAside, purgeSiblings, readLog, recoverAtOpen, tryOpen } from './files';
import { type FileStamp, NO_FILE, checkHeader, sameStamp } from './header';
import { FileLock } from './lock';
import { EMPTY_LOG, type ParsedLog, baseMatches, encodeLog, logHeader, logLine } from './oplog';
import { type ApplyContext, type StoreOp, applyOp } from './ops';
import { autoCheckpointBytes, DEFAULT_CHECKPOINT_BYTES, type SqlJsMetadataStoreOptions } from './options';
import { applyLoggedBatches, reapplyPending } from './merge';
import { schemaVersionOf } from './schema';
import { randomInt32 } from './uid';

const MINUTE = 60_000;

/**
 * The persistence side of the sqljs store (see SqlJsMetadataStore): the database held in memory, the
 * operations queued for the file, and the lifecycle (open, flush, refresh, recovery, checkpoint).
 *
 * Writes are operations (see ops.ts) applied at once in memory and queued; `flush()` takes the file
 * lock, reloads the file if another writer replaced it since we loaded it (the generation stamp in the
 * SQLite header says so without parsing the file), re-applies the queued operations on top, writes the
 * result atomically and releases the lock.
 */
export class SqlJsFile {
  private readonly fs: FileSystem;
  private readonly path: string;
  private readonly clock: Clock;
  readonly logger: Logger;
  private readonly maxContexts: number;
  private readonly backupIntervalMs: number;
  private readonly effectivenessWindowMs: number;
  private readonly lock: FileLock;

  private sql: SqlJsStatic | undefined;
  private db: StoreDb | undefined;
  private report: OpenReport | undefined;
  /** Operations applied in memory and not yet written, oldest first. */
  private pending: StoreOp[] = [];
  private seq = 0;
  /** The file state our in-memory database is based on. */
  private loaded: FileStamp = NO_FILE;
  private lastStat: { size: number; mtime: number } | undefined;
  /** Batches of the current log (based on `loaded`) that our database holds. */
  private logSeen = 0;
  private logStat: { size: number; mtime: number } | undefined;
  /** The log we last wrote, with the stat it had, so a flush need not re-read and re-parse it. */
  private logCache: { stat: { size: number; mtime: number } | undefined; log: ParsedLog } | undefined;
  private readonly checkpointBytes: number;
  /** No checkpointBytes given: the threshold grows with the database (see DEFAULT_CHECKPOINT_BYTES). */
  private readonly autoCheckpoint: boolean;
  private changeCounter = 0;
  /** The log passed the checkpoint size and this process deferred the checkpoint (deferCheckpoint). */
  private deferredCheckpoint = false;
  /** Opened with the check deferred and not yet checked: quick-check before writing the whole file. */
  private unchecked = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SqlJsMetadataStoreOptions) {
    this.fs = options.fs;
    this.path = options.path;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? nullLogger;
    this.maxContexts = options.maxContexts ?? 20;
    this.backupIntervalMs = options.backupIntervalMs ?? 10 * MINUTE;
    this.effectivenessWindowMs = options.effectivenessWindowMs ?? 24 * 60 * MINUTE;
    this.checkpointBytes = Math.max(0, options.checkpointBytes ?? DEFAULT_CHECKPOINT_BYTES);
    this.autoCheckpoint = options.checkpointBytes === undefined;
    this.lock = new FileLock(this.fs, this.lockPath, {
      staleMs: options.lockStaleMs ?? 10_000,
      timeoutMs: options.lockTimeoutMs ?? 30_000,
      logger: this.logger,
    });
  }

  get version(): number {
    return this.changeCounter;
  }

  /** A checkpoint is due and was left to someone else (see the deferCheckpoint option). */
  get checkpointDue(): boolean {
    return this.deferredCheckpoint;
  }

  /** Operations not yet written to the file. */
  get pendingCount(): number {
    return this.pending.length;
  }

  get backupPath(): string {
    return `${this.path}.bak`;
  }

  get lockPath(): string {
    return `${this.path}.lock`;
  }

  get logPath(): string {
    return `${this.path}.oplog`;
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<OpenReport> {
    return this.serial(async () => {
      if (this.db && this.report) return this.report;
      this.sql ??= await this.options.loadSqlJs();
      await this.fs.mkdirp(this.fs.dirname(this.path));
      // Stat before reading: if another writer replaces the file in between, the stale stat makes the
      // next refresh() look again rather than miss the change.
      let statBefore = await this.fs.stat(this.path);
      let bytes = await this.fs.readFile(this.path);
      if (!bytes && (statBefore || (await this.fs.stat(this.logPath)))) {
        // The file was there a moment ago, or a log continues a checkpoint of it: another writer is
        // replacing it (a rename is not atomic on every file system provider). Reading it under the
        // writers' lock sees the replaced file rather than none, which would open empty.
        const lock = await this.lock.acquire();
        try {
          statBefore = await this.fs.stat(this.path);
          bytes = await this.fs.readFile(this.path);
        } finally {
          await lock.release();
        }
      }
      let recovered: OpenReport['recovered'];
      if (!bytes) {
        this.install(emptyDb(this.sql, this.clock.now()), NO_FILE);
      } else {
        const check = this.options.openCheck ?? 'integrity_check';
        const opened = tryOpen(this.sql, bytes, check, this.path, this.clock.now());
        if (opened.ok) {
          this.install(opened.db, opened.stamp);
          this.unchecked = check === 'deferred';
        }
        else {
          const r = await recoverAtOpen(this.recoverContext(), opened.reason);
          this.install(r.db, r.stamp);
          recovered = r.recovered;
        }
      }
      this.lastStat = recovered ? undefined : statBefore;
      await this.replayLog(this.requireOpen(), this.loaded, recovered !== undefined);
      this.report = { created: !bytes, schemaVersion: schemaVersionOf(this.requireOpen().raw), recovered };
      return this.report;
    });
  }

  /** Flushes, then frees the database. If the flush fails the store stays open, so nothing is dropped. */
  close(): Promise<void> {
    return this.serial(async () => {
      if (!this.db) return;
      if (this.options.checkpointOnClose === false) {
        if (this.pending.length) await this.flushNow(false);
      } else if (this.pending.length || this.logSeen > 0) await this.flushNow(false, true);
      this.db.close();
      this.db = undefined;
      this.report = undefined;
    });
  }

  flush(): Promise<void> {
    return this.serial(() => this.flushNow(false));
  }

  /** Writes the whole database and empties the operation log (done on close, and by idle compaction). */
  compact(): Promise<void> {
    return this.serial(async () => {
      this.requireOpen();
      if (this.pending.length || this.logSeen > 0) await this.flushNow(false, true);
    });
  }

  /** Bytes of the operation log on disk (0 when absent), for stats and benchmarks. */
  async logBytes(): Promise<number> {
    return (await this.fs.stat(this.logPath))?.size ?? 0;
  }

  refresh(): Promise<boolean> {
    return this.serial(async () => {
      this.requireOpen();
      const stat = await this.fs.stat(this.path);
      const last = this.lastStat;
      if (stat && last && stat.size === last.size && stat.mtime === last.mtime) return this.catchUpLog();
      if (!stat && sameStamp(this.loaded, NO_FILE)) return false;
      const bytes = await this.fs.readFile(this.path);
      this.lastStat = stat;
      if (!bytes) return false; // gone: keep what we hold, the next flush writes it back
      const header = checkHeader(bytes);
      if (header.ok && sameStamp(header.stamp, this.loaded)) return this.catchUpLog();
      const opened = tryOpen(this.sql, bytes, 'quick_check', this.path, this.clock.now());
      if (!opened.ok) {
        this.logger.warn(`Store file ${this.path} is unreadable (${opened.reason}); keeping the copy in memory, the next flush recovers it.`);
        return false;
      }
      await this.replayLog(opened.db, opened.stamp, false);
      this.rebase(opened.db, opened.stamp);
      return true;
    });
  }

  /**
   * Deletes every row and vector, and the backup, corrupt copies, stale locks and temp files. The main
   * file stays, empty, carrying the time of the clear, so that a writer still holding operations from
   * before the clear drops them when it merges instead of writing them back.
   */
  async clear(): Promise<void> {
    const db = this.requireOpen();
    const op: StoreOp = { kind: 'clear', seq: ++this.seq, at: this.clock.now() };
    applyOp(db, op, this.ctx());
    this.pending = [op];
    this.changeCounter++;
    return this.serial(() => this.flushNow(true));
  }

  // ---------------------------------------------------------------- internals

  /** Past the checkpoint size; with deferCheckpoint, only past four times it (the checkpoint is left due). */
  private logTooLong(bytes: number): boolean {
    const limit = this.autoCheckpoint ? autoCheckpointBytes(this.loaded.size) : this.checkpointBytes;
    const defer = bytes > limit && this.options.deferCheckpoint === true && bytes <= 4 * limit;
    this.deferredCheckpoint = defer;
    return bytes > limit && !defer;
  }

  private passesDeferredCheck(): boolean {
    const verdict = checkVerdict(this.requireOpen().raw, 'quick_check');
    if (verdict === 'ok') this.unchecked = false;
    else this.logger.warn(`The mistake store in memory fails its check (${verdict}); appended the changes to ${this.logPath} instead of rewriting ${this.path}.`);
    return verdict === 'ok';
  }

  requireOpen(): StoreDb {
    if (!this.db) throw new StoreNotOpenError();
    return this.db;
  }

  /** Runs lifecycle work (open, flush, refresh, clear, close) one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  settledBefore(): number {
    return this.clock.now() - this.effectivenessWindowMs;
  }

  ctx(): ApplyContext {
    return { maxContexts: this.maxContexts, settledBefore: this.settledBefore() };
  }

  /** Applies an operation in memory and queues it for the next flush (only when it applied cleanly). */
  mutate(op: StoreOp): ReturnType<typeof applyOp> {
    const db = this.requireOpen();
    const numbered = { ...op, seq: ++this.seq } as StoreOp;
    const result = applyOp(db, numbered, this.ctx());
    this.pending.push(numbered);
    this.changeCounter++;
    return result;
  }

  private recoverContext() {
    return { fs: this.fs, path: this.path, backupPath: this.backupPath, lock: this.lock, logger: this.logger, sql: this.sql, now: () => this.clock.now() };
  }

  private install(db: StoreDb, stamp: FileStamp): void {
    const old = this.db;
    this.db = db;
    this.loaded = stamp;
    this.unchecked = false; // every other way in checks the file (or starts empty)
    this.changeCounter++;
    if (old && old !== db) old.close();
  }

  /**
   * Replaces the in-memory database with another writer's file and re-applies our pending operations on
   * top, in order. Operations made before a clear that is newer than them are dropped: the clear wins.
   */
  private rebase(base: StoreDb, stamp: FileStamp): void {
    const kept = reapplyPending(base, this.pending, this.ctx(), this.logger);
    this.pending = kept;
    this.install(base, stamp);
  }

  /**
   * Under the lock: catch up with other writers (their checkpoint, or their log batches), then append
   * our operations to the log, or write the whole database when the log would grow past
   * `checkpointBytes`, on `checkpoint`, on a clear (`purge`) and when there is no database file yet.
   */
  private async flushNow(purge: boolean, checkpoint = false): Promise<void> {
    this.requireOpen();
    if (!this.pending.length && !purge && !checkpoint) return;
    const lock = await this.lock.acquire();
    try {
      const stat = await this.fs.stat(this.path);
      const last = this.lastStat;
      const unchanged = !!stat && !!last && stat.size === last.size && stat.mtime === last.mtime;
      let verified: Uint8Array | undefined;
      let log = await this.currentLog();
      // A log based on another checkpoint than ours means the file changed, whatever its stat says.
      if (!unchanged || (log.base && !baseMatches(log, this.loaded))) {
        verified = await this.catchUpFile();
        log = await this.currentLog();
      }
      if (baseMatches(log, this.loaded)) this.applyBatches(this.requireOpen(), log.batches.slice(this.logSeen));
      else log = EMPTY_LOG; // missing, or left by a crash after a checkpoint that holds all of it
      const batch = this.pending.length ? logLine(this.pending) : '';
      const appended = (log.text || logHeader(this.loaded)) + batch;
      const tooLong = this.logTooLong(appended.length);
      let full = purge || checkpoint || this.checkpointBytes === 0 || !stat || sameStamp(this.loaded, NO_FILE) || tooLong;
      if (full) this.deferredCheckpoint = false;
      // Opened without a check: never write a damaged database over the file; our operations go to
      // the log instead (replayable; a recovering process applies them to the backup).
      if (full && !purge && stat && this.unchecked) full = this.passesDeferredCheck();
      if (!full) {
        if (!(await lock.verify())) throw new StoreLockedError(this.lockPath, 0, 'our lock was taken over during a slow flush');
        await this.fs.writeFileAtomic(this.logPath, encodeLog(appended));
        this.logSeen = log.batches.length + (batch ? 1 : 0);
        this.pending = [];
        this.logStat = await this.fs.stat(this.logPath);
        // What we wrote is what the next flush would read back: keep it instead of re-parsing it.
        this.logCache = { stat: this.logStat, log: { base: log.base ?? { ...this.loaded }, batches: [...log.batches, ...(batch ? [[] as StoreOp[]] : [])] /* only the count of batches is read back */, text: appended } };
        return;
      }
      if (!verified && unchanged && !purge && (await backupDue(this.fs, this.backupPath, this.backupIntervalMs))) verified = await this.fs.readFile(this.path);
      const db = this.requireOpen();
      const lastSeq = this.pending.length ? this.pending[this.pending.length - 1].seq : this.seq;
      const generation = (this.loaded.generation | 0) + 1;
      const token = randomInt32();
      const bytes = exportDb(db, generation, token, this.settledBefore());

      // Fencing: if our lock was judged stale and taken over (we were very slow), do not write.
      if (!(await lock.verify())) throw new StoreLockedError(this.lockPath, 0, 'our lock was taken over during a slow flush');
      if (verified && !purge && (await backupDue(this.fs, this.backupPath, this.backupIntervalMs))) await this.fs.writeFileAtomic(this.backupPath, verified);
      await this.fs.writeFileAtomic(this.path, bytes);
      this.loaded = { generation, token, size: bytes.length };
      this.pending = this.pending.filter((op) => op.seq > lastSeq);
      this.lastStat = await this.fs.stat(this.path);
      // The database now holds the whole log: start a new one (no file means empty). A crash before
      // this line leaves a log whose base is the old stamp: it is ignored at the next open, and rightly.
      await this.fs.delete(this.logPath);
      this.logSeen = 0;
      this.logStat = undefined;
      this.logCache = undefined;
      if (purge) await purgeSiblings(this.fs, this.path);
    } finally {
      await lock.release();
    }
  }

  /**
   * The database file changed under us (another writer's checkpoint, a recovery, a deletion): merge
   * with it as before the log existed. Returns the file's bytes when they proved readable (for the
   * backup).
   */
  private async catchUpFile(): Promise<Uint8Array | undefined> {
    const disk = await this.fs.readFile(this.path);
    // A file that vanished since we loaded it (moved aside by another process's recovery, deleted by
    // hand) is rewritten from memory: dropping to empty would lose what we hold. Deleting data is
    // clear()'s job, which leaves an empty file behind rather than no file.
    if (!disk) return undefined;
    const header = checkHeader(disk);
    if (header.ok && sameStamp(header.stamp, this.loaded)) return disk;
    const opened = tryOpen(this.sql, disk, 'quick_check', this.path, this.clock.now());
    if (opened.ok) {
      await this.replayLog(opened.db, opened.stamp, false);
      this.rebase(opened.db, opened.stamp);
      return disk;
    }
    // Our memory holds the last good state we saw plus our changes: better than the backup, which is
    // older. The bad file is kept for inspection.
    const aside = await moveAside(this.fs, this.path, this.clock.now(), this.path, '');
    this.logger.warn(`Store file ${this.path} was unreadable (${opened.reason}); moved it to ${aside} and rewrote it from memory.`);
    return undefined;
  }

  /** The log as on disk: our cached copy when the file is still the one we wrote, else read anew. */
  private async currentLog(): Promise<ParsedLog> {
    const st = await this.fs.stat(this.logPath);
    const c = this.logCache;
    if (c && st && c.stat && st.size === c.stat.size && st.mtime === c.stat.mtime) return c.log;
    this.logCache = undefined;
    return readLog(this.fs, this.logPath, this.logger);
  }

  /**
   * Applies the log to a database just read from `stamp`'s file. After a recovery from the backup the
   * log is applied whatever its base: its operations are replayable, and they are newer than the backup.
   */
  private async replayLog(db: StoreDb, stamp: FileStamp, recovering: boolean): Promise<void> {
    const log = await readLog(this.fs, this.logPath, this.logger);
    this.logStat = await this.fs.stat(this.logPath);
    if (!recovering && !baseMatches(log, stamp)) {
      this.logSeen = 0;
      return;
    }
    this.applyBatches(db, log.batches);
    this.logSeen = recovering && !baseMatches(log, stamp) ? 0 : log.batches.length;
    if (recovering && log.batches.length) {
      // Not part of the restored file: write them with the next flush.
      for (const batch of log.batches) for (const op of batch) this.pending.push({ ...op, seq: ++this.seq } as StoreOp);
    }
  }

  /** Other writers' batches that landed in the log since we last looked. */
  private async catchUpLog(): Promise<boolean> {
    const st = await this.fs.stat(this.logPath);
    const last = this.logStat;
    if (!st || (last && st.size === last.size && st.mtime === last.mtime)) return false;
    const log = await readLog(this.fs, this.logPath, this.logger);
    this.logStat = st;
    if (!baseMatches(log, this.loaded) || log.batches.length <= this.logSeen) return false;
    this.applyBatches(this.requireOpen(), log.batches.slice(this.logSeen));
    this.logSeen = log.batches.length;
    return true;
  }

  private applyBatches(db: StoreDb, batches: readonly StoreOp[][]): void {
    if (!batches.length) return;
    applyLoggedBatches(db, batches, this.ctx(), this.logger);
    this.changeCounter++;
  }
}
