import type { Command } from '../command';
import { dbPath, engineOptions, openEngine } from '../openEngine';

export const clearCommand: Command = {
  name: 'clear',
  summary: 'Delete every pattern, occurrence, vector and backup of the store.',
  usage: 'mistakes clear [--db PATH]',
  options: { ...engineOptions },
  async run(ctx) {
    const engine = await openEngine(ctx, { embeddings: false });
    try {
      await engine.clear();
      await engine.flush();
    } finally {
      await engine.close();
    }
    ctx.io.stdout(ctx.values.json ? JSON.stringify({ cleared: true, db: dbPath(ctx) }) + '\n' : `Cleared ${dbPath(ctx)}\n`);
    return 0;
  },
};
