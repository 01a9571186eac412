/**
 * Small interfaces for every piece of infrastructure the engine uses. Implementations live in
 * `store/`, `embedding/` and the faces; tests pass real ones where they can run (sql.js, Node fs)
 * and test doubles only for what cannot (a remote LLM).
 */

/** Persistence port. Paths are plain strings: file paths in Node, URI paths under a root in VS Code. */
export interface FileSystem {
  /** The whole file, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Write atomically: a reader sees the old or the new content, never a mix (temp file + rename). */
  writeFileAtomic(path: string, data: Uint8Array): Promise<void>;
  /** Create the file only if it does not exist; false when it already exists. Used for lock files. */
  createExclusive(path: string, data: Uint8Array): Promise<boolean>;
  /** Rename, replacing the target if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** Delete a file; no error when it is missing. */
  delete(path: string): Promise<void>;
  /** Size and modification time, or undefined when missing. */
  stat(path: string): Promise<{ size: number; mtime: number } | undefined>;
  /** Create a directory and its parents; no error when it exists. */
  mkdirp(path: string): Promise<void>;
  /** Names (not paths) of entries in a directory; [] when it is missing. */
  list(path: string): Promise<string[]>;
  /** Join path segments with this file system's separator. */
  join(...parts: string[]): string;
  /** Parent directory of a path. */
  dirname(path: string): string;
}

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}
export const nullLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Cooperative cancellation, shaped like both AbortSignal and vscode.CancellationToken adapters. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export interface ProgressReport {
  /** Human-readable step ("Downloading model.onnx"). */
  readonly message?: string;
  /** 0..1 when known. */
  readonly fraction?: number;
}
export type ProgressCallback = (report: ProgressReport) => void;

/** Turns text into normalized vectors. */
export interface Embedder {
  /** Identifies the model (vectors of different ids are not comparable). */
  readonly id: string;
  readonly dimension: number;
  embed(texts: readonly string[], token?: Cancellation): Promise<Float32Array[]>;
}

export interface VectorMetadata {
  readonly model: string;
  readonly category: string;
  readonly severity: string;
  readonly frequency: number;
  readonly archived?: boolean;
}

export interface VectorFilter {
  /** Keep only these models (undefined: all). */
  readonly models?: readonly string[];
  readonly categories?: readonly string[];
  readonly includeArchived?: boolean;
}

export interface VectorHit {
  readonly id: string;
  /** Cosine similarity in [-1, 1]. */
  readonly score: number;
  /** The record's document, from indexes that keep one (Chroma): lets a shared index bring patterns other people recorded. */
  readonly document?: string;
}

export interface VectorRecord {
  /** The pattern's error signature: the same id for the same mistake in every store. */
  readonly id: string;
  readonly vector: Float32Array;
  readonly metadata: VectorMetadata;
  /** A portable description of the pattern (JSON), kept by indexes that store documents. */
  readonly document?: string;
}

/** The vector side of storage: embedded (default) or a Chroma server. */
export interface VectorIndex {
  readonly kind: 'embedded' | 'chroma';
  upsert(records: readonly VectorRecord[]): Promise<void>;
  query(vector: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]>;
  delete(ids: readonly string[]): Promise<void>;
  /** Removes every vector. */
  clear(): Promise<void>;
  count(): Promise<number>;
  /**
   * Takes the vectors stored with the patterns, when the engine loads them (on first dense search,
   * and again after another writer's change): the embedded index holds them all; a remote index
   * keeps them as its local fallback. An index without it (a bare Chroma server) holds its own copy.
   */
  warm?(records: readonly VectorRecord[]): Promise<void>;
  /** Stops timers and connections (on close). */
  dispose?(): void;
}
