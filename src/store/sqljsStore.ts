import type { SqlJsStatic } from 'sql.js';
import { type Clock, type FileSystem, type Logger, nullLogger, systemClock } from '../core/ports';
import type { ModelId, Occurrence, Pattern } from '../core/types';
import { PATTERN_SELECT, type Row, StoreDb, rowToOccurrence, rowToPattern } from './sqljs/db';
import { StoreLockedError, StoreNotOpenError, StoreSchemaTooNewError } from './sqljs/errors';
import { type FileStamp, NO_FILE, checkHeader, sameStamp } from './sqljs/header';
import { FileLock } from './sqljs/lock';
import { EMPTY_LOG, type ParsedLog, baseMatches, encodeLog, logHeader, logLine, parseLog } from './sqljs/oplog';
import { type ApplyContext, type RecordApplied, type RecordStoreOp, type StoreOp, applyOp, readPattern } from './sqljs/ops';
import {
  CONNECTION_PRAGMAS,
  INTERNAL_META_PREFIX,
  LATEST_SCHEMA_VERSION,
  META_CLEARED_AT,
  migrate,
  minWriterVersionOf,
  schemaVersionOf,
} from './sqljs/schema';
import { newUid, randomInt32 } from './sqljs/uid';
import { type VectorEncoding, decodeVector, encodeVector } from './sqljs/vectorCodec';
import type {
  InjectionRecord,
  MetadataStore,
  OpenReport,
  PatternPatch,
  PatternQuery,
  RecordOp,
  RecordResult,
  StoreStats,
  StoredVector,
} from './types';

export { StoreLockedError, StoreNotOpenError, StoreSchemaTooNewError } from './sqljs/errors';

export interface SqlJsMetadataStoreOptions {
  readonly fs: FileSystem;
  /** The database file. Siblings: `<path>.oplog`, `<path>.bak`, `<path>.lock`, `<path>.corrupt-<time>`. */
  readonly path: string;
  /** Loads sql.js (Node: `loadSqlJsNode()`; web: `initSqlJs({ locateFile: () => wasmUrl })`). Called on open. */
  readonly loadSqlJs: () => Promise<SqlJsStatic>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Distinct contexts kept per pattern (most recent win). Default 20. */
  readonly maxContexts?: number;
  /**
   * The backup is refreshed at most this often (default 10 minutes; 0: every flush). It is a copy of the
   * last verified file, so a corrupt main file costs at most this much history, while frequent flushes of
   * a large store do not pay for a second full write each time.
   */
  readonly backupIntervalMs?: number;
  /** A lock older than this is considered abandoned by a crashed writer. Default 10 s. */
  readonly lockStaleMs?: number;
  /** How long a flush waits for the lock before throwing StoreLockedError. Default 30 s. */
  readonly lockTimeoutMs?: number;
  /**
   * A flush appends its operations to `<path>.oplog` (see sqljs/oplog.ts) until the log would pass
   * this many bytes; then it writes the whole database (a checkpoint) and starts a new log. So a
   * flush costs the size of the change, and the full write is paid once per this many bytes of
   * changes. Default 512 KiB; 0 writes the database on every flush (the previous behaviour).
   */
  readonly checkpointBytes?: number;
  /**
   * Whether close() writes the whole database (a checkpoint) when an operation log exists. Default
   * true, for long-lived hosts (a VS Code window) ending a session. A short-lived process (a CLI
   * command, an agent hook run on every tool call) sets false: it appends what it changed and leaves
   * the checkpoint to `checkpointBytes`, so its cost does not grow with the store.
   */
  readonly checkpointOnClose?: boolean;
  /**
   * The check a file gets when opened: `integrity_check` (default) or the cheaper `quick_check`
   * (structure and pages, not index contents; about half the time on a large store) for short-lived
   * processes that open the store many times a minute.
   */
  readonly openCheck?: 'integrity_check' | 'quick_check';
  /** An injection not followed by a recurrence for this long counts as a success. Default 24 h. */
  readonly effectivenessWindowMs?: number;
  /**
   * How `putVector` stores vectors: Float32 bytes (default) or float16 (half the size; see
   * sqljs/vectorCodec.ts). Either is read back as a Float32Array, whatever wrote it.
   */
  readonly vectorEncoding?: VectorEncoding;
}

