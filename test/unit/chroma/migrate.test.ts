import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VectorRecord } from '../../../src/core/ports';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';
import { EmbeddedVectorIndex } from '../../../src/store/vector/embeddedIndex';
import {
  indexSink,
  memoryCheckpointStore,
  metaCheckpointStore,
  migrateVectors,
  type MigrationProgress,
  storeVectorSink,
  storeVectorSource,
} from '../../../src/store/vector/migrate';
import type { ChromaTestServer } from '../../chroma-server/server';
import { recordOp } from '../store/helpers';
import { unitVector } from '../vector/conformance';
import { chromaIndex, requireChroma } from './helpers';

const EMB = 'test-emb-16';
const N = 40;

async function storeWithPatterns(dir: string, withVectors: boolean): Promise<SqlJsMetadataStore> {
  const store = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: join(dir, 'm.db'), loadSqlJs: loadSqlJsNode });
  await store.open();
  for (let i = 0; i < N; i++) {
    const { pattern } = await store.record(
      recordOp(`sig-${i}`, { model: i % 2 ? 'gpt-4o' : 'o3', candidate: { description: `mistake ${i}`, category: i % 3 ? 'async' : 'security' } }),
    );
    if (withVectors) await store.putVector(pattern.id, EMB, unitVector(i, i + 1));
  }
  return store;
}

describe('vector migration', function () {
  let server: ChromaTestServer;
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'mm-migrate-'));
    dirs.push(d);
    return d;
  };
  before(async function () {
    server = await requireChroma(this);
  });
  after(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('embedded → Chroma in batches, cancelled and resumed from the checkpoint, idempotent; then Chroma → embedded', async function () {
    this.timeout(60_000);
    const source = await storeWithPatterns(tmp(), true);
    const chroma = chromaIndex(server);
    const checkpoints = metaCheckpointStore(source);
    const progress: MigrationProgress[] = [];
    let batches = 0;
    const token = { isCancellationRequested: false };
    const first = await migrateVectors(storeVectorSource(source, EMB), indexSink(chroma), {
      batchSize: 7,
      token,
      checkpoint: { store: checkpoints, key: 'to-chroma' },
      onProgress: (p) => {
        progress.push(p);
        if (/ of /.test(p.message) && ++batches === 2) token.isCancellationRequested = true;
      },
    });
    assert.equal(first.cancelled, true);
    assert.equal(first.nextOffset, 14);
    assert.equal(await chroma.count(), 14);
    assert.equal(await checkpoints.load('to-chroma'), 14, 'the checkpoint is in the store meta table');

    token.isCancellationRequested = false;
    const second = await migrateVectors(storeVectorSource(source, EMB), indexSink(chroma), {
      batchSize: 7,
      checkpoint: { store: checkpoints, key: 'to-chroma' },
      onProgress: (p) => progress.push(p),
    });
    assert.equal(second.resumedFrom, 14);
    assert.equal(second.read, N - 14);
    assert.equal(second.cancelled, false);
    assert.equal(await chroma.count(), N);
    assert.equal(await checkpoints.load('to-chroma'), undefined, 'a finished migration leaves no checkpoint');
    const fractions = progress.map((p) => p.fraction);
    assert.deepEqual([...fractions].sort((a, b) => a - b), fractions, 'progress only moves forward');
    assert.equal(fractions[fractions.length - 1], 1);

    const again = await migrateVectors(storeVectorSource(source, EMB), indexSink(chroma), { batchSize: 16 });
    assert.equal(again.written, N);
    assert.equal(await chroma.count(), N, 'running it again changes nothing');
    // Records are keyed by error signature, the same in every store.
    assert.equal((await chroma.query(unitVector(7, 8), 1))[0].id, 'sig-7');
    const o3 = await chroma.query(unitVector(7, 8), 50, { models: ['o3'] });
    assert.equal(o3.length, N / 2, 'metadata came along');

    // A record for a pattern this store does not have (another user's, on a shared server).
    await chroma.upsert([{ id: '99999', vector: unitVector(3, 77), metadata: { model: 'x', category: 'logic', severity: 'minor', frequency: 1 } }]);
    const target = await storeWithPatterns(tmp(), false);
    assert.equal(target.loadVectors(EMB).length, 0);
    const back = await migrateVectors(chroma, storeVectorSink(target, EMB), { batchSize: 9, checkpoint: { store: memoryCheckpointStore(), key: 'back' } });
    assert.equal(back.written, N);
    assert.equal(back.skipped, 1);
    const loaded = target.loadVectors(EMB);
    assert.equal(loaded.length, N);
    const v7 = loaded.find((v) => v.patternId === target.findBySignature('sig-7')!.id)!;
    const want = unitVector(7, 8);
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(v7.vector[i] - want[i]) < 1e-6, 'vectors survive the round trip');

    // And the round-tripped vectors answer queries like the originals.
    const local = new EmbeddedVectorIndex();
    const rebuilt = await migrateVectors(storeVectorSource(target, EMB), indexSink(local), {});
    assert.equal(rebuilt.written, N);
    assert.equal((await local.query(unitVector(7, 8), 1))[0].id, 'sig-7');

    await source.close();
    await target.close();
    await chroma.drop();
  });
});

describe('migrateVectors (no server needed)', () => {
  it('a failing sink stops the migration and the next run resumes after the last good batch', async () => {
    const records: VectorRecord[] = Array.from({ length: 10 }, (_, i) => ({
      id: String(i),
      vector: unitVector(i),
      metadata: { model: 'm', category: 'logic', severity: 'minor', frequency: 1 },
    }));
    const source = { count: async () => records.length, page: async (o: number, l: number) => records.slice(o, o + l) };
    const written: string[] = [];
    let fail = true;
    const sink = {
      write: async (rs: readonly VectorRecord[]) => {
        if (fail && rs[0].id === '4') throw new Error('server went away');
        written.push(...rs.map((r) => r.id));
        return rs.length;
      },
    };
    const cp = memoryCheckpointStore();
    await assert.rejects(migrateVectors(source, sink, { batchSize: 2, checkpoint: { store: cp, key: 'k' } }), /went away/);
    assert.equal(await cp.load('k'), 4);
    fail = false;
    const r = await migrateVectors(source, sink, { batchSize: 2, checkpoint: { store: cp, key: 'k' } });
    assert.equal(r.resumedFrom, 4);
    assert.deepEqual(written, records.map((x) => x.id));
  });
});
