/**
 * Embedded index vs a real Chroma server, side by side on the same data in one run (figures printed,
 * never asserted):
 *   npx tsx bench/chroma.ts [--sizes 1000,10000,100000] [--queries 100] [--batch 5000]
 *                           [--insert-budget-s 300] [--chroma-url URL]
 * - random normalized 384-d vectors (seeded), 4 models (a model filter keeps 25%);
 * - top-10 latency (median / p95) unfiltered and with a model filter, both indexes, and the ratio
 *   Chroma / embedded; Chroma's recall@10 against the exact embedded answer;
 * - Chroma insert throughput (batched upserts). When the projected insert time of a size exceeds
 *   --insert-budget-s, that size is skipped and the projection is printed instead.
 * --ef-search N sets HNSW ef_search on the collections (Chroma's default is 100).
 * Without --chroma-url a server is started from test/chroma-server (installed on first use).
 */
import { randomUnit, rng } from './benchUtil';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { VectorFilter, VectorRecord } from '../src/core/ports';
import { ChromaVectorIndex } from '../src/store/vector/chromaIndex';
import { EmbeddedVectorIndex } from '../src/store/vector/embeddedIndex';
import { ensureChromaInstalled, startChromaServer, type ChromaTestServer } from '../test/chroma-server/server';

const DIM = 384;
const MODELS = ['gpt-4o', 'claude-sonnet-4', 'o3', 'gemini-2.5-pro'];
const CATEGORIES = ['async', 'security', 'type', 'import', 'logic'];

function makeRecords(n: number, seed: number): VectorRecord[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    vector: randomUnit(r),
    metadata: { model: MODELS[i % MODELS.length], category: CATEGORIES[i % CATEGORIES.length], severity: 'major', frequency: 1 + (i % 20) },
  }));
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

async function timeQueries(fn: (q: Float32Array) => Promise<unknown>, queries: Float32Array[], warmup = 5): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < Math.min(warmup, queries.length); i++) await fn(queries[i]);
  const t: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    await fn(q);
    t.push(performance.now() - s);
  }
  return stats(t);
}

const ms = (x: number) => `${x.toFixed(2).padStart(8)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      queries: { type: 'string', default: '100' },
      batch: { type: 'string', default: '5000' },
      'insert-budget-s': { type: 'string', default: '300' },
      'chroma-url': { type: 'string' },
      'ef-search': { type: 'string' },
    },
  });
  const sizes = values.sizes!.split(',').map(Number).filter((n) => n > 0);
  const nq = Number(values.queries);
  const batch = Number(values.batch);
  const budgetS = Number(values['insert-budget-s']);
  const efSearch = values['ef-search'] ? Number(values['ef-search']) : undefined;

  let server: ChromaTestServer | undefined;
  let url = values['chroma-url'];
  if (!url) {
    const inst = await ensureChromaInstalled();
    if (!inst.ok) throw new Error(`No Chroma server: ${inst.reason}`);
    server = await startChromaServer();
    url = server.url;
  }
  const probe = new ChromaVectorIndex({ url, prefix: 'benchprobe_' });
  const { version } = await probe.check();
  await probe.drop();
  console.log(`Embedded vs Chroma ${version} at ${url}: ${DIM}-d random unit vectors, top-10, ${nq} queries per row, node ${process.version}`);
  console.log(`HNSW ef_search ${efSearch ?? '100 (Chroma default)'}. Filter: one model of 4 (keeps 25%). Ratio = Chroma median / embedded median. Recall@10 of Chroma vs exact.\n`);

  const rows: string[] = [];
  let insertRate: number | undefined; // records per second, measured
  try {
    for (const size of sizes) {
      if (insertRate && size / insertRate > budgetS) {
        const line = `${String(size).padStart(7)}: skipped: inserting into Chroma would take about ${(size / insertRate).toFixed(0)} s at the measured ${insertRate.toFixed(0)} records/s (budget ${budgetS} s; raise --insert-budget-s)`;
        console.log(line);
        rows.push(line);
        continue;
      }
      const records = makeRecords(size, size);
      const queries = Array.from({ length: nq }, (_, i) => randomUnit(rng(1_000_000 + i)));
      const filter: VectorFilter = { models: [MODELS[1]] };

      const embedded = new EmbeddedVectorIndex({ dimension: DIM, initialCapacity: size });
      const eb = performance.now();
      embedded.upsertSync(records);
      const embeddedBuild = performance.now() - eb;

      const chroma = new ChromaVectorIndex({ url, prefix: `bench${size}_`, batchSize: batch, timeoutMs: 600_000, hnsw: { efSearch } });
      await chroma.drop();
      const cb = performance.now();
      for (let i = 0; i < records.length; i += batch) {
        await chroma.upsert(records.slice(i, i + batch));
        if (size >= 50_000) process.stdout.write(`\r  inserting ${size}: ${Math.min(size, i + batch)}/${size}`);
      }
      if (size >= 50_000) process.stdout.write('\n');
      const chromaBuild = performance.now() - cb;
      insertRate = size / (chromaBuild / 1000);

      const e1 = await timeQueries((q) => embedded.query(q, 10), queries);
      const c1 = await timeQueries((q) => chroma.query(q, 10), queries);
      const e2 = await timeQueries((q) => embedded.query(q, 10, filter), queries);
      const c2 = await timeQueries((q) => chroma.query(q, 10, filter), queries);

      let found = 0;
      let foundF = 0;
      const sample = queries.slice(0, Math.min(50, queries.length));
      for (const q of sample) {
        const exact = new Set((await embedded.query(q, 10)).map((h) => h.id));
        found += (await chroma.query(q, 10)).filter((h) => exact.has(h.id)).length;
        const exactF = new Set((await embedded.query(q, 10, filter)).map((h) => h.id));
        foundF += (await chroma.query(q, 10, filter)).filter((h) => exactF.has(h.id)).length;
      }
      const recall = found / (sample.length * 10);
      const recallF = foundF / (sample.length * 10);

      const lines = [
        `${String(size).padStart(7)} records  build: embedded ${(embeddedBuild / 1000).toFixed(2)} s, Chroma insert ${(chromaBuild / 1000).toFixed(1)} s (${insertRate.toFixed(0)} records/s, batches of ${batch})`,
        `   no filter  embedded ${ms(e1.median)} (p95 ${ms(e1.p95)})   Chroma ${ms(c1.median)} (p95 ${ms(c1.p95)})   ratio ${(c1.median / e1.median).toFixed(2)}x   Chroma recall@10 ${recall.toFixed(3)}`,
        `   model 25%  embedded ${ms(e2.median)} (p95 ${ms(e2.p95)})   Chroma ${ms(c2.median)} (p95 ${ms(c2.p95)})   ratio ${(c2.median / e2.median).toFixed(2)}x   Chroma recall@10 ${recallF.toFixed(3)}`,
      ];
      for (const l of lines) console.log(l);
      rows.push(...lines);
      await chroma.drop();
    }
  } finally {
    await server?.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
