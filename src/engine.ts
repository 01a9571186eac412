import { buildInjection as buildInjectionBlock } from './core/injection';
import { INJECTION_DEFAULTS } from './engine/inject';
import { decayWeight, evolve, shouldArchive } from './core/evolution';
import type { Clock, Embedder, FileSystem, Logger, VectorIndex } from './core/ports';
import { nullLogger, systemClock } from './core/ports';
import { modelMatches, rankCandidates } from './core/ranking';
import { sanitizeCandidateAsync, type SecretDetector } from './core/sanitizer';
import { createSecretlintDetector } from './core/secretlintAdapter';
import { errorSignature } from './core/signature';
import {
  CATEGORIES,
  type Candidate,
  type Category,
  isCategory,
  isSeverity,
  isSource,
  channelContext,
  type ModelId,
  type Occurrence,
  type Pattern,
  type RetrievalMode,
  type ScoredPattern,
  UNATTRIBUTED_MODEL,
} from './core/types';
import { LexicalIndex, type LexicalFields } from './embedding/lexical';
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
import { SqlJsMetadataStore, type SqlJsMetadataStoreOptions } from './store/sqljsStore';
import type { MetadataStore, PatternPatch, PatternQuery } from './store/types';
import { EmbeddedVectorIndex } from './store/vector/embeddedIndex';
import type { LocalVectorCache } from './store/vector/resilientIndex';
import { candidateFromDocument, patternVectorRecord } from './store/vector/records';
import type { SqlJsStatic } from 'sql.js';

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
   * Write changes to disk this long after the last one (debounced). Undefined: only on flush()
   * and close() (the CLI flushes explicitly).
   */
  readonly autoFlushMs?: number;
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
  /** Defaults to the embedded index, filled from the store's vectors. */
  readonly vectorIndex?: VectorIndex;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly config?: Partial<EngineConfig>;
  /** Finds secrets before anything is stored or embedded; secretlint's recommended rules by default. */
  readonly secretDetector?: SecretDetector;
}

interface ReadCache {
  readonly version: number;
  readonly patterns: Map<number, Pattern | undefined>;
  readonly bySignature: Map<string, Pattern | undefined>;
  readonly alwaysInject: readonly Pattern[];
  models?: string[];
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
  private readonly vectorIndex: VectorIndex;
  private readonly lexical = new LexicalIndex();
  private lexicalVersion = -1;
  private vectorsLoadedFor: string | undefined;
  private embedderPromise: Promise<Embedder | undefined> | undefined;
  private embedderResolved: Embedder | undefined | null = null;
  private readonly secretDetector: SecretDetector;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private cache: ReadCache = { version: -1, patterns: new Map(), bySignature: new Map(), alwaysInject: [] };

  constructor(private readonly options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? nullLogger;
    this.config = { ...defaultEngineConfig, ...options.config };
    this.vectorIndex = options.vectorIndex ?? new EmbeddedVectorIndex();
    this.secretDetector = options.secretDetector ?? createSecretlintDetector();
  }

  // ---- capture -------------------------------------------------------------------------------

  async record(candidate: Candidate): Promise<RecordOutcome> {
    if (!this.trackingEnabled) return { stored: false, reason: 'tracking-off' };
    if (!this.enabledCategories.includes(candidate.category)) return { stored: false, reason: 'category-off' };
    if (!candidate.description?.trim()) return { stored: false, reason: 'empty' };

    const clean = await sanitizeCandidateAsync(candidate, { detector: this.secretDetector });
    const now = candidate.timestamp ?? this.clock.now();
    const signature = errorSignature(clean);
    const model = clean.model?.trim() || UNATTRIBUTED_MODEL;
    const contexts = [clean.testId, clean.ruleId, baseName(clean.filePath), channelContext(clean.channel)].filter((c): c is string => !!c);

    const result = await this.store.record({ signature, candidate: clean, model, timestamp: now, contexts });
    let pattern = result.pattern;
    if (!result.created) {
      // A recurrence after an injection means the injection did not prevent it.
      await this.store.markRecurred(pattern.id, now - this.config.effectivenessWindowMs);
    }
    const patch = evolve(pattern, now);
    if (patch && Object.keys(patch).length) pattern = (await this.store.updatePattern(pattern.id, patch)) ?? pattern;

    this.indexLexically(pattern);
    await this.embedAndIndex([pattern]);
    this.emit({ type: 'recorded', pattern, created: result.created });
    return { stored: true, pattern, occurrence: result.occurrence, created: result.created };
  }

