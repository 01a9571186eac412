/**
 * How vectors sit in `pattern_vectors.data`. The encoding is told by the blob's length against `dim`
 * (4 bytes a component: float32, 2: float16), so one file can hold both and every reader knows which.
 * Byte order is the platform's, little-endian on everything VS Code runs on.
 *
 * float16 halves the largest part of the file (a 384-d vector: 1536 → 768 bytes) at a relative error
 * of at most 2^-11 per component, far below what moves a cosine ranking of normalized embeddings.
 */
export type VectorEncoding = 'float32' | 'float16';

export function encodeVector(vector: Float32Array, encoding: VectorEncoding): Uint8Array {
  if (encoding === 'float32') return new Uint8Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
  const halves = new Uint16Array(vector.length);
  for (let i = 0; i < vector.length; i++) halves[i] = toHalf(vector[i]);
  return new Uint8Array(halves.buffer);
}

/** undefined when the blob matches neither encoding for this dimension. */
export function decodeVector(data: Uint8Array, dim: number): Float32Array | undefined {
  if (data.byteLength === dim * 4) {
    return data.byteOffset % 4 === 0 ? new Float32Array(data.buffer, data.byteOffset, dim) : new Float32Array(data.slice().buffer);
  }
  if (data.byteLength === dim * 2) {
    const halves = data.byteOffset % 2 === 0 ? new Uint16Array(data.buffer, data.byteOffset, dim) : new Uint16Array(data.slice().buffer);
    const table = halfTable();
    const out = new Float32Array(dim);
    for (let i = 0; i < dim; i++) out[i] = table[halves[i]];
    return out;
  }
  return undefined;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary32 → binary16, round to nearest even; overflow to infinity, underflow to zero. */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

let table: Float32Array | undefined;
/** All 65536 half values, decoded once (256 KB): decoding a vector is then one lookup a component. */
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = fromHalf(h);
  }
  return table;
}
