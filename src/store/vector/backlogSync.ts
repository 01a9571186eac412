/** Pushing ResilientVectorIndex's backlog to the primary: the clear, then deletes, then upserts, in batches. */
import type { Logger, VectorRecord } from '../../core/ports';
import type { Backlog } from './backlog';
import { PrimaryTimeoutError, isDimensionProblem, safeMessage } from './primaryErrors';
import type { PrimaryIndex, ResilientIndexOptions } from './resilientTypes';

export interface BacklogSyncTarget {
  readonly primary: PrimaryIndex;
  readonly batchSize: number;
  readonly queryTimeoutMs: number;
  readonly writeTimeoutMs: number;
  readonly resolveRecords: ResilientIndexOptions['resolveRecords'];
  readonly logger: Logger;
  /** Runs a primary call under a timeout. */
  guard<T>(p: Promise<T>, ms: number, what: string): Promise<T>;
  /** Saves the backlog after each settled batch. */
  persist(): Promise<void>;
  /** Upserts whose vector this process does not have (told before they are pushed). */
  setUnresolved(n: number): void;
}

/**
 * Probes the primary (when it can be pinged) and pushes what the backlog holds now; operations that
 * arrive meanwhile stay queued (an entry is settled only if no newer operation replaced it). Throws on
 * the first failure, leaving the rest queued. Upserts of another dimension are dropped (retrying
 * cannot help).
 */
export async function pushBacklog(queue: Backlog, t: BacklogSyncTarget): Promise<void> {
  if (t.primary.ping && !(await t.guard(t.primary.ping(), t.queryTimeoutMs, 'ping'))) {
    throw new PrimaryTimeoutError('Chroma is not reachable');
  }
  if (queue.clearPending) {
    const gen = queue.clearGen;
    await t.guard(t.primary.clear(), t.writeTimeoutMs, 'clear');
    if (gen === queue.clearGen) queue.clearPending = false;
    await t.persist();
  }
  const snapshot = queue.pendingOps();
  const deletes = snapshot.filter((e) => e.op === 'delete');
  for (let i = 0; i < deletes.length; i += t.batchSize) {
    const batch = deletes.slice(i, i + t.batchSize);
    await t.guard(t.primary.delete(batch.map((e) => e.id)), t.writeTimeoutMs, 'delete');
    queue.settle(batch);
    await t.persist();
  }
  const upserts = snapshot.filter((e) => e.op === 'upsert');
  const missing = upserts.filter((e) => !queue.records.has(e.id)).map((e) => e.id);
  if (missing.length && t.resolveRecords) {
    for (const r of await t.resolveRecords(missing)) queue.records.set(r.id, r);
  }
  const ready = upserts.filter((e) => queue.records.has(e.id));
  t.setUnresolved(upserts.length - ready.length);
  for (let i = 0; i < ready.length; i += t.batchSize) {
    const batch = ready.slice(i, i + t.batchSize);
    const records = batch.map((e) => queue.records.get(e.id)).filter((r): r is VectorRecord => !!r);
    try {
      await t.guard(t.primary.upsert(records), t.writeTimeoutMs, 'upsert');
    } catch (e) {
      if (!isDimensionProblem(e)) throw e;
      t.logger.error(`Chroma rejected ${records.length} queued vector(s) of another dimension; dropped from the backlog: ${safeMessage(e)}`);
    }
    queue.settle(batch);
    await t.persist();
  }
}
