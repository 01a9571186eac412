/**
 * The VectorIndex on a Chroma server (self-hosted `chroma run`, Docker, or Chroma Cloud) through the
 * `chromadb` HTTP client.
 *
 * - Two collections: `<prefix>llm_mistakes` (one record per pattern, id = the pattern id as a string)
 *   and `<prefix>successful_fixes` (before/after examples that worked, see `upsertFix`).
 * - We compute the vectors ourselves: collections are created with `embeddingFunction: null` and the
 *   cosine space (`configuration.hnsw.space`, which the 3.x client and 1.x servers support), and every
 *   call passes embeddings explicitly. Chroma answers cosine *distances*; we return similarity = 1 - d.
 * - Metadata `model`, `category`, `severity`, `frequency`, `archived` (always written, so `where`
 *   filters never meet a missing key) drive the filters: `$in` for models and categories,
 *   `archived $ne true` unless archived patterns are wanted.
 * - The client is created lazily with a dynamic import: loading this module costs nothing, so the
 *   extension can import it at activation and only pays for `chromadb` when Chroma is configured.
 * - Every request has a timeout (Chroma down or slow must not stall a capture); failures surface as
 *   errors that `ResilientVectorIndex` turns into a fallback to the embedded index.
 *
 * The auth token is sent as a header and never appears in `describe()`, errors or logs.
 */
import type { Logger, VectorFilter, VectorHit, VectorIndex, VectorRecord } from '../../core/ports';
import { withTimeout } from '../../core/timeout';
import { nullLogger } from '../../core/ports';
import {
  type ChromaClientLike,
  type ChromaCollectionLike,
  type ChromaModule,
  type WhereLike,
  fromChromaMetadata,
  mistakesWhere,
  toChromaMetadata,
  toHits,
} from './chromaClient';
import {
  type ChromaDescription,
  type ChromaIndexOptions,
  ChromaConfigError,
  ChromaTimeoutError,
  isNotFound,
  parseChromaUrl,
} from './chromaConfig';

export type { ChromaClientArgsLike, ChromaClientLike, ChromaCollectionLike, ChromaModule } from './chromaClient';
export type { ChromaDescription, ChromaIndexOptions } from './chromaConfig';
export { ChromaConfigError, ChromaTimeoutError, isChromaUnreachable, parseChromaUrl } from './chromaConfig';


/** A before/after example that fixed a pattern, for the `successful_fixes` collection. */
export interface FixRecord {
  readonly id: string;
  readonly vector: Float32Array;
  readonly patternId: number | string;
  readonly model: string;
  readonly category: string;
  /** The code before the fix (sanitized, a few lines). */
  readonly before: string;
  readonly after: string;
  readonly description?: string;
  readonly language?: string;
}

export interface FixFilter {
  readonly models?: readonly string[];
  readonly categories?: readonly string[];
  readonly patternIds?: ReadonlyArray<number | string>;
}

export interface FixHit extends VectorHit {
  readonly patternId: string;
  readonly model: string;
  readonly category: string;
  readonly before: string;
  readonly after: string;
  readonly description?: string;
  readonly language?: string;
}

export const MISTAKES_COLLECTION = 'llm_mistakes';
export const FIXES_COLLECTION = 'successful_fixes';
/** Chroma metadata strings are bounded by us, not by Chroma: keep records small. */
const MAX_CODE_CHARS = 2000;

export class ChromaVectorIndex implements VectorIndex {
  readonly kind = 'chroma' as const;
  private readonly host: string;
  private readonly port: number;
  private readonly ssl: boolean;
  private readonly tenant: string;
  private readonly database: string;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly logger: Logger;
  private readonly headers: Record<string, string>;
  private readonly loadModule: () => Promise<ChromaModule>;
  private readonly hnsw: ChromaIndexOptions['hnsw'];
  private clientPromise: Promise<ChromaClientLike> | undefined;
  private readonly collections = new Map<string, Promise<ChromaCollectionLike>>();
  private maxBatch: number | undefined;

  constructor(options: ChromaIndexOptions = {}) {
    const { host, port, ssl } = parseChromaUrl(options.url ?? 'http://localhost:8000');
    this.host = host;
    this.port = port;
    this.ssl = ssl;
    this.tenant = options.tenant?.trim() || 'default_tenant';
    this.database = options.database?.trim() || 'default_database';
    this.prefix = options.prefix ?? '';
    if (this.prefix && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(this.prefix)) {
      throw new ChromaConfigError(`Invalid Chroma collection prefix "${this.prefix}": use letters, digits, ".", "_" or "-", starting with a letter or digit`);
    }
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
    this.logger = options.logger ?? nullLogger;
    this.headers = {};
    if (options.token) {
      if ((options.tokenHeader ?? 'x-chroma-token') === 'authorization') this.headers.Authorization = `Bearer ${options.token}`;
      else this.headers['x-chroma-token'] = options.token;
    }
    this.hnsw = options.hnsw;
    this.loadModule = options.loadModule ?? (async () => (await import('chromadb')) as unknown as ChromaModule);
  }

