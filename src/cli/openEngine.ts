import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../core/ports';
import { createEngine, type MistakeEngine } from '../engine';
import { createEmbedder } from '../embedding/embedderFactory.node';
import { loadSqlJsNode, NodeFileSystem } from '../store/fileSystem.node';
import { type CommandContext, stringOpt } from './command';
import { chromaOptions, resilientIndexFrom } from './commands/chromaOptions';

/** The per-user data folder: $MISTAKES_HOME, else $XDG_DATA_HOME/mistake-memory, else ~/.mistake-memory. */
export function dataHome(env: CommandContext['io']['env']): string {
  if (env.MISTAKES_HOME) return resolve(env.MISTAKES_HOME);
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'mistake-memory');
  return join(homedir(), '.mistake-memory');
}

export function dbPath(ctx: CommandContext): string {
  const explicit = stringOpt(ctx, 'db') ?? ctx.io.env.MISTAKES_DB;
  return explicit ? resolve(ctx.io.cwd, explicit) : join(dataHome(ctx.io.env), 'mistakes.db');
}

/** Warnings go to stderr so that --json output stays clean. */
export function stderrLogger(ctx: CommandContext, verbose = false): Logger {
  const line = (level: string, m: unknown) => ctx.io.stderr(`mistakes: ${level}${m instanceof Error ? m.message : String(m)}\n`);
  return {
    trace: () => undefined,
    debug: (m) => verbose && line('', m),
    info: (m) => verbose && line('', m),
    warn: (m) => line('warning: ', m),
    error: (m) => line('error: ', m),
  };
}

/**
 * Opens the engine on the store named by --db. The embedding model comes from --model-dir or
 * $MISTAKES_MODEL_DIR, else an earlier download in the data folder; without one the CLI is lexical-only.
 * The CLI never downloads a model unless --download-model is given.
 */
export async function openEngine(
  ctx: CommandContext,
  opts: { embeddings?: boolean; openCheck?: 'quick_check' | 'deferred'; embedOnRecord?: boolean; deferCheckpoint?: boolean } = {},
): Promise<MistakeEngine> {
  const fs = new NodeFileSystem();
  const logger = stderrLogger(ctx, ctx.values.verbose === true);
  const modelDir = stringOpt(ctx, 'model-dir') ?? ctx.io.env.MISTAKES_MODEL_DIR;
  const wantEmbeddings = opts.embeddings !== false && ctx.values['no-embeddings'] !== true;
  let embedderId: string | undefined;
  return createEngine({
    fs,
    storePath: dbPath(ctx),
    loadSqlJs: loadSqlJsNode,
    logger,
    // A CLI run (and every agent hook) is a short process: it appends its changes to the operation log
    // instead of rewriting the whole store on exit, and opens with quick_check (a hook, run on every
    // tool call, defers it to the rare flush that rewrites the file).
    store: { checkpointOnClose: false, openCheck: opts.openCheck ?? 'quick_check', deferCheckpoint: opts.deferCheckpoint },
    ...(opts.embedOnRecord === false ? { config: { embedOnRecord: false } } : {}),
    // Chroma when --chroma-url (or MISTAKES_CHROMA_URL) is set, with the embedded index as fallback.
    vectorIndex: (store) => resilientIndexFrom(ctx, store, { logger, embedderId: () => embedderId }),
    embedder: wantEmbeddings
      ? () =>
          createEmbedder({
            modelDir: modelDir ? resolve(ctx.io.cwd, modelDir) : undefined,
            cacheDir: join(dataHome(ctx.io.env), 'models'),
            allowDownload: ctx.values['download-model'] === true,
            logger,
          }).then((e) => {
            embedderId = e?.id;
            return e;
          })
      : undefined,
  });
}

/** Options of every command that opens the store. */
export const engineOptions = {
  ...chromaOptions,
  'model-dir': { type: 'string' },
  'no-embeddings': { type: 'boolean' },
  'download-model': { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;
