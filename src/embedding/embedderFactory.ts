/**
 * Decides which model source to use, without loading anything: a configured folder, a previous
 * download in the cache, or (when allowed) a download on first use. With none, it returns undefined and
 * the engine runs lexical-only. Platform-neutral; the host supplies file checks and the WASM runtime.
 */
import type { Embedder, Logger, ProgressCallback } from '../core/ports';
import { nullLogger } from '../core/ports';
import {
  DEFAULT_MODEL_ID,
  MODEL_FILES,
  TransformersEmbedder,
  type OrtModule,
  type TransformersEmbedderOptions,
} from './transformersEmbedder';

export interface EmbedderOptions {
  /** A folder laid out like the hub repository of the model (a setting or `--model-dir`). */
  readonly modelDir?: string;
  /** Where downloads are kept (the extension's global storage, or a per-user dir for the CLI). */
  readonly cacheDir?: string;
  /** Hub or mirror base URL; default Hugging Face. */
  readonly remoteHost?: string;
  /** Appended to remoteHost; `{model}` and `{revision}` are filled in. Default `{model}/resolve/{revision}/`. */
  readonly remotePathTemplate?: string;
  /** Hub model id to download; default Xenova/all-MiniLM-L6-v2 (the ONNX export of all-MiniLM-L6-v2). */
  readonly modelId?: string;
  /** Permit the one-time download when neither the folder nor the cache holds the model. Default false. */
  readonly allowDownload?: boolean;
  readonly onProgress?: ProgressCallback;
  /** Directory or URL prefix of onnxruntime-web's wasm files; the Node host fills it in. */
  readonly wasmPaths?: string;
  readonly logger?: Logger;
  readonly batchSize?: number;
}

/** What differs between Node and a web worker. */
export interface EmbedderHost {
  /** True when the file exists (Node: fs; web: vscode.workspace.fs.stat through an adapter). */
  exists(path: string): Promise<boolean>;
  join(...parts: string[]): string;
  loadOrt?: () => Promise<OrtModule>;
  /** Used when options.wasmPaths is absent. */
  defaultWasmPaths?: string;
}

export async function createEmbedderWith(host: EmbedderHost, options: EmbedderOptions): Promise<Embedder | undefined> {
  const logger = options.logger ?? nullLogger;
  const common: Omit<TransformersEmbedderOptions, 'source'> = {
    wasmPaths: options.wasmPaths ?? host.defaultWasmPaths,
    loadOrt: host.loadOrt,
    onProgress: options.onProgress,
    logger,
    batchSize: options.batchSize,
  };
  const hasModel = async (dir: string): Promise<string | undefined> => {
    for (const f of MODEL_FILES) {
      if (!(await host.exists(host.join(dir, ...f.split('/'))))) return f;
    }
    return undefined;
  };

  if (options.modelDir) {
    const missing = await hasModel(options.modelDir);
    if (!missing) return new TransformersEmbedder({ ...common, source: { kind: 'local', modelDir: options.modelDir } });
    logger.warn(`Embedding model folder ${options.modelDir} lacks ${missing}; looking elsewhere`);
  }
  const modelId = options.modelId ?? DEFAULT_MODEL_ID;
  const remote = {
    kind: 'remote' as const,
    modelId,
    remoteHost: options.remoteHost,
    remotePathTemplate: options.remotePathTemplate,
    cacheDir: options.cacheDir,
  };
  if (options.cacheDir) {
    const cached = host.join(options.cacheDir, ...modelId.split('/'));
    if (!(await hasModel(cached))) {
      // A complete earlier download loads offline through the cache, so no network is needed.
      return new TransformersEmbedder({ ...common, source: { kind: 'local', modelDir: cached } });
    }
  }
  if (options.allowDownload) {
    logger.info(`Embedding model ${modelId} will be downloaded on first use`);
    return new TransformersEmbedder({ ...common, source: remote });
  }
  logger.info('No embedding model available (no model folder, nothing cached, download not allowed): retrieval runs lexical-only');
  return undefined;
}