  get mistakesCollectionName(): string {
    return this.prefix + MISTAKES_COLLECTION;
  }
  get fixesCollectionName(): string {
    return this.prefix + FIXES_COLLECTION;
  }

  describe(): ChromaDescription {
    return {
      url: `${this.ssl ? 'https' : 'http'}://${this.host}:${this.port}`,
      tenant: this.tenant,
      database: this.database,
      prefix: this.prefix,
      collections: { mistakes: this.mistakesCollectionName, fixes: this.fixesCollectionName },
      token: this.headers['x-chroma-token'] || this.headers.Authorization ? 'set' : 'none',
    };
  }

  /** Server reachable (heartbeat). Does not check tenant/database. */
  async ping(): Promise<boolean> {
    try {
      await this.call('heartbeat', async () => (await this.client()).heartbeat());
      return true;
    } catch {
      return false;
    }
  }

  /** Server version, and that the tenant, database and collection are usable (creates the collection). */
  async check(): Promise<{ version: string; count: number }> {
    const client = await this.client();
    const version = await this.call('version', () => client.version());
    const count = await this.count();
    return { version, count };
  }

  // ---- VectorIndex ---------------------------------------------------------------------------

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    if (!records.length) return;
    const dim = records[0].vector.length;
    for (const r of records) {
      if (r.vector.length !== dim) throw new ChromaConfigError(`Vector for ${r.id} has ${r.vector.length} dimensions, the batch has ${dim}`);
      if (!r.vector.every(Number.isFinite)) throw new ChromaConfigError(`Vector for ${r.id} has a non-finite component`);
    }
    const size = await this.upsertBatchSize();
    for (let i = 0; i < records.length; i += size) {
      const batch = records.slice(i, i + size);
      await this.withCollection(this.mistakesCollectionName, (c) =>
        c.upsert({
          ids: batch.map((r) => r.id),
          embeddings: batch.map((r) => Array.from(r.vector)),
          metadatas: batch.map((r) => toChromaMetadata(r.metadata)),
          ...(batch.some((r) => r.document !== undefined) ? { documents: batch.map((r) => r.document ?? '') } : {}),
        }),
      );
    }
  }

  async query(vector: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    const n = Math.floor(k);
    if (n <= 0) return [];
    if (filter?.models && !filter.models.length) return [];
    if (filter?.categories && !filter.categories.length) return [];
    const where = mistakesWhere(filter);
    const res = await this.withCollection(this.mistakesCollectionName, (c) =>
      c.query({ queryEmbeddings: [Array.from(vector)], nResults: n, where, include: ['distances', 'documents'] }),
    );
    return toHits(res.ids[0] ?? [], res.distances?.[0] ?? [], res.documents?.[0] ?? []);
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const size = await this.upsertBatchSize();
    for (let i = 0; i < ids.length; i += size) {
      const batch = ids.slice(i, i + size);
      await this.withCollection(this.mistakesCollectionName, (c) => c.delete({ ids: [...batch] }));
    }
  }

  /** Drops both collections (they are recreated, empty, on next use). */
  async clear(): Promise<void> {
    await this.dropCollection(this.mistakesCollectionName);
    await this.dropCollection(this.fixesCollectionName);
  }

  async count(): Promise<number> {
    return this.withCollection(this.mistakesCollectionName, (c) => c.count());
  }

  /** Same as clear(); named for tests and `migrate --to embedded --drop`. */
  async drop(): Promise<void> {
    await this.clear();
  }

  /**
   * One page of stored records in the server's stable order (for migrations and exports).
   * Records without an embedding are skipped.
   */
  async page(offset: number, limit: number): Promise<VectorRecord[]> {
    const res = await this.withCollection(this.mistakesCollectionName, (c) =>
      c.get({ limit, offset, include: ['embeddings', 'metadatas'] }),
    );
    const out: VectorRecord[] = [];
    res.ids.forEach((id, i) => {
      const e = res.embeddings?.[i];
      if (!e) return;
      out.push({ id, vector: Float32Array.from(e), metadata: fromChromaMetadata(res.metadatas?.[i] ?? null) });
    });
    return out;
  }

  // ---- successful_fixes ----------------------------------------------------------------------

  async upsertFix(fixes: FixRecord | readonly FixRecord[]): Promise<void> {
    const list = Array.isArray(fixes) ? (fixes as readonly FixRecord[]) : [fixes as FixRecord];
    if (!list.length) return;
    const size = await this.upsertBatchSize();
    for (let i = 0; i < list.length; i += size) {
      const batch = list.slice(i, i + size);
      await this.withCollection(this.fixesCollectionName, (c) =>
        c.upsert({
          ids: batch.map((f) => f.id),
          embeddings: batch.map((f) => Array.from(f.vector)),
          metadatas: batch.map((f) => ({
            pattern_id: String(f.patternId),
            model: f.model,
            category: f.category,
            before: f.before.slice(0, MAX_CODE_CHARS),
            after: f.after.slice(0, MAX_CODE_CHARS),
            description: f.description?.slice(0, MAX_CODE_CHARS) ?? '',
            language: f.language ?? '',
          })),
        }),
      );
    }
  }

  async queryFixes(vector: Float32Array, k: number, filter: FixFilter = {}): Promise<FixHit[]> {
    const n = Math.floor(k);
    if (n <= 0) return [];
    const clauses: WhereLike[] = [];
    if (filter.models) clauses.push({ model: { $in: [...filter.models] } });
    if (filter.categories) clauses.push({ category: { $in: [...filter.categories] } });
    if (filter.patternIds) clauses.push({ pattern_id: { $in: filter.patternIds.map(String) } });
    if (clauses.some((c) => (Object.values(c)[0] as { $in: unknown[] }).$in.length === 0)) return [];
    const where = clauses.length === 0 ? undefined : clauses.length === 1 ? clauses[0] : { $and: clauses };
    const res = await this.withCollection(this.fixesCollectionName, (c) =>
      c.query({ queryEmbeddings: [Array.from(vector)], nResults: n, where, include: ['distances', 'metadatas'] }),
    );
    const hits = toHits(res.ids[0] ?? [], res.distances?.[0] ?? []);
    const metas = res.metadatas?.[0] ?? [];
    const byId = new Map((res.ids[0] ?? []).map((id, i) => [id, metas[i] ?? {}]));
    return hits.map((h) => {
      const m = byId.get(h.id) ?? {};
      return {
        ...h,
        patternId: String(m.pattern_id ?? ''),
        model: String(m.model ?? ''),
        category: String(m.category ?? ''),
        before: String(m.before ?? ''),
        after: String(m.after ?? ''),
        description: m.description ? String(m.description) : undefined,
        language: m.language ? String(m.language) : undefined,
      };
    });
  }

  async deleteFixes(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.withCollection(this.fixesCollectionName, (c) => c.delete({ ids: [...ids] }));
  }

  async countFixes(): Promise<number> {
    return this.withCollection(this.fixesCollectionName, (c) => c.count());
  }

  // ---- internals -----------------------------------------------------------------------------

  private client(): Promise<ChromaClientLike> {
    this.clientPromise ??= this.loadModule().then(
      (m) =>
        new m.ChromaClient({
          host: this.host,
          port: this.port,
          ssl: this.ssl,
          tenant: this.tenant,
          database: this.database,
          headers: { ...this.headers },
        }),
      (e: unknown) => {
        this.clientPromise = undefined;
        throw new ChromaConfigError(`The chromadb client could not be loaded: ${(e as Error).message}`);
      },
    );
    return this.clientPromise;
  }

  private async upsertBatchSize(): Promise<number> {
    if (this.maxBatch === undefined) {
      const client = await this.client();
      try {
        this.maxBatch = client.getMaxBatchSize ? await this.call('max batch size', () => client.getMaxBatchSize!()) : this.batchSize;
      } catch {
        return this.batchSize; // asked again next time
      }
    }
    return Math.max(1, Math.min(this.batchSize, this.maxBatch || this.batchSize));
  }

  private collection(name: string): Promise<ChromaCollectionLike> {
    let p = this.collections.get(name);
    if (!p) {
      p = this.client().then((client) =>
        this.call(`open collection ${name}`, () =>
          client.getOrCreateCollection({
            name,
            embeddingFunction: null,
            configuration: {
              hnsw: {
                space: 'cosine',
                ...(this.hnsw?.efSearch ? { ef_search: this.hnsw.efSearch } : {}),
                ...(this.hnsw?.efConstruction ? { ef_construction: this.hnsw.efConstruction } : {}),
                ...(this.hnsw?.maxNeighbors ? { max_neighbors: this.hnsw.maxNeighbors } : {}),
              },
            },
            metadata: { createdBy: 'mistake-memory' },
          }),
        ),
      );
      this.collections.set(name, p);
      // A failed open is retried on the next call, not cached.
      p.catch(() => {
        if (this.collections.get(name) === p) this.collections.delete(name);
      });
    }
    return p;
  }

  /** Runs `op` on the collection; when it was deleted behind our back (404), reopens it once. */
  private async withCollection<T>(name: string, op: (c: ChromaCollectionLike) => Promise<T>): Promise<T> {
    const c = await this.collection(name);
    try {
      return await this.call(name, () => op(c));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      this.collections.delete(name);
      const again = await this.collection(name);
      return this.call(name, () => op(again));
    }
  }

  private async dropCollection(name: string): Promise<void> {
    const client = await this.client();
    this.collections.delete(name);
    try {
      await this.call(`delete collection ${name}`, () => client.deleteCollection({ name }));
    } catch (e) {
      if (!isNotFound(e) && !/does not exist|not found/i.test((e as Error).message)) throw e;
    }
  }

  /** A request with a timeout; errors keep their type and say what failed, never with the token. */
  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withTimeout(fn(), this.timeoutMs, () => new ChromaTimeoutError(`Chroma did not answer "${what}" within ${this.timeoutMs} ms`)).catch((e: unknown) => {
      this.logger.debug(`Chroma ${what} failed: ${(e as Error).message}`);
      throw e;
    });
  }
}
