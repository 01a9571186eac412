/**
 * The one place a vector backend is assembled, for every host (VS Code, the web worker, the CLI):
 * the embedded index, or Chroma with the embedded index as fallback and the backlog kept in the
 * store's meta table (see ResilientVectorIndex). Platform-neutral: hosts pass the connection they read
 * from their own settings, flags or environment.
 */
import type { Logger } from '../../core/ports';
import type { MetadataStore } from '../types';
import { metaBacklogPersistence, storeRecordResolver } from './backlog';
import type { ChromaIndexOptions } from './chromaConfig';
import { ChromaVectorIndex } from './chromaIndex';
import { EmbeddedVectorIndex } from './embeddedIndex';
import { ResilientVectorIndex } from './resilientIndex';

/** Where a Chroma server is. An empty tenant, database, prefix or token means the server's default (none). */
export interface ChromaConnectionSettings {
  readonly url: string;
  readonly tenant?: string;
  readonly database?: string;
  readonly prefix?: string;
  readonly token?: string;
}

/** Per request, for the live index: a slower answer counts as a failure and the fallback answers. */
export const LIVE_CHROMA_TIMEOUT_MS = 10_000;
/** Per request, for a migration: it writes large batches. */
export const MIGRATION_CHROMA_TIMEOUT_MS = 60_000;

/** What the backlog needs of the store: its meta table, and the vectors of queued upserts after a restart. */
export type BacklogStore = Pick<MetadataStore, 'getMeta' | 'setMeta' | 'loadVectors' | 'getPattern'>;

/**
 * A ChromaVectorIndex on a connection; `options` add the timeout, logger and the like.
 * Throws ChromaConfigError when a setting is invalid (URL, prefix).
 */
export function createChromaIndex(
  c: ChromaConnectionSettings,
  options: Omit<ChromaIndexOptions, keyof ChromaConnectionSettings> = {},
): ChromaVectorIndex {
  return new ChromaVectorIndex({
    url: c.url,
    tenant: c.tenant || undefined,
    database: c.database || undefined,
    prefix: c.prefix || undefined,
    token: c.token || undefined,
    ...options,
  });
}

export interface EmbeddedBackendSpec {
  readonly kind: 'embedded';
}

export interface ChromaBackendSpec {
  readonly kind: 'chroma';
  readonly connection: ChromaConnectionSettings;
  /** Holds the backlog (meta table) and the vectors that resolve queued upserts after a restart. */
  readonly store: BacklogStore;
  /** The embedder whose stored vectors resolve queued upserts; without it, they wait for `loadLocal`. */
  readonly embedderId?: () => string | undefined;
  /**
   * Retry the backlog on a timer: yes for a long-lived host (a VS Code window); no for a short CLI run,
   * which tries once per call and leaves the rest to the next run (or `mistakes chroma sync`).
   */
  readonly autoRetry: boolean;
  /** Per Chroma request. Default LIVE_CHROMA_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

export type VectorBackendSpec = EmbeddedBackendSpec | ChromaBackendSpec;

export interface EmbeddedBackend {
  readonly kind: 'embedded';
  readonly index: EmbeddedVectorIndex;
}

export interface ChromaBackend {
  readonly kind: 'chroma';
  /** What the engine uses: Chroma, falling back to the embedded index. */
  readonly index: ResilientVectorIndex;
  /** The Chroma index itself (for `describe()`, status and migrations). */
  readonly primary: ChromaVectorIndex;
}

export type VectorBackend = EmbeddedBackend | ChromaBackend;

/** The vector index a host uses. A Chroma spec with an invalid setting throws ChromaConfigError. */
export function createVectorBackend(spec: EmbeddedBackendSpec): EmbeddedBackend;
export function createVectorBackend(spec: ChromaBackendSpec): ChromaBackend;
export function createVectorBackend(spec: VectorBackendSpec): VectorBackend;
export function createVectorBackend(spec: VectorBackendSpec): VectorBackend {
  if (spec.kind === 'embedded') return { kind: 'embedded', index: new EmbeddedVectorIndex() };
  const primary = createChromaIndex(spec.connection, { timeoutMs: spec.timeoutMs ?? LIVE_CHROMA_TIMEOUT_MS, logger: spec.logger });
  const index = new ResilientVectorIndex({
    primary,
    backlog: metaBacklogPersistence(spec.store),
    resolveRecords: spec.embedderId ? storeRecordResolver(spec.store, spec.embedderId) : undefined,
    logger: spec.logger,
    autoRetry: spec.autoRetry,
  });
  return { kind: 'chroma', index, primary };
}
