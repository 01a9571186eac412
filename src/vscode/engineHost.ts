import * as vscode from 'vscode';
import type { HookRunner } from './agentHooks';
import type { SqlJsStatic } from 'sql.js';
import type { Embedder, Logger } from '../core/ports';
import type { MistakeMemory } from '../engine/engineApi';
import type { MetadataStore } from '../store/types';
import { type ChromaBackend, createVectorBackend } from '../store/vector/backend';
import type { ChromaVectorIndex } from '../store/vector/chromaIndex';
import type { ResilientVectorIndex } from '../store/vector/resilientIndex';
import { CHROMA_TOKEN_SECRET, type ChromaConnection, chromaConnection, chromaStatus, displayUrl, EMBEDDED_STATUS, sameConnection, type VectorIndexStatus } from '../host/chromaStatus';
import type { MistakeSettings } from './config';
import { VscodeFileSystem } from './fileSystem';

/** What differs between the desktop (Node) and the web worker extension host. */
export interface HostPlatform {
  readonly kind: 'node' | 'web';
  /** File name of sql.js's WASM binary in dist/ for this host's sql.js build. */
  readonly sqlWasmFile: string;
  /** Expands `~` in the storePath setting (desktop only). */
  readonly homeDir?: string;
  /** How a VS Code agent hook starts the bundled CLI (desktop only: the web host cannot run a process). */
  readonly hookRunner?: HookRunner;
  /**
   * Loads sql.js itself (desktop: the glue shipped beside the bundle, as the CLI does, because a
   * minified bundle loses the glue's module.exports branch). Without it, the bundled sql.js is used
   * with the WASM file `sqlWasmFile`.
   */
  readonly loadSqlJs?: () => Promise<SqlJsStatic>;
}

export interface EngineHostDeps {
  readonly context: vscode.ExtensionContext;
  readonly platform: HostPlatform;
  readonly logger: Logger;
  readonly settings: () => MistakeSettings;
  /** Lazily provides the embedder; undefined keeps retrieval lexical-only. */
  readonly embedder?: () => Promise<Embedder | undefined>;
}

/** Where the store file lives: the storePath setting (shared with the CLI) or global storage. */
export function resolveStoreUri(deps: Pick<EngineHostDeps, 'context' | 'platform'>, storePath: string): vscode.Uri {
  if (!storePath) return vscode.Uri.joinPath(deps.context.globalStorageUri, 'mistakes.db');
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(storePath)) return vscode.Uri.parse(storePath);
  const home = deps.platform.homeDir;
  const expanded = home && (storePath === '~' || storePath.startsWith('~/')) ? home + storePath.slice(1) : storePath;
  return deps.platform.kind === 'node' ? vscode.Uri.file(expanded) : vscode.Uri.joinPath(deps.context.globalStorageUri, expanded);
}

/**
 * Creates the engine on first use (sql.js and the store load then, never during activation) and keeps
 * it for the session. The one place that knows how the engine is constructed.
 */
export class EngineHost implements vscode.Disposable {
  private pending: Promise<MistakeMemory> | undefined;
  private engine: MistakeMemory | undefined;
  private storeUri: vscode.Uri | undefined;
  private readonly created = new vscode.EventEmitter<MistakeMemory>();
  /** Fires once the engine exists, so listeners (status bar, dashboard) can subscribe to it. */
  readonly onDidCreate = this.created.event;
  private readonly vectorStatusChanged = new vscode.EventEmitter<VectorIndexStatus>();
  /** Fires when the vector index changes (engine reopened) or its Chroma connection state does. */
  readonly onDidChangeVectorStatus = this.vectorStatusChanged.event;
  /** The Chroma token as last read from SecretStorage (compared on change, never logged). */
  private token: string | undefined;
  private tokenRead = false;
  private readonly disposables: vscode.Disposable[] = [];
  private chroma: OpenChroma | undefined;
  /** The Chroma settings (and token) the engine was last opened with, usable or not. */
  private openedWith: ChromaConnection | undefined;
  private chromaSetupError: string | undefined;
  private store: MetadataStore | undefined;
  private embedderPromise: Promise<Embedder | undefined> | undefined;
  private embedderId: string | undefined;
  private reopening: Promise<void> | undefined;
  /**
   * The previous engine's close, while it runs. Opening waits for it: the old store's last flush
   * (a checkpoint) replaces the database file, and a store opened in between would read the file
   * before that flush, or not at all on a file system whose rename is not atomic.
   */
  private closing: Promise<void> | undefined;

  constructor(private readonly deps: EngineHostDeps) {
    this.disposables.push(
      this.created,
      this.vectorStatusChanged,
      deps.context.secrets.onDidChange((e) => {
        if (e.key !== CHROMA_TOKEN_SECRET) return;
        void this.onTokenChanged().catch((err: unknown) => deps.logger.error(`Chroma token change: ${(err as Error).message}`));
      }),
    );
  }

  /** The engine if it was already created; never triggers loading. */
  peek(): MistakeMemory | undefined {
    return this.engine;
  }

  get storeLocation(): vscode.Uri | undefined {
    return this.storeUri;
  }