type Opened = { ok: true; db: StoreDb; stamp: FileStamp } | { ok: false; reason: string };

const MINUTE = 60_000;

/**
 * The metadata store: one SQLite database held in memory by sql.js and persisted as one file.
 *
 * Writes are operations (see sqljs/ops.ts) applied at once in memory and queued; `flush()` takes the
 * file lock, reloads the file if another writer replaced it since we loaded it (the generation stamp in
 * the SQLite header says so without parsing the file), re-applies the queued operations on top, writes
 * the result atomically and releases the lock. Concurrent writers therefore never lose one another's
 * occurrences; the price is that ids of patterns created since the last flush can change if another
 * writer created different patterns with the same ids meanwhile (ids are reused when free). `version`
 * moves whenever that may have happened; look patterns up again by signature after a flush.
 */
export class SqlJsMetadataStore implements MetadataStore {
  private readonly fs: FileSystem;
  private readonly path: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
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
  private changeCounter = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SqlJsMetadataStoreOptions) {
    this.fs = options.fs;
    this.path = options.path;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? nullLogger;
    this.maxContexts = options.maxContexts ?? 20;
    this.backupIntervalMs = options.backupIntervalMs ?? 10 * MINUTE;
    this.effectivenessWindowMs = options.effectivenessWindowMs ?? 24 * 60 * MINUTE;
    this.checkpointBytes = Math.max(0, options.checkpointBytes ?? 512 * 1024);
    this.lock = new FileLock(this.fs, this.lockPath, {
      staleMs: options.lockStaleMs ?? 10_000,
      timeoutMs: options.lockTimeoutMs ?? 30_000,
      logger: this.logger,
    });
  }

  get version(): number {
    return this.changeCounter;
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
        this.install(this.emptyDb(), NO_FILE);
      } else {
        const opened = this.tryOpen(bytes, this.options.openCheck ?? 'integrity_check');
        if (opened.ok) this.install(opened.db, opened.stamp);
        else recovered = await this.recoverAtOpen(opened.reason);
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
      const opened = this.tryOpen(bytes, 'quick_check');
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

  // ---------------------------------------------------------------- writes

  /** `uid` (optional, beyond RecordOp) identifies the occurrence across stores, for import dedupe. */
  async record(op: RecordOp & { readonly uid?: string }): Promise<RecordResult> {
    const storeOp: RecordStoreOp = {
      kind: 'record',
      seq: 0,
      at: this.clock.now(),
      uid: op.uid ?? newUid(),
      signature: op.signature,
      candidate: op.candidate,
      model: op.model,
      timestamp: op.timestamp,
      contexts: op.contexts,
      counts: op.counts,
    };
    return this.mutate(storeOp) as RecordApplied;
  }

  async updatePattern(id: number, patch: PatternPatch): Promise<Pattern | undefined> {
    const signature = this.signatureOf(id);
    if (signature === undefined) return undefined;
    return this.mutate({ kind: 'update', seq: 0, at: this.clock.now(), signature, patch: { ...patch } }) as Pattern | undefined;
  }

  async deletePattern(id: number): Promise<void> {
    const signature = this.signatureOf(id);
    if (signature !== undefined) this.mutate({ kind: 'delete', seq: 0, at: this.clock.now(), signature });
  }

  async recordInjection(record: InjectionRecord): Promise<void> {
    const signatures = record.patternIds.map((id) => this.signatureOf(id)).filter((s): s is string => s !== undefined);
    if (!signatures.length) return;
    this.mutate({
      kind: 'inject',
      seq: 0,
      at: this.clock.now(),
      requestId: record.requestId,
      signatures,
      model: record.model,
      timestamp: record.timestamp,
    });
  }

  async markRecurred(patternId: number, since: number): Promise<number> {
    const signature = this.signatureOf(patternId);
    if (signature === undefined) return 0;
    return this.mutate({ kind: 'recurred', seq: 0, at: this.clock.now(), signature, since }) as number;
  }

  async putVector(patternId: number, embedderId: string, vector: Float32Array): Promise<void> {
    const signature = this.signatureOf(patternId);
    if (signature === undefined) {
      this.logger.debug(`putVector: no pattern ${patternId}; ignored`);
      return;
    }
    // A copy: the caller may reuse its buffer, and the operation may be replayed later.
    const data = encodeVector(vector, this.options.vectorEncoding ?? 'float32');
    this.mutate({ kind: 'vector', seq: 0, at: this.clock.now(), signature, embedderId, dim: vector.length, data });
  }

  async setMeta(key: string, value: string | undefined): Promise<void> {
    if (key.startsWith(INTERNAL_META_PREFIX)) throw new Error(`meta keys starting with "${INTERNAL_META_PREFIX}" are reserved for the store`);
    this.mutate({ kind: 'meta', seq: 0, at: this.clock.now(), key, value });
  }

  // ---------------------------------------------------------------- reads

  getPattern(id: number): Pattern | undefined {
    return readPattern(this.requireOpen(), id, this.ctx());
  }

  findBySignature(signature: string): Pattern | undefined {
    const r = this.requireOpen().get(`${PATTERN_SELECT} WHERE p.error_signature = $sig`, { $sig: signature, $settledBefore: this.settledBefore() });
    return r ? rowToPattern(r) : undefined;
  }

  findByExternalId(externalId: string): Pattern | undefined {
    const r = this.requireOpen().get(`${PATTERN_SELECT} WHERE p.external_id = $ext ORDER BY p.id LIMIT 1`, {
      $ext: externalId,
      $settledBefore: this.settledBefore(),
    });
    return r ? rowToPattern(r) : undefined;
  }

  listPatterns(query: PatternQuery = {}): Pattern[] {
    const { where, params } = buildWhere(query);
    const orderBy = query.orderBy ?? 'frequency';
    const dir = (query.descending ?? orderBy !== 'id') ? 'DESC' : 'ASC';
    // Ties: newest id first, in the same direction as the index so a scan can stop at the limit.
    const tieBreak = orderBy === 'id' ? '' : `, p.id ${dir}`;
    const sql = `${PATTERN_SELECT} ${where} ORDER BY ${ORDER_EXPR[orderBy]} ${dir}${tieBreak} LIMIT $limit OFFSET $offset`;
    const rows = this.requireOpen().all(
      sql,
      {
        ...params,
        $settledBefore: this.settledBefore(),
        $limit: query.limit ?? -1,
        $offset: Math.max(0, query.offset ?? 0),
      },
    );
    return rows.map(rowToPattern);
  }

  countPatterns(query: PatternQuery = {}): number {
    const { where, params } = buildWhere(query);
    return Number(this.requireOpen().value(`SELECT count(*) FROM mistake_patterns p ${where}`, params) ?? 0);
  }

  listOccurrences(patternId?: number, limit?: number): Occurrence[] {
    const db = this.requireOpen();
    const rows =
      patternId === undefined
        ? db.all('SELECT * FROM mistake_occurrences ORDER BY timestamp DESC, id DESC LIMIT ?', [limit ?? -1])
        : db.all('SELECT * FROM mistake_occurrences WHERE pattern_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?', [patternId, limit ?? -1]);
    return rows.map(rowToOccurrence);
  }

  /** Grouped by pattern and by the model the injection was made for. */
  effectiveness(before: number): Array<{ patternId: number; model: ModelId; injections: number; successes: number; recurred: number }> {
    return this.requireOpen()
      .all(
        `SELECT pattern_id, model, count(*) AS injections,
           sum(CASE WHEN recurred = 0 AND timestamp < $before THEN 1 ELSE 0 END) AS successes,
           sum(recurred) AS recurred
         FROM injections GROUP BY pattern_id, model ORDER BY pattern_id, model`,
        { $before: before },
      )
      .map((r) => ({
        patternId: Number(r.pattern_id),
        model: String(r.model),
        injections: Number(r.injections),
        successes: Number(r.successes),
        recurred: Number(r.recurred),
      }));
  }

  loadVectors(embedderId: string): StoredVector[] {
    const rows = this.requireOpen().arrays('SELECT pattern_id, dim, data FROM pattern_vectors WHERE embedder_id = ? ORDER BY pattern_id', [embedderId]);
    const out: StoredVector[] = [];
    for (const [patternId, dim, data] of rows) {
      const vector = data instanceof Uint8Array ? decodeVector(data, Number(dim)) : undefined;
      if (vector) out.push({ patternId: Number(patternId), vector });
      else this.logger.warn(`Skipped a stored vector of pattern ${String(patternId)}: its size fits no known encoding.`);
    }
    return out;
  }

  getMeta(key: string): string | undefined {
    const v = this.requireOpen().value('SELECT value FROM meta WHERE key = ?', [key]);
    return v === undefined || v === null ? undefined : String(v);
  }

  models(): string[] {
    return this.requireOpen()
      .all('SELECT DISTINCT model_name AS m FROM mistake_patterns')
      .map((r) => String(r.m));
  }

  stats(): StoreStats {
    const db = this.requireOpen();
    const count = (sql: string) => Number(db.value(sql) ?? 0);
    const tally = (rows: Row[]) => Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
    const byModel: Record<string, { patterns: number; occurrences: number }> = {};
    for (const r of db.all('SELECT model_name AS k, count(*) AS n FROM mistake_patterns WHERE archived = 0 GROUP BY model_name')) {
      byModel[String(r.k)] = { patterns: Number(r.n), occurrences: 0 };
    }
    for (const r of db.all('SELECT model AS k, count(*) AS n FROM mistake_occurrences GROUP BY model')) {
      (byModel[String(r.k)] ??= { patterns: 0, occurrences: 0 }).occurrences = Number(r.n);
    }
    return {
      patterns: count('SELECT count(*) FROM mistake_patterns WHERE archived = 0'),
      archivedPatterns: count('SELECT count(*) FROM mistake_patterns WHERE archived = 1'),
      occurrences: count('SELECT count(*) FROM mistake_occurrences'),
      byCategory: tally(db.all('SELECT category AS k, count(*) AS n FROM mistake_patterns WHERE archived = 0 GROUP BY category ORDER BY n DESC')),
      byModel,
      bySeverity: tally(db.all('SELECT severity AS k, count(*) AS n FROM mistake_patterns WHERE archived = 0 GROUP BY severity')),
      occurrencesPerDay: db
        .all("SELECT strftime('%Y-%m-%d', timestamp / 1000, 'unixepoch') AS day, count(*) AS n FROM mistake_occurrences GROUP BY day ORDER BY day")
        .map((r) => ({ day: String(r.day), count: Number(r.n) })),
      injections: count('SELECT count(*) FROM injections'),
      bytes: db.sizeBytes(),
    };
  }

  // ---------------------------------------------------------------- internals

  private requireOpen(): StoreDb {
    if (!this.db) throw new StoreNotOpenError();
    return this.db;
  }

  /** Runs lifecycle work (open, flush, refresh, clear, close) one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private settledBefore(): number {
    return this.clock.now() - this.effectivenessWindowMs;
  }

  private ctx(): ApplyContext {
    return { maxContexts: this.maxContexts, settledBefore: this.settledBefore() };
  }

  private signatureOf(id: number): string | undefined {
    const v = this.requireOpen().value('SELECT error_signature FROM mistake_patterns WHERE id = ?', [id]);
    return typeof v === 'string' ? v : undefined;
  }

  /** Applies an operation in memory and queues it for the next flush (only when it applied cleanly). */
  private mutate(op: StoreOp): ReturnType<typeof applyOp> {
    const db = this.requireOpen();
    const numbered = { ...op, seq: ++this.seq } as StoreOp;
    const result = applyOp(db, numbered, this.ctx());
    this.pending.push(numbered);
    this.changeCounter++;
    return result;
  }

  private emptyDb(): StoreDb {
    const sql = this.sql;
    if (!sql) throw new StoreNotOpenError();
    const raw = new sql.Database();
    migrate(raw, this.clock.now());
    raw.exec(CONNECTION_PRAGMAS);
    return new StoreDb(raw);
  }

  /**
   * Opens file bytes as a database and proves them sound: the header (magic, page size, length), an
   * integrity check, our schema (a SQLite file of another application is not ours to modify).
   * `integrity_check` on open; the cheaper `quick_check` for reloads of a file another writer of ours
   * just wrote.
   */
  private tryOpen(bytes: Uint8Array, check: 'integrity_check' | 'quick_check'): Opened {
    const header = checkHeader(bytes);
    if (!header.ok) return { ok: false, reason: header.reason };
    const sql = this.sql;
    if (!sql) throw new StoreNotOpenError();
    let raw: InstanceType<SqlJsStatic['Database']> | undefined;
    try {
      raw = new sql.Database(bytes);
      const verdict = raw.exec(`PRAGMA ${check}`)[0]?.values[0]?.[0];
      if (verdict !== 'ok') throw new Error(`${check}: ${String(verdict)}`);
      const hasTables = raw.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").length > 0;
      if (hasTables && schemaVersionOf(raw) === 0) throw new Error('a SQLite database of another application (no schema_version table)');
      const minWriter = minWriterVersionOf(raw);
      if (minWriter > LATEST_SCHEMA_VERSION) throw new StoreSchemaTooNewError(this.path, minWriter, LATEST_SCHEMA_VERSION);
      migrate(raw, this.clock.now());
      raw.exec(CONNECTION_PRAGMAS);
      return { ok: true, db: new StoreDb(raw), stamp: header.stamp };
    } catch (e) {
      raw?.close();
      if (e instanceof StoreSchemaTooNewError) throw e;
      return { ok: false, reason: (e as Error).message };
    }
  }

  private install(db: StoreDb, stamp: FileStamp): void {
    const old = this.db;
    this.db = db;
    this.loaded = stamp;
    this.changeCounter++;
    if (old && old !== db) old.close();
  }

  /**
   * Replaces the in-memory database with another writer's file and re-applies our pending operations on
   * top, in order. Operations made before a clear that is newer than them are dropped: the clear wins.
   */
  private rebase(base: StoreDb, stamp: FileStamp): void {
    const clearedAt = Number(base.value('SELECT value FROM meta WHERE key = ?', [META_CLEARED_AT]) ?? 0);
    const kept = this.pending.filter((op) => op.at >= clearedAt);
    if (kept.length < this.pending.length) {
      this.logger.info(`Dropped ${this.pending.length - kept.length} unsaved change(s) made before another window cleared the store.`);
    }
    const ctx = this.ctx();
    let moved = 0;
    for (const op of kept) {
      const before = op.kind === 'record' ? op.patternId : undefined;
      try {
        applyOp(base, op, ctx);
      } catch (e) {
        this.logger.error(`Could not re-apply a ${op.kind} change on top of another writer's data: ${(e as Error).message}`);
      }
      if (op.kind === 'record' && before !== undefined && op.patternId !== before) moved++;
    }
    if (moved) this.logger.debug(`${moved} new pattern id(s) changed while merging with another writer.`);
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
      const full =
        purge || checkpoint || this.checkpointBytes === 0 || !stat || sameStamp(this.loaded, NO_FILE) || appended.length > this.checkpointBytes;
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
      if (!verified && unchanged && !purge && (await this.backupDue())) verified = await this.fs.readFile(this.path);
      const db = this.requireOpen();
      const lastSeq = this.pending.length ? this.pending[this.pending.length - 1].seq : this.seq;
      const generation = (this.loaded.generation | 0) + 1;
      const token = randomInt32();
      const bytes = this.exportDb(db, generation, token);

      // Fencing: if our lock was judged stale and taken over (we were very slow), do not write.
      if (!(await lock.verify())) throw new StoreLockedError(this.lockPath, 0, 'our lock was taken over during a slow flush');
      if (verified && !purge && (await this.backupDue())) await this.fs.writeFileAtomic(this.backupPath, verified);
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
      if (purge) await this.purgeSiblings();
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
    const opened = this.tryOpen(disk, 'quick_check');
    if (opened.ok) {
      await this.replayLog(opened.db, opened.stamp, false);
      this.rebase(opened.db, opened.stamp);
      return disk;
    }
    // Our memory holds the last good state we saw plus our changes: better than the backup, which is
    // older. The bad file is kept for inspection.
    const aside = await this.moveAside(this.path, '');
    this.logger.warn(`Store file ${this.path} was unreadable (${opened.reason}); moved it to ${aside} and rewrote it from memory.`);
    return undefined;
  }

  /** The log as on disk: our cached copy when the file is still the one we wrote, else read anew. */
  private async currentLog(): Promise<ParsedLog> {
    const st = await this.fs.stat(this.logPath);
    const c = this.logCache;
    if (c && st && c.stat && st.size === c.stat.size && st.mtime === c.stat.mtime) return c.log;
    this.logCache = undefined;
    return this.readLog();
  }

  private async readLog(): Promise<ParsedLog> {
    let log: ParsedLog;
    try {
      log = parseLog(await this.fs.readFile(this.logPath));
    } catch (e) {
      log = { ...EMPTY_LOG, damaged: (e as Error).message };
    }
    if (log.damaged) this.logger.warn(`Store log ${this.logPath} is damaged (${log.damaged}); kept the ${log.batches.length} readable change batch(es).`);
    return log;
  }

  /**
   * Applies the log to a database just read from `stamp`'s file. After a recovery from the backup the
   * log is applied whatever its base: its operations are replayable, and they are newer than the backup.
   */
  private async replayLog(db: StoreDb, stamp: FileStamp, recovering: boolean): Promise<void> {
    const log = await this.readLog();
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
    const log = await this.readLog();
    this.logStat = st;
    if (!baseMatches(log, this.loaded) || log.batches.length <= this.logSeen) return false;
    this.applyBatches(this.requireOpen(), log.batches.slice(this.logSeen));
    this.logSeen = log.batches.length;
    return true;
  }

  private applyBatches(db: StoreDb, batches: readonly StoreOp[][]): void {
    if (!batches.length) return;
    const ctx = this.ctx();
    for (const batch of batches) {
      for (const op of batch) {
        // Another writer's change made before a clear we hold (ours, not yet merged) stays cleared.
        const clearedAt = Number(db.value('SELECT value FROM meta WHERE key = ?', [META_CLEARED_AT]) ?? 0);
        if (op.at < clearedAt) continue;
        try {
          applyOp(db, op, ctx);
        } catch (e) {
          this.logger.error(`Could not apply a logged ${op.kind} change: ${(e as Error).message}`);
        }
      }
    }
    this.changeCounter++;
  }

  private exportDb(db: StoreDb, generation: number, token: number): Uint8Array {
    db.exec(`PRAGMA user_version = ${generation}; PRAGMA application_id = ${token};`);
    if (Number(db.value('PRAGMA freelist_count')) > 0) db.exec('PRAGMA incremental_vacuum');
    // A denormalised copy for readers of the raw file; the store itself computes it on read.
    db.run(
      `UPDATE mistake_patterns SET success_count =
         (SELECT count(*) FROM injections i WHERE i.pattern_id = mistake_patterns.id AND i.recurred = 0 AND i.timestamp < $before)
       WHERE injected_count > 0`,
      { $before: this.settledBefore() },
    );
    return db.raw.export();
  }

  private async backupDue(): Promise<boolean> {
    if (this.backupIntervalMs <= 0) return true;
    const st = await this.fs.stat(this.backupPath);
    // File times are wall-clock times, whatever clock the store was given.
    return !st || Date.now() - st.mtime >= this.backupIntervalMs;
  }

  /** Renames a bad file to `<path>.corrupt-<UTC time>[suffix]`, never overwriting an earlier one. */
  private async moveAside(file: string, suffix: string): Promise<string> {
    const time = new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-');
    let target = `${this.path}.corrupt-${time}${suffix}`;
    for (let i = 2; await this.fs.stat(target); i++) target = `${this.path}.corrupt-${time}-${i}${suffix}`;
    await this.fs.rename(file, target);
    return target;
  }

  private async recoverAtOpen(reason: string): Promise<OpenReport['recovered']> {
    const lock = await this.lock.acquire();
    try {
      // Another process may have recovered the file while we waited for the lock.
      const again = await this.fs.readFile(this.path);
      if (!again) {
        this.install(this.emptyDb(), NO_FILE);
        return undefined;
      }
      const reopened = this.tryOpen(again, 'integrity_check');
      if (reopened.ok) {
        this.install(reopened.db, reopened.stamp);
        return undefined;
      }
      const movedAsideTo = await this.moveAside(this.path, '');
      this.logger.warn(`Store file ${this.path} is unreadable (${reason}); moved it to ${movedAsideTo}.`);
      const backup = await this.fs.readFile(this.backupPath);
      if (backup) {
        const fromBackup = this.tryOpen(backup, 'integrity_check');
        if (fromBackup.ok) {
          await this.fs.writeFileAtomic(this.path, backup);
          this.install(fromBackup.db, fromBackup.stamp);
          this.logger.warn(`Restored the store from its backup ${this.backupPath}.`);
          return { movedAsideTo, restoredFrom: 'backup' };
        }
        const backupAside = await this.moveAside(this.backupPath, '.bak');
        this.logger.warn(`The backup is unreadable too (${fromBackup.reason}); moved it to ${backupAside}. Starting empty.`);
      }
      this.install(this.emptyDb(), NO_FILE);
      return { movedAsideTo, restoredFrom: 'empty' };
    } finally {
      await lock.release();
    }
  }

  /** After a clear: every file next to the store that may hold its data, except the store and our lock. */
  private async purgeSiblings(): Promise<void> {
    const dir = this.fs.dirname(this.path);
    const base = this.path.slice(dir.length).replace(/^[\\/]+/, '');
    // Temp files of both FileSystem implementations: `<base>.tmp-*` (Node) and `<base>.*.tmp` (vscode).
    const doomed = new RegExp(`^${escapeRegExp(base)}(\\.bak|\\.corrupt-.*|\\.tmp-.*|\\..*\\.tmp|\\.lock\\.stale-.*|-journal|-wal|-shm)$`);
    for (const name of await this.fs.list(dir)) {
      if (doomed.test(name)) await this.fs.delete(this.fs.join(dir, name));
    }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ORDER_EXPR: Record<NonNullable<PatternQuery['orderBy']>, string> = {
  frequency: 'p.frequency',
  lastSeen: 'p.last_seen',
  firstSeen: 'p.first_seen',
  severity: "CASE p.severity WHEN 'critical' THEN 3 WHEN 'major' THEN 2 WHEN 'minor' THEN 1 ELSE 0 END",
  id: 'p.id',
  // Always-inject first, then severity, then frequency: one sort key (frequency stays far below 1e9).
  priority: "p.always_inject * 1e12 + (CASE p.severity WHEN 'critical' THEN 3 WHEN 'major' THEN 2 WHEN 'minor' THEN 1 ELSE 0 END) * 1e9 + p.frequency",
};

function buildWhere(query: PatternQuery): { where: string; params: Record<string, string | number> } {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (values === undefined) return;
    if (values.length === 0) {
      clauses.push('0');
      return;
    }
    const names = values.map((v, i) => {
      params[`$${name}${i}`] = v;
      return `$${name}${i}`;
    });
    clauses.push(`${column} IN (${names.join(', ')})`);
  };
  inList('p.model_name', 'model', query.models);
  inList('p.id', 'id', query.ids?.map(String));
  inList('p.error_signature', 'sig', query.signatures);
  inList('p.category', 'category', query.categories);
  inList('p.severity', 'severity', query.severities);
  inList('p.source', 'source', query.sources);
  inList('p.language', 'language', query.languages);
  if (query.projectPath !== undefined) {
    clauses.push('p.id IN (SELECT pattern_id FROM mistake_occurrences WHERE project_path = $project)');
    params.$project = query.projectPath;
  }
  const context = query.context?.trim().toLowerCase();
  if (context) {
    // contexts is a JSON array of strings: the entry, quoted, is a whole element.
    clauses.push('instr(lower(p.contexts), $context) > 0');
    params.$context = JSON.stringify(context);
  }
  if (query.alwaysInject !== undefined) clauses.push(query.alwaysInject ? 'p.always_inject = 1' : 'p.always_inject = 0');
  if (query.pendingReview !== undefined) clauses.push(query.pendingReview ? "p.review_status = 'pending'" : 'p.review_status IS NULL');
  if (query.lastSeenBefore !== undefined && Number.isFinite(query.lastSeenBefore)) {
    clauses.push('p.last_seen < $lastSeenBefore');
    params.$lastSeenBefore = query.lastSeenBefore;
  }
  if (query.onlyArchived) clauses.push('p.archived = 1');
  else if (!query.includeArchived) clauses.push('p.archived = 0');
  const text = query.text?.trim().toLowerCase();
  if (text) {
    clauses.push(
      "instr(lower(p.description || ' ' || coalesce(p.error_type, '') || ' ' || coalesce(p.rule_id, '') || ' ' || coalesce(p.error_message, '')), $text) > 0",
    );
    params.$text = text;
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
