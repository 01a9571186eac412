import { join, resolve } from 'node:path';
import type { Cancellation, Logger } from '../../core/ports';
import { createEmbedder } from '../../embedding/embedderFactory.node';
import { loadSqlJsNode, NodeFileSystem } from '../../store/fileSystem.node';
import { SqlJsMetadataStore } from '../../store/sqljsStore';
import { MIGRATION_CHROMA_TIMEOUT_MS } from '../../store/vector/backend';
import type { ChromaVectorIndex } from '../../store/vector/chromaIndex';
import { runVectorMigration } from '../../engine/vectorMigration';
import type { MigrationReport } from '../../store/vector/migrate';
import { BACKLOG_META_KEY, metaBacklogPersistence, parseBacklog, ResilientVectorIndex, storeRecordResolver } from '../../store/vector/resilientIndex';
import { type Command, type CommandContext, InputError, intOpt, stringOpt, UsageError } from '../command';
import { dataHome, dbPath, engineOptions, stderrLogger } from '../openEngine';
import { chromaIndexFrom, chromaOptions } from './chromaOptions';

const USAGE =
  'mistakes chroma status | migrate --to chroma|embedded [--batch-size N] [--restart] [--embedder-id ID] | sync  [--chroma-url URL] [--chroma-tenant T] [--chroma-database D] [--chroma-prefix P] [--chroma-token T] [--json]';

export const chromaCommand: Command = {
  name: 'chroma',
  summary: 'Chroma server: show the connection and backlog, migrate vectors both ways, push the backlog.',
  usage: USAGE,
  options: {
    ...engineOptions,
    ...chromaOptions,
    to: { type: 'string' },
    'batch-size': { type: 'string' },
    restart: { type: 'boolean' },
    'embedder-id': { type: 'string' },
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub === 'status') return status(ctx);
    if (sub === 'migrate') return migrate(ctx);
    if (sub === 'sync') return sync(ctx);
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'give a subcommand: status, migrate or sync');
  },
};

async function openStore(ctx: CommandContext, logger: Logger): Promise<SqlJsMetadataStore> {
  const store = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: dbPath(ctx), loadSqlJs: loadSqlJsNode, logger });
  await store.open();
  return store;
}

/** --embedder-id, else the id of the model the other commands would load (vectors are stored per id). */
async function embedderId(ctx: CommandContext, logger: Logger): Promise<string> {
  const explicit = stringOpt(ctx, 'embedder-id');
  if (explicit) return explicit;
  const modelDir = stringOpt(ctx, 'model-dir') ?? ctx.io.env.MISTAKES_MODEL_DIR;
  const embedder = await createEmbedder({
    modelDir: modelDir ? resolve(ctx.io.cwd, modelDir) : undefined,
    cacheDir: join(dataHome(ctx.io.env), 'models'),
    allowDownload: false,
    logger,
  }).catch(() => undefined);
  if (!embedder) throw new UsageError('no embedding model found: give --model-dir or --embedder-id (vectors are stored per embedder)');
  return embedder.id;
}

async function status(ctx: CommandContext): Promise<number> {
  const logger = stderrLogger(ctx, ctx.values.verbose === true);
  const chroma = chromaIndexFrom(ctx, { timeoutMs: 5000, logger });
  const store = await openStore(ctx, logger);
  try {
    const backlog = parseBacklog(store.getMeta(BACKLOG_META_KEY));
    const pending = (backlog?.ops.length ?? 0) + (backlog?.clear ? 1 : 0);
    const out: {
      connection: ReturnType<ChromaVectorIndex['describe']>;
      reachable: boolean;
      version?: string;
      vectors?: number;
      fixes?: number;
      error?: string;
      localPatterns: number;
      backlog: number;
    } = { connection: chroma.describe(), reachable: false, localPatterns: store.countPatterns({ includeArchived: true }), backlog: pending };
    try {
      const { version, count } = await chroma.check();
      out.reachable = true;
      out.version = version;
      out.vectors = count;
      out.fixes = await chroma.countFixes();
    } catch (e) {
      out.reachable = (await chroma.ping()) || false;
      out.error = (e as Error).message;
    }
    if (ctx.values.json) {
      ctx.io.stdout(JSON.stringify(out) + '\n');
    } else {
      const c = out.connection;
      ctx.io.stdout(
        [
          `Chroma: ${c.url}  tenant ${c.tenant}, database ${c.database}, prefix "${c.prefix}", token ${c.token}`,
          out.error
            ? `Server: ${out.reachable ? 'reachable but failing' : 'unreachable'}: ${out.error}`
            : `Server: version ${out.version}; ${c.collections.mistakes}: ${out.vectors} vector(s), ${c.collections.fixes}: ${out.fixes}`,
          `Local store: ${out.localPatterns} pattern(s); backlog: ${pending} operation(s) waiting for Chroma`,
        ].join('\n') + '\n',
      );
    }
    return out.error ? 1 : 0;
  } finally {
    await store.close();
  }
}

