/** ChromaVectorIndex's settings: the options, how they may be shown, the URL parsing and the errors. */
import type { Logger } from '../../core/ports';
import type { ChromaModule } from './chromaClient';

export interface ChromaIndexOptions {
  /** Server URL: "http://localhost:8000", "https://api.trychroma.com", or "host:port". Default http://localhost:8000. */
  readonly url?: string;
  readonly tenant?: string;
  readonly database?: string;
  /** Auth token (Chroma Cloud API key, or a server's token auth). Never logged. */
  readonly token?: string;
  /** Header carrying the token: Chroma Cloud and the default server config use x-chroma-token. */
  readonly tokenHeader?: 'x-chroma-token' | 'authorization';
  /** Prepended to the collection names (e.g. "team1_"): letters, digits, ".", "_", "-". */
  readonly prefix?: string;
  /** Per request; a slower answer counts as a failure. Default 10 s. */
  readonly timeoutMs?: number;
  /** Records per upsert request (also capped by the server's max batch size). Default 1000. */
  readonly batchSize?: number;
  /**
   * HNSW parameters for collections this index creates (Chroma's defaults: ef_search 100,
   * ef_construction 100, max_neighbors 16). Raise efSearch for better recall on large collections.
   */
  readonly hnsw?: { readonly efSearch?: number; readonly efConstruction?: number; readonly maxNeighbors?: number };
  /** How the `chromadb` module is loaded; default a dynamic import. */
  readonly loadModule?: () => Promise<ChromaModule>;
  readonly logger?: Logger;
}

/** The connection settings as they may be shown: the token only as "set". */
export interface ChromaDescription {
  readonly url: string;
  readonly tenant: string;
  readonly database: string;
  readonly prefix: string;
  readonly collections: { readonly mistakes: string; readonly fixes: string };
  readonly token: 'set' | 'none';
}

export class ChromaTimeoutError extends Error {
  override readonly name = 'ChromaTimeoutError';
}

export class ChromaConfigError extends Error {
  override readonly name = 'ChromaConfigError';
}

/** "https://h", "http://h:p", "h:p" → host, port, ssl. No port: 443 for https, 8000 (Chroma's) for http. */
export function parseChromaUrl(url: string): { host: string; port: number; ssl: boolean } {
  const raw = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ChromaConfigError(`Invalid Chroma URL "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ChromaConfigError(`Chroma URL must be http or https, got "${parsed.protocol}"`);
  if (parsed.pathname && parsed.pathname !== '/') throw new ChromaConfigError(`Chroma URL must not have a path ("${parsed.pathname}"): the client talks to the server root`);
  if (parsed.username || parsed.password) throw new ChromaConfigError('Put the Chroma token in --chroma-token or MISTAKES_CHROMA_TOKEN, not in the URL');
  const ssl = parsed.protocol === 'https:';
  const port = parsed.port ? Number(parsed.port) : ssl ? 443 : 8000;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, ssl };
}

export function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err?.name === 'ChromaNotFoundError' || /collection .* does not exist/i.test(err?.message ?? '');
}

/** True when the error means the server could not be reached or did not answer in time. */
export function isChromaUnreachable(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'ChromaConnectionError' || name === 'ChromaTimeoutError' || name === 'AbortError' || name === 'TimeoutError';
}
