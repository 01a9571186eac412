import { strict as assert } from 'node:assert';
import type { ChromaTestServer } from '../../chroma-server/server';
import { unitVector } from '../vector/conformance';
import { chromaIndex, requireChroma } from './helpers';

describe('Chroma successful_fixes collection', function () {
  let server: ChromaTestServer;
  before(async function () {
    server = await requireChroma(this);
  });

  it('stores before/after examples beside the mistakes and finds them by vector and filters', async () => {
    const index = chromaIndex(server, { hnsw: { efSearch: 200 } });
    await index.upsertFix([
      { id: 'f1', vector: unitVector(0), patternId: 1, model: 'gpt-4o', category: 'async', before: 'db.fetch()', after: 'await db.fetch()', language: 'python' },
      { id: 'f2', vector: unitVector(1), patternId: 2, model: 'o3', category: 'security', before: 'f"SELECT {x}"', after: 'execute("SELECT %s", (x,))' },
      { id: 'f3', vector: unitVector(0, 9), patternId: 1, model: 'o3', category: 'async', before: 'x' + 'y'.repeat(5000), after: 'z' },
    ]);
    assert.equal(await index.countFixes(), 3);
    assert.equal(await index.count(), 0, 'fixes do not count as mistake vectors');
    const hits = await index.queryFixes(unitVector(0), 2);
    assert.deepEqual(hits.map((h) => h.id).sort(), ['f1', 'f3']);
    const f1 = hits.find((h) => h.id === 'f1')!;
    assert.equal(f1.after, 'await db.fetch()');
    assert.equal(f1.patternId, '1');
    assert.equal(f1.language, 'python');
    assert.ok(f1.score > 0.99);
    assert.equal(hits.find((h) => h.id === 'f3')!.before.length, 2000, 'long code is cut');
    assert.deepEqual((await index.queryFixes(unitVector(0), 5, { models: ['o3'], categories: ['async'] })).map((h) => h.id), ['f3']);
    assert.deepEqual((await index.queryFixes(unitVector(0), 5, { patternIds: [2] })).map((h) => h.id), ['f2']);
    assert.deepEqual(await index.queryFixes(unitVector(0), 5, { models: [] }), []);
    await index.deleteFixes(['f2']);
    assert.equal(await index.countFixes(), 2);
    await index.clear();
    assert.equal(await index.countFixes(), 0, 'clear empties both collections');
  });
});
