import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CATEGORIES, type Category, isCategory } from '../../core/types';
import { exportPack, importPack, PackFormatError, type PackLedger, reviewPack } from '../../engine/patternPack';
import { type Command, type CommandContext, InputError, intOpt, readUserFile, stringOpt, UsageError } from '../command';
import { dbPath, engineOptions, openEngine } from '../openEngine';

export const packCommand: Command = {
  name: 'pack',
  summary: 'Share lessons without a server: export a reviewed pattern pack (JSON), or import one (deduplicated by signature).',
  usage:
    'mistakes pack export [--out FILE] [--min-frequency N] [--category C,...] [--model M,...] [--ids 1,2,...] [--name NAME] | mistakes pack import <file> [--force] [--json]',
  options: {
    ...engineOptions,
    out: { type: 'string', short: 'o' },
    'min-frequency': { type: 'string' },
    category: { type: 'string', multiple: true },
    model: { type: 'string', multiple: true },
    ids: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub === 'export') return exportCmd(ctx);
    if (sub === 'import') return importCmd(ctx);
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'give a subcommand: export or import');
  },
};

function listOpt(ctx: CommandContext, name: string): string[] | undefined {
  const v = ctx.values[name];
  const raw = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
  const items = raw.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

async function exportCmd(ctx: CommandContext): Promise<number> {
  const categories = listOpt(ctx, 'category');
  const bad = categories?.find((c) => !isCategory(c));
  if (bad) throw new UsageError(`unknown category "${bad}" (one of ${CATEGORIES.join(', ')})`);
  const ids = listOpt(ctx, 'ids')?.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--ids takes pattern ids, got "${s}"`);
    return n;
  });
  const engine = await openEngine(ctx, { embeddings: false });
  try {
    const pack = exportPack(engine, {
      minFrequency: intOpt(ctx, 'min-frequency', 1, 1, 1_000_000),
      categories: categories as Category[] | undefined,
      models: listOpt(ctx, 'model'),
      ids,
      name: stringOpt(ctx, 'name'),
      description: stringOpt(ctx, 'description'),
    });
    const text = JSON.stringify(pack, null, 2) + '\n';
    const out = stringOpt(ctx, 'out');
    if (!out) {
      ctx.io.stdout(text);
      ctx.io.stderr(reviewPack(pack) + '\n');
      return 0;
    }
    try {
      await writeFile(resolve(ctx.io.cwd, out), text);
    } catch (e) {
      throw new InputError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    ctx.io.stdout(`${reviewPack(pack)}\nWrote ${out}: review it, then share it; others run "mistakes pack import ${out}".\n`);
    return 0;
  } finally {
    await engine.close();
  }
}

/** Imported pack ids, in a small JSON file beside the store. */
function fileLedger(path: string): PackLedger {
  const load = async (): Promise<string[]> => {
    try {
      const v: unknown = JSON.parse(await readFile(path, 'utf8'));
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    has: async (id) => (await load()).includes(id),
    add: async (id) => {
      const ids = await load();
      if (!ids.includes(id)) await writeFile(path, JSON.stringify([...ids, id], null, 1) + '\n');
    },
  };
}

async function importCmd(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[1];
  if (!file) throw new UsageError('give the pack file to import');
  const text = await readUserFile(ctx, file);
  const engine = await openEngine(ctx);
  try {
    let result;
    try {
      result = await importPack(engine, text, { ledger: fileLedger(`${dbPath(ctx)}.packs.json`), force: ctx.values.force === true });
    } catch (e) {
      if (e instanceof PackFormatError) throw new InputError(`${file}: ${e.message}`);
      throw e;
    }
    await engine.flush();
    if (ctx.values.json) ctx.io.stdout(JSON.stringify(result) + '\n');
    else if (result.alreadyImported) ctx.io.stdout(`${file} (${result.packId}) was imported before; nothing changed. Use --force to add its counts again.\n`);
    else {
      ctx.io.stdout(`Imported ${result.imported} new pattern(s), merged ${result.merged} into existing ones, skipped ${result.skipped}.\n`);
      for (const err of result.errors) ctx.io.stderr(`  ${err}\n`);
    }
    return 0;
  } finally {
    await engine.close();
  }
}
