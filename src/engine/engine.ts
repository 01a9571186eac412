/**
 * The facade: `MistakeEngine` implements the contract (engineApi.ts) over the use-cases in this
 * folder — the record pipeline (ingest.ts), retrieval (retrieve.ts over searchIndexes.ts and
 * readCache.ts), exchange (exchange.ts) — and owns what they share: the store, settings kept in
 * it, change events and the debounced flush.
 */
import { skipReason } from '../capture/entry';
import { decayWeight, shouldArchive } from '../core/evolution';
import { buildInjection as buildInjectionBlock } from '../core/injection';
import type { Clock, Embedder, Logger, VectorIndex } from '../core/ports';
import { nullLogger, systemClock } from '../core/ports';
import type { SecretDetector } from '../core/sanitizer';
import { createSecretlintDetector } from '../core/secretlintAdapter';
import { CATEGORIES, type Candidate, type Category, isCategory, type ModelId, type Occurrence, type Pattern, type RetrievalMode, type ScoredPattern } from '../core/types';
import { UNATTRIBUTED_MODEL } from '../core/types';
import type { MetadataStore, PatternPatch, PatternQuery } from '../store/types';
import { EmbeddedVectorIndex } from '../store/vector/embeddedIndex';
import { candidateFromDocument } from '../store/vector/records';
import type {
  Disposable,
  EffectivenessRow,
  EngineEvent,
  EngineStats,
  ExportBundle,
  ImportReport,
  Injection,
  InjectionBudget,
  MistakeMemory,
  RecordOutcome,
  RetrievalResult,
  RetrieveOptions,
} from './engineApi';
import { effectivenessByModel, exportBundle, fineTuningJsonl, importEntries, successRate } from './exchange';
import { ingest, type IngestDeps } from './ingest';
import { INJECTION_DEFAULTS } from './inject';
import { PatternReadCache } from './readCache';
import { retrievePatterns, type RetrieveDeps } from './retrieve';
import { type LexicalSnapshotFile, SearchIndexes } from './searchIndexes';
import { WriteSchedule } from './writeSchedule';

export interface EngineConfig {
  /** Patterns returned by retrieve() when the caller does not say (spec: 5 to 10). */
  readonly defaultK: number;
  readonly minSimilarity: number;
  /** Weight of patterns recorded for another model than the one answering. */
  readonly otherModelWeight: number;
  /** An injected pattern that does not recur within this window counts as a success. */
  readonly effectivenessWindowMs: number;
  readonly maxPatterns: number;
  readonly maxChars: number;
  /**
   * Write changes to disk within this long of the first unsaved one. Undefined: only on flush()
   * and close() (the CLI flushes explicitly).
   */
  readonly autoFlushMs?: number;
  /**
   * Embed a captured pattern at once (default). An agent hook sets false: loading the model would
   * cost it most of a second; the pattern is found by keywords at once, and its vector is computed
   * by the next engine that loads vectors with a model (the extension, a CLI search).
   */
  readonly embedOnRecord?: boolean;
  /**
   * After this long without a write, fold the operation log into the database (a checkpoint), so a
   * later capture's flush stays an append. Undefined: never while open (close() checkpoints).
   */
  readonly idleCompactMs?: number;
}

export const defaultEngineConfig: EngineConfig = {
  defaultK: INJECTION_DEFAULTS.k,
  minSimilarity: INJECTION_DEFAULTS.minSimilarity,
  otherModelWeight: 0.6,
  effectivenessWindowMs: 7 * 24 * 3600 * 1000,
  maxPatterns: INJECTION_DEFAULTS.maxPatterns,
  maxChars: INJECTION_DEFAULTS.maxChars,
};

export interface EngineOptions {
  readonly store: MetadataStore;
  /** Called once, on first need; undefined means lexical-only retrieval. */
  readonly embedder?: () => Promise<Embedder | undefined>;
  /** Where the keyword index is kept between processes; none: built in memory at first use. */
  readonly lexicalSnapshot?: LexicalSnapshotFile;
  /** Defaults to the embedded index, filled from the store's vectors. */
  readonly vectorIndex?: VectorIndex;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly config?: Partial<EngineConfig>;
  /** Finds secrets before anything is stored or embedded; secretlint's recommended rules by default. */
  readonly secretDetector?: SecretDetector;
}

const META_TRACKING = 'trackingEnabled';
/** Spec: archived after 6 months without being seen (core/evolution.ts decides per pattern). */
const ARCHIVE_AFTER_MS = 180 * 24 * 3600 * 1000;
const META_CATEGORIES = 'enabledCategories';
const META_FEEDBACK_PREFIX = 'feedback:';

