/**
 * The Chroma server flags every engine command can take, and the vector index they select.
 *
 *   --chroma-url URL        (or $MISTAKES_CHROMA_URL)       no URL: the embedded index, as before
 *   --chroma-tenant NAME    (or $MISTAKES_CHROMA_TENANT)    default "default_tenant"
 *   --chroma-database NAME  (or $MISTAKES_CHROMA_DATABASE)  default "default_database"
 *   --chroma-token TOKEN    (or $MISTAKES_CHROMA_TOKEN; prefer the variable: flags show up in `ps`)
 *   --chroma-prefix PREFIX  (or $MISTAKES_CHROMA_PREFIX)    collection name prefix
 *
 * The token is never printed: `describe()` says only whether one is set.
 */
import type { Logger } from '../../core/ports';
import { type BacklogStore, type ChromaConnectionSettings, createChromaIndex, createVectorBackend } from '../../store/vector/backend';
import { ChromaConfigError, type ChromaIndexOptions, type ChromaVectorIndex } from '../../store/vector/chromaIndex';
import type { ResilientVectorIndex } from '../../store/vector/resilientIndex';
import { type CommandContext, stringOpt, UsageError } from '../command';

export const chromaOptions = {
  'chroma-url': { type: 'string' },
  'chroma-tenant': { type: 'string' },
  'chroma-database': { type: 'string' },
  'chroma-token': { type: 'string' },
  'chroma-prefix': { type: 'string' },
} as const;

export type ChromaSettings = ChromaConnectionSettings;

/** The settings from flags, then environment; undefined when no server URL is configured. */
export function chromaSettings(ctx: CommandContext): ChromaSettings | undefined {
  const env = ctx.io.env;
  const url = stringOpt(ctx, 'chroma-url') ?? env.MISTAKES_CHROMA_URL;
  if (!url) return undefined;
  return {
    url,
    tenant: stringOpt(ctx, 'chroma-tenant') ?? env.MISTAKES_CHROMA_TENANT,
    database: stringOpt(ctx, 'chroma-database') ?? env.MISTAKES_CHROMA_DATABASE,
    token: stringOpt(ctx, 'chroma-token') ?? env.MISTAKES_CHROMA_TOKEN,
    prefix: stringOpt(ctx, 'chroma-prefix') ?? env.MISTAKES_CHROMA_PREFIX,
  };
}

/** A ChromaVectorIndex from the flags; a UsageError when no URL is given or a setting is invalid. */
export function chromaIndexFrom(ctx: CommandContext, extra: Omit<ChromaIndexOptions, keyof ChromaSettings> = {}): ChromaVectorIndex {
  const s = chromaSettings(ctx);
  if (!s) throw new UsageError('give --chroma-url (or set MISTAKES_CHROMA_URL)');
  return asUsageError(() => createChromaIndex(s, extra));
}

/**
 * The index an engine command uses when Chroma is configured: Chroma with the embedded index as
 * fallback, the backlog kept in the store's meta table. Undefined when no URL is configured.
 * `embedderId` resolves the vectors of queued upserts after a restart.
 */
export function resilientIndexFrom(
  ctx: CommandContext,
  store: BacklogStore,
  options: { logger?: Logger; embedderId?: () => string | undefined } = {},
): ResilientVectorIndex | undefined {
  const s = chromaSettings(ctx);
  if (!s) return undefined;
  // A CLI run is short: try once per call, and let the next run (or `mistakes chroma sync`) retry.
  return asUsageError(
    () => createVectorBackend({ kind: 'chroma', connection: s, store, embedderId: options.embedderId, autoRetry: false, logger: options.logger }).index,
  );
}

/** An invalid Chroma setting is the user's to fix: a UsageError. */
function asUsageError<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ChromaConfigError) throw new UsageError(e.message);
    throw e;
  }
}
