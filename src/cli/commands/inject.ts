import { INJECTION_DEFAULTS, injectFor } from '../../engine/inject';
import { type Command, intOpt, stringOpt, UsageError } from '../command';
import { engineOptions, openEngine } from '../openEngine';

export const injectCommand: Command = {
  name: 'inject',
  summary: 'Print the "Avoid these common mistakes" block for a request, as the chat participant would send it.',
  usage: 'mistakes inject "<request>" [--model M] [-k N] [--max-chars N] [--dry-run] [--json]',
  options: { ...engineOptions, model: { type: 'string' }, k: { type: 'string', short: 'k' }, 'max-chars': { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(ctx) {
    const request = ctx.positionals.join(' ').trim();
    if (!request) throw new UsageError('give the request text');
    const k = intOpt(ctx, 'k', INJECTION_DEFAULTS.k, 1, 50);
    const maxChars = intOpt(ctx, 'max-chars', INJECTION_DEFAULTS.maxChars, 100, 100_000);
    const model = stringOpt(ctx, 'model');
    const engine = await openEngine(ctx);
    try {
      // Printed to be sent with a request, so noted like any injection (--dry-run: only look).
      const injection = await injectFor(engine, request, { channel: 'cli', model, k, maxPatterns: k, maxChars, flush: true, dryRun: ctx.values['dry-run'] === true });
      if (injection.noteError) ctx.io.stderr(`mistakes inject: the injection was not noted: ${injection.noteError}\n`);
      const { mode } = injection;
      if (ctx.values.json) ctx.io.stdout(JSON.stringify({ mode, text: injection.text, patternIds: injection.included }) + '\n');
      else ctx.io.stdout(injection.text ? injection.text.replace(/\n?$/, '\n') : '');
      return 0;
    } finally {
      await engine.close();
    }
  },
};
