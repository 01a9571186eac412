/**
 * The `chromadb` client as ChromaVectorIndex uses it (the subset of the module, so tests and bundlers
 * can pass their own), and the conversions between our records and filters and Chroma's metadata,
 * `where` clauses and query answers.
 */
import type { VectorFilter, VectorHit, VectorMetadata } from '../../core/ports';


/** The subset of the `chromadb` module we use (so tests and bundlers can pass their own). */
export interface ChromaModule {
  readonly ChromaClient: new (args: ChromaClientArgsLike) => ChromaClientLike;
}

export interface ChromaClientArgsLike {
  host?: string;
  port?: number;
  ssl?: boolean;
  tenant?: string;
  database?: string;
  headers?: Record<string, string>;
}

export type Scalar = string | number | boolean | null;
export type MetadataLike = Record<string, Scalar | undefined>;
export type WhereLike = Record<string, unknown>;

export interface ChromaCollectionLike {
  readonly id: string;
  readonly name: string;
  readonly metadata?: Record<string, unknown> | undefined;
  count(): Promise<number>;
  upsert(args: { ids: string[]; embeddings: number[][]; metadatas?: MetadataLike[]; documents?: string[] }): Promise<void>;
  query(args: {
    queryEmbeddings: number[][];
    nResults: number;
    where?: WhereLike;
    include?: string[];
  }): Promise<{
    ids: string[][];
    distances?: Array<Array<number | null>> | null;
    metadatas?: Array<Array<MetadataLike | null>> | null;
    documents?: Array<Array<string | null>> | null;
  }>;
  get(args: { ids?: string[]; limit?: number; offset?: number; where?: WhereLike; include?: string[] }): Promise<{
    ids: string[];
    embeddings?: Array<number[] | null> | null;
    metadatas?: Array<MetadataLike | null> | null;
  }>;
  delete(args: { ids: string[] }): Promise<unknown>;
}

export interface ChromaClientLike {
  heartbeat(): Promise<number>;
  version(): Promise<string>;
  getMaxBatchSize?(): Promise<number>;
  getOrCreateCollection(args: {
    name: string;
    embeddingFunction: null;
    configuration?: { hnsw?: { space?: 'cosine' | 'l2' | 'ip'; ef_search?: number; ef_construction?: number; max_neighbors?: number } };
    metadata?: Record<string, string | number | boolean>;
  }): Promise<ChromaCollectionLike>;
  deleteCollection(args: { name: string }): Promise<void>;
}

export function toChromaMetadata(m: VectorMetadata): MetadataLike {
  return {
    model: m.model,
    category: m.category,
    severity: m.severity,
    frequency: Number.isFinite(m.frequency) ? m.frequency : 0,
    archived: !!m.archived,
  };
}

export function fromChromaMetadata(m: MetadataLike | null): VectorMetadata {
  return {
    model: typeof m?.model === 'string' ? m.model : '',
    category: typeof m?.category === 'string' ? m.category : 'other',
    severity: typeof m?.severity === 'string' ? m.severity : 'minor',
    frequency: typeof m?.frequency === 'number' ? m.frequency : 0,
    archived: m?.archived === true,
  };
}

export function mistakesWhere(filter: VectorFilter | undefined): WhereLike | undefined {
  const clauses: WhereLike[] = [];
  if (!filter?.includeArchived) clauses.push({ archived: { $ne: true } });
  if (filter?.models) clauses.push({ model: { $in: [...filter.models] } });
  if (filter?.categories) clauses.push({ category: { $in: [...filter.categories] } });
  if (!clauses.length) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

export function toHits(ids: readonly string[], distances: ReadonlyArray<number | null>, documents: ReadonlyArray<string | null> = []): VectorHit[] {
  const hits: VectorHit[] = [];
  ids.forEach((id, i) => {
    const d = distances[i];
    const document = documents[i];
    if (typeof d === 'number' && Number.isFinite(d)) hits.push({ id, score: 1 - d, ...(typeof document === 'string' && document ? { document } : {}) });
  });
  return hits.sort((a, b) => b.score - a.score);
}
