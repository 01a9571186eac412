/**
 * The default VectorIndex: every vector in one contiguous typed array, metadata in parallel arrays,
 * exact (brute-force) top-k with a pre-filter on model, category and archived.
 *
 * Persistence is not this class's job: the engine writes each vector with `MetadataStore.putVector`
 * when it records a pattern and rebuilds the index at open from `loadVectors()` plus the patterns'
 * metadata (one `upsert` call). Keeping the index a pure in-memory structure means one source of truth
 * on disk (the SQLite file, with its locking and recovery) and no second write path to keep in sync.
 *
 * Vectors are L2-normalized on the way in, so the dot product is the cosine similarity.
 */
import { TopK } from '../../core/topK';
import { createSimdMatrix, type SimdMatrix } from './wasm/simdDot';
import type { VectorFilter, VectorHit, VectorIndex, VectorMetadata, VectorRecord } from '../../core/ports';

export type VectorQuantization = 'float32' | 'int8';

export interface EmbeddedIndexOptions {
  /** Fixed dimension; when absent, the first upsert sets it. */
  readonly dimension?: number;
  /**
   * 'int8': one signed byte per component with a per-vector scale (4x less memory); queries stay
   * float32. 'float32' (default): exact. See bench/vector.ts for the recall/latency trade-off.
   */
  readonly quantization?: VectorQuantization;
  readonly initialCapacity?: number;
  /**
   * Score float32 vectors with the WASM SIMD scan (wasm/dot.wat) where the runtime supports it
   * (default true; false forces the JS loop, for comparisons).
   */
  readonly simd?: boolean;
}

export class VectorDimensionError extends Error {
  override readonly name = 'VectorDimensionError';
}

export class EmbeddedVectorIndex implements VectorIndex {
  readonly kind = 'embedded' as const;
  private dim: number | undefined;
  private readonly fixedDim: number | undefined;
  private readonly quantization: VectorQuantization;
  private capacity: number;
  private size = 0;
  private f32: Float32Array | undefined;
  /** When present, `f32` is a view on its memory and queries run the SIMD scan. */
  private simd: SimdMatrix | undefined;
  private readonly useSimd: boolean;
  private i8: Int8Array | undefined;
  /** Per-slot dequantization factor (int8 only). */
  private scales: Float32Array;
  private ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private modelCode: Uint32Array;
  private categoryCode: Uint32Array;
  private archived: Uint8Array;
  private metadata: VectorMetadata[] = [];
  private readonly models = new Interner();
  private readonly categories = new Interner();

  constructor(options: EmbeddedIndexOptions = {}) {
    this.quantization = options.quantization ?? 'float32';
    this.useSimd = options.simd ?? true;
    this.capacity = Math.max(16, options.initialCapacity ?? 256);
    this.scales = new Float32Array(this.capacity);
    this.modelCode = new Uint32Array(this.capacity);
    this.categoryCode = new Uint32Array(this.capacity);
    this.archived = new Uint8Array(this.capacity);
    this.fixedDim = options.dimension;
    if (options.dimension !== undefined) this.setDimension(options.dimension);
  }

  get dimension(): number | undefined {
    return this.dim;
  }

  /** True when queries run the WASM SIMD scan (float32 vectors, a runtime with WASM SIMD). */
  get simdScan(): boolean {
    return this.simd !== undefined;
  }

  /** Bytes held by vectors (for stats and benchmarks). */
  get vectorBytes(): number {
    return this.dim === undefined ? 0 : this.size * this.dim * (this.quantization === 'int8' ? 1 : 4);
  }

  /** The stored vectors are the whole index. */
  warm(records: readonly VectorRecord[]): Promise<void> {
    return this.upsert(records);
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    this.upsertSync(records);
  }

  /** Synchronous upsert, for bulk loads at open. */
  upsertSync(records: readonly VectorRecord[]): void {
    for (const r of records) {
      if (this.dim === undefined) this.setDimension(r.vector.length);
      if (r.vector.length !== this.dim) {
        throw new VectorDimensionError(`Vector for ${r.id} has ${r.vector.length} dimensions, the index holds ${this.dim}`);
      }
    }
    for (const r of records) {
      let slot = this.slotOf.get(r.id);
      if (slot === undefined) {
        if (this.size === this.capacity) this.grow();
        slot = this.size++;
        this.slotOf.set(r.id, slot);
        this.ids[slot] = r.id;
      }
      this.writeVector(slot, r.vector);
      this.writeMetadata(slot, r.metadata);
    }
  }

