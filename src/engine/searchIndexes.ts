/**
 * The two search indexes over the stored patterns and the model behind the dense one: the keyword
 * (BM25) index, brought up to date when another writer changed the store (only the patterns whose
 * text differs are indexed again; a process starts from the snapshot file beside the store when
 * there is one, see search/lexicalSnapshot.ts), and the vector index, filled from
 * the vectors stored with the patterns once an embedding model is loaded (lazily, on first need;
 * no model means keyword-only retrieval, never a failed capture).
 */
import type { Embedder, Logger, VectorIndex } from '../core/ports';
import type { Pattern, RetrievalMode } from '../core/types';
import { LexicalIndex, type LexicalFields } from '../search/lexical';
import { decodeLexicalSnapshot, snapshotOf, textHash } from '../search/lexicalSnapshot';
import type { MetadataStore, PatternText } from '../store/types';
import { patternVectorRecord } from '../store/vector/records';

export interface SearchIndexesDeps {
  readonly store: MetadataStore;
  readonly vectorIndex: VectorIndex;
  /** Called once, on first need; undefined means lexical-only retrieval. */
  readonly embedder?: () => Promise<Embedder | undefined>;
  readonly logger: Logger;
  /** Where the keyword index is kept between processes (a cache: any failure means rebuilding). */
  readonly lexicalSnapshot?: LexicalSnapshotFile;
}

export interface LexicalSnapshotFile {
  read(): Promise<Uint8Array | undefined>;
  write(bytes: Uint8Array): Promise<void>;
}

export class SearchIndexes {
  private keywords = new LexicalIndex();
  /** Hash of the text each indexed pattern was indexed with, by id. */
  private readonly hashes = new Map<string, number>();
  private lexicalVersion = -1;
  private snapshotRead = false;
  /** The snapshot file is missing, unreadable or behind what this index holds. */
  private snapshotBehind = true;
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

  get lexical(): LexicalIndex {
    return this.keywords;
  }

  /**
   * Brings the keyword index up to the store after another writer changed it (or at first use): the
   * patterns whose text differs from what was indexed are indexed again, the ones gone are removed.
   * The first call starts from the snapshot file when it is sound, and writes it back when it was
   * missing or behind, so the next process starts where this one is.
   */
  async ensureLexical(): Promise<void> {
    const { store } = this.deps;
    if (this.lexicalVersion === store.version) return;
    if (!this.snapshotRead) {
      this.snapshotRead = true;
      await this.loadSnapshot();
    }
    const version = store.version;
    const texts = store.listPatternTexts ? store.listPatternTexts() : store.listPatterns({ includeArchived: false });
    const seen = new Set<string>();
    let changed = 0;
    for (const p of texts) {
      const id = String(p.id);
      seen.add(id);
      const fields = lexicalFields(p);
      const h = hashOf(fields);
      if (this.hashes.get(id) === h) continue;
      this.keywords.add(id, fields);
      this.hashes.set(id, h);
      changed++;
    }
    for (const id of [...this.hashes.keys()]) {
      if (seen.has(id)) continue;
      this.keywords.remove(id);
      this.hashes.delete(id);
      changed++;
    }
    this.lexicalVersion = version;
    if (changed > 0) this.snapshotBehind = true;
    if (this.snapshotBehind) await this.saveSnapshot();
  }

  indexLexically(p: Pattern): void {
    // Not built yet in this process: the first search builds it from the store, this pattern
    // included, so a process that only records (an agent hook) never tokenizes anything.
    if (this.lexicalVersion === -1) return;
    const fields = lexicalFields(p);
    this.keywords.add(String(p.id), fields);
    this.hashes.set(String(p.id), hashOf(fields));
    // Our own write bumped the store version; the index already reflects it.
    this.lexicalVersion = this.deps.store.version;
  }

  private async loadSnapshot(): Promise<void> {
    const file = this.deps.lexicalSnapshot;
    if (!file) return;
    const snapshot = decodeLexicalSnapshot(await file.read().catch(() => undefined));
    if (!snapshot) return;
    this.keywords = LexicalIndex.fromState(snapshot.state);
    this.hashes.clear();
    for (const [id, h] of snapshot.hashes) this.hashes.set(id, h);
    this.snapshotBehind = false;
  }

  private async saveSnapshot(): Promise<void> {
    const file = this.deps.lexicalSnapshot;
    if (!file) return;
    try {
      await file.write(snapshotOf(this.keywords, this.hashes));
      this.snapshotBehind = false;
    } catch (e) {
      this.deps.logger.debug(`Could not write the keyword index snapshot (it is rebuilt when needed): ${(e as Error).message}`);
    }
  }

  async remove(id: number, signature: string | undefined): Promise<void> {
    this.keywords.remove(String(id));
    this.hashes.delete(String(id));
    if (signature) await this.deps.vectorIndex.delete([signature]);
    // Only an index already built is up to date now; one never built is built from the store later.
    if (this.lexicalVersion !== -1) this.lexicalVersion = this.deps.store.version;
  }

  async clear(): Promise<void> {
    await this.deps.vectorIndex.clear();
    this.keywords.clear();
    this.hashes.clear();
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

function hashOf(f: LexicalFields): number {
  return textHash([f.description, f.errorType, f.ruleId, f.message, f.fix, ...(f.contexts ?? [])]);
}

function embeddingText(p: Pattern): string {
  return [p.description, p.errorType, p.ruleId, p.fixDescription, p.errorMessage, p.codeSnippet?.slice(0, 300)]
    .filter(Boolean)
    .join('\n')
    .slice(0, 2000);
}
