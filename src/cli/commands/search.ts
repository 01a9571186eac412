import type { ScoredPattern } from '../../core/types';
import { type Command, InputError, intOpt, readUserFile, stringOpt, UsageError } from '../command';
import { engineOptions, openEngine } from '../openEngine';

const round = (n: number) => Math.round(n * 10_000) / 10_000;

function resultJson(s: ScoredPattern) {
  const p = s.pattern;
  return {
    id: p.externalId ?? String(p.id),
    patternId: p.id,
    score: round(s.score),
    similarity: s.similarity === undefined ? undefined : round(s.similarity),
    description: p.description,
    category: p.category,
    severity: p.severity,
    model: p.modelName,
    frequency: p.frequency,
  };
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'Find the past mistakes most relevant to a request (or a batch of queries).',
  usage: 'mistakes search "<text>" [--model M] [-k N] [--min-similarity X] [--json] | mistakes search --batch <queries.jsonl> --json [-k 10]',
  options: {
    ...engineOptions,
    model: { type: 'string' },
    k: { type: 'string', short: 'k' },
    batch: { type: 'string' },
    'min-similarity': { type: 'string' },
  },
  async run(ctx) {
    const k = intOpt(ctx, 'k', 5, 1, 100);
    const model = stringOpt(ctx, 'model');
    const minRaw = stringOpt(ctx, 'min-similarity');
    const minSimilarity = minRaw === undefined ? undefined : Number(minRaw);
    if (minSimilarity !== undefined && !(minSimilarity >= -1 && minSimilarity <= 1)) throw new UsageError('--min-similarity must be between -1 and 1');
    const batch = stringOpt(ctx, 'batch');
    if (!batch && !ctx.positionals.length) throw new UsageError('give the text to search for, or --batch <file>');

    const queries: Array<{ qid: string; query: string }> = [];
    if (batch) {
      const text = await readUserFile(ctx, batch);
      text.split(/\r?\n/).forEach((line, i) => {
        if (!line.trim()) return;
        let v: unknown;
        try {
          v = JSON.parse(line);
        } catch {
          throw new InputError(`${batch} line ${i + 1} is not valid JSON`);
        }
        const o = v as { qid?: unknown; query?: unknown };
        if (typeof o?.query !== 'string') throw new InputError(`${batch} line ${i + 1} has no "query" string`);
        queries.push({ qid: o.qid === undefined ? String(i + 1) : String(o.qid), query: o.query });
      });
    } else {
      queries.push({ qid: '1', query: ctx.positionals.join(' ') });
    }

    const engine = await openEngine(ctx);
    try {
      for (const q of queries) {
        const { patterns, mode } = await engine.retrieve(q.query, { model, k, minSimilarity });
        if (batch) {
          ctx.io.stdout(JSON.stringify({ qid: q.qid, results: patterns.map((s) => ({ id: s.pattern.externalId ?? String(s.pattern.id), score: round(s.score) })) }) + '\n');
        } else if (ctx.values.json) {
          ctx.io.stdout(JSON.stringify({ mode, results: patterns.map(resultJson) }) + '\n');
        } else if (!patterns.length) {
          ctx.io.stdout(`No relevant patterns (${mode}).\n`);
        } else {
          ctx.io.stdout(`${patterns.length} relevant pattern(s) (${mode}):\n`);
          for (const s of patterns) {
            const p = s.pattern;
            ctx.io.stdout(`  #${p.id}  ${s.score.toFixed(3)}  [${p.category}/${p.severity}] ${p.description}  (${p.frequency}×, ${p.modelName})\n`);
          }
        }
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