  // ---- retrieval -----------------------------------------------------------------------------

  async retrieve(request: string, options: RetrieveOptions = {}): Promise<RetrievalResult> {
    const k = Math.max(1, Math.min(options.k ?? this.config.defaultK, 100));
    const overFetch = 2 * k;
    const categories = options.categories;
    this.ensureLexical();

    const found = new Map<number, { pattern: Pattern; similarity?: number; lexical?: number }>();
    const keep = (p: Pattern | undefined): p is Pattern =>
      !!p && !p.archived && !p.pendingReview && (!categories || categories.includes(p.category));

    const lexHits = this.lexical.search(request, overFetch * 2);
    this.prefetch(lexHits.map((h) => Number(h.id)));
    const top = lexHits[0]?.score ?? 0;
    for (const hit of lexHits) {
      const p = this.pattern(Number(hit.id));
      if (!keep(p)) continue;
      found.set(p.id, { pattern: p, lexical: top > 0 ? hit.score / top : 0 });
      if (found.size >= overFetch) break;
    }

    let mode: RetrievalMode = 'lexical-only';
    const embedder = request.trim() ? await this.getEmbedder() : undefined;
    if (embedder) {
      mode = 'hybrid';
      try {
        await this.ensureVectors(embedder);
        const [vector] = await embedder.embed([request]);
        const dense = async (models: readonly string[] | undefined): Promise<number> => {
          const hits = await this.vectorIndex.query(vector, overFetch, { categories, includeArchived: false, models });
          this.prefetchSignatures(hits.map((h) => h.id));
          for (const hit of hits) {
            // Vector ids are error signatures; a shared index may return a teammate's pattern.
            const p = this.patternBySignature(hit.id) ?? (await this.adopt(hit.id, hit.document));
            if (!keep(p)) continue;
            const entry = found.get(p.id);
            if (entry) entry.similarity = Math.max(entry.similarity ?? -1, hit.score);
            else found.set(p.id, { pattern: p, similarity: hit.score });
          }
          return hits.length;
        };
        // The answering model's patterns (and unattributed ones) first; other models' patterns only
        // when those are too few, since ranking weighs them down anyway and lexical hits still bring
        // them in. One filtered scan instead of two full ones.
        const models = options.model ? this.modelsMatching(options.model) : undefined;
        if (!models || (await dense(models)) < k) await dense(undefined);
      } catch (e) {
        mode = 'lexical-only';
        this.logger.warn(`Dense retrieval failed, using lexical results only: ${(e as Error).message}`);
      }
    }

    for (const p of this.cached().alwaysInject) {
      if (!found.has(p.id) && (!categories || categories.includes(p.category))) found.set(p.id, { pattern: p });
    }

    const patterns = rankCandidates([...found.values()], {
      model: options.model,
      k,
      minSimilarity: options.minSimilarity ?? this.config.minSimilarity,
      otherModelWeight: this.config.otherModelWeight,
      now: this.clock.now(),
    });
    return { patterns, mode };
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
    return this.store.effectiveness(decidedBefore).map((r) => ({ ...r, successRate: rate(r.successes, r.recurred) }));
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
      this.indexLexically(p);
      if (patch.description !== undefined || patch.fixDescription !== undefined) await this.embedAndIndex([p]);
      this.emit({ type: 'changed' });
    }
    return p;
  }

  async deletePattern(id: number): Promise<void> {
    const signature = this.store.getPattern(id)?.errorSignature;
    await this.store.deletePattern(id);
    this.lexical.remove(String(id));
    if (signature) await this.vectorIndex.delete([signature]);
    this.lexicalVersion = this.store.version;
    this.emit({ type: 'changed' });
  }

  /** Archives patterns unseen for six months (run when the store opens). Returns how many. */
  async maintain(): Promise<number> {
    const now = this.clock.now();
    const stale = this.store.listPatterns({ lastSeenBefore: now - ARCHIVE_AFTER_MS, limit: 10_000 }).filter((p) => shouldArchive(p, now));
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
    const byModel: Record<string, { injections: number; successes: number; recurred: number; successRate?: number }> = {};
    for (const r of this.effectiveness()) {
      const m = (byModel[r.model] ??= { injections: 0, successes: 0, recurred: 0 });
      m.injections += r.injections;
      m.successes += r.successes;
      m.recurred += r.recurred;
    }
    for (const m of Object.values(byModel)) m.successRate = rate(m.successes, m.recurred);
    return {
      ...this.store.stats(),
      retrievalMode: this.retrievalMode,
      trackingEnabled: this.trackingEnabled,
      enabledCategories: this.enabledCategories,
      effectivenessByModel: byModel,
    };
  }

  async exportJson(): Promise<ExportBundle> {
    const patterns = this.store.listPatterns({ includeArchived: true, orderBy: 'id' });
    return {
      format: 'mistake-memory',
      version: 1,
      exportedAt: new Date(this.clock.now()).toISOString(),
      patterns: patterns.map((p) => ({ ...p, occurrences: this.store.listOccurrences(p.id, 1000) })),
    };
  }

  async exportFineTuning(): Promise<string> {
    const lines: string[] = [];
    for (const p of this.store.listPatterns({ includeArchived: true, orderBy: 'frequency', descending: true })) {
      if (!p.fixDescription && !p.goodSnippet) continue;
      const problem = [p.description, p.errorType && `Error: ${p.errorType}${p.errorMessage ? `: ${p.errorMessage}` : ''}`, p.codeSnippet && `Code:\n${p.codeSnippet}`]
        .filter(Boolean)
        .join('\n');
      const answer = [p.fixDescription, p.goodSnippet && `Corrected code:\n${p.goodSnippet}`].filter(Boolean).join('\n');
      lines.push(
        JSON.stringify({
          messages: [
            { role: 'system', content: 'You are a careful coding assistant. Avoid the mistake described and explain the fix.' },
            { role: 'user', content: problem },
            { role: 'assistant', content: answer },
          ],
          metadata: { category: p.category, severity: p.severity, model: p.modelName, frequency: p.frequency },
        }),
      );
    }
    return lines.join('\n') + (lines.length ? '\n' : '');
  }

  async importData(text: string): Promise<ImportReport> {
    const entries = parseImport(text);
    let imported = 0;
    let merged = 0;
    let skipped = 0;
    const errors: string[] = [...entries.errors];
    const wasTracking = this.trackingEnabled;
    for (const entry of entries.items) {
      const candidate = importedCandidate(entry);
      if (!candidate) {
        skipped++;
        continue;
      }
      const clean = await sanitizeCandidateAsync(candidate, { detector: this.secretDetector });
      const signature = typeof entry.errorSignature === 'string' && entry.errorSignature ? entry.errorSignature : errorSignature(clean);
      const existed = this.store.findBySignature(signature);
      const counts = importedCounts(entry);
      const result = await this.store.record({
        signature,
        candidate: clean,
        model: clean.model?.trim() || UNATTRIBUTED_MODEL,
        timestamp: counts?.lastSeen ?? this.clock.now(),
        contexts: Array.isArray(entry.contexts) ? entry.contexts.filter((c): c is string => typeof c === 'string') : [],
        counts,
      });
      if (existed) merged++;
      else imported++;
      const patch = evolve(result.pattern, this.clock.now());
      const p = patch && Object.keys(patch).length ? ((await this.store.updatePattern(result.pattern.id, patch)) ?? result.pattern) : result.pattern;
      this.indexLexically(p);
      await this.embedAndIndex([p]);
    }
    void wasTracking;
    if (imported || merged) this.emit({ type: 'changed' });
    return { imported, merged, skipped, errors: errors.slice(0, 50) };
  }

  async clear(): Promise<void> {
    await this.store.clear();
    await this.vectorIndex.clear();
    this.lexical.clear();
    this.lexicalVersion = this.store.version;
    this.vectorsLoadedFor = undefined;
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
    return this.embedderResolved ? 'hybrid' : 'lexical-only';
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

  async flush(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.afterMerge(() => this.store.flush());
  }

  async close(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    (this.vectorIndex as { dispose?: () => void }).dispose?.();
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
    if (this.store.version !== before) this.vectorsLoadedFor = undefined;
    return result;
  }

  private scheduleFlush(): void {
    const ms = this.config.autoFlushMs;
    if (ms === undefined) return;
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch((e: unknown) => this.logger.error(`Could not save the mistake store: ${(e as Error).message}`));
    }, ms);
  }

  // ---- internals -----------------------------------------------------------------------------

  private emit(e: EngineEvent): void {
    this.scheduleFlush();
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

  /** Per store version: patterns read during retrieval, always-inject patterns, model names. */
  private cached(): ReadCache {
    if (this.cache.version !== this.store.version || this.cache.patterns.size > 20_000) {
      this.cache = { version: this.store.version, patterns: new Map(), bySignature: new Map(), alwaysInject: this.store.listPatterns({ alwaysInject: true, orderBy: 'frequency', descending: true, limit: 100 }) };
    }
    return this.cache;
  }

  private prefetchSignatures(signatures: readonly string[]): void {
    const c = this.cached();
    const missing = signatures.filter((s) => !c.bySignature.has(s));
    if (!missing.length) return;
    for (const s of missing) c.bySignature.set(s, undefined);
    for (const p of this.store.listPatterns({ signatures: missing, includeArchived: true, limit: missing.length })) {
      c.bySignature.set(p.errorSignature, p);
      c.patterns.set(p.id, p);
    }
  }

  private patternBySignature(signature: string): Pattern | undefined {
    const c = this.cached();
    if (!c.bySignature.has(signature)) this.prefetchSignatures([signature]);
    return c.bySignature.get(signature);
  }

  /**
   * Brings in a pattern a teammate recorded into a shared index (its document carries the portable
   * fields and counts), so that it can be ranked, shown and injected like a local one. Not while
   * tracking is off: nothing is written then.
   */
  private async adopt(signature: string, document: string | undefined): Promise<Pattern | undefined> {
    const shared = candidateFromDocument(document);
    if (!shared || !this.trackingEnabled) return undefined;
    const clean = await sanitizeCandidateAsync(shared.candidate, { detector: this.secretDetector });
    const { pattern } = await this.store.record({
      signature,
      candidate: clean,
      model: shared.model,
      timestamp: shared.counts.lastSeen ?? this.clock.now(),
      contexts: [],
      counts: shared.counts,
    });
    this.indexLexically(pattern);
    this.scheduleFlush();
    return pattern;
  }

  /** Reads the patterns of a batch of hits in one query instead of one per hit. */
  private prefetch(ids: readonly number[]): void {
    const c = this.cached();
    const missing = ids.filter((id) => Number.isInteger(id) && !c.patterns.has(id));
    if (!missing.length) return;
    for (const id of missing) c.patterns.set(id, undefined);
    for (const p of this.store.listPatterns({ ids: missing, includeArchived: true, limit: missing.length })) c.patterns.set(p.id, p);
  }

  private pattern(id: number): Pattern | undefined {
    const c = this.cached();
    if (!c.patterns.has(id)) c.patterns.set(id, this.store.getPattern(id));
    return c.patterns.get(id);
  }

  /** Stored model names of the same family as `model`, plus unattributed (see core/ranking). */
  private modelsMatching(model: string): string[] {
    const c = this.cached();
    c.models ??= this.store.models();
    return [...new Set([UNATTRIBUTED_MODEL, model, ...c.models.filter((m) => modelMatches(m, model))])];
  }

  /** Loads the embedder once; failures mean lexical-only, never a failed capture. */
  private getEmbedder(): Promise<Embedder | undefined> {
    if (!this.options.embedder) return Promise.resolve(undefined);
    this.embedderPromise ??= this.options.embedder().then(
      (e) => {
        this.embedderResolved = e;
        if (!e) this.logger.info('No embedding model available: retrieval is lexical-only.');
        return e;
      },
      (err: unknown) => {
        this.embedderResolved = undefined;
        this.logger.warn(`Embedding model could not be loaded, retrieval is lexical-only: ${(err as Error).message}`);
        return undefined;
      },
    );
    return this.embedderPromise;
  }

  private ensureLexical(): void {
    if (this.lexicalVersion === this.store.version) return;
    this.lexical.clear();
    for (const p of this.store.listPatterns({ includeArchived: false })) this.indexLexically(p);
    this.lexicalVersion = this.store.version;
  }

  private indexLexically(p: Pattern): void {
    const upToDate = this.lexicalVersion !== -1;
    this.lexical.add(String(p.id), lexicalFields(p));
    // Our own write bumped the store version; the index already reflects it.
    if (upToDate) this.lexicalVersion = this.store.version;
  }

  /**
   * Fills the in-memory index from the vectors stored with the patterns: the embedded index itself,
   * or the local fallback of a remote index (a Chroma server already holds its own copy).
   */
  private async ensureVectors(embedder: Embedder): Promise<void> {
    if (this.vectorsLoadedFor === embedder.id) return;
    const local = (this.vectorIndex as Partial<LocalVectorCache>).loadLocal;
    if (this.vectorIndex.kind !== 'embedded' && !local) return;
    const stored = this.store.loadVectors(embedder.id);
    const byId = new Map(this.store.listPatterns({ includeArchived: true }).map((p) => [p.id, p]));
    const records = stored.flatMap((v) => {
      const p = byId.get(v.patternId);
      return p ? [patternVectorRecord(p, v.vector)] : [];
    });
    if (this.vectorIndex.kind === 'embedded') await this.vectorIndex.upsert(records);
    else await local!.call(this.vectorIndex, records);
    this.vectorsLoadedFor = embedder.id;
    const have = new Set(stored.map((v) => v.patternId));
    const missing = [...byId.values()].filter((p) => !have.has(p.id));
    if (missing.length) await this.embedAndIndex(missing);
  }

  private async embedAndIndex(patterns: readonly Pattern[]): Promise<void> {
    if (!patterns.length || !this.options.embedder) return;
    const embedder = await this.getEmbedder();
    if (!embedder) return;
    try {
      const vectors = await embedder.embed(patterns.map(embeddingText));
      for (let i = 0; i < patterns.length; i++) {
        await this.store.putVector(patterns[i].id, embedder.id, vectors[i]);
      }
      await this.vectorIndex.upsert(patterns.map((p, i) => patternVectorRecord(p, vectors[i])));
    } catch (e) {
      // The pattern is stored; its vector is computed again the next time vectors are loaded.
      this.logger.warn(`Could not embed ${patterns.length} pattern(s): ${(e as Error).message}`);
    }
  }
}

