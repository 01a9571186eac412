/** The public shapes of ResilientVectorIndex (re-exported by resilientIndex.ts). */
import type { Clock, Logger, VectorIndex, VectorRecord } from '../../core/ports';
import type { BacklogPersistence } from './backlog';

export type VectorConnectionState = 'connected' | 'degraded' | 'offline';

export interface ResilientIndexState {
  readonly state: VectorConnectionState;
  /** Operations waiting for the primary (ids with a pending upsert or delete, plus 1 for a pending clear). */
  readonly backlog: number;
  readonly lastError?: string;
  /** Epoch ms of the last successful primary call. */
  readonly lastContact?: number;
  /** Pending upserts whose vector is not available in this process yet (see `loadLocal`). */
  readonly unresolved?: number;
}

/** Indexes that keep a local copy the engine can fill at open without touching the remote side. */
export interface LocalVectorCache {
  /** Fill the local (fallback) index with stored vectors; the primary is not written. */
  loadLocal(records: readonly VectorRecord[]): Promise<void>;
}

/** The primary: any VectorIndex; `ping` (when present) is used to probe before syncing. */
export type PrimaryIndex = VectorIndex & { ping?(): Promise<boolean> };

export interface ResilientIndexOptions {
  readonly primary: PrimaryIndex;
  /** The local index; default a new EmbeddedVectorIndex. */
  readonly fallback?: VectorIndex;
  readonly backlog?: BacklogPersistence;
  /** Vectors of backlog ids not held in memory (after a restart): e.g. from the store's vectors. */
  readonly resolveRecords?: (ids: readonly string[]) => Promise<readonly VectorRecord[]> | readonly VectorRecord[];
  /** A primary query slower than this falls back. Default 2 s. */
  readonly queryTimeoutMs?: number;
  /** A primary write slower than this goes to the backlog. Default 10 s. */
  readonly writeTimeoutMs?: number;
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number; readonly factor?: number };
  /** Retry the backlog on a timer (default true; tests call `syncNow()` themselves). */
  readonly autoRetry?: boolean;
  /** Records per primary request while syncing. Default 500. */
  readonly syncBatchSize?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface Disposable {
  dispose(): void;
}
