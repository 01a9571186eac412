import * as vscode from 'vscode';
import type { SqlJsStatic } from 'sql.js';
import type { Embedder, Logger } from '../core/ports';
import type { MistakeMemory } from '../engineApi';
import type { MistakeSettings } from './config';
import { VscodeFileSystem } from './fileSystem';

/** What differs between the desktop (Node) and the web worker extension host. */
export interface HostPlatform {
  readonly kind: 'node' | 'web';
  /** File name of sql.js's WASM binary in dist/ for this host's sql.js build. */
  readonly sqlWasmFile: string;
  /** Expands `~` in the storePath setting (desktop only). */
  readonly homeDir?: string;
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

  constructor(private readonly deps: EngineHostDeps) {}

  /** The engine if it was already created; never triggers loading. */
  peek(): MistakeMemory | undefined {
    return this.engine;
  }

  get storeLocation(): vscode.Uri | undefined {
    return this.storeUri;
  }

  get(): Promise<MistakeMemory> {
    this.pending ??= this.create().then(
      (e) => {
        this.engine = e;
        this.created.fire(e);
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

  private async create(): Promise<MistakeMemory> {
    const { context, platform, logger } = this.deps;
    const settings = this.deps.settings();
    const uri = resolveStoreUri(this.deps, settings.storePath);
    this.storeUri = uri;
    const fs = new VscodeFileSystem(uri);
    await fs.mkdirp(fs.dirname(uri.path));
    const wasmUri = vscode.Uri.joinPath(context.extensionUri, 'dist', platform.sqlWasmFile);
    const loadSqlJs = async (): Promise<SqlJsStatic> => {
      const wasm = await vscode.workspace.fs.readFile(wasmUri);
      const mod = (await import('sql.js')) as unknown as { default?: InitSqlJs } & InitSqlJs;
      const init: InitSqlJs = typeof mod.default === 'function' ? mod.default : mod;
      // wasmBinary works in both hosts: no fetch in the worker, no __dirname lookup in Node.
      return init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    };
    const started = Date.now();
    const { createEngine } = await import('../engine.js');
    const engine = await createEngine({ fs, storePath: uri.path, loadSqlJs, embedder: this.deps.embedder, logger });
    await engine.setTrackingEnabled(settings.trackingEnabled);
    await engine.setEnabledCategories(settings.categories);
    logger.info(`store ${uri.toString(true)} opened in ${Date.now() - started} ms`);
    return engine;
  }

  /** Applies changed settings; a changed store location closes the engine so the next use reopens it. */
  async applySettings(s: MistakeSettings): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    const uri = resolveStoreUri(this.deps, s.storePath);
    if (this.storeUri && uri.toString() !== this.storeUri.toString()) {
      this.engine = undefined;
      this.pending = undefined;
      await engine.close();
      await this.get();
      return;
    }
    if (engine.trackingEnabled !== s.trackingEnabled) await engine.setTrackingEnabled(s.trackingEnabled);
    const a = [...engine.enabledCategories].sort().join(',');
    const b = [...s.categories].sort().join(',');
    if (a !== b) await engine.setEnabledCategories(s.categories);
  }

  dispose(): void {
    this.created.dispose();
    const e = this.engine;
    this.engine = undefined;
    this.pending = undefined;
    if (e) void e.close().catch((err: unknown) => this.deps.logger.warn(`closing the store: ${String(err)}`));
  }
}

type InitSqlJs = (config?: { wasmBinary?: ArrayBuffer }) => Promise<SqlJsStatic>;