/** Everything a face needs to open the default (sql.js + embedded index) engine. */
export interface CreateEngineOptions {
  readonly fs: FileSystem;
  readonly storePath: string;
  readonly loadSqlJs: () => Promise<SqlJsStatic>;
  readonly embedder?: () => Promise<Embedder | undefined>;
  /** An index, or a factory given the opened store (a Chroma index keeps its backlog there). */
  readonly vectorIndex?: VectorIndex | ((store: MetadataStore) => VectorIndex | undefined);
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly config?: Partial<EngineConfig>;
  /** Store settings for the kind of process: short-lived ones (CLI, hooks) skip the checkpoint on close and open with quick_check. */
  readonly store?: Pick<SqlJsMetadataStoreOptions, 'checkpointOnClose' | 'openCheck'>;
}

export async function createEngine(opts: CreateEngineOptions): Promise<MistakeEngine> {
  const logger = opts.logger ?? nullLogger;
  const effectivenessWindowMs = opts.config?.effectivenessWindowMs ?? defaultEngineConfig.effectivenessWindowMs;
  // float16 vectors: half the bytes (the store target is ≤ 200 KB per 100 patterns) for an error per
  // component of at most 2^-11, far below what moves a top-10 ranking.
  const store = new SqlJsMetadataStore({ fs: opts.fs, path: opts.storePath, loadSqlJs: opts.loadSqlJs, clock: opts.clock, logger, effectivenessWindowMs, vectorEncoding: 'float16', ...opts.store });
  const report = await store.open();
  if (report.recovered) {
    logger.warn(
      `The mistake store was damaged; it was moved to ${report.recovered.movedAsideTo} and ${
        report.recovered.restoredFrom === 'backup' ? 'the last backup was restored' : 'a new, empty store was started'
      }.`,
    );
  }
  const vectorIndex = typeof opts.vectorIndex === 'function' ? opts.vectorIndex(store) : opts.vectorIndex;
  const engine = new MistakeEngine({ store, embedder: opts.embedder, vectorIndex, logger, clock: opts.clock, config: opts.config });
  await engine.maintain();
  return engine;
}

