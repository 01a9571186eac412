/**
 * Opening the default engine: the sql.js store (opened, checked and recovered), the vector index
 * the face chose (embedded by default), then maintenance (archiving patterns unseen for months).
 */
import type { Clock, Embedder, FileSystem, Logger, VectorIndex } from '../core/ports';
import { nullLogger } from '../core/ports';
import { SqlJsMetadataStore, type SqlJsMetadataStoreOptions } from '../store/sqljsStore';
import type { MetadataStore } from '../store/types';
import type { SqlJsStatic } from 'sql.js';
import { defaultEngineConfig, type EngineConfig, MistakeEngine } from './engine';

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
  readonly store?: Pick<SqlJsMetadataStoreOptions, 'checkpointOnClose' | 'openCheck' | 'deferCheckpoint'>;
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
  // The keyword index beside the store (`<store>.lexical`): a process loads it instead of
  // tokenizing every pattern; it is only a cache (see search/lexicalSnapshot.ts).
  const snapshotPath = `${opts.storePath}.lexical`;
  const lexicalSnapshot = { read: () => opts.fs.readFile(snapshotPath), write: (bytes: Uint8Array) => opts.fs.writeFileAtomic(snapshotPath, bytes) };
  const engine = new MistakeEngine({ store, embedder: opts.embedder, vectorIndex, logger, clock: opts.clock, config: opts.config, lexicalSnapshot });
  await engine.maintain();
  return engine;
}
