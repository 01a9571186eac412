import type { Logger } from '../../core/ports';
import type { StoreDb } from './db';
import { type ApplyContext, type StoreOp, applyOp } from './ops';
import { META_CLEARED_AT } from './schema';

/** Merging with other writers: their logged batches into our database, our pending operations onto theirs. */

function clearedAtOf(db: StoreDb): number {
  return Number(db.value('SELECT value FROM meta WHERE key = ?', [META_CLEARED_AT]) ?? 0);
}

/**
 * Re-applies our pending operations on top of another writer's database, in order. Operations made
 * before a clear that is newer than them are dropped: the clear wins. Returns the operations kept.
 */
export function reapplyPending(base: StoreDb, pending: readonly StoreOp[], ctx: ApplyContext, logger: Logger): StoreOp[] {
  const clearedAt = clearedAtOf(base);
  const kept = pending.filter((op) => op.at >= clearedAt);
  if (kept.length < pending.length) {
    logger.info(`Dropped ${pending.length - kept.length} unsaved change(s) made before another window cleared the store.`);
  }
  let moved = 0;
  for (const op of kept) {
    const before = op.kind === 'record' ? op.patternId : undefined;
    try {
      applyOp(base, op, ctx);
    } catch (e) {
      logger.error(`Could not re-apply a ${op.kind} change on top of another writer's data: ${(e as Error).message}`);
    }
    if (op.kind === 'record' && before !== undefined && op.patternId !== before) moved++;
  }
  if (moved) logger.debug(`${moved} new pattern id(s) changed while merging with another writer.`);
  return kept;
}

/** Applies logged batches (other writers', or ours replayed) to a database. */
export function applyLoggedBatches(db: StoreDb, batches: readonly StoreOp[][], ctx: ApplyContext, logger: Logger): void {
  // One transaction around the whole replay (each operation keeps its own savepoint inside it): a
  // log of hundreds of operations, replayed at every open of a short-lived process, commits once.
  db.transaction(() => {
    let clearedAt = clearedAtOf(db);
    for (const batch of batches) {
      for (const op of batch) {
        // Another writer's change made before a clear we hold (ours, not yet merged) stays cleared.
        if (op.at < clearedAt) continue;
        try {
          applyOp(db, op, ctx);
        } catch (e) {
          logger.error(`Could not apply a logged ${op.kind} change: ${(e as Error).message}`);
        }
        if (op.kind === 'clear') clearedAt = clearedAtOf(db);
      }
    }
  });
}
