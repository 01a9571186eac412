/**
 * A Chroma-backed VectorIndex that never loses a write and never blocks retrieval on the server.
 *
 * - Every upsert/delete/clear goes to the local embedded index first (it always holds what this
 *   process recorded), then to the primary (Chroma).
 * - A failed or timed-out primary write is queued in a backlog: the ids and the last operation per id
 *   (last writer wins), plus a pending "clear". The backlog is persisted through `BacklogPersistence`
 *   (e.g. the store's meta table), so it survives restarts; upserted vectors are kept in memory and,
 *   after a restart, found again through `resolveRecords` or `loadLocal`.
 * - While the backlog is not empty, new writes join it (so a queued clear or delete can never overtake a
 *   newer write) and queries use the embedded index, which is complete for local writes.
 * - The backlog is retried with exponential backoff and synced when the server answers again.
 * - `state` says `connected` (primary in use, nothing pending), `degraded` (server reachable but
 *   erroring, or a backlog is syncing) or `offline` (connection refused or timed out); listeners of
 *   `onDidChangeState` (status bar, dashboard) hear every change.
 */
import { withTimeout } from '../../core/timeout';
import type { Clock, Logger, VectorFilter, VectorHit, VectorIndex, VectorRecord } from '../../core/ports';
import { nullLogger, systemClock } from '../../core/ports';
import { Backlog, type BacklogOp, type BacklogPersistence } from './backlog';
import { pushBacklog } from './backlogSync';
import { EmbeddedVectorIndex } from './embeddedIndex';
import { PrimaryTimeoutError, isDimensionProblem, isUnreachable, safeMessage } from './primaryErrors';
import type { Disposable, LocalVectorCache, PrimaryIndex, ResilientIndexOptions, ResilientIndexState, VectorConnectionState } from './resilientTypes';

export type { BacklogOp, BacklogPersistence, BacklogSnapshot } from './backlog';
export { BACKLOG_META_KEY, memoryBacklogPersistence, metaBacklogPersistence, parseBacklog, storeRecordResolver } from './backlog';
export type { Disposable, LocalVectorCache, PrimaryIndex, ResilientIndexOptions, ResilientIndexState, VectorConnectionState } from './resilientTypes';

export class ResilientVectorIndex implements VectorIndex, LocalVectorCache {
  readonly kind: VectorIndex['kind'];
  private readonly primary: PrimaryIndex;
  private readonly fallback: VectorIndex;
  private readonly persistence: BacklogPersistence | undefined;
  private readonly resolveRecords: ResilientIndexOptions['resolveRecords'];
  private readonly queryTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly initialRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly retryFactor: number;
  private readonly autoRetry: boolean;
  private readonly syncBatchSize: number;
  private readonly clock: Clock;
  private readonly logger: Logger;

  private mode: VectorConnectionState = 'connected';
  private lastError: string | undefined;
  private lastContact: number | undefined;
  private readonly queue = new Backlog();
  private unresolved = 0;
  private loaded: Promise<void> | undefined;
  private syncing: Promise<boolean> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay: number;
  /** No primary attempt for reads before this time (backoff after a failure). */
  private nextAttemptAt = 0;
  private disposed = false;
  private readonly listeners = new Set<(s: ResilientIndexState) => void>();
  private lastEmitted = 'connected|0||0';

  constructor(options: ResilientIndexOptions) {
    this.primary = options.primary;
    this.kind = options.primary.kind;
    this.fallback = options.fallback ?? new EmbeddedVectorIndex();
    this.persistence = options.backlog;
    this.resolveRecords = options.resolveRecords;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 2000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
    this.initialRetryMs = options.retry?.initialMs ?? 1000;
    this.maxRetryMs = options.retry?.maxMs ?? 60_000;
    this.retryFactor = options.retry?.factor ?? 2;
    this.autoRetry = options.autoRetry ?? true;
    this.syncBatchSize = Math.max(1, options.syncBatchSize ?? 500);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? nullLogger;
    this.retryDelay = this.initialRetryMs;
  }

  // ---- state ---------------------------------------------------------------------------------

  get state(): ResilientIndexState {
    return {
      state: this.mode,
      backlog: this.backlogSize,
      lastError: this.lastError,
      lastContact: this.lastContact,
      unresolved: this.unresolved || undefined,
    };
  }

