import { type Command, intOpt, stringOpt, UsageError } from '../command';
import { engineOptions, openEngine } from '../openEngine';

export const injectCommand: Command = {
  name: 'inject',
  summary: 'Print the "Avoid these common mistakes" block for a request, as the chat participant would send it.',
  usage: 'mistakes inject "<request>" [--model M] [-k N] [--max-chars N] [--json]',
  options: { ...engineOptions, model: { type: 'string' }, k: { type: 'string', short: 'k' }, 'max-chars': { type: 'string' } },
  async run(ctx) {
    const request = ctx.positionals.join(' ').trim();
    if (!request) throw new UsageError('give the request text');
    const k = intOpt(ctx, 'k', 8, 1, 50);
    const maxChars = intOpt(ctx, 'max-chars', 2000, 100, 100_000);
    const model = stringOpt(ctx, 'model');
    const engine = await openEngine(ctx);
    try {
      const { patterns, mode } = await engine.retrieve(request, { model, k });
      const injection = engine.buildInjection(patterns, { maxPatterns: k, maxChars });
      if (ctx.values.json) ctx.io.stdout(JSON.stringify({ mode, text: injection.text, patternIds: injection.included }) + '\n');
      else ctx.io.stdout(injection.text ? injection.text.replace(/\n?$/, '\n') : '');
      return 0;
    } finally {
      await engine.close();
    }
  },
};
