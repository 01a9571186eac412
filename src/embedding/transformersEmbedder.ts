/**
 * all-MiniLM-L6-v2 through transformers.js on the ONNX Runtime WASM backend, so one code path runs in
 * Node (CLI, desktop extension host) and in a web worker (web extension host).
 *
 * Nothing is imported or loaded before the first `embed()` (or `warmUp()`); the pipeline is memoised.
 * Platform-neutral: Node specifics (where the ORT wasm files live, file checks) come in through
 * `TransformersEmbedderOptions.loadOrt` / `wasmPaths`, see `embedderFactory.node.ts`.
 */
import type { Cancellation, Embedder, Logger, ProgressCallback } from '../core/ports';
import { nullLogger } from '../core/ports';

/** The published ONNX export of sentence-transformers/all-MiniLM-L6-v2 on the Hugging Face hub. */
export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
export const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';
export const DEFAULT_REMOTE_PATH_TEMPLATE = '{model}/resolve/{revision}/';
export const MINILM_DIMENSION = 384;
/** Files a model folder (or the download cache) must hold for this embedder. */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'] as const;

/** Longer inputs cost time and the model only reads the first 512 tokens anyway. */
const MAX_CHARS = 4000;
const DEFAULT_BATCH_SIZE = 16;

/** Thrown by `embed()` when its Cancellation was requested between batches. Callers stay quiet on it. */
export class EmbeddingCancelledError extends Error {
  override readonly name = 'EmbeddingCancelledError';
  constructor() {
    super('Embedding cancelled');
  }
}

/** The model could not be loaded (missing files, download failure, runtime error). */
export class EmbedderLoadError extends Error {
  override readonly name = 'EmbedderLoadError';
}

/** The part of the onnxruntime-web module transformers.js needs, and that we configure. */
export interface OrtModule {
  readonly env: { wasm: { wasmPaths?: unknown; numThreads?: number; proxy?: boolean } };
}

export interface TransformersEmbedderOptions {
  /**
   * Where the model comes from. `local`: a folder laid out like the hub repository (config.json,
   * tokenizer files, onnx/model_quantized.onnx). `remote`: `remoteHost` + `remotePathTemplate`, cached
   * in `cacheDir` (Node) or the Cache API (web worker) after the first download.
   */
  readonly source:
    | { readonly kind: 'local'; readonly modelDir: string }
    | {
        readonly kind: 'remote';
        readonly modelId?: string;
        readonly remoteHost?: string;
        readonly remotePathTemplate?: string;
        readonly cacheDir?: string;
      };
  /** Directory or URL prefix (ending in '/') holding ort-wasm-simd-threaded*.{wasm,mjs}. */
  readonly wasmPaths?: string;
  /**
   * Provides onnxruntime-web. When given, it is registered for transformers.js (Node: the WASM
   * backend instead of onnxruntime-node). When absent, transformers.js' own web build of ORT is used,
   * which is what a web worker bundle gets.
   */
  readonly loadOrt?: () => Promise<OrtModule>;
  readonly onProgress?: ProgressCallback;
  readonly logger?: Logger;
  /** Texts per inference call; cancellation is checked between batches. */
  readonly batchSize?: number;
  /** WASM threads; 1 avoids worker threads, which web extension hosts and bundles do not always allow. */
  readonly numThreads?: number;
  /** Identifier stored with the vectors; defaults to "minilm-l6-v2:<model folder or repository name>". */
  readonly id?: string;
}

/** Only what we call on the feature-extraction pipeline: keeps us clear of transformers.js' big types. */
interface FeatureTensor {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}
type FeatureExtractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<FeatureTensor>;

interface TransformersProgress {
  readonly status: string;
  readonly file?: string;
  readonly loaded?: number;
  readonly total?: number;
}

/**
 * transformers.js keeps its configuration in one module-global `env`, so loads are serialized and each
 * sets the whole configuration it depends on right before calling `pipeline()`.
 */
