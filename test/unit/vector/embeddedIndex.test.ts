import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { compileDotWat } from '../../../scripts/wasm/build';
import { EmbeddedVectorIndex, VectorDimensionError } from '../../../src/store/vector/embeddedIndex';
import { runVectorIndexConformance, unitVector } from './conformance';

runVectorIndexConformance('embedded float32', async () => new EmbeddedVectorIndex());
runVectorIndexConformance('embedded float32, JS scan', async () => new EmbeddedVectorIndex({ simd: false }));
runVectorIndexConformance('embedded int8', async () => new EmbeddedVectorIndex({ quantization: 'int8', initialCapacity: 16 }));

function seededRandom(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) / 4294967296) * 2 - 1;
  };
}

describe('EmbeddedVectorIndex', () => {
  it('grows past its initial capacity and keeps every vector findable', async () => {
    const index = new EmbeddedVectorIndex({ initialCapacity: 16 });
    const rnd = seededRandom(9);
    const vectors: Float32Array[] = [];
    for (let i = 0; i < 200; i++) {
      const v = new Float32Array(32).map(() => rnd());
      vectors.push(v);
      await index.upsert([{ id: `v${i}`, vector: v, metadata: { model: 'm', category: 'logic', severity: 'minor', frequency: 1 } }]);
    }
    assert.equal(await index.count(), 200);
    for (const i of [0, 15, 16, 17, 99, 199]) assert.equal((await index.query(vectors[i], 1))[0].id, `v${i}`);
  });

  it('normalizes inputs so scores are cosine similarities', async () => {
    const index = new EmbeddedVectorIndex();
    const v = unitVector(3);
    await index.upsert([{ id: 'a', vector: v.map((x) => x * 10), metadata: { model: 'm', category: 'logic', severity: 'minor', frequency: 1 } }]);
    const [hit] = await index.query(v.map((x) => x * 0.5), 1);
    assert.ok(Math.abs(hit.score - 1) < 1e-5, `score ${hit.score}`);
  });

  it('rejects a query of another dimension with a typed error, also on a fixed-dimension empty index', async () => {
    const index = new EmbeddedVectorIndex({ dimension: 8 });
    await assert.rejects(index.query(new Float32Array(4), 3), VectorDimensionError);
    await assert.rejects(index.upsert([{ id: 'a', vector: new Float32Array(4), metadata: { model: 'm', category: 'c', severity: 'minor', frequency: 1 } }]), VectorDimensionError);
  });

  it('never ranks a vector holding NaN', async () => {
    const index = new EmbeddedVectorIndex();
    const bad = unitVector(1);
    bad[2] = Number.NaN;
    const m = { model: 'm', category: 'logic', severity: 'minor', frequency: 1 };
    await index.upsert([{ id: 'bad', vector: bad, metadata: m }, { id: 'ok', vector: unitVector(1, 3), metadata: m }]);
    assert.deepEqual((await index.query(unitVector(1), 5)).map((h) => h.id), ['ok']);
  });

  it('int8 keeps recall@10 close to float32 on random data', async () => {
    const f = new EmbeddedVectorIndex();
    const q = new EmbeddedVectorIndex({ quantization: 'int8' });
    const rnd = seededRandom(42);
    const m = { model: 'm', category: 'logic', severity: 'minor', frequency: 1 };
    const recs = Array.from({ length: 2000 }, (_, i) => ({ id: String(i), vector: new Float32Array(64).map(() => rnd()), metadata: m }));
    await f.upsert(recs);
    await q.upsert(recs);
    let found = 0;
    for (let t = 0; t < 20; t++) {
      const query = new Float32Array(64).map(() => rnd());
      const exact = new Set((await f.query(query, 10)).map((h) => h.id));
      for (const h of await q.query(query, 10)) if (exact.has(h.id)) found++;
    }
    assert.ok(found / 200 >= 0.9, `recall@10 ${found / 200}`);
    assert.equal(q.vectorBytes * 4, f.vectorBytes);
  });
});

describe('EmbeddedVectorIndex: the WASM SIMD scan', () => {
  const meta = (i: number) => ({ model: ['a', 'b', 'c', 'd'][i % 4], category: (['logic', 'async', 'security'] as const)[i % 3], severity: 'minor' as const, frequency: 1, archived: i % 17 === 0 });

  it('runs in Node, and answers exactly what the JS loop answers through growth, filters, archive and deletes', async () => {
    const rnd = seededRandom(21);
    const simd = new EmbeddedVectorIndex({ initialCapacity: 16 });
    const js = new EmbeddedVectorIndex({ initialCapacity: 16, simd: false });
    const records = Array.from({ length: 700 }, (_, i) => ({ id: `p${i}`, vector: new Float32Array(384).map(() => rnd()), metadata: meta(i) }));
    for (let i = 0; i < records.length; i += 50) {
      await simd.upsert(records.slice(i, i + 50));
      await js.upsert(records.slice(i, i + 50));
    }
    assert.equal(simd.simdScan, true, 'Node 20 has WASM SIMD');
    assert.equal(js.simdScan, false);
    await simd.delete(['p3', 'p250', 'p699']);
    await js.delete(['p3', 'p250', 'p699']);
    const filters = [undefined, { models: ['b'] }, { models: ['a', 'c'], categories: ['async'] }, { includeArchived: true }, { models: ['nobody'] }];
    for (let q = 0; q < 20; q++) {
      const query = new Float32Array(384).map(() => rnd());
      for (const f of filters) {
        const a = await simd.query(query, 10, f);
        const b = await js.query(query, 10, f);
        assert.deepEqual(a.map((h) => h.id), b.map((h) => h.id), JSON.stringify(f));
        a.forEach((h, i) => assert.ok(Math.abs(h.score - b[i].score) < 1e-5));
      }
    }
  });

  it('the committed module is what dot.wat compiles to', async () => {
    const committed = await readFile(require.resolve('../../../src/store/vector/wasm/dotWasm.ts'), 'utf8');
    assert.equal(committed, await compileDotWat(), 'run npx tsx scripts/wasm/build.ts');
  });
});

