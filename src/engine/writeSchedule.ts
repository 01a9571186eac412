/**
 * When the engine writes on its own (long-lived hosts: the extension): a flush within `autoFlushMs`
 * of the first unsaved change, so a crash or a killed window loses at most that much and other
 * processes (the CLI, hooks, MCP, other windows) see captures at once; and after `idleCompactMs`
 * without a write, a compaction that folds the operation log into the database, so the next
 * capture's flush stays a small append. Short-lived processes (the CLI) set neither and flush
 * explicitly.
 */
import type { Logger } from '../core/ports';

export interface WriteScheduleOptions {
  readonly autoFlushMs?: number;
  readonly idleCompactMs?: number;
  readonly flush: () => Promise<void>;
  /** Absent when the store has no log to fold. */
  readonly compact?: () => Promise<void>;
  readonly logger: Logger;
}

export class WriteSchedule {
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private compactTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: WriteScheduleOptions) {}

  /** Something changed: a flush is due (a stream of changes does not postpone it); no compaction now. */
  changed(): void {
    const ms = this.options.autoFlushMs;
    if (ms === undefined || this.disposed) return;
    this.cancelCompaction();
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.options.flush().catch((e: unknown) => this.options.logger.error(`Could not save the mistake store: ${(e as Error).message}`));
    }, ms);
  }

  /** A flush happened (scheduled or explicit): none is due; compact if nothing else is written. */
  flushed(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const ms = this.options.idleCompactMs;
    const compact = this.options.compact;
    if (ms === undefined || !compact || this.disposed) return;
    this.cancelCompaction();
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      if (this.disposed || this.flushTimer !== undefined) return;
      compact().catch((e: unknown) => this.options.logger.warn(`Idle compaction of the mistake store failed (the log is kept): ${(e as Error).message}`));
    }, ms);
  }

  dispose(): void {
    this.disposed = true;
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.cancelCompaction();
  }

  private cancelCompaction(): void {
    if (this.compactTimer !== undefined) clearTimeout(this.compactTimer);
    this.compactTimer = undefined;
  }
}

/** The schedule for long-lived hosts (the extension): save within a second, compact after a quiet minute. */
export const LONG_LIVED_WRITES = { autoFlushMs: 1000, idleCompactMs: 60_000 } as const;