let loadChain: Promise<unknown> = Promise.resolve();
const ORT_SYMBOL = Symbol.for('onnxruntime');

export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly dimension = MINILM_DIMENSION;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private pipelinePromise: Promise<FeatureExtractor> | undefined;

  constructor(private readonly options: TransformersEmbedderOptions) {
    this.logger = options.logger ?? nullLogger;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
    // The folder or repository name is part of the id, so vectors of the random-weight stand-in (or any
    // other export) are never compared with the real model's; the org prefix is not, so a local copy
    // named like the hub repository shares vectors with the download.
    this.id = options.id ?? `minilm-l6-v2:${splitDir(modelName(options)).name.toLowerCase()}`;
  }

  /** True once the pipeline has been requested (for tests and status displays). */
  get loaded(): boolean {
    return this.pipelinePromise !== undefined;
  }

  /** Loads (and downloads, for a remote source) the model without embedding anything. */
  async warmUp(): Promise<void> {
    await this.pipeline();
  }

  async embed(texts: readonly string[], token?: Cancellation): Promise<Float32Array[]> {
    if (token?.isCancellationRequested) throw new EmbeddingCancelledError();
    if (texts.length === 0) return [];
    const extractor = await this.pipeline();
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      if (token?.isCancellationRequested) throw new EmbeddingCancelledError();
      const batch = texts.slice(start, start + this.batchSize).map(prepareText);
      const tensor = await extractor(batch, { pooling: 'mean', normalize: true });
      const dim = tensor.dims[tensor.dims.length - 1];
      if (dim !== this.dimension || tensor.dims[0] !== batch.length) {
        throw new EmbedderLoadError(`Model returned shape [${tensor.dims.join(', ')}], expected [${batch.length}, ${this.dimension}]`);
      }
      const data = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data);
      for (let i = 0; i < batch.length; i++) out.push(data.slice(i * dim, (i + 1) * dim));
    }
    return out;
  }

  private pipeline(): Promise<FeatureExtractor> {
    if (!this.pipelinePromise) {
      const attempt = loadChain.then(() => this.load());
      loadChain = attempt.catch(() => undefined);
      // A failed load is not memoised: the next call may succeed (network back, folder created).
      this.pipelinePromise = attempt.catch((e: unknown) => {
        this.pipelinePromise = undefined;
        throw e instanceof EmbedderLoadError ? e : new EmbedderLoadError(`Could not load the embedding model: ${errorText(e)}`);
      });
    }
    return this.pipelinePromise;
  }

  private async load(): Promise<FeatureExtractor> {
    const started = Date.now();
    const { options } = this;
    let ort: OrtModule | undefined;
    if (options.loadOrt) {
      ort = await options.loadOrt();
      configureOrt(ort, options);
      // Must happen before transformers.js is first evaluated: it picks its backend at import time.
      (globalThis as Record<symbol, unknown>)[ORT_SYMBOL] = ort;
    }
    const transformers = await import('@huggingface/transformers');
    const { env } = transformers;
    // transformers.js copies ORT's env shallowly, so the wasm settings object tells which ORT it uses.
    const ortRegistered = !ort || env.backends.onnx.wasm === ort.env.wasm;
    if (!ortRegistered) {
      this.logger.warn('transformers.js was loaded before onnxruntime-web was registered; using its default backend');
    }
    if (!options.loadOrt) {
      const wasm = env.backends.onnx.wasm;
      if (wasm) {
        if (options.wasmPaths) wasm.wasmPaths = options.wasmPaths;
        wasm.numThreads = options.numThreads ?? 1;
      }
    }
    env.useWasmCache = false;
    env.logLevel = transformers.LogLevel.ERROR;
    env.useCustomCache = false;

    let modelId: string;
    const source = options.source;
    if (source.kind === 'local') {
      const { parent, name } = splitDir(source.modelDir);
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
      env.localModelPath = parent;
      env.useFSCache = false;
      env.useBrowserCache = false;
      modelId = name;
    } else {
      modelId = source.modelId ?? DEFAULT_MODEL_ID;
      env.allowRemoteModels = true;
      env.remoteHost = ensureSlash(source.remoteHost ?? DEFAULT_REMOTE_HOST);
      env.remotePathTemplate = source.remotePathTemplate ?? DEFAULT_REMOTE_PATH_TEMPLATE;
      if (source.cacheDir) {
        // The file cache uses the hub layout (<cacheDir>/<modelId>/<file>), and is consulted first.
        env.cacheDir = source.cacheDir;
        env.useFSCache = true;
        env.useBrowserCache = false;
        env.allowLocalModels = false;
      } else {
        env.useFSCache = false;
        env.useBrowserCache = 'caches' in globalThis;
        env.allowLocalModels = false;
      }
    }

    this.logger.info(`Loading embedding model ${modelId} (${source.kind})`);
    const progress = new ProgressAggregator(options.onProgress, source.kind === 'local' ? 'Reading' : 'Downloading');
    // `device: 'auto'` + an explicit WASM provider: with a registered onnxruntime-web, transformers.js
    // knows no device names, and 'wasm' is the provider in every environment we run in.
    const extractor = (await transformers.pipeline('feature-extraction', modelId, {
      dtype: 'q8',
      ...(ortRegistered ? { device: 'auto' as const, session_options: { executionProviders: ['wasm'] } } : {}),
      progress_callback: (p: TransformersProgress) => progress.update(p),
    })) as unknown as FeatureExtractor;
    progress.finish();
    this.logger.info(`Embedding model ready in ${Date.now() - started} ms`);
    return extractor;
  }
}

