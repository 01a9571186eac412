/**
 * Embedded index vs a naive exact Float32Array scan vs a real Chroma server, side by side on the same
 * data in one run (figures printed, never asserted):
 *   npx tsx bench/chroma.ts [--sizes 1000,10000,100000] [--queries 100] [--batch 5000]
 *                           [--insert-budget-s 300] [--chroma-url URL]
 * - random normalized 384-d vectors (seeded), 4 models (a model filter keeps 25%);
 * - top-10 latency (median / p95) unfiltered and with a model filter, both indexes, and the ratio
 *   Chroma / embedded; Chroma's recall@10 against the exact embedded answer;
 * - Chroma insert throughput (batched upserts). When the projected insert time of a size exceeds
 *   --insert-budget-s, that size is skipped and the projection is printed instead.
 * --ef-search N sets HNSW ef_search on the collections (Chroma's default is 100).
 * Without --chroma-url a server is started from test/chroma-server (installed on first use); with
 * --no-chroma, or when no server can run, only the embedded and naive columns are printed.
 * The naive scan is what one writes first: a Float32Array, one dot product per row in a plain loop,
 * the filter checked per row, a sort of the matches; its answer is the exact top-10.
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

/** The baseline: exact top-k over a Float32Array, the simplest correct code. */
class NaiveScan {
  private readonly m: Float32Array;
  private readonly models: string[];
  constructor(records: readonly VectorRecord[]) {
    this.m = new Float32Array(records.length * DIM);
    records.forEach((r, i) => this.m.set(r.vector, i * DIM));
    this.models = records.map((r) => r.metadata.model);
  }
  query(q: Float32Array, k: number, model?: string): string[] {
    const hits: Array<{ i: number; s: number }> = [];
    for (let i = 0; i < this.models.length; i++) {
      if (model && this.models[i] !== model) continue;
      let s = 0;
      for (let j = 0; j < DIM; j++) s += this.m[i * DIM + j] * q[j];
      hits.push({ i, s });
    }
    hits.sort((a, b) => b.s - a.s);
    return hits.slice(0, k).map((h) => String(h.i + 1));
  }
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
      'no-chroma': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes!.split(',').map(Number).filter((n) => n > 0);
  const nq = Number(values.queries);
  const batch = Number(values.batch);
  const budgetS = Number(values['insert-budget-s']);
  const efSearch = values['ef-search'] ? Number(values['ef-search']) : undefined;

  let server: ChromaTestServer | undefined;
  let url = values['chroma-url'];
  let version = '';
  if (!url && !values['no-chroma']) {
    const inst = await ensureChromaInstalled();
    if (inst.ok) {
      server = await startChromaServer();
      url = server.url;
    } else console.log(`(no Chroma column: ${inst.reason})`);
  }
  if (url) {
    const probe = new ChromaVectorIndex({ url, prefix: 'benchprobe_' });
    version = (await probe.check()).version;
    await probe.drop();
  }
  console.log(`Embedded (${new EmbeddedVectorIndex({ dimension: DIM }).simdScan ? 'WASM SIMD scan' : 'JS scan'}) vs naive exact Float32Array scan${url ? ` vs Chroma ${version} at ${url}` : ''}: ${DIM}-d random unit vectors, top-10, ${nq} queries per row, node ${process.version}`);
  console.log(`Filter: one model of 4 (keeps 25%). Ratios = other median / embedded median. Recall@10 against the naive exact answer.${url ? ` Chroma HNSW ef_search ${efSearch ?? '100 (default)'}.` : ''}\n`);

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

      const naive = new NaiveScan(records);
      const chroma = url ? new ChromaVectorIndex({ url, prefix: `bench${size}_`, batchSize: batch, timeoutMs: 600_000, hnsw: { efSearch } }) : undefined;
      let chromaBuild = 0;
      if (chroma) {
        await chroma.drop();
        const cb = performance.now();
        for (let i = 0; i < records.length; i += batch) {
          await chroma.upsert(records.slice(i, i + batch));
          if (size >= 50_000) process.stdout.write(`\r  inserting ${size}: ${Math.min(size, i + batch)}/${size}`);
        }
        if (size >= 50_000) process.stdout.write('\n');
        chromaBuild = performance.now() - cb;
        insertRate = size / (chromaBuild / 1000);
      }

      const model = MODELS[1];
      const e1 = await timeQueries((q) => embedded.query(q, 10), queries);
      const n1 = await timeQueries(async (q) => naive.query(q, 10), queries);
      const c1 = chroma ? await timeQueries((q) => chroma.query(q, 10), queries) : undefined;
      const e2 = await timeQueries((q) => embedded.query(q, 10, filter), queries);
      const n2 = await timeQueries(async (q) => naive.query(q, 10, model), queries);
      const c2 = chroma ? await timeQueries((q) => chroma.query(q, 10, filter), queries) : undefined;

      const recallOf = async (get: (q: Float32Array) => Promise<string[]>, m?: string): Promise<number> => {
        let found = 0;
        const sample = queries.slice(0, Math.min(50, queries.length));
        for (const q of sample) {
          const exact = new Set(naive.query(q, 10, m));
          found += (await get(q)).filter((id) => exact.has(id)).length;
        }
        return found / (sample.length * 10);
      };
      const ids = (hits: Promise<Array<{ id: string }>>) => hits.then((h) => h.map((x) => x.id));
      const er1 = await recallOf((q) => ids(embedded.query(q, 10)));
      const er2 = await recallOf((q) => ids(embedded.query(q, 10, filter)), model);
      const cr1 = chroma ? await recallOf((q) => ids(chroma.query(q, 10))) : undefined;
      const cr2 = chroma ? await recallOf((q) => ids(chroma.query(q, 10, filter)), model) : undefined;

      const row = (label: string, e: { median: number; p95: number }, n: { median: number; p95: number }, er: number, c?: { median: number; p95: number }, cr?: number) =>
        `   ${label}  embedded ${ms(e.median)} (p95 ${ms(e.p95)}, recall@10 ${er.toFixed(3)})   naive ${ms(n.median)} (${(n.median / e.median).toFixed(1)}x)` +
        (c ? `   Chroma ${ms(c.median)} (p95 ${ms(c.p95)}, ${(c.median / e.median).toFixed(1)}x, recall@10 ${cr!.toFixed(3)})` : '');
      const lines = [
        `${String(size).padStart(7)} records  build: embedded ${(embeddedBuild / 1000).toFixed(2)} s` +
          (chroma ? `, Chroma insert ${(chromaBuild / 1000).toFixed(1)} s (${insertRate!.toFixed(0)} records/s, batches of ${batch})` : ''),
        row('no filter', e1, n1, er1, c1, cr1),
        row('model 25%', e2, n2, er2, c2, cr2),
      ];
      for (const l of lines) console.log(l);
      rows.push(...lines);
      await chroma?.drop();
    }
  } finally {
    await server?.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
