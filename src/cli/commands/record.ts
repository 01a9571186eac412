import { isCategory, isSeverity, isSource, type Candidate } from '../../core/types';
import { type Command, InputError, parseJson, UsageError } from '../command';
import { engineOptions, openEngine } from '../openEngine';

/** Validates untrusted JSON into a Candidate, with defaults for what a person would leave out. */
export function candidateFromJson(value: unknown): Candidate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('the candidate must be a JSON object');
  const o = value as Record<string, unknown>;
  const description = typeof o.description === 'string' ? o.description.trim() : '';
  if (!description) throw new InputError('the candidate needs a non-empty "description"');
  const s = (k: string) => (typeof o[k] === 'string' && (o[k] as string).length ? (o[k] as string) : undefined);
  if (o.category !== undefined && !isCategory(o.category)) throw new InputError(`unknown category ${JSON.stringify(o.category)}`);
  if (o.severity !== undefined && !isSeverity(o.severity)) throw new InputError(`unknown severity ${JSON.stringify(o.severity)} (critical, major, minor)`);
  if (o.source !== undefined && !isSource(o.source)) throw new InputError(`unknown source ${JSON.stringify(o.source)}`);
  const line = typeof o.line === 'number' && Number.isInteger(o.line) && o.line > 0 ? o.line : undefined;
  const cwe = Array.isArray(o.cwe) ? o.cwe.filter((c): c is string => typeof c === 'string') : typeof o.cwe === 'string' ? [o.cwe] : undefined;
  return {
    description,
    category: isCategory(o.category) ? o.category : 'other',
    severity: isSeverity(o.severity) ? o.severity : 'major',
    source: isSource(o.source) ? o.source : 'manual',
    errorType: s('errorType'),
    errorMessage: s('errorMessage'),
    codeSnippet: s('codeSnippet'),
    fixDescription: s('fixDescription'),
    goodSnippet: s('goodSnippet'),
    filePath: s('filePath') ?? s('file'),
    line,
    model: s('model'),
    projectPath: s('projectPath'),
    ruleId: s('ruleId'),
    cwe,
    testId: s('testId'),
    language: s('language'),
    externalId: s('externalId') ?? s('id'),
  };
}

export const recordCommand: Command = {
  name: 'record',
  summary: 'Record one mistake (a JSON candidate as argument, or on stdin with "-").',
  usage: `mistakes record --json '{"description": "...", "category": "async", "model": "gpt-4o"}' [--db PATH]`,
  options: { ...engineOptions },
  async run(ctx) {
    const arg = ctx.positionals[0];
    if (ctx.positionals.length > 1) throw new UsageError('give the candidate as one JSON argument (quote it)');
    const text = arg === undefined || arg === '-' ? await ctx.io.readStdin() : arg;
    if (!text.trim()) throw new UsageError('no candidate given');
    const candidate = candidateFromJson(parseJson(text, 'the candidate'));
    const engine = await openEngine(ctx);
    try {
      const outcome = await engine.record(candidate);
      await engine.flush();
      if (ctx.values.json) {
        ctx.io.stdout(
          JSON.stringify(
            outcome.stored
              ? { stored: true, created: outcome.created, patternId: outcome.pattern.id, frequency: outcome.pattern.frequency, signature: outcome.pattern.errorSignature }
              : { stored: false, reason: outcome.reason },
          ) + '\n',
        );
      } else if (outcome.stored) {
        ctx.io.stdout(`${outcome.created ? 'New pattern' : 'Seen again'} #${outcome.pattern.id} (${outcome.pattern.frequency}×): ${outcome.pattern.description}\n`);
      } else {
        ctx.io.stdout(`Not recorded: ${outcome.reason}\n`);
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
