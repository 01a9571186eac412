import { type Command, InputError, readUserFile, UsageError } from '../command';
import { engineOptions, openEngine } from '../openEngine';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import patterns (an export, a pattern pack, or JSONL lines with at least {"id", "text"}); deduplicated by signature.',
  usage: 'mistakes import <file> [--json]',
  options: { ...engineOptions },
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('give the file to import');
    const text = await readUserFile(ctx, file);
    const engine = await openEngine(ctx);
    try {
      const report = await engine.importData(text);
      await engine.flush();
      if (ctx.values.json) ctx.io.stdout(JSON.stringify(report) + '\n');
      else {
        ctx.io.stdout(`Imported ${report.imported} new, merged ${report.merged}, skipped ${report.skipped}.\n`);
        for (const err of report.errors) ctx.io.stderr(`  ${err}\n`);
      }
      if (!report.imported && !report.merged && report.errors.length) throw new InputError(`nothing could be imported from ${file}`);
      return 0;
    } finally {
      await engine.close();
    }
  },
};
