import { rm, stat } from 'node:fs/promises';
import type { Command } from '../command';
import { dbPath, engineOptions, openEngine } from '../openEngine';

/**
 * `mistakes compact`: folds the operation log into the database (a checkpoint). An agent hook starts
 * it in the background when the log passed its checkpoint size, so no hook rewrites the whole store
 * while the agent waits; safe to run at any time, beside any other writer.
 */
export const compactCommand: Command = {
  name: 'compact',
  summary: 'Fold the operation log into the store file (agent hooks run it in the background).',
  usage: 'mistakes compact [--db PATH] [--json]',
  options: { ...engineOptions },
  async run(ctx) {
    const db = dbPath(ctx);
    const logBytes = async () => (await stat(`${db}.oplog`).catch(() => undefined))?.size ?? 0;
    const before = await logBytes();
    const engine = await openEngine(ctx, { embeddings: false });
    try {
      await engine.compact();
    } finally {
      await engine.close();
      // Started by a hook: the next hook may start another compaction when one is due.
      await rm(`${db}.compacting`, { force: true }).catch(() => undefined);
    }
    const after = await logBytes();
    ctx.io.stdout(ctx.values.json ? JSON.stringify({ db, logBytesBefore: before, logBytesAfter: after }) + '\n' : `Folded ${before} bytes of log into ${db}\n`);
    return 0;
  },
};
