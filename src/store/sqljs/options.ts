import type { SqlJsStatic } from 'sql.js';
import type { Clock, FileSystem, Logger } from '../../core/ports';
import type { VectorEncoding } from './vectorCodec';

export interface SqlJsMetadataStoreOptions {
  readonly fs: FileSystem;
  /** The database file. Siblings: `<path>.oplog`, `<path>.bak`, `<path>.lock`, `<path>.corrupt-<time>`. */
  readonly path: string;
  /** Loads sql.js (Node: `loadSqlJsNode()`; web: `initSqlJs({ locateFile: () => wasmUrl })`). Called on open. */
  readonly loadSqlJs: () => Promise<SqlJsStatic>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Distinct contexts kept per pattern (most recent win). Default 20. */
  readonly maxContexts?: number;
  /**
   * The backup is refreshed at most this often (default 10 minutes; 0: every flush). It is a copy of the
   * last verified file, so a corrupt main file costs at most this much history, while frequent flushes of
   * a large store do not pay for a second full write each time.
   */
  readonly backupIntervalMs?: number;
  /** A lock older than this is considered abandoned by a crashed writer. Default 10 s. */
  readonly lockStaleMs?: number;
  /** How long a flush waits for the lock before throwing StoreLockedError. Default 30 s. */
  readonly lockTimeoutMs?: number;
  /**
   * A flush appends its operations to `<path>.oplog` (see sqljs/oplog.ts) until the log would pass
   * this many bytes; then it writes the whole database (a checkpoint) and starts a new log. So a
   * flush costs the size of the change, and the full write is paid once per this many bytes of
   * changes. Default 128 KiB (see DEFAULT_CHECKPOINT_BYTES); 0 writes the database on every flush.
   */
  readonly checkpointBytes?: number;
  /**
   * Whether close() writes the whole database (a checkpoint) when an operation log exists. Default
   * true, for long-lived hosts (a VS Code window) ending a session. A short-lived process (a CLI
   * command, an agent hook run on every tool call) sets false: it appends what it changed and leaves
   * the checkpoint to `checkpointBytes`, so its cost does not grow with the store.
   */
  readonly checkpointOnClose?: boolean;
  /**
   * A process that must answer at once (an agent hook) sets true: a flush appends to the log even past
   * the checkpoint size and reports `checkpointDue`, so the process can leave the checkpoint to a
   * background `mistakes compact` instead of rewriting the whole file while the agent waits. Past four
   * times the size, the flush checkpoints anyway (nothing folded the log in the meantime).
   */
  readonly deferCheckpoint?: boolean;
  /**
   * The check a file gets when opened: `integrity_check` (default) or the cheaper `quick_check`
   * (structure and pages, not index contents; about half the time on a large store) for short-lived
   * processes that open the store many times a minute; or `deferred` for the processes that mostly
   * read (an agent hook, run on every tool call): only the header and schema are checked at open,
   * and the quick check runs before this process would write the whole file, never before it
   * appends to the log. A damaged page met by a query is an error of that query; the store is
   * recovered by the next process that checks it.
   */
  readonly openCheck?: 'integrity_check' | 'quick_check' | 'deferred';
  /** An injection not followed by a recurrence for this long counts as a success. Default 24 h. */
  readonly effectivenessWindowMs?: number;
  /**
   * How `putVector` stores vectors: Float32 bytes (default) or float16 (half the size; see
   * sqljs/vectorCodec.ts). Either is read back as a Float32Array, whatever wrote it.
   */
  readonly vectorEncoding?: VectorEncoding;
}

/**
 * The log is folded into the database once it would pass this size, or 1/128 of the database if
 * that is more (at most 1 MiB). Every process that opens the store replays the log (an agent hook
 * opens it on every tool call: about 40 ms per 100 KB at 10k patterns), while a checkpoint rewrites
 * the whole file: a short log for small and medium stores, and for large ones a checkpoint that
 * writes at most 128 bytes of database per byte of changes.
 */
export const DEFAULT_CHECKPOINT_BYTES = 128 * 1024;
const MAX_AUTO_CHECKPOINT_BYTES = 1024 * 1024;

/** The checkpoint size when none is configured, for a database of `dbBytes`. */
export function autoCheckpointBytes(dbBytes: number): number {
  return Math.max(DEFAULT_CHECKPOINT_BYTES, Math.min(MAX_AUTO_CHECKPOINT_BYTES, Math.floor(dbBytes / 128)));
}