  onDidChangeState(listener: (s: ResilientIndexState) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get primaryIndex(): PrimaryIndex {
    return this.primary;
  }
  get fallbackIndex(): VectorIndex {
    return this.fallback;
  }

  /** Loads the persisted backlog (once). Every operation awaits it; call it to learn the state early. */
  init(): Promise<void> {
    this.loaded ??= (async () => {
      const snap = await this.persistence?.load().catch((e: unknown) => {
        this.logger.warn(`Could not read the Chroma backlog: ${(e as Error).message}`);
        return undefined;
      });
      if (snap) this.queue.restore(snap);
      if (this.backlogSize) {
        this.mode = 'degraded';
        this.logger.info(`${this.backlogSize} vector operation(s) wait to be synced to Chroma.`);
        this.scheduleRetry(0);
      }
      this.emit();
    })();
    return this.loaded;
  }

  // ---- VectorIndex ---------------------------------------------------------------------------

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    await this.init();
    if (!records.length) return;
    await this.fallback.upsert(records); // a bad vector throws here, before anything is queued
    if (this.shouldQueueWrites()) {
      this.enqueue(records.map((r) => r.id), 'upsert', records);
      await this.persist();
      return;
    }
    try {
      await this.guard(this.primary.upsert(records), this.writeTimeoutMs, 'upsert');
      this.contactOk();
    } catch (e) {
      this.contactFailed(e);
      this.backoff();
      if (isDimensionProblem(e)) {
        // Retrying cannot help: the collection holds another embedder's vectors (migrate or clear it).
        this.logger.error(`Chroma rejected ${records.length} vector(s) of another dimension; they stay local only: ${safeMessage(e)}`);
        this.emit();
        return;
      }
      this.enqueue(records.map((r) => r.id), 'upsert', records);
      await this.persist();
    }
    this.emit();
  }

  async delete(ids: readonly string[]): Promise<void> {
    await this.init();
    if (!ids.length) return;
    await this.fallback.delete(ids);
    if (this.shouldQueueWrites()) {
      this.enqueue(ids, 'delete');
      await this.persist();
      return;
    }
    try {
      await this.guard(this.primary.delete(ids), this.writeTimeoutMs, 'delete');
      this.contactOk();
    } catch (e) {
      this.contactFailed(e);
      this.backoff();
      this.enqueue(ids, 'delete');
      await this.persist();
    }
    this.emit();
  }

  async clear(): Promise<void> {
    await this.init();
    await this.fallback.clear();
    // Whatever was queued is superseded by the clear.
    this.queue.dropOps();
    this.unresolved = 0;
    if (this.mode !== 'offline') {
      try {
        await this.guard(this.primary.clear(), this.writeTimeoutMs, 'clear');
        this.queue.clearPending = false;
        this.contactOk();
        await this.persist();
        this.emit();
        return;
      } catch (e) {
        this.contactFailed(e);
        this.backoff();
      }
    }
    this.queue.clearPending = true;
    this.queue.clearGen++;
    await this.persist();
    this.scheduleRetry();
    this.emit();
  }

  async query(vector: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    await this.init();
    if (!(await this.primaryUsable())) return this.fallback.query(vector, k, filter);
    try {
      const hits = await this.guard(this.primary.query(vector, k, filter), this.queryTimeoutMs, 'query');
      this.contactOk();
      this.emit();
      return hits;
    } catch (e) {
      if (isDimensionProblem(e)) throw e; // the caller's mistake, not the server's
      this.contactFailed(e);
      this.backoff();
      this.scheduleRetry();
      this.emit();
      return this.fallback.query(vector, k, filter);
    }
  }

  async count(): Promise<number> {
    await this.init();
    if (!(await this.primaryUsable())) return this.fallback.count();
    try {
      const n = await this.guard(this.primary.count(), this.queryTimeoutMs, 'count');
      this.contactOk();
      this.emit();
      return n;
    } catch (e) {
      this.contactFailed(e);
      this.backoff();
      this.scheduleRetry();
      this.emit();
      return this.fallback.count();
    }
  }

  /** Fills the local index only (at open, from the store's vectors); also resolves pending upserts. */
  /** The stored vectors fill the local fallback. */
  warm(records: readonly VectorRecord[]): Promise<void> {
    return this.loadLocal(records);
  }

  async loadLocal(records: readonly VectorRecord[]): Promise<void> {
    await this.init();
    await this.fallback.upsert(records);
    let found = false;
    for (const r of records) {
      if (this.queue.opOf(r.id) === 'upsert' && !this.queue.records.has(r.id)) {
        this.queue.records.set(r.id, r);
        found = true;
      }
    }
    if (found) this.scheduleRetry(0);
  }

