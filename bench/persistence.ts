/**
 * What one captured mistake costs to make durable, by store size (printed, never asserted):
 *   npx tsx bench/persistence.ts [--sizes 1000,10000,50000] [--records 200]
 * For each size: a store of N patterns (one occurrence and a float16 384-d vector each) on disk, then
 * `--records` times record() + putVector() + flush(), side by side with the operation log (the
 * default: a flush appends to <store>.oplog, a checkpoint writes the database once the log passes
 * 512 KiB) and without it (checkpointBytes 0: every flush exports and rewrites the whole database).
 * Reported: median and p95 of one record + flush, the mean including the checkpoints that fell in the
 * run, and the ratio to the same figure at the smallest size.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { NodeFileSystem, loadSqlJsNode } from '../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../src/store/sqljsStore';
import { randomUnit, rng } from './benchUtil';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,50000' }, records: { type: 'string', default: '200' } } });
const sizes = values.sizes!.split(',').map(Number);
const R = Number(values.records);
const r = rng(11);
const fs = new NodeFileSystem();

function op(i: number, tag: string) {
  return {
    signature: `${tag}-${i}`,
    candidate: { description: `Await the database call before using its result in handler ${i}`, category: 'async' as const, severity: 'major' as const, source: 'test' as const, errorType: 'TypeError', errorMessage: `Cannot read properties of undefined (reading 'rows') ${i}` },
    model: 'gpt-4o',
    timestamp: Date.now(),
    contexts: [`src/handlers/h${i % 50}.ts`],
  };
}

async function build(file: string, n: number): Promise<void> {
  const s = new SqlJsMetadataStore({ fs, path: file, loadSqlJs: loadSqlJsNode, vectorEncoding: 'float16', checkpointBytes: 0 });
  await s.open();
  for (let i = 0; i < n; i++) {
    const { pattern } = await s.record(op(i, 'base'));
    await s.putVector(pattern.id, 'e', randomUnit(r));
  }
  await s.close();
}

async function measure(file: string, checkpointBytes: number | undefined) {
  const s = new SqlJsMetadataStore({ fs, path: file, loadSqlJs: loadSqlJsNode, vectorEncoding: 'float16', checkpointBytes });
  await s.open();
  const t: number[] = [];
  for (let i = 0; i < R; i++) {
    const start = performance.now();
    const { pattern } = await s.record(op(i, `new-${checkpointBytes ?? 'log'}`));
    await s.putVector(pattern.id, 'e', randomUnit(r));
    await s.flush();
    t.push(performance.now() - start);
  }
  await s.close();
  const sorted = [...t].sort((a, b) => a - b);
  return { median: sorted[Math.floor(R / 2)], p95: sorted[Math.floor(R * 0.95)], mean: t.reduce((a, b) => a + b, 0) / R };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-persist-'));
  console.log(`# Record + flush by store size (node ${process.version}, ${R} records per row, float16 384-d vectors)`);
  const base: Record<string, number> = {};
  try {
    for (const n of sizes) {
      const file = path.join(dir, `s${n}.db`);
      const t0 = performance.now();
      await build(file, n);
      const size = (await stat(file)).size;
      console.log(`\n${n} patterns (${(size / 1024 / 1024).toFixed(1)} MB, built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      for (const [label, cp] of [['operation log', undefined], ['whole file', 0]] as const) {
        const m = await measure(file, cp);
        base[label] ??= m.median;
        console.log(
          `  ${label.padEnd(13)} record + flush: median ${m.median.toFixed(2)} ms, p95 ${m.p95.toFixed(2)} ms, mean incl. checkpoints ${m.mean.toFixed(2)} ms  (median ${(m.median / base[label]).toFixed(2)}x of ${sizes[0]})`,
        );
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
