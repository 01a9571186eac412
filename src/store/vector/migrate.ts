/**
 * Copying vectors between the embedded side (the store's `pattern_vectors`) and a Chroma collection, in
 * both directions: in batches, with progress, cancellable, resumable from a checkpoint, idempotent
 * (every write is an upsert keyed by error signature, so running a migration twice, or resuming one that was
 * interrupted after a batch was written but before its checkpoint was saved, changes nothing).
 *
 *   embedded → Chroma:  migrateVectors(storeVectorSource(store, embedderId), indexSink(chroma), ...)
 *   Chroma → embedded:  migrateVectors(chroma, storeVectorSink(store, embedderId), ...)
 *
 * Sources are read in a stable order (pattern id for the store, Chroma's own order for a collection)
 * and the checkpoint is the offset of the next record.
 */
import { patternVectorRecord } from './records';
import type { Cancellation, VectorIndex, VectorRecord } from '../../core/ports';
import type { MetadataStore } from '../types';

export interface VectorSource {
  /** Records available (for progress). */
  count(): Promise<number>;
  /** Up to `limit` records from `offset`, in a stable order; fewer means the end. */
  page(offset: number, limit: number): Promise<readonly VectorRecord[]>;
}

export interface VectorSink {
  /** Writes (upserts) the records; returns how many were written (the rest were skipped). */
  write(records: readonly VectorRecord[]): Promise<number>;
}

export interface CheckpointStore {
  load(key: string): Promise<number | undefined>;
  save(key: string, offset: number | undefined): Promise<void>;
}

export interface MigrationProgress {
  /** Records read so far (including those read before a resume). */
  readonly done: number;
  readonly total: number;
  readonly written: number;
  readonly skipped: number;
  readonly fraction: number;
  readonly message: string;
}

export interface MigrateOptions {
  /** Records per batch (default 256). */
  readonly batchSize?: number;
  readonly onProgress?: (p: MigrationProgress) => void;
  readonly token?: Cancellation;
  /** Where to keep the resume offset; the key names this migration (direction + target). */
  readonly checkpoint?: { readonly store: CheckpointStore; readonly key: string };
  /** Ignore a saved checkpoint and start from the first record. */
  readonly restart?: boolean;
  /** Called after each batch is written and its checkpoint saved (e.g. the store's flush). */
  readonly afterBatch?: () => Promise<void>;
}

export interface MigrationReport {
  readonly total: number;
  /** Records read in this run. */
  readonly read: number;
  readonly written: number;
  readonly skipped: number;
  /** Offset this run started at (0, or a checkpoint). */
  readonly resumedFrom: number;
  readonly cancelled: boolean;
  /** Where a next run resumes when cancelled. */
  readonly nextOffset?: number;
}

export async function migrateVectors(source: VectorSource, sink: VectorSink, options: MigrateOptions = {}): Promise<MigrationReport> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 256));
  const cp = options.checkpoint;
  const saved = cp && !options.restart ? await cp.store.load(cp.key) : undefined;
  const start = saved !== undefined && saved > 0 ? saved : 0;
  const total = await source.count();
  let offset = start;
  let read = 0;
  let written = 0;
  let skipped = 0;
  const report = (message: string) =>
    options.onProgress?.({ done: offset, total, written, skipped, fraction: total ? Math.min(1, offset / total) : 1, message });
  report(start ? `Resuming at ${start} of ${total}` : `Migrating ${total} vector(s)`);
  for (;;) {
    if (options.token?.isCancellationRequested) {
      if (cp) await cp.store.save(cp.key, offset);
      report(`Cancelled at ${offset} of ${total}`);
      return { total, read, written, skipped, resumedFrom: start, cancelled: true, nextOffset: offset };
    }
    const batch = await source.page(offset, batchSize);
    if (!batch.length) break;
    const n = await sink.write(batch);
    written += n;
    skipped += batch.length - n;
    read += batch.length;
    offset += batch.length;
    if (cp) await cp.store.save(cp.key, offset);
    await options.afterBatch?.();
    report(`${offset} of ${total}`);
    if (batch.length < batchSize) break;
  }
  if (cp) await cp.store.save(cp.key, undefined);
  await options.afterBatch?.();
  report(`Done: ${written} written, ${skipped} skipped`);
  return { total, read, written, skipped, resumedFrom: start, cancelled: false };
}

/** The store's vectors of one embedder, keyed by error signature, with each pattern's metadata. */
export function storeVectorSource(store: Pick<MetadataStore, 'loadVectors' | 'getPattern'>, embedderId: string): VectorSource {
  let cached: VectorRecord[] | undefined;
  const all = (): VectorRecord[] => {
    cached ??= store.loadVectors(embedderId).flatMap((v) => {
      const p = store.getPattern(v.patternId);
      return p ? [patternVectorRecord(p, v.vector)] : [];
    });
    return cached;
  };
  return {
    count: async () => all().length,
    page: async (offset, limit) => all().slice(offset, offset + limit),
  };
}

/** Any VectorIndex as a sink (Chroma, or an embedded index). */
export function indexSink(index: Pick<VectorIndex, 'upsert'>): VectorSink {
  return {
    async write(records) {
      await index.upsert(records);
      return records.length;
    },
  };
}

/**
 * The store's `pattern_vectors` as a sink: vectors of patterns that exist in this store are written
 * (ids are error signatures); others are skipped (a shared collection may hold other people's
 * patterns; retrieval brings those in when they are relevant).
 */
export function storeVectorSink(store: Pick<MetadataStore, 'putVector' | 'findBySignature'>, embedderId: string): VectorSink {
  return {
    async write(records) {
      let n = 0;
      for (const r of records) {
        const p = store.findBySignature(r.id);
        if (!p) continue;
        await store.putVector(p.id, embedderId, r.vector);
        n++;
      }
      return n;
    },
  };
}

/** Checkpoints in the store's meta table (persisted with the store's next flush). */
export function metaCheckpointStore(store: Pick<MetadataStore, 'getMeta' | 'setMeta'>, prefix = 'chroma.migrate:'): CheckpointStore {
  return {
    async load(key) {
      const raw = store.getMeta(prefix + key);
      const n = raw === undefined ? NaN : Number(raw);
      return Number.isInteger(n) && n >= 0 ? n : undefined;
    },
    async save(key, offset) {
      await store.setMeta(prefix + key, offset === undefined ? undefined : String(offset));
    },
  };
}

export function memoryCheckpointStore(): CheckpointStore & { readonly values: ReadonlyMap<string, number> } {
  const values = new Map<string, number>();
  return {
    values,
    async load(key) {
      return values.get(key);
    },
    async save(key, offset) {
      if (offset === undefined) values.delete(key);
      else values.set(key, offset);
    },
  };
}
