import { type Clock, type Logger, systemClock } from '../core/ports';
import type { ModelId, Occurrence, Pattern } from '../core/types';
import type { StoreDb } from './sqljs/db';
import { type RecordApplied, type RecordStoreOp, type StoreOp, readPattern } from './sqljs/ops';
import type { SqlJsMetadataStoreOptions } from './sqljs/options';
import { SqlJsFile } from './sqljs/persistence';
import * as q from './sqljs/queries';
import { INTERNAL_META_PREFIX } from './sqljs/schema';
import { newUid } from './sqljs/uid';
import { encodeVector } from './sqljs/vectorCodec';
import type {
  InjectionRecord,
  MetadataStore,
  OpenReport,
  PatternPatch,
  PatternQuery,
  PatternText,
  RecordOp,
  RecordResult,
  StoreStats,
  StoredVector,
} from './types';

export { StoreLockedError, StoreNotOpenError, StoreSchemaTooNewError } from './sqljs/errors';
export type { SqlJsMetadataStoreOptions } from './sqljs/options';

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
 *
 * The persistence (open, flush, refresh, recovery, checkpoint) is SqlJsFile (sqljs/persistence.ts);
 * the queries are in sqljs/queries.ts. This class turns the MetadataStore calls into operations.
 */
export class SqlJsMetadataStore implements MetadataStore {
  private readonly file: SqlJsFile;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: SqlJsMetadataStoreOptions) {
    this.file = new SqlJsFile(options);
    this.clock = options.clock ?? systemClock;
    this.logger = this.file.logger;
  }

  get version(): number {
    return this.file.version;
  }

  /** Operations not yet written to the file. */
  /** The log is past its checkpoint size and this process left the checkpoint to someone else. */
  get checkpointDue(): boolean {
    return this.file.checkpointDue;
  }

  get pendingCount(): number {
    return this.file.pendingCount;
  }

  get backupPath(): string {
    return this.file.backupPath;
  }

  get lockPath(): string {
    return this.file.lockPath;
  }

  get logPath(): string {
    return this.file.logPath;
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<OpenReport> {
    return this.file.open();
  }

  /** Flushes, then frees the database. If the flush fails the store stays open, so nothing is dropped. */
  close(): Promise<void> {
    return this.file.close();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Writes the whole database and empties the operation log (done on close, and by idle compaction). */
  compact(): Promise<void> {
    return this.file.compact();
  }

  /** Bytes of the operation log on disk (0 when absent), for stats and benchmarks. */
  logBytes(): Promise<number> {
    return this.file.logBytes();
  }

  refresh(): Promise<boolean> {
    return this.file.refresh();
  }

  /**
   * Deletes every row and vector, and the backup, corrupt copies, stale locks and temp files. The main
   * file stays, empty, carrying the time of the clear, so that a writer still holding operations from
   * before the clear drops them when it merges instead of writing them back.
   */
  clear(): Promise<void> {
    return this.file.clear();
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
    return readPattern(this.db(), id, this.file.ctx());
  }

  findBySignature(signature: string): Pattern | undefined {
    return q.findBySignature(this.db(), signature, this.file.settledBefore());
  }

  findByExternalId(externalId: string): Pattern | undefined {
    return q.findByExternalId(this.db(), externalId, this.file.settledBefore());
  }

  listPatterns(query: PatternQuery = {}): Pattern[] {
    return q.listPatterns(this.db(), query, this.file.settledBefore());
  }

  listPatternTexts(): PatternText[] {
    return q.listPatternTexts(this.db());
  }

  countPatterns(query: PatternQuery = {}): number {
    return q.countPatterns(this.db(), query);
  }

  listOccurrences(patternId?: number, limit?: number): Occurrence[] {
    return q.listOccurrences(this.db(), patternId, limit);
  }

  /** Grouped by pattern and by the model the injection was made for. */
  effectiveness(before: number): Array<{ patternId: number; model: ModelId; injections: number; successes: number; recurred: number }> {
    return q.effectiveness(this.db(), before);
  }

  loadVectors(embedderId: string): StoredVector[] {
    return q.loadVectors(this.db(), embedderId, this.file.logger);
  }

  getMeta(key: string): string | undefined {
    return q.getMeta(this.db(), key);
  }

  models(): string[] {
    return q.models(this.db());
  }

  stats(): StoreStats {
    return q.stats(this.db());
  }

  // ---------------------------------------------------------------- internals

  private db(): StoreDb {
    return this.file.requireOpen();
  }

  private signatureOf(id: number): string | undefined {
    return q.signatureOf(this.db(), id);
  }

  /** Applies an operation in memory and queues it for the next flush (only when it applied cleanly). */
  private mutate(op: StoreOp): ReturnType<SqlJsFile['mutate']> {
    return this.file.mutate(op);
  }
}