/** The one API every face uses; see engineApi.ts for the contract. */
export class MistakeEngine implements MistakeMemory {
  private readonly store: MetadataStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly config: EngineConfig;
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly indexes: SearchIndexes;
  private readonly cache: PatternReadCache;
  private readonly ingestDeps: IngestDeps;
  private readonly retrieveDeps: RetrieveDeps;
  private readonly writes: WriteSchedule;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? nullLogger;
    this.config = { ...defaultEngineConfig, ...options.config };
    const vectorIndex = options.vectorIndex ?? new EmbeddedVectorIndex();
    this.indexes = new SearchIndexes({ store: this.store, vectorIndex, embedder: options.embedder, logger: this.logger, lexicalSnapshot: options.lexicalSnapshot });
    this.cache = new PatternReadCache(this.store);
    const now = () => this.clock.now();
    this.ingestDeps = {
      store: this.store,
      secretDetector: options.secretDetector ?? createSecretlintDetector(),
      now,
      effectivenessWindowMs: this.config.effectivenessWindowMs,
    };
    this.retrieveDeps = {
      indexes: this.indexes,
      cache: this.cache,
      logger: this.logger,
      now,
      defaultK: this.config.defaultK,
      minSimilarity: this.config.minSimilarity,
      otherModelWeight: this.config.otherModelWeight,
      adopt: (signature, document) => this.adopt(signature, document),
    };
    const store = this.store;
    this.writes = new WriteSchedule({
      autoFlushMs: this.config.autoFlushMs,
      idleCompactMs: this.config.idleCompactMs,
      flush: () => this.flush(),
      compact: store.compact ? () => this.compact() : undefined,
      logger: this.logger,
    });
  }

  // ---- capture -------------------------------------------------------------------------------

  async record(candidate: Candidate): Promise<RecordOutcome> {
    const skip = skipReason(candidate, this);
    if (skip) return { stored: false, reason: skip };

    const { pattern, occurrence, created } = await ingest(this.ingestDeps, { candidate, capture: true });
    await this.indexes.index([pattern], { embed: this.config.embedOnRecord !== false });
    this.emit({ type: 'recorded', pattern, created });
    return { stored: true, pattern, occurrence, created };
  }

  // ---- retrieval -----------------------------------------------------------------------------

  retrieve(request: string, options: RetrieveOptions = {}): Promise<RetrievalResult> {
    return retrievePatterns(this.retrieveDeps, request, options);
  }

  buildInjection(patterns: readonly (Pattern | ScoredPattern)[], budget: InjectionBudget = {}): Injection {
    return buildInjectionBlock(patterns, {
      maxPatterns: budget.maxPatterns ?? this.config.maxPatterns,
      maxChars: budget.maxChars ?? this.config.maxChars,
    });
  }

  // ---- effectiveness -------------------------------------------------------------------------

  async noteInjection(requestId: string, patternIds: readonly number[], model: ModelId): Promise<void> {
    if (!patternIds.length) return;
    await this.store.recordInjection({ requestId, patternIds, model: model || UNATTRIBUTED_MODEL, timestamp: this.clock.now() });
    this.emit({ type: 'changed' });
  }

  async noteFeedback(requestId: string, helpful: boolean): Promise<void> {
    await this.store.setMeta(META_FEEDBACK_PREFIX + requestId, helpful ? 'helpful' : 'unhelpful');
  }

  effectiveness(): EffectivenessRow[] {
    const decidedBefore = this.clock.now() - this.config.effectivenessWindowMs;
    return this.store.effectiveness(decidedBefore).map((r) => ({ ...r, successRate: successRate(r.successes, r.recurred) }));
  }

  // ---- browsing and editing ------------------------------------------------------------------

  listPatterns(query?: PatternQuery): Pattern[] {
    return this.store.listPatterns(query);
  }
  countPatterns(query?: PatternQuery): number {
    return this.store.countPatterns(query);
  }
  getPattern(id: number): Pattern | undefined {
    return this.store.getPattern(id);
  }
  listOccurrences(patternId?: number, limit?: number): Occurrence[] {
    return this.store.listOccurrences(patternId, limit);
  }

  async updatePattern(id: number, patch: PatternPatch): Promise<Pattern | undefined> {
    const p = await this.store.updatePattern(id, patch);
    if (p) {
      await this.indexes.index([p], { embed: patch.description !== undefined || patch.fixDescription !== undefined });
      this.emit({ type: 'changed' });
    }
    return p;
  }

  async deletePattern(id: number): Promise<void> {
    const signature = this.store.getPattern(id)?.errorSignature;
    await this.store.deletePattern(id);
    await this.indexes.remove(id, signature);
    this.emit({ type: 'changed' });
  }

  /** Archives patterns unseen for six months (run when the store opens). Returns how many. */
  async maintain(): Promise<number> {
    const now = this.clock.now();
    // Oldest first: the last-seen index reads only the patterns past the cut, not the whole table.
    const stale = this.store
      .listPatterns({ lastSeenBefore: now - ARCHIVE_AFTER_MS, orderBy: 'lastSeen', descending: false, limit: 10_000 })
      .filter((p) => shouldArchive(p, now));
    for (const p of stale) await this.store.updatePattern(p.id, { archived: true });
    if (stale.length) {
      this.logger.info(`Archived ${stale.length} pattern(s) not seen for six months.`);
      this.emit({ type: 'changed' });
    }
    return stale.length;
  }

  /** Relative weight of a pattern today (decays with age); exposed for the dashboard. */
  weightOf(p: Pattern): number {
    return decayWeight(p, this.clock.now());
  }

  // ---- stats, export, import, clear ----------------------------------------------------------

  async stats(): Promise<EngineStats> {
    const byModel = effectivenessByModel(this.effectiveness());
    return {
      ...this.store.stats(),
      retrievalMode: this.retrievalMode,
      trackingEnabled: this.trackingEnabled,
      enabledCategories: this.enabledCategories,
      effectivenessByModel: byModel,
    };
  }

  async exportJson(): Promise<ExportBundle> {
    return exportBundle(this.store, this.clock.now());
  }

  async exportFineTuning(): Promise<string> {
    return fineTuningJsonl(this.store);
  }

  async importData(text: string): Promise<ImportReport> {
    const report = await importEntries(text, {
      ingest: (input) => ingest(this.ingestDeps, input),
      index: (pattern) => this.indexes.index([pattern]),
      now: () => this.clock.now(),
    });
    if (report.imported || report.merged) this.emit({ type: 'changed' });
    return report;
  }

  async clear(): Promise<void> {
    await this.store.clear();
    await this.indexes.clear();
    this.emit({ type: 'cleared' });
  }

  // ---- settings ------------------------------------------------------------------------------

  get trackingEnabled(): boolean {
    return this.store.getMeta(META_TRACKING) !== 'false';
  }
  async setTrackingEnabled(enabled: boolean): Promise<void> {
    await this.store.setMeta(META_TRACKING, enabled ? 'true' : 'false');
    this.emit({ type: 'settings' });
  }

  get enabledCategories(): readonly Category[] {
    const raw = this.store.getMeta(META_CATEGORIES);
    if (!raw) return CATEGORIES;
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isCategory) : CATEGORIES;
    } catch {
      return CATEGORIES;
    }
  }
  async setEnabledCategories(categories: readonly Category[]): Promise<void> {
    await this.store.setMeta(META_CATEGORIES, JSON.stringify(categories.filter(isCategory)));
    this.emit({ type: 'settings' });
  }

  get retrievalMode(): RetrievalMode {
    return this.indexes.retrievalMode;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  onDidChange(listener: (e: EngineEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async refresh(): Promise<boolean> {
    const changed = await this.afterMerge(() => this.store.refresh());
    if (changed) this.notify({ type: 'changed' });
    return changed;
  }

  /** Folds the operation log into the database now (`mistakes compact`; idle compaction). */
  async compact(): Promise<void> {
    const store = this.store;
    if (store.compact) await this.afterMerge(() => store.compact!());
  }

  /** A checkpoint of the operation log is due and was left to someone else (a short-lived process). */
  get checkpointDue(): boolean {
    return this.store.checkpointDue === true;
  }

  async flush(): Promise<void> {
    await this.afterMerge(() => this.store.flush());
    this.writes.flushed();
  }

  async close(): Promise<void> {
    this.writes.dispose();
    this.indexes.dispose();
    await this.store.close();
    this.listeners.clear();
  }

  /**
   * A flush or refresh that merged another writer's file may renumber patterns: the lexical index
   * (keyed by id) is rebuilt on next use by its version check; vectors are keyed by signature, but
   * the other writer's new vectors are loaded again too.
   */
  private async afterMerge<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.store.version;
    const result = await fn();
    if (this.store.version !== before) this.indexes.vectorsChanged();
    return result;
  }

  // ---- internals -----------------------------------------------------------------------------

  private emit(e: EngineEvent): void {
    this.writes.changed();
    this.notify(e);
  }

  private notify(e: EngineEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        this.logger.error(err as Error);
      }
    }
  }

  /**
   * Brings in a pattern a teammate recorded into a shared index (its document carries the portable
   * fields and counts), so that it can be ranked, shown and injected like a local one. Not while
   * tracking is off: nothing is written then.
   */
  private async adopt(signature: string, document: string | undefined): Promise<Pattern | undefined> {
    const shared = candidateFromDocument(document);
    if (!shared || !this.trackingEnabled) return undefined;
    const { pattern } = await ingest(this.ingestDeps, {
      candidate: shared.candidate,
      signature,
      model: shared.model,
      timestamp: shared.counts.lastSeen ?? this.clock.now(),
      contexts: [],
      counts: shared.counts,
      evolve: false,
    });
    this.indexes.indexLexically(pattern);
    this.writes.changed();
    return pattern;
  }
}
