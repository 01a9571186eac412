/** Timing helpers shared by the micro-benchmarks (figures are printed, never asserted). */
import { performance } from 'node:perf_hooks';

export interface Timing {
  readonly medianUs: number;
  readonly p95Us: number;
  readonly meanUs: number;
  readonly runs: number;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed one by one. */
export function timeIt(fn: () => unknown, runs = 5000, warmup = 500): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = new Array(runs);
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t[i] = (performance.now() - s) * 1000;
  }
  return summarize(t);
}

export async function timeAsync(fn: () => Promise<unknown>, runs = 500, warmup = 50): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = new Array(runs);
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t[i] = (performance.now() - s) * 1000;
  }
  return summarize(t);
}

function summarize(t: number[]): Timing {
  const sorted = [...t].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianUs: at(0.5), p95Us: at(0.95), meanUs: t.reduce((a, b) => a + b, 0) / t.length, runs: t.length };
}

export function fmt(name: string, t: Timing): string {
  return `${name.padEnd(44)} median ${t.medianUs.toFixed(1).padStart(8)} µs   p95 ${t.p95Us.toFixed(1).padStart(8)} µs   (${t.runs} runs)`;
}

/** Deterministic xorshift32 in [0, 1): benchmarks run on the same data every time. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box-Muller). */
export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** A random unit vector, uniformly distributed on the sphere. */
export function randomUnit(r: () => number, dim = 384): Float32Array {
  const v = new Float32Array(dim);
  let n = 0;
  for (let i = 0; i < dim; i++) {
    v[i] = gaussian(r);
    n += v[i] * v[i];
  }
  n = Math.sqrt(n);
  for (let i = 0; i < dim; i++) v[i] /= n;
  return v;
}
