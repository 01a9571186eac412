/**
 * The embedded index's matrix, held in the memory of a small WASM SIMD module (dot.wat) so that a
 * query is scored four lanes at a time. Platform-neutral: the module is a few hundred bytes compiled
 * synchronously, so it loads the same way in Node, the extension host and a web worker.
 *
 * Layout of the module's memory: [query: dim f32][scores: capacity f32][rows: capacity i32][matrix].
 * The matrix is at the end so that growing the memory never moves it; the scratch regions before it
 * are sized for the capacity, and a growth of capacity moves the matrix once (copyWithin).
 *
 * `createSimdMatrix` returns undefined where WebAssembly or its SIMD proposal is missing (or the
 * dimension is not a multiple of 8): the index then keeps its plain Float32Array and JS loop.
 */
import { DOT_WASM_BASE64 } from './dotWasm';

/** The slice of the WebAssembly API used here (the project's lib has no DOM or WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const runtime = globalThis as unknown as { WebAssembly?: WasmApi; atob?: (b64: string) => string };

interface DotExports {
  readonly memory: WasmMemory;
  scan(q: number, m: number, n: number, dim: number, out: number): void;
  scanRows(q: number, m: number, rows: number, n: number, dim: number, out: number): void;
}

let compiled: object | null | undefined;

function dotModule(): object | undefined {
  if (compiled !== undefined) return compiled ?? undefined;
  compiled = null;
  try {
    const wasm = runtime.WebAssembly;
    if (!wasm || typeof runtime.atob !== 'function') return undefined;
    const bin = runtime.atob(DOT_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (!wasm.validate(bytes)) return undefined; // no SIMD in this engine
    compiled = new wasm.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled ?? undefined;
}

/** True when this runtime can run the SIMD scan (for stats and benchmarks). */
export function simdAvailable(): boolean {
  return dotModule() !== undefined;
}

const PAGE = 65536;
const align16 = (n: number) => (n + 15) & ~15;

export class SimdMatrix {
  private capacity = 0;
  private qOff = 0;
  private outOff = 0;
  private rowsOff = 0;
  private mOff = 0;
  /** Views; re-created whenever the memory grows (growth detaches them). */
  private matrixView = new Float32Array(0);
  private qView = new Float32Array(0);
  private outView = new Float32Array(0);
  private rowsView = new Int32Array(0);

  constructor(private readonly exports: DotExports, readonly dim: number, capacity: number) {
    this.ensureCapacity(capacity);
  }

  /** The rows, as one Float32Array of capacity × dim (valid until the next ensureCapacity). */
  get matrix(): Float32Array {
    return this.matrixView;
  }

  /** Grows to hold `capacity` rows, keeping the first `keepRows` rows' contents. */
  ensureCapacity(capacity: number, keepRows = 0): void {
    if (capacity <= this.capacity) return;
    const dim = this.dim;
    const qOff = 0;
    const outOff = align16(qOff + dim * 4);
    const rowsOff = align16(outOff + capacity * 4);
    const mOff = align16(rowsOff + capacity * 4);
    const need = mOff + capacity * dim * 4;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    const bytes = new Uint8Array(memory.buffer);
    if (keepRows > 0 && mOff !== this.mOff) bytes.copyWithin(mOff, this.mOff, this.mOff + keepRows * dim * 4);
    this.capacity = capacity;
    this.qOff = qOff;
    this.outOff = outOff;
    this.rowsOff = rowsOff;
    this.mOff = mOff;
    const buf = memory.buffer;
    this.matrixView = new Float32Array(buf, mOff, capacity * dim);
    this.qView = new Float32Array(buf, qOff, dim);
    this.outView = new Float32Array(buf, outOff, capacity);
    this.rowsView = new Int32Array(buf, rowsOff, capacity);
  }

  /** Scores of the first `n` rows against `q`; the returned view is overwritten by the next call. */
  scoreAll(q: Float32Array, n: number): Float32Array {
    this.qView.set(q);
    this.exports.scan(this.qOff, this.mOff, n, this.dim, this.outOff);
    return this.outView;
  }

  /** Scratch for the row numbers that `scoreRows` reads: fill the first n entries, then call it. */
  get rows(): Int32Array {
    return this.rowsView;
  }

  /** Scores of the rows listed in the first `n` entries of `rows`, in that order. */
  scoreRows(q: Float32Array, n: number): Float32Array {
    this.qView.set(q);
    this.exports.scanRows(this.qOff, this.mOff, this.rowsOff, n, this.dim, this.outOff);
    return this.outView;
  }
}

/** A SIMD-backed matrix for `dim`-dimensional rows, or undefined where it cannot run here. */
export function createSimdMatrix(dim: number, capacity: number): SimdMatrix | undefined {
  if (dim % 8 !== 0 || dim <= 0) return undefined;
  const mod = dotModule();
  const wasm = runtime.WebAssembly;
  if (!mod || !wasm) return undefined;
  try {
    const instance = new wasm.Instance(mod, {});
    return new SimdMatrix(instance.exports as unknown as DotExports, dim, capacity);
  } catch {
    return undefined;
  }
}