async function migrate(ctx: CommandContext): Promise<number> {
  const to = stringOpt(ctx, 'to');
  if (to !== 'chroma' && to !== 'embedded') throw new UsageError('--to must be chroma or embedded');
  const batchSize = intOpt(ctx, 'batch-size', 256, 1, 5000);
  const logger = stderrLogger(ctx, ctx.values.verbose === true);
  const chroma = chromaIndexFrom(ctx, { timeoutMs: MIGRATION_CHROMA_TIMEOUT_MS, logger });
  const store = await openStore(ctx, logger);
  const token = sigintCancellation(ctx);
  try {
    const id = await embedderId(ctx, logger);
    const c = chroma.describe();
    const progress = (p: { message: string; fraction: number }) => {
      if (!ctx.values.json) ctx.io.stderr(`  ${Math.round(p.fraction * 100)}%  ${p.message}\n`);
    };
    let report: MigrationReport;
    try {
      // The same migration (and checkpoint key) as the extension's "Migrate Vectors…": each resumes the other's run.
      report = await runVectorMigration({
        direction: to,
        store,
        chroma,
        embedderId: id,
        flush: () => store.flush(),
        batchSize,
        restart: ctx.values.restart === true,
        token: token.cancellation,
        onProgress: progress,
      });
    } catch (e) {
      throw new InputError(`migration stopped (run the same command again to resume): ${(e as Error).message}`);
    }
    if (to === 'chroma' && !report.cancelled) {
      // Everything local is now on the server: a queued backlog is obsolete.
      await metaBacklogPersistence(store).save({ version: 1, clear: false, ops: [] });
    }
    await store.flush();
    if (ctx.values.json) ctx.io.stdout(JSON.stringify({ to, embedderId: id, ...report }) + '\n');
    else {
      const where = to === 'chroma' ? `${c.url} ${c.collections.mistakes}` : `the local store (${dbPath(ctx)})`;
      ctx.io.stdout(
        report.cancelled
          ? `Cancelled after ${report.read} vector(s); run the same command again to resume at ${report.nextOffset}.\n`
          : `Migrated ${report.written} vector(s) to ${where}${report.skipped ? `, skipped ${report.skipped} (no such pattern locally)` : ''}${report.resumedFrom ? ` (resumed at ${report.resumedFrom})` : ''}.\n`,
      );
    }
    return report.cancelled ? 130 : 0;
  } finally {
    token.dispose();
    await store.close();
  }
}

async function sync(ctx: CommandContext): Promise<number> {
  const logger = stderrLogger(ctx, ctx.values.verbose === true);
  const primary = chromaIndexFrom(ctx, { timeoutMs: 30_000, logger });
  const store = await openStore(ctx, logger);
  try {
    const id = stringOpt(ctx, 'embedder-id') ?? (await embedderId(ctx, logger).catch(() => undefined));
    const index = new ResilientVectorIndex({
      primary,
      backlog: metaBacklogPersistence(store),
      resolveRecords: id ? storeRecordResolver(store, id) : undefined,
      autoRetry: false,
      logger,
    });
    await index.init();
    const before = index.state.backlog;
    const ok = await index.syncNow();
    const s = index.state;
    index.dispose();
    await store.flush();
    if (ctx.values.json) ctx.io.stdout(JSON.stringify({ synced: before - s.backlog, ...s }) + '\n');
    else ctx.io.stdout(`Synced ${before - s.backlog} of ${before} queued operation(s); state ${s.state}${s.lastError ? `: ${s.lastError}` : ''}.\n`);
    return ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** Ctrl-C stops a migration after the current batch (the checkpoint is kept). */
function sigintCancellation(ctx: CommandContext): { cancellation: Cancellation; dispose(): void } {
  const state = { isCancellationRequested: false };
  const onSigint = () => {
    if (state.isCancellationRequested) process.exit(130);
    state.isCancellationRequested = true;
    ctx.io.stderr('Stopping after this batch (Ctrl-C again to abort now)…\n');
  };
  process.on('SIGINT', onSigint);
  return { cancellation: state, dispose: () => process.off('SIGINT', onSigint) };
}