  /**
   * Probe the primary and push the backlog. Resolves true when nothing is pending afterwards.
   * Safe to call any time; concurrent calls share one run.
   */
  syncNow(): Promise<boolean> {
    this.syncing ??= this.runSync().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /** Stops the retry timer and forgets listeners (the backlog stays persisted). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  // ---- internals -----------------------------------------------------------------------------

  private get backlogSize(): number {
    return this.queue.size;
  }

  private shouldQueueWrites(): boolean {
    if (this.backlogSize > 0) {
      this.scheduleRetry();
      return true;
    }
    if (this.mode === 'offline') {
      this.scheduleRetry();
      return true;
    }
    return false;
  }

  private enqueue(ids: readonly string[], op: BacklogOp, records?: readonly VectorRecord[]): void {
    this.queue.add(ids, op, records);
    if (this.mode === 'connected') this.mode = 'degraded';
    this.scheduleRetry();
    this.emit();
  }

  private async runSync(): Promise<boolean> {
    await this.init();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await pushBacklog(this.queue, {
        primary: this.primary,
        batchSize: this.syncBatchSize,
        queryTimeoutMs: this.queryTimeoutMs,
        writeTimeoutMs: this.writeTimeoutMs,
        resolveRecords: this.resolveRecords,
        logger: this.logger,
        guard: (p, ms, what) => this.guard(p, ms, what),
        persist: () => this.persist(),
        setUnresolved: (n) => (this.unresolved = n),
      });
      this.contactOk();
      if (this.unresolved) {
        this.mode = 'degraded';
        this.lastError = `${this.unresolved} queued vector(s) are not available in this process; they sync once the store's vectors are loaded (or run "mistakes chroma migrate --to chroma")`;
      }
      this.retryDelay = this.initialRetryMs;
      this.nextAttemptAt = 0;
      // Writes that arrived during the sync are queued behind it: go again.
      if (this.backlogSize > this.unresolved) this.scheduleRetry(0);
      this.emit();
      return this.backlogSize === 0;
    } catch (e) {
      this.contactFailed(e);
      this.backoff();
      this.scheduleRetry();
      this.emit();
      return false;
    }
  }

  /**
   * Whether a read may go to the primary: yes when connected with nothing queued; when something is
   * queued or the server was unreachable, only after the backoff delay and a successful sync (so a
   * process without the retry timer, like the CLI, heals on its next read).
   */
  private async primaryUsable(): Promise<boolean> {
    if (this.mode !== 'offline' && this.backlogSize === 0) return true;
    if (this.clock.now() < this.nextAttemptAt) return false;
    return this.syncNow();
  }

  /** After a failure: no new attempt before the current delay; the delay grows up to the maximum. */
  private backoff(): void {
    this.nextAttemptAt = this.clock.now() + this.retryDelay;
    this.retryDelay = Math.min(this.maxRetryMs, Math.max(1, this.retryDelay * this.retryFactor));
  }

  private contactOk(): void {
    this.lastContact = this.clock.now();
    if (this.backlogSize === 0) {
      if (this.mode !== 'connected') this.logger.info('Chroma is reachable again; the vector backlog is synced.');
      this.retryDelay = this.initialRetryMs;
      this.nextAttemptAt = 0;
      this.mode = 'connected';
      this.lastError = undefined;
      this.unresolved = 0;
    } else {
      this.mode = 'degraded';
    }
  }

  private contactFailed(e: unknown): void {
    const message = safeMessage(e);
    const unreachable = isUnreachable(e);
    const next: VectorConnectionState = unreachable ? 'offline' : 'degraded';
    if (next !== this.mode || message !== this.lastError) {
      this.logger.warn(`Chroma ${unreachable ? 'unreachable' : 'error'}; using the local index (writes are queued): ${message}`);
    }
    this.mode = next;
    this.lastError = message;
  }

  private scheduleRetry(delay?: number): void {
    if (!this.autoRetry || this.disposed || this.timer) return;
    const wait = delay ?? Math.max(0, this.nextAttemptAt - this.clock.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.syncNow();
    }, wait);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async persist(): Promise<void> {
    if (!this.persistence) return;
    try {
      await this.persistence.save(this.queue.snapshot());
    } catch (e) {
      this.logger.warn(`Could not persist the Chroma backlog: ${(e as Error).message}`);
    }
  }

  private emit(): void {
    const s = this.state;
    const key = `${s.state}|${s.backlog}|${s.lastError ?? ''}|${s.unresolved ?? 0}`;
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    for (const l of [...this.listeners]) {
      try {
        l(s);
      } catch (err) {
        this.logger.error(err as Error);
      }
    }
  }

  private guard<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    return withTimeout(p, ms, () => new PrimaryTimeoutError(`Chroma ${what} took longer than ${ms} ms`));
  }
}