  get(): Promise<MistakeMemory> {
    const closing = this.closing;
    this.pending ??= (closing ? closing.then(() => this.create()) : this.create()).then(
      (e) => {
        this.engine = e;
        this.created.fire(e);
        this.vectorStatusChanged.fire(this.vectorStatus());
        return e;
      },
      (err: unknown) => {
        // Let a later call retry (a fixed setting, a file that was locked).
        this.pending = undefined;
        throw err;
      },
    );
    return this.pending;
  }

  /** Embedded, or Chroma with its connection state (before the engine opens: configured, not connected yet). */
  vectorStatus(): VectorIndexStatus {
    const c = this.chroma;
    if (c && this.engine) {
      const st = c.index.state;
      // The index starts optimistic ("connected"); until the first probe answers it is "not connected yet".
      return c.probed || st.state !== 'connected' || st.backlog ? chromaStatus(c.url, st) : { kind: 'chroma', url: c.url };
    }
    const configured = this.deps.settings().chromaUrl;
    if (!configured) return EMBEDDED_STATUS;
    const url = displayUrl(configured);
    return this.chromaSetupError && this.engine ? { kind: 'chroma', url, setupError: this.chromaSetupError } : { kind: 'chroma', url };
  }

  /**
   * The open engine's Chroma side, for Migrate Vectors: opens the engine (and the embedding model, whose
   * id names the stored vectors). Undefined parts: Chroma not configured, or no embedding model.
   */
  async migrationContext(): Promise<{ engine: MistakeMemory; store: MetadataStore; chroma: OpenChroma | undefined; embedderId: string | undefined; connection: ChromaConnection | undefined }> {
    const engine = await this.get();
    const store = this.store;
    if (!store) throw new Error('the store is not open');
    const embedder = await this.embedder();
    return { engine, store, chroma: this.chroma, embedderId: embedder?.id ?? this.embedderId, connection: this.chroma?.connection };
  }

  private embedder(): Promise<Embedder | undefined> {
    const make = this.deps.embedder;
    if (!make) return Promise.resolve(undefined);
    // One model per engine: the engine and Migrate Vectors share it.
    this.embedderPromise ??= make().then(
      (e) => {
        this.embedderId = e?.id;
        return e;
      },
      (err: unknown) => {
        this.embedderPromise = undefined;
        throw err;
      },
    );
    return this.embedderPromise;
  }

  private async readToken(): Promise<string | undefined> {
    try {
      this.token = (await this.deps.context.secrets.get(CHROMA_TOKEN_SECRET))?.trim() || undefined;
    } catch (e) {
      this.deps.logger.warn(`Could not read the Chroma token from the secret storage: ${(e as Error).message}`);
      this.token = undefined;
    }
    this.tokenRead = true;
    return this.token;
  }

  private async create(): Promise<MistakeMemory> {
    const { context, platform, logger } = this.deps;
    const settings = this.deps.settings();
    const uri = resolveStoreUri(this.deps, settings.storePath);
    this.storeUri = uri;
    const fs = new VscodeFileSystem(uri);
    await fs.mkdirp(fs.dirname(uri.path));
    const wasmUri = vscode.Uri.joinPath(context.extensionUri, 'dist', platform.sqlWasmFile);
    const bundledSqlJs = async (): Promise<SqlJsStatic> => {
      const wasm = await vscode.workspace.fs.readFile(wasmUri);
      const mod = (await import('sql.js')) as unknown as { default?: InitSqlJs } & InitSqlJs;
      const init: InitSqlJs = typeof mod.default === 'function' ? mod.default : mod;
      // wasmBinary: no fetch in the web worker (the desktop host loads the glue beside its bundle instead).
      return init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    };
    const loadSqlJs = platform.loadSqlJs ?? bundledSqlJs;
    const connection = chromaConnection(settings, settings.chromaUrl ? await this.readToken() : undefined);
    this.openedWith = connection;
    this.chroma = undefined;
    this.chromaSetupError = undefined;
    this.embedderPromise = undefined;
    const started = Date.now();
    const { createEngine, LONG_LIVED_WRITES } = await import('../engine/index.js');
    const engine = await createEngine({
      fs,
      storePath: uri.path,
      loadSqlJs,
      embedder: this.deps.embedder ? () => this.embedder() : undefined,
      logger,
      // A long-lived host writes on its own: captures reach the file within a second (other
      // windows, the CLI, hooks and the MCP server see them; a killed window loses at most that),
      // and a minute without writes folds the operation log into the database.
      config: LONG_LIVED_WRITES,
      vectorIndex: (store) => {
        this.store = store;
        return connection ? this.openChroma(connection, store) : undefined;
      },
    });
    await engine.setTrackingEnabled(settings.trackingEnabled);
    await engine.setEnabledCategories(settings.categories);
    const chroma = this.chroma as OpenChroma | undefined; // set by the factory above
    logger.info(`store ${uri.toString(true)} opened in ${Date.now() - started} ms; vector index: ${chroma ? `Chroma ${chroma.url} (embedded fallback)` : 'embedded'}`);
    return engine;
  }