  async query(vector: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    return this.querySync(vector, k, filter);
  }

  querySync(vector: Float32Array, k: number, filter?: VectorFilter): VectorHit[] {
    if (this.dim === undefined || this.size === 0 || k <= 0) {
      if (this.dim !== undefined && vector.length !== this.dim) throw this.queryDimensionError(vector);
      return [];
    }
    if (vector.length !== this.dim) throw this.queryDimensionError(vector);
    const dim = this.dim;
    const q = normalized(vector);
    const modelOk = this.allowMask(this.models, filter?.models);
    const categoryOk = this.allowMask(this.categories, filter?.categories);
    const includeArchived = filter?.includeArchived ?? false;
    const heap = new TopK(Math.floor(k));
    if (this.simd) {
      this.scanSimd(this.simd, q, heap, modelOk, categoryOk, includeArchived);
      return heap.sorted().map(({ slot, score }) => ({ id: this.ids[slot], score }));
    }
    const f32 = this.f32;
    const i8 = this.i8;
    for (let slot = 0; slot < this.size; slot++) {
      if (!includeArchived && this.archived[slot]) continue;
      if (modelOk && !modelOk[this.modelCode[slot]]) continue;
      if (categoryOk && !categoryOk[this.categoryCode[slot]]) continue;
      const base = slot * dim;
      let s = 0;
      if (f32) s = dot(f32, base, q, dim);
      else if (i8) s = dot(i8, base, q, dim) * this.scales[slot];
      if (s === s) heap.offer(slot, s); // NaN (a corrupt stored vector) never ranks
    }
    return heap.sorted().map(({ slot, score }) => ({ id: this.ids[slot], score }));
  }

  /**
   * The filter picks the rows first (a per-query list of row numbers), so rows of other models are
   * never scored; without a filter every row is scored in one pass.
   */
  private scanSimd(
    simd: SimdMatrix,
    q: Float32Array,
    heap: TopK,
    modelOk: Uint8Array | undefined,
    categoryOk: Uint8Array | undefined,
    includeArchived: boolean,
  ): void {
    const n = this.size;
    const archived = this.archived;
    let anyArchived = false;
    if (!includeArchived) for (let slot = 0; slot < n && !anyArchived; slot++) anyArchived = archived[slot] === 1;
    if (!modelOk && !categoryOk && !anyArchived) {
      const scores = simd.scoreAll(q, n);
      for (let slot = 0; slot < n; slot++) {
        const s = scores[slot];
        if (s === s) heap.offer(slot, s);
      }
      return;
    }
    const rows = simd.rows;
    const modelCode = this.modelCode;
    const categoryCode = this.categoryCode;
    let m = 0;
    for (let slot = 0; slot < n; slot++) {
      if (!includeArchived && archived[slot]) continue;
      if (modelOk && !modelOk[modelCode[slot]]) continue;
      if (categoryOk && !categoryOk[categoryCode[slot]]) continue;
      rows[m++] = slot;
    }
    const scores = simd.scoreRows(q, m);
    for (let i = 0; i < m; i++) {
      const s = scores[i];
      if (s === s) heap.offer(rows[i], s);
    }
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.deleteOne(id);
  }

  async clear(): Promise<void> {
    this.size = 0;
    this.ids = [];
    this.metadata = [];
    this.slotOf.clear();
    if (this.fixedDim === undefined) {
      // Cleared after switching models: the next embedder may have another dimension.
      this.dim = undefined;
      this.f32 = undefined;
      this.simd = undefined;
      this.i8 = undefined;
    }
  }

  async count(): Promise<number> {
    return this.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  getMetadata(id: string): VectorMetadata | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.metadata[slot];
  }

  private deleteOne(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    const last = --this.size;
    if (slot !== last) {
      // Swap-remove keeps the arrays dense, so a scan never visits holes.
      const dim = this.dim ?? 0;
      if (this.f32) this.f32.copyWithin(slot * dim, last * dim, (last + 1) * dim);
      if (this.i8) this.i8.copyWithin(slot * dim, last * dim, (last + 1) * dim);
      this.scales[slot] = this.scales[last];
      this.modelCode[slot] = this.modelCode[last];
      this.categoryCode[slot] = this.categoryCode[last];
      this.archived[slot] = this.archived[last];
      this.metadata[slot] = this.metadata[last];
      this.ids[slot] = this.ids[last];
      this.slotOf.set(this.ids[slot], slot);
    }
    this.ids.length = last;
    this.metadata.length = last;
  }

