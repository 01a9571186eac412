import { CATEGORIES, type Category } from '../../core/types';
import { type Command, intOpt, stringOpt, UsageError } from '../command';
import { engineOptions, openEngine } from '../openEngine';

export const listCommand: Command = {
  name: 'list',
  summary: 'List stored patterns, most frequent first.',
  usage: 'mistakes list [--model M] [--category C] [--archived] [--limit N] [--json]',
  options: { ...engineOptions, model: { type: 'string' }, category: { type: 'string' }, archived: { type: 'boolean' }, limit: { type: 'string' } },
  async run(ctx) {
    const category = stringOpt(ctx, 'category');
    if (category && !(CATEGORIES as readonly string[]).includes(category)) throw new UsageError(`unknown category "${category}" (${CATEGORIES.join(', ')})`);
    const model = stringOpt(ctx, 'model');
    const engine = await openEngine(ctx, { embeddings: false });
    try {
      const patterns = engine.listPatterns({
        models: model ? [model] : undefined,
        categories: category ? [category as Category] : undefined,
        includeArchived: ctx.values.archived === true,
        orderBy: 'frequency',
        descending: true,
        limit: intOpt(ctx, 'limit', 50, 1, 1_000_000),
      });
      if (ctx.values.json) {
        ctx.io.stdout(JSON.stringify({ patterns }) + '\n');
      } else if (!patterns.length) {
        ctx.io.stdout('No patterns stored yet.\n');
      } else {
        for (const p of patterns) {
          ctx.io.stdout(`#${p.id}  ${String(p.frequency).padStart(4)}×  ${p.severity.padEnd(8)} ${p.category.padEnd(9)} ${p.modelName.padEnd(18)} ${p.description}${p.alwaysInject ? '  [always]' : ''}\n`);
        }
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