  /** Chroma with the embedded index as fallback, its backlog in the store; undefined (embedded only) on a bad setting. */
  private openChroma(c: ChromaConnection, store: MetadataStore): ResilientVectorIndex | undefined {
    const { logger } = this.deps;
    let backend: ChromaBackend;
    try {
      backend = createVectorBackend({ kind: 'chroma', connection: c, store, embedderId: () => this.embedderId, autoRetry: true, logger });
    } catch (e) {
      this.chromaSetupError = (e as Error).message;
      logger.error(`Chroma is configured but cannot be used (${this.chromaSetupError}); using the embedded index only.`);
      return undefined;
    }
    const { index, primary } = backend;
    const open: OpenChroma = { index, primary, connection: c, url: primary.describe().url, probed: false };
    this.chroma = open;
    index.onDidChangeState(() => {
      if (this.chroma === open) this.vectorStatusChanged.fire(this.vectorStatus());
    });
    const d = primary.describe();
    logger.info(`Chroma ${d.url} tenant ${d.tenant}, database ${d.database}, collection ${d.collections.mistakes}, token ${d.token}${this.deps.platform.kind === 'web' ? ' (from the browser: the server must allow this origin, CHROMA_SERVER_CORS_ALLOW_ORIGINS)' : ''}`);
    // Learn the real state now rather than at the first write; a failure only means "offline".
    void index
      .syncNow()
      .catch(() => false)
      .then(() => {
        open.probed = true;
        if (this.chroma === open) this.vectorStatusChanged.fire(this.vectorStatus());
      });
    return index;
  }

  /** Applies changed settings; a changed store location or Chroma connection reopens the engine. */
  async applySettings(s: MistakeSettings): Promise<void> {
    // An engine being (re)opened may have read the settings before this change: compare against it.
    await this.reopening?.catch(() => undefined);
    if (!this.engine && this.pending) await this.pending.catch(() => undefined);
    const engine = this.engine;
    if (!engine) {
      this.vectorStatusChanged.fire(this.vectorStatus());
      return;
    }
    const uri = resolveStoreUri(this.deps, s.storePath);
    if (this.storeUri && uri.toString() !== this.storeUri.toString()) {
      await this.reopen('the store location changed');
      return;
    }
    if (!sameConnection(this.openedConnection(), chromaConnection(s, s.chromaUrl && !this.tokenRead ? await this.readToken() : this.token))) {
      await this.reopen('the Chroma settings changed');
      return;
    }
    if (engine.trackingEnabled !== s.trackingEnabled) await engine.setTrackingEnabled(s.trackingEnabled);
    const a = [...engine.enabledCategories].sort().join(',');
    const b = [...s.categories].sort().join(',');
    if (a !== b) await engine.setEnabledCategories(s.categories);
  }

  /** The connection the open engine was created with (also when it could not be set up). */
  private openedConnection(): ChromaConnection | undefined {
    return this.openedWith;
  }

  private async onTokenChanged(): Promise<void> {
    const before = this.token;
    await this.readToken();
    if ((before ?? '') === (this.token ?? '')) return;
    this.deps.logger.info(`Chroma token ${this.token ? 'updated' : 'cleared'}.`);
    if (this.engine && this.deps.settings().chromaUrl) await this.reopen('the Chroma token changed');
  }

  /** Closes the engine and opens it again with the current settings (queued when one is under way). */
  private async reopen(why: string): Promise<void> {
    const run = async (): Promise<void> => {
      const engine = this.engine;
      if (!engine) return;
      this.deps.logger.info(`reopening the store: ${why}`);
      this.engine = undefined;
      this.pending = undefined;
      this.chroma = undefined;
      await this.closeEngine(engine);
      await this.get();
    };
    const prev = this.reopening ?? Promise.resolve();
    const next = prev.then(run, run);
    this.reopening = next;
    try {
      await next;
    } finally {
      if (this.reopening === next) this.reopening = undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    const e = this.engine;
    this.engine = undefined;
    this.pending = undefined;
    this.chroma = undefined;
    if (e) void this.closeEngine(e).catch((err: unknown) => this.deps.logger.warn(`closing the store: ${String(err)}`));
  }

  /** Closes an engine; until it has, get() waits rather than open the same store beside it. */
  private async closeEngine(engine: MistakeMemory): Promise<void> {
    const closing = engine.close().catch((err: unknown) => {
      // The store stays open in memory when its last flush fails; say so rather than block reopening.
      this.deps.logger.error(`Could not save the mistake store while closing it: ${(err as Error).message}`);
    });
    this.closing = closing;
    try {
      await closing;
    } finally {
      if (this.closing === closing) this.closing = undefined;
    }
  }
}

/** The Chroma side of the open engine. */
export interface OpenChroma {
  readonly index: ResilientVectorIndex;
  readonly primary: ChromaVectorIndex;
  readonly connection: ChromaConnection;
  /** scheme://host:port as the client uses it (no token). */
  readonly url: string;
  /** The first sync after opening has answered (until then the state is only assumed). */
  probed: boolean;
}

type InitSqlJs = (config?: { wasmBinary?: ArrayBuffer }) => Promise<SqlJsStatic>;