// ---- helpers -------------------------------------------------------------------------------

function rate(successes: number, recurred: number): number | undefined {
  const decided = successes + recurred;
  return decided ? successes / decided : undefined;
}

function baseName(p: string | undefined): string | undefined {
  if (!p) return undefined;
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || undefined;
}

function lexicalFields(p: Pattern): LexicalFields {
  return {
    description: p.description,
    errorType: p.errorType,
    ruleId: [p.ruleId, ...(p.cwe ?? [])].filter(Boolean).join(' '),
    message: p.errorMessage,
    fix: p.fixDescription,
    contexts: p.contexts,
  };
}

function embeddingText(p: Pattern): string {
  return [p.description, p.errorType, p.ruleId, p.fixDescription, p.errorMessage, p.codeSnippet?.slice(0, 300)]
    .filter(Boolean)
    .join('\n')
    .slice(0, 2000);
}

type ImportEntry = Record<string, unknown>;

function parseImport(text: string): { items: ImportEntry[]; errors: string[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return { items: [], errors: [] };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return { items: parsed.filter(isObject), errors: [] };
      if (isObject(parsed) && Array.isArray(parsed.patterns)) return { items: parsed.patterns.filter(isObject), errors: [] };
      if (isObject(parsed)) return { items: [parsed], errors: [] };
    } catch {
      // Not one JSON document: read it as JSON lines below.
    }
  }
  const items: ImportEntry[] = [];
  const errors: string[] = [];
  trimmed.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v: unknown = JSON.parse(line);
      if (isObject(v)) items.push(v);
      else errors.push(`line ${i + 1}: not a JSON object`);
    } catch (e) {
      errors.push(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return { items, errors };
}

function isObject(v: unknown): v is ImportEntry {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function importedCandidate(e: ImportEntry): Candidate | undefined {
  const description = str(e.description) ?? str(e.text);
  if (!description) return undefined;
  const cwe = Array.isArray(e.cwe) ? e.cwe.filter((c): c is string => typeof c === 'string') : undefined;
  return {
    description,
    category: isCategory(e.category) ? e.category : 'other',
    severity: isSeverity(e.severity) ? e.severity : 'minor',
    source: isSource(e.source) ? e.source : 'import',
    errorType: str(e.errorType),
    errorMessage: str(e.errorMessage),
    codeSnippet: str(e.codeSnippet),
    fixDescription: str(e.fixDescription),
    goodSnippet: str(e.goodSnippet),
    model: str(e.modelName) ?? str(e.model),
    ruleId: str(e.ruleId),
    cwe,
    language: str(e.language),
    externalId: str(e.externalId) ?? (typeof e.id === 'string' ? e.id : typeof e.id === 'number' && !('errorSignature' in e) ? String(e.id) : undefined),
  };
}

function importedCounts(e: ImportEntry) {
  const frequency = num(e.frequency);
  if (frequency === undefined) return undefined;
  return {
    frequency: Math.max(1, Math.floor(frequency)),
    testFailures: num(e.testFailures) ?? 0,
    userCorrections: num(e.userCorrections) ?? 0,
    firstSeen: num(e.firstSeen),
    lastSeen: num(e.lastSeen),
  };
}
