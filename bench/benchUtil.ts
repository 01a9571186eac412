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
