import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, InputError, stringOpt, UsageError } from '../command';
import { engineOptions, openEngine } from '../openEngine';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export every pattern with its occurrences as JSON, or a fine-tuning dataset as JSONL.',
  usage: 'mistakes export [--format json|finetune] [--out FILE]',
  options: { ...engineOptions, format: { type: 'string' }, out: { type: 'string', short: 'o' } },
  async run(ctx) {
    const format = stringOpt(ctx, 'format') ?? 'json';
    if (format !== 'json' && format !== 'finetune') throw new UsageError('--format must be json or finetune');
    const engine = await openEngine(ctx, { embeddings: false });
    try {
      const text = format === 'json' ? JSON.stringify(await engine.exportJson(), null, 2) + '\n' : await engine.exportFineTuning();
      const out = stringOpt(ctx, 'out');
      if (!out) {
        ctx.io.stdout(text);
        return 0;
      }
      try {
        await writeFile(resolve(ctx.io.cwd, out), text);
      } catch (e) {
        throw new InputError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      ctx.io.stderr(`Wrote ${out}\n`);
      return 0;
    } finally {
      await engine.close();
    }
  },
};
