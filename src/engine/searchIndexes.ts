/**
 * The two search indexes over the stored patterns and the model behind the dense one: the keyword
 * (BM25) index, rebuilt when another writer changed the store, and the vector index, filled from
 * the vectors stored with the patterns once an embedding model is loaded (lazily, on first need;
 * no model means keyword-only retrieval, never a failed capture).
 */
import type { Embedder, Logger, VectorIndex } from '../core/ports';
import type { Pattern, RetrievalMode } from '../core/types';
import { LexicalIndex, type LexicalFields } from '../search/lexical';
import type { MetadataStore, PatternText } from '../store/types';
import { patternVectorRecord } from '../store/vector/records';

export interface SearchIndexesDeps {
  readonly store: MetadataStore;
  readonly vectorIndex: VectorIndex;
  /** Called once, on first need; undefined means lexical-only retrieval. */
  readonly embedder?: () => Promise<Embedder | undefined>;
  readonly logger: Logger;
}

export class SearchIndexes {
  readonly lexical = new LexicalIndex();
  private lexicalVersion = -1;
  private vectorsLoadedFor: string | undefined;
  private embedderPromise: Promise<Embedder | undefined> | undefined;
  private embedderResolved: Embedder | undefined | null = null;

  constructor(private readonly deps: SearchIndexesDeps) {}

  get vectorIndex(): VectorIndex {
    return this.deps.vectorIndex;
  }

  get retrievalMode(): RetrievalMode {
    return this.embedderResolved ? 'hybrid' : 'lexical-only';
  }

  /** Loads the embedder once; failures mean lexical-only, never a failed capture. */
  embedder(): Promise<Embedder | undefined> {
    const factory = this.deps.embedder;
    if (!factory) return Promise.resolve(undefined);
    this.embedderPromise ??= factory().then(
      (e) => {
        this.embedderResolved = e;
        if (!e) this.deps.logger.info('No embedding model available: retrieval is lexical-only.');
        return e;
      },
      (err: unknown) => {
        this.embedderResolved = undefined;
        this.deps.logger.warn(`Embedding model could not be loaded, retrieval is lexical-only: ${(err as Error).message}`);
        return undefined;
      },
    );
    return this.embedderPromise;
  }

  /** Rebuilds the keyword index when the store changed under it (another writer, a merge). */
  ensureLexical(): void {
    const { store } = this.deps;
    if (this.lexicalVersion === store.version) return;
    this.lexical.clear();
    const texts = store.listPatternTexts ? store.listPatternTexts() : store.listPatterns({ includeArchived: false });
    for (const p of texts) this.lexical.add(String(p.id), lexicalFields(p));
    this.lexicalVersion = store.version;
  }

  indexLexically(p: Pattern): void {
    const upToDate = this.lexicalVersion !== -1;
    this.lexical.add(String(p.id), lexicalFields(p));
    // Our own write bumped the store version; the index already reflects it.
    if (upToDate) this.lexicalVersion = this.deps.store.version;
  }

  async remove(id: number, signature: string | undefined): Promise<void> {
    this.lexical.remove(String(id));
    if (signature) await this.deps.vectorIndex.delete([signature]);
    this.lexicalVersion = this.deps.store.version;
  }

  async clear(): Promise<void> {
    await this.deps.vectorIndex.clear();
    this.lexical.clear();
    this.lexicalVersion = this.deps.store.version;
    this.vectorsLoadedFor = undefined;
  }

  /** Another writer's file was merged: its new vectors are loaded again on next use. */
  vectorsChanged(): void {
    this.vectorsLoadedFor = undefined;
  }

  /** A new or changed pattern: into the keyword index and, with its vector, into the vector index. */
  async index(patterns: readonly Pattern[], opts: { embed?: boolean } = {}): Promise<void> {
    for (const p of patterns) this.indexLexically(p);
    if (opts.embed !== false) await this.embedAndIndex(patterns);
  }

  /**
   * Fills the vector index from the vectors stored with the patterns: the embedded index itself,
   * or the local fallback of a remote index (a Chroma server already holds its own copy).
   */
  async ensureVectors(embedder: Embedder): Promise<void> {
    const { store, vectorIndex } = this.deps;
    if (this.vectorsLoadedFor === embedder.id) return;
    if (!vectorIndex.warm) return;
    const stored = store.loadVectors(embedder.id);
    const byId = new Map(store.listPatterns({ includeArchived: true }).map((p) => [p.id, p]));
    const records = stored.flatMap((v) => {
      const p = byId.get(v.patternId);
      return p ? [patternVectorRecord(p, v.vector)] : [];
    });
    await vectorIndex.warm(records);
    this.vectorsLoadedFor = embedder.id;
    const have = new Set(stored.map((v) => v.patternId));
    const missing = [...byId.values()].filter((p) => !have.has(p.id));
    if (missing.length) await this.embedAndIndex(missing);
  }

  async embedAndIndex(patterns: readonly Pattern[]): Promise<void> {
    if (!patterns.length || !this.deps.embedder) return;
    const embedder = await this.embedder();
    if (!embedder) return;
    try {
      const vectors = await embedder.embed(patterns.map(embeddingText));
      for (let i = 0; i < patterns.length; i++) {
        await this.deps.store.putVector(patterns[i].id, embedder.id, vectors[i]);
      }
      await this.deps.vectorIndex.upsert(patterns.map((p, i) => patternVectorRecord(p, vectors[i])));
    } catch (e) {
      // The pattern is stored; its vector is computed again the next time vectors are loaded.
      this.deps.logger.warn(`Could not embed ${patterns.length} pattern(s): ${(e as Error).message}`);
    }
  }

  dispose(): void {
    this.deps.vectorIndex.dispose?.();
  }
}

function lexicalFields(p: PatternText): LexicalFields {
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