function configureOrt(ort: OrtModule, options: TransformersEmbedderOptions): void {
  if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.wasm.numThreads = options.numThreads ?? 1;
}

/**
 * One fraction for the whole model. Only the ONNX weights count towards it (over 95% of the bytes):
 * the small JSON files finish first and would otherwise make the bar jump to 100% and back.
 */
class ProgressAggregator {
  private readonly files = new Map<string, { loaded: number; total: number }>();
  private lastPercent = -1;
  constructor(
    private readonly report: ProgressCallback | undefined,
    private readonly verb: string,
  ) {}

  update(p: TransformersProgress): void {
    if (!this.report || !p.file) return;
    if (p.status === 'progress' && /\.onnx(_data)?$/.test(p.file) && typeof p.total === 'number' && p.total > 0) {
      this.files.set(p.file, { loaded: Math.min(p.loaded ?? 0, p.total), total: p.total });
      let loaded = 0;
      let total = 0;
      for (const f of this.files.values()) {
        loaded += f.loaded;
        total += f.total;
      }
      const percent = Math.floor((loaded / total) * 100);
      // Download callbacks fire per chunk: report whole percents, never backwards.
      if (percent <= this.lastPercent) return;
      this.lastPercent = percent;
      this.report({ message: `${this.verb} ${p.file}`, fraction: percent / 100 });
    } else if (p.status === 'initiate' || p.status === 'done') {
      this.report({ message: `${p.status === 'done' ? 'Loaded' : 'Loading'} ${p.file}` });
    }
  }

  finish(): void {
    this.report?.({ message: 'Embedding model ready', fraction: 1 });
  }
}

function prepareText(text: string): string {
  const t = typeof text === 'string' ? text : String(text);
  return t.length > MAX_CHARS ? t.slice(0, MAX_CHARS) : t;
}

function modelName(options: TransformersEmbedderOptions): string {
  const s = options.source;
  return s.kind === 'local' ? splitDir(s.modelDir).name : (s.modelId ?? DEFAULT_MODEL_ID);
}

/** "/a/b/model/" → parent "/a/b/", name "model"; works with / and \ and URL-like paths. */
export function splitDir(dir: string): { parent: string; name: string } {
  const trimmed = dir.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return { parent: './', name: trimmed };
  return { parent: trimmed.slice(0, cut + 1), name: trimmed.slice(cut + 1) };
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
