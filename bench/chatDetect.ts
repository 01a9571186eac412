/**
 * Chat-correction detection latency on the real labeled messages (data/chat + ../shared/eval/chat):
 * the shipped detector (features + logistic + lesson writer), one message at a time.
 *
 *   npx tsx bench/chatDetect.ts
 *
 * Prints median, p95 and mean per message, and the slowest message's time (figures, nothing asserted).
 */
import { performance } from 'node:perf_hooks';
import { detectCorrection } from '../src/capture/chatCorrection';
import { loadBoth } from '../scripts/chat/corpus';

const { records } = loadBoth();
// Warm up the regex engine and the JIT.
for (let i = 0; i < 3; i++) for (const r of records) detectCorrection(r.text, r.previous);
const times: number[] = [];
const ROUNDS = 5;
for (let round = 0; round < ROUNDS; round++) {
  for (const r of records) {
    const s = performance.now();
    detectCorrection(r.text, r.previous);
    times.push(performance.now() - s);
  }
}
const sorted = [...times].sort((a, b) => a - b);
const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(`chat correction detection, ${records.length} real messages × ${ROUNDS} rounds`);
console.log(`  per message: p50 ${at(0.5).toFixed(3)} ms  p95 ${at(0.95).toFixed(3)} ms  mean ${mean.toFixed(3)} ms  max ${(sorted.at(-1) ?? 0).toFixed(3)} ms`);
