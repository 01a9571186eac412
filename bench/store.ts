/**
 * Metadata store figures (printed, never asserted):
 *   npx tsx bench/store.ts [--patterns 10000]
 * - store bytes per 100 patterns, each with one occurrence and a 384-d vector (Float32, and float16);
 * - record() (upsert + occurrence) median / p95, new patterns and repeats;
 * - flush() at N patterns: steady state (nobody else wrote), and after another writer wrote (reload +
 *   re-apply); open() with integrity check; refresh() picking up another writer's flush.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Candidate } from '../src/core/types';
import { NodeFileSystem, loadSqlJsNode } from '../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../src/store/sqljsStore';
import { fmt, timeAsync } from './benchUtil';

const DIM = 384;
const CATEGORIES = ['security', 'async', 'type', 'import', 'logic'] as const;
const MODELS = ['gpt-4o', 'claude-sonnet-4', 'o3', 'gemini-2.5-pro'];

const { values } = parseArgs({ options: { patterns: { type: 'string', default: '10000' } } });
const N = Number(values.patterns);

function candidate(i: number): Candidate {
  return {
    description: `Await the database call before using its result in handler ${i}`,
    category: CATEGORIES[i % CATEGORIES.length],
    severity: i % 3 ? 'major' : 'critical',
    source: i % 2 ? 'test' : 'diagnostic',
    errorType: 'TypeError',
    errorMessage: `Cannot read properties of undefined (reading 'rows') at handler${i} (src/api/users.ts:${i % 400})`,
    codeSnippet: `const result = db.query(sql);\nreturn result.rows.map((r) => r.id); // handler ${i}`,
    fixDescription: 'Use `await db.query(...)`: the call returns a promise.',
    filePath: `src/api/users${i % 50}.ts`,
    line: i % 400,
    ruleId: i % 4 === 0 ? 'no-floating-promises' : undefined,
  };
}

function vector(i: number): Float32Array {
  const v = new Float32Array(DIM);
  let x = (i + 1) * 2654435761;
  for (let d = 0; d < DIM; d++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    v[d] = ((x >>> 0) / 4294967296) * 2 - 1;
  }
  return v;
}

async function fill(store: SqlJsMetadataStore, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const { pattern } = await store.record({
      signature: `sig-${i}`,
      candidate: candidate(i),
      model: MODELS[i % MODELS.length],
      timestamp: 1_700_000_000_000 + i * 1000,
      contexts: [`users${i % 50}.ts`, `test_users_${i % 7}`],
    });
    await store.putVector(pattern.id, 'Xenova/all-MiniLM-L6-v2', vector(i));
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function fileSize(p: string): Promise<number> {
  return (await stat(p)).size;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-bench-store-'));
  const fs = new NodeFileSystem();
  const open = async (file: string) => {
    const s = new SqlJsMetadataStore({ fs, path: path.join(dir, file), loadSqlJs: () => loadSqlJsNode() });
    await s.open();
    return s;
  };
  try {
    // --- bytes per 100 patterns
    const sizeOf = async (file: string, vectorEncoding: 'float32' | 'float16') => {
      const s = new SqlJsMetadataStore({ fs, path: path.join(dir, file), loadSqlJs: () => loadSqlJsNode(), vectorEncoding });
      await s.open();
      await s.setMeta('bench', '1');
      await s.flush();
      const empty = await fileSize(path.join(dir, file));
      await fill(s, 0, 1000);
      await s.flush();
      const full = await fileSize(path.join(dir, file));
      await s.close();
      return { empty, full };
    };
    const f32 = await sizeOf('sizes32.db', 'float32');
    const f16 = await sizeOf('sizes16.db', 'float16');
    console.log(`empty store file                             ${(f32.empty / 1024).toFixed(0)} KB (one 8 KiB page per table and index)`);
    console.log('store bytes per 100 patterns (1k patterns, each with 1 occurrence and one 384-d vector)');
    console.log(`  Float32 vectors (default)                  ${((f32.full - f32.empty) / 10 / 1024).toFixed(1)} KB marginal, ${(f32.full / 10 / 1024).toFixed(1)} KB with the empty file (vector bytes alone: ${((DIM * 4 * 100) / 1024).toFixed(1)} KB)`);
    console.log(`  float16 vectors (vectorEncoding: 'float16') ${((f16.full - f16.empty) / 10 / 1024).toFixed(1)} KB marginal, ${(f16.full / 10 / 1024).toFixed(1)} KB with the empty file`);

    // --- record() latency
    const lat = await open('latency.db');
    let next = 0;
    console.log(fmt('record(): new pattern', await timeAsync(() => lat.record({ signature: `n-${next++}`, candidate: candidate(next), model: 'gpt-4o', timestamp: Date.now(), contexts: ['a.ts'] }), 2000, 200)));
    let rep = 0;
    console.log(fmt('record(): repeat of one of 100 patterns', await timeAsync(() => lat.record({ signature: `n-${rep++ % 100}`, candidate: candidate(rep), model: 'claude-sonnet-4', timestamp: Date.now(), contexts: [`f${rep % 30}.ts`] }), 2000, 200)));
    await lat.close();

    // --- flush at N patterns
    const big = await open('big.db');
    let t = performance.now();
    await fill(big, 0, N);
    const fillMs = performance.now() - t;
    t = performance.now();
    await big.flush();
    const firstFlushMs = performance.now() - t;
    const bigPath = path.join(dir, 'big.db');
    console.log(`${N} patterns with vectors: filled in ${fillMs.toFixed(0)} ms, file ${(await fileSize(bigPath) / 1024 / 1024).toFixed(1)} MB, first flush ${firstFlushMs.toFixed(0)} ms`);
    let k = 0;
    console.log(fmt(`flush() at ${N / 1000}k, 1 new occurrence, steady state`, await timeAsync(async () => {
      await big.record({ signature: `sig-${k++ % N}`, candidate: candidate(k), model: 'gpt-4o', timestamp: Date.now(), contexts: [] });
      await big.flush();
    }, 15, 2)));

    const other = await open('big.db');
    const reloadFlush: number[] = [];
    const refreshes: number[] = [];
    for (let i = 0; i < 8; i++) {
      await other.record({ signature: `sig-${k++ % N}`, candidate: candidate(k), model: 'o3', timestamp: Date.now(), contexts: [] });
      await other.flush();
      await big.record({ signature: `sig-${k++ % N}`, candidate: candidate(k), model: 'gpt-4o', timestamp: Date.now(), contexts: [] });
      let s = performance.now();
      await big.flush();
      reloadFlush.push(performance.now() - s);
      s = performance.now();
      await other.refresh();
      refreshes.push(performance.now() - s);
    }
    console.log(`flush() at ${N / 1000}k after another writer (reload + re-apply)  median ${median(reloadFlush).toFixed(0)} ms`);
    console.log(`refresh() at ${N / 1000}k after another writer's flush       median ${median(refreshes).toFixed(0)} ms`);
    await other.close();
    await big.close();
    t = performance.now();
    const reopened = await open('big.db');
    console.log(`open() at ${N / 1000}k (read + integrity_check + load)      ${(performance.now() - t).toFixed(0)} ms`);
    t = performance.now();
    reopened.loadVectors('Xenova/all-MiniLM-L6-v2');
    console.log(`loadVectors() at ${N / 1000}k                              ${(performance.now() - t).toFixed(0)} ms`);
    t = performance.now();
    reopened.listPatterns({ models: ['gpt-4o'], categories: ['async'], limit: 10 });
    console.log(`listPatterns(model + category, top 10 by frequency)  ${(performance.now() - t).toFixed(2)} ms`);
    await reopened.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
