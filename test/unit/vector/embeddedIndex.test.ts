import { strict as assert } from 'node:assert';
import { EmbeddedVectorIndex, VectorDimensionError } from '../../../src/store/vector/embeddedIndex';
import { runVectorIndexConformance, unitVector } from './conformance';

runVectorIndexConformance('embedded float32', async () => new EmbeddedVectorIndex());
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
