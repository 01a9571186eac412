/**
 * Behaviour every VectorIndex must share (embedded, Chroma). Call inside a test file:
 *   runVectorIndexConformance('embedded', async () => new EmbeddedVectorIndex());
 * The factory returns a fresh, empty index each time; when the returned object has `dispose()`, it is
 * called after each test (a Chroma implementation can drop its collection there).
 */
import { strict as assert } from 'node:assert';
import type { VectorIndex, VectorMetadata, VectorRecord } from '../../../src/core/ports';

const DIM = 16;

/** Deterministic unit vectors: a spike on axis `axis` plus a small seeded tail. */
export function unitVector(axis: number, seed = 1, dim = DIM): Float32Array {
  const v = new Float32Array(dim);
  let x = (seed * 2654435761) >>> 0;
  for (let i = 0; i < dim; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    v[i] = ((x % 1000) / 1000) * 0.05;
  }
  v[axis % dim] += 1;
  let n = 0;
  for (const c of v) n += c * c;
  n = Math.sqrt(n);
  for (let i = 0; i < dim; i++) v[i] /= n;
  return v;
}

function meta(overrides: Partial<VectorMetadata> = {}): VectorMetadata {
  return { model: 'gpt-4o', category: 'async', severity: 'major', frequency: 1, ...overrides };
}

function rec(id: string, axis: number, m: Partial<VectorMetadata> = {}, seed = 1): VectorRecord {
  return { id, vector: unitVector(axis, seed), metadata: meta(m) };
}

export function runVectorIndexConformance(name: string, factory: () => Promise<VectorIndex>): void {
  describe(`VectorIndex conformance: ${name}`, () => {
    let index: VectorIndex;
    beforeEach(async () => {
      index = await factory();
    });
    afterEach(async () => {
      const d = (index as Partial<{ dispose(): Promise<void> }>).dispose;
      if (d) await d.call(index);
    });

    it('starts empty and answers queries on an empty index with no hits', async () => {
      assert.equal(await index.count(), 0);
      assert.deepEqual(await index.query(unitVector(0), 5), []);
    });

    it('upserts and counts', async () => {
      await index.upsert([rec('a', 0), rec('b', 1), rec('c', 2)]);
      assert.equal(await index.count(), 3);
    });

    it('returns the nearest first, scores as cosine similarity in descending order', async () => {
      await index.upsert([rec('a', 0), rec('b', 1), rec('c', 2), rec('d', 3)]);
      const hits = await index.query(unitVector(2, 7), 4);
      assert.equal(hits[0].id, 'c');
      assert.equal(hits.length, 4);
      for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score, 'descending scores');
      assert.ok(hits[0].score > 0.9 && hits[0].score <= 1.0001, `cosine of near-identical vectors, got ${hits[0].score}`);
      assert.ok(hits[3].score < 0.5, 'orthogonal-ish vectors score low');
    });

    it('limits to k and returns everything when k exceeds the size', async () => {
      await index.upsert([rec('a', 0), rec('b', 1), rec('c', 2)]);
      assert.equal((await index.query(unitVector(0), 2)).length, 2);
      const all = await index.query(unitVector(0), 50);
      assert.deepEqual(all.map((h) => h.id).sort(), ['a', 'b', 'c']);
    });

    it('updates an existing id in place (vector and metadata), without duplicating it', async () => {
      await index.upsert([rec('a', 0), rec('b', 1)]);
      await index.upsert([rec('a', 5, { category: 'security' })]);
      assert.equal(await index.count(), 2);
      const hits = await index.query(unitVector(5), 1);
      assert.equal(hits[0].id, 'a');
      const sec = await index.query(unitVector(0), 5, { categories: ['security'] });
      assert.deepEqual(sec.map((h) => h.id), ['a']);
    });

    it('filters by model', async () => {
      await index.upsert([rec('a', 0, { model: 'gpt-4o' }), rec('b', 0, { model: 'claude-sonnet-4' }, 2), rec('c', 0, { model: 'o3' }, 3)]);
      const hits = await index.query(unitVector(0), 10, { models: ['claude-sonnet-4', 'o3'] });
      assert.deepEqual(hits.map((h) => h.id).sort(), ['b', 'c']);
      assert.deepEqual(await index.query(unitVector(0), 10, { models: ['unknown-model'] }), []);
    });

    it('filters by category and by model and category together', async () => {
      await index.upsert([
        rec('a', 0, { model: 'm1', category: 'async' }),
        rec('b', 0, { model: 'm1', category: 'security' }, 2),
        rec('c', 0, { model: 'm2', category: 'security' }, 3),
      ]);
      const sec = await index.query(unitVector(0), 10, { categories: ['security'] });
      assert.deepEqual(sec.map((h) => h.id).sort(), ['b', 'c']);
      const both = await index.query(unitVector(0), 10, { categories: ['security'], models: ['m1'] });
      assert.deepEqual(both.map((h) => h.id), ['b']);
    });

    it('hides archived vectors unless includeArchived', async () => {
      await index.upsert([rec('live', 0), rec('old', 0, { archived: true }, 2)]);
      assert.deepEqual((await index.query(unitVector(0), 10)).map((h) => h.id), ['live']);
      const all = await index.query(unitVector(0), 10, { includeArchived: true });
      assert.deepEqual(all.map((h) => h.id).sort(), ['live', 'old']);
      await index.upsert([rec('old', 0, { archived: false }, 2)]);
      assert.equal((await index.query(unitVector(0), 10)).length, 2, 'un-archiving by upsert shows it again');
    });

    it('deletes by id, ignores unknown ids, and keeps the rest searchable', async () => {
      await index.upsert([rec('a', 0), rec('b', 1), rec('c', 2), rec('d', 3)]);
      await index.delete(['b', 'nope']);
      assert.equal(await index.count(), 3);
      const ids = (await index.query(unitVector(1), 10)).map((h) => h.id);
      assert.ok(!ids.includes('b'));
      assert.deepEqual([...ids].sort(), ['a', 'c', 'd']);
      assert.equal((await index.query(unitVector(3), 1))[0].id, 'd', 'a moved record is still found by its own vector');
    });

    it('clears everything', async () => {
      await index.upsert([rec('a', 0), rec('b', 1)]);
      await index.clear();
      assert.equal(await index.count(), 0);
      assert.deepEqual(await index.query(unitVector(0), 5), []);
      await index.upsert([rec('z', 4)]);
      assert.deepEqual((await index.query(unitVector(4), 5)).map((h) => h.id), ['z']);
    });

    it('rejects a vector whose dimension differs from the index', async () => {
      await index.upsert([rec('a', 0)]);
      await assert.rejects(index.upsert([{ id: 'x', vector: new Float32Array(DIM / 2).fill(0.1), metadata: meta() }]));
      await assert.rejects(index.query(new Float32Array(DIM + 1).fill(0.1), 3));
      assert.equal(await index.count(), 1, 'a rejected upsert stores nothing');
    });

    it('holds many records and still returns exact neighbours', async () => {
      const records: VectorRecord[] = [];
      for (let i = 0; i < 300; i++) records.push(rec(`r${i}`, i % DIM, { category: i % 2 ? 'type' : 'logic' }, i + 1));
      await index.upsert(records);
      assert.equal(await index.count(), 300);
      const target = records[123];
      const hits = await index.query(target.vector, 3);
      assert.equal(hits[0].id, 'r123');
      const filtered = await index.query(target.vector, 20, { categories: ['logic'] });
      assert.ok(filtered.every((h) => Number(h.id.slice(1)) % 2 === 0));
      assert.equal(filtered.length, 20);
    });
  });
}
