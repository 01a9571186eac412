/**
 * Vector migration, written once: embedded (the store's vectors) → Chroma, or Chroma → embedded,
 * through src/store/vector/migrate.ts. The extension's "Migrate Vectors…" (vscode/commands.ts adds
 * the progress notification and the cancel button) and `mistakes chroma migrate` both run it.
 *
 * The checkpoint key is the one `mistakes chroma migrate` uses, so the CLI and the extension resume each
 * other's interrupted runs on the same store.
 */
import type { Cancellation, VectorRecord } from '../core/ports';
import type { MetadataStore } from '../store/types';
import type { ChromaDescription } from '../store/vector/chromaIndex';
import {
  indexSink,
  metaCheckpointStore,
  migrateVectors,
  type MigrationProgress,
  type MigrationReport,
  storeVectorSink,
  storeVectorSource,
  type VectorSink,
  type VectorSource,
} from '../store/vector/migrate';
import type { PrimaryIndex } from '../store/vector/resilientIndex';

export type MigrationDirection = 'chroma' | 'embedded';

export interface VectorMigrationJob {
  readonly direction: MigrationDirection;
  readonly store: Pick<MetadataStore, 'loadVectors' | 'getPattern' | 'findBySignature' | 'putVector' | 'getMeta' | 'setMeta'>;
  /** The Chroma side: an index that can also be read page by page. */
  readonly chroma: PrimaryIndex & VectorSource & { describe(): ChromaDescription };
  /** Vectors are per embedder: the engine's embedder id. */
  readonly embedderId: string;
  /** The engine's live index: its local copy learns migrated vectors; its backlog is pushed afterwards. */
  readonly live?: { loadLocal(records: readonly VectorRecord[]): Promise<void>; syncNow(): Promise<boolean> };
  /** Persist after every batch (the engine's flush). */
  readonly flush: () => Promise<void>;
  readonly batchSize?: number;
  readonly restart?: boolean;
  readonly token?: Cancellation;
  readonly onProgress?: (p: MigrationProgress) => void;
}

export function migrationKey(direction: MigrationDirection, c: ChromaDescription, embedderId: string): string {
  return `${direction}|${c.url}|${c.tenant}|${c.database}|${c.prefix}|${embedderId}`;
}

export async function runVectorMigration(job: VectorMigrationJob): Promise<MigrationReport> {
  const { store, chroma, embedderId } = job;
  const checkpoint = { store: metaCheckpointStore(store), key: migrationKey(job.direction, chroma.describe(), embedderId) };
  const common = {
    batchSize: job.batchSize ?? 256,
    onProgress: job.onProgress,
    token: job.token,
    restart: job.restart,
    checkpoint,
    afterBatch: job.flush,
  };
  if (job.direction === 'chroma') {
    const report = await migrateVectors(storeVectorSource(store, embedderId), indexSink(chroma), common);
    // Everything local is on the server now; what the live index queued is pushed (upserts are idempotent).
    if (!report.cancelled && job.live) await job.live.syncNow();
    return report;
  }
  const toStore = storeVectorSink(store, embedderId);
  const sink: VectorSink = {
    async write(records) {
      const n = await toStore.write(records);
      // Vector ids are error signatures: keep the records of patterns this store has.
      const local = records.filter((r) => store.findBySignature(r.id) !== undefined);
      if (local.length) await job.live?.loadLocal(local);
      return n;
    },
  };
  return migrateVectors(chroma, sink, common);
}

/** A one-line summary for a notification. */
export function describeMigration(direction: MigrationDirection, report: MigrationReport, c: Pick<ChromaDescription, 'url' | 'collections'>): string {
  if (report.cancelled) return `cancelled after ${report.read} vector(s); run "Migrate Vectors…" again to resume at ${report.nextOffset ?? 0}.`;
  const where = direction === 'chroma' ? `${c.url} (${c.collections.mistakes})` : 'the local store';
  const skipped = report.skipped ? `, skipped ${report.skipped} (no such pattern locally)` : '';
  const resumed = report.resumedFrom ? ` (resumed at ${report.resumedFrom})` : '';
  return `migrated ${report.written} vector(s) to ${where}${skipped}${resumed}.`;
}
