/**
 * Embedded vector index and embedder latency (figures printed, never asserted):
 *   npx tsx bench/vector.ts [--sizes 1000,10000,100000] [--queries 200] [--model-dir <folder>] [--no-embed]
 * - brute-force top-10 latency (median / p95) at each size, unfiltered and with a model filter keeping
 *   25%, float32 vs int8;
 * - int8 recall@10 against float32 on uniform random and on clustered vectors (clusters are what real
 *   sentence embeddings look like: many near-duplicates of a few topics);
 * - lexical search latency at the same sizes;
 * - embedder latency with the stand-in model (single sentence, batch of 32), WASM backend.
 */
import { gaussian, rng } from './benchUtil';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { VectorRecord } from '../src/core/ports';
import { createEmbedder } from '../src/embedding/embedderFactory.node';
import { LexicalIndex } from '../src/search/lexical';
import { EmbeddedVectorIndex, type VectorQuantization } from '../src/store/vector/embeddedIndex';

const DIM = 384;
const MODELS = ['gpt-4o', 'claude-sonnet-4', 'o3', 'gemini-2.5-pro'];

function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

function randomVectors(n: number, seed: number, clustered: boolean): Float32Array[] {
  const r = rng(seed);
  const centers = clustered ? Array.from({ length: 50 }, () => normalize(Float32Array.from({ length: DIM }, () => gaussian(r)))) : [];
  return Array.from({ length: n }, () => {
    const v = new Float32Array(DIM);
    if (clustered) {
      const c = centers[Math.floor(r() * centers.length)];
      for (let j = 0; j < DIM; j++) v[j] = c[j] + 0.35 * gaussian(r) / Math.sqrt(DIM) * 3;
    } else {
      for (let j = 0; j < DIM; j++) v[j] = gaussian(r);
    }
    return normalize(v);
  });
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

function fmt(ms: { median: number; p95: number }): string {
  return `median ${ms.median.toFixed(2).padStart(7)} ms  p95 ${ms.p95.toFixed(2).padStart(7)} ms`;
}

function records(vectors: Float32Array[]): VectorRecord[] {
  return vectors.map((vector, i) => ({
    id: `p${i}`,
    vector,
    metadata: { model: MODELS[i % MODELS.length], category: 'logic', severity: 'minor', frequency: 1 },
  }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      queries: { type: 'string', default: '200' },
      'model-dir': { type: 'string' },
      'no-embed': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const nq = Number(values.queries);

  console.log(`Embedded vector index, ${DIM}-d, top-10, ${nq} queries per row (node ${process.version})`);
  for (const size of sizes) {
    const vectors = randomVectors(size, 7, true);
    const queries = randomVectors(nq, 99, true);
    for (const quantization of ['float32', 'int8'] as VectorQuantization[]) {
      const index = new EmbeddedVectorIndex({ dimension: DIM, quantization });
      const t0 = performance.now();
      index.upsertSync(records(vectors));
      const build = performance.now() - t0;
      for (let i = 0; i < 20; i++) index.querySync(queries[i % nq], 10); // warm up the JIT
      const plain: number[] = [];
      const filtered: number[] = [];
      for (const q of queries) {
        let t = performance.now();
        index.querySync(q, 10);
        plain.push(performance.now() - t);
        t = performance.now();
        index.querySync(q, 10, { models: ['gpt-4o'] });
        filtered.push(performance.now() - t);
      }
      const mb = (index.vectorBytes / 1048576).toFixed(1);
      console.log(`  ${String(size).padStart(6)} ${quantization.padEnd(7)} all: ${fmt(stats(plain))} | 25% model filter: ${fmt(stats(filtered))} | ${mb} MB, build ${build.toFixed(0)} ms`);
    }
  }

  console.log('\nint8 recall@10 against float32 (10k vectors, 200 queries)');
  for (const clustered of [false, true]) {
    const vectors = randomVectors(10000, 3, clustered);
    const queries = randomVectors(200, 5, clustered);
    const f = new EmbeddedVectorIndex({ dimension: DIM });
    const q8 = new EmbeddedVectorIndex({ dimension: DIM, quantization: 'int8' });
    f.upsertSync(records(vectors));
    q8.upsertSync(records(vectors));
    let found = 0;
    for (const q of queries) {
      const exact = new Set(f.querySync(q, 10).map((h) => h.id));
      for (const h of q8.querySync(q, 10)) if (exact.has(h.id)) found++;
    }
    console.log(`  ${clustered ? 'clustered' : 'uniform  '}: recall@10 ${(found / (queries.length * 10)).toFixed(4)}`);
  }

  console.log('\nLexical index (BM25F + concepts), synthetic pattern descriptions');
  const words = 'await async promise default mutable argument list dict sql injection query parameter except catch error type undefined import module unused variable loop closure format string logging file open encoding timeout request shell command path traversal hash password random token cookie secure redirect regex eval exec deserialize pickle yaml xml entity cors csrf session permission temp race condition null none index bounds'.split(' ');
  for (const size of sizes) {
    const r = rng(11);
    const pick = () => words[Math.floor(r() * words.length)];
    const idx = new LexicalIndex();
    const t0 = performance.now();
    for (let i = 0; i < size; i++) {
      const desc = Array.from({ length: 8 + Math.floor(r() * 10) }, pick).join(' ');
      idx.add(`p${i}`, { description: desc, errorType: r() < 0.3 ? 'TypeError' : 'KeyError', ruleId: `rule-${pick()}-${pick()}` });
    }
    const build = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const q = Array.from({ length: 12 }, pick).join(' ');
      const t = performance.now();
      idx.search(q, 10);
      times.push(performance.now() - t);
    }
    console.log(`  ${String(size).padStart(6)} docs: ${fmt(stats(times))} (12-word queries) | build ${(build / 1000).toFixed(1)} s`);
  }

  if (values['no-embed']) return;
  
  const repo = path.resolve(__dirname, '..');
  const modelDir = values['model-dir'] ?? process.env.MISTAKES_TEST_MODEL_DIR ?? path.resolve(repo, '..', 'shared', 'models', 'standin-all-MiniLM-L6-v2');
  const embedder = await createEmbedder({ modelDir });
  if (!embedder) {
    console.log(`\nEmbedder: no model at ${modelDir}`);
    return;
  }
  const sentence = 'TypeError: Cannot read properties of undefined (reading "map") in UserList.render';
  const t0 = performance.now();
  await embedder.embed([sentence]);
  const cold = performance.now() - t0;
  const single: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await embedder.embed([`${sentence} ${i}`]);
    single.push(performance.now() - t);
  }
  const batch: number[] = [];
  const texts = Array.from({ length: 32 }, (_, i) => `${sentence} variant ${i} with a few more words about await and promises`);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await embedder.embed(texts);
    batch.push(performance.now() - t);
  }
  const b = stats(batch);
  console.log(`\nEmbedder (${path.basename(modelDir)}, q8 ONNX, onnxruntime-web WASM, 1 thread)`);
  console.log(`  cold load + first embed ${cold.toFixed(0)} ms`);
  console.log(`  single sentence: ${fmt(stats(single))}`);
  console.log(`  batch of 32:     ${fmt(b)} (${(b.median / 32).toFixed(1)} ms per sentence)`);
}

void main();