  private setDimension(dim: number): void {
    if (!Number.isInteger(dim) || dim <= 0) throw new VectorDimensionError(`Invalid vector dimension ${dim}`);
    this.dim = dim;
    if (this.quantization === 'int8') this.i8 = new Int8Array(this.capacity * dim);
    else {
      this.simd = this.useSimd ? createSimdMatrix(dim, this.capacity) : undefined;
      this.f32 = this.simd ? this.simd.matrix : new Float32Array(this.capacity * dim);
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const dim = this.dim ?? 0;
    if (this.simd) {
      this.simd.ensureCapacity(cap, this.size);
      this.f32 = this.simd.matrix;
    } else if (this.f32) {
      const next = new Float32Array(cap * dim);
      next.set(this.f32);
      this.f32 = next;
    }
    if (this.i8) {
      const next = new Int8Array(cap * dim);
      next.set(this.i8);
      this.i8 = next;
    }
    this.scales = growTyped(this.scales, new Float32Array(cap));
    this.modelCode = growTyped(this.modelCode, new Uint32Array(cap));
    this.categoryCode = growTyped(this.categoryCode, new Uint32Array(cap));
    this.archived = growTyped(this.archived, new Uint8Array(cap));
    this.capacity = cap;
  }

  private writeVector(slot: number, vector: Float32Array): void {
    const dim = this.dim ?? 0;
    const base = slot * dim;
    const v = normalized(vector);
    if (this.f32) {
      this.f32.set(v, base);
      return;
    }
    if (this.i8) {
      let max = 0;
      for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(v[j]));
      const scale = max > 0 ? max / 127 : 1;
      for (let j = 0; j < dim; j++) this.i8[base + j] = Math.round(v[j] / scale);
      this.scales[slot] = scale;
    }
  }

  private writeMetadata(slot: number, m: VectorMetadata): void {
    this.metadata[slot] = m;
    this.modelCode[slot] = this.models.code(m.model);
    this.categoryCode[slot] = this.categories.code(m.category);
    this.archived[slot] = m.archived ? 1 : 0;
  }

  /** A lookup table code → allowed, or undefined when the filter keeps everything. */
  private allowMask(interner: Interner, allowed: readonly string[] | undefined): Uint8Array | undefined {
    if (allowed === undefined) return undefined;
    const mask = new Uint8Array(interner.size + 1);
    for (const name of allowed) {
      const code = interner.lookup(name);
      if (code !== undefined) mask[code] = 1;
    }
    return mask;
  }

  private queryDimensionError(vector: Float32Array): VectorDimensionError {
    return new VectorDimensionError(`Query has ${vector.length} dimensions, the index holds ${this.dim}`);
  }
}

class Interner {
  private readonly codes = new Map<string, number>();
  get size(): number {
    return this.codes.size;
  }
  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.codes.size;
      this.codes.set(name, c);
    }
    return c;
  }
  lookup(name: string): number | undefined {
    return this.codes.get(name);
  }
}

/** Four accumulators: V8 keeps them in registers and the loop runs about 1.5-2x faster than a plain sum. */
function dot(data: Float32Array | Int8Array, base: number, q: Float32Array, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < dim; j += 4) {
    s0 += data[base + j] * q[j];
    s1 += data[base + j + 1] * q[j + 1];
    s2 += data[base + j + 2] * q[j + 2];
    s3 += data[base + j + 3] * q[j + 3];
  }
  for (; j < dim; j++) s0 += data[base + j] * q[j];
  return s0 + s1 + s2 + s3;
}

function normalized(v: Float32Array): Float32Array {
  let n = 0;
  for (let j = 0; j < v.length; j++) n += v[j] * v[j];
  if (n === 0 || Math.abs(n - 1) < 1e-6) return v;
  const inv = 1 / Math.sqrt(n);
  const out = new Float32Array(v.length);
  for (let j = 0; j < v.length; j++) out[j] = v[j] * inv;
  return out;
}

function growTyped<T extends Float32Array | Uint32Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
