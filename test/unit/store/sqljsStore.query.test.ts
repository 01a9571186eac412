import { strict as assert } from 'node:assert';
import * as nodePath from 'node:path';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';
import { FakeClock, cleanupTempDirs, openStore, recordOp, tempDir } from './helpers';

describe('SqlJsMetadataStore: queries, edits, effectiveness, vectors, meta', () => {
  let store: SqlJsMetadataStore;
  let path: string;
  const clock = new FakeClock(1_000_000);
  beforeEach(async () => {
    path = nodePath.join(await tempDir(), 'm.db');
    store = await openStore(path, { clock, effectivenessWindowMs: 1000 });
  });
  afterEach(async () => {
    await store.close();
    await cleanupTempDirs();
  });

  async function seed(): Promise<void> {
    const rows: Array<[string, string, 'security' | 'async' | 'type', 'critical' | 'major' | 'minor', 'test' | 'chat' | 'diagnostic', number, number]> = [
      ['s1', 'gpt-4o', 'security', 'critical', 'diagnostic', 3, 100],
      ['s2', 'gpt-4o', 'async', 'major', 'test', 1, 300],
      ['s3', 'claude', 'async', 'minor', 'chat', 2, 200],
      ['s4', 'claude', 'type', 'major', 'test', 5, 50],
    ];
    for (const [sig, model, category, severity, source, times, ts] of rows) {
      for (let i = 0; i < times; i++) {
        await store.record(
          recordOp(sig, { model, timestamp: ts + i, candidate: { category, severity, source, description: `desc ${sig}`, errorType: sig === 's1' ? 'SQLInjection' : 'TypeError', ruleId: sig === 's3' ? 'no-floating-promises' : undefined } }),
        );
      }
    }
  }

  it('filters by model, category, severity, source, text and archived state', async () => {
    await seed();
    const sigs = (q: Parameters<SqlJsMetadataStore['listPatterns']>[0]) => store.listPatterns(q).map((p) => p.errorSignature);
    assert.deepEqual(sigs({}), ['s4', 's1', 's3', 's2'], 'default: most frequent first');
    assert.deepEqual(sigs({ models: ['claude'] }), ['s4', 's3']);
    assert.deepEqual(sigs({ categories: ['async'], models: ['gpt-4o', 'claude'] }), ['s3', 's2']);
    assert.deepEqual(sigs({ severities: ['critical', 'minor'] }), ['s1', 's3']);
    assert.deepEqual(sigs({ sources: ['test'] }), ['s4', 's2']);
    assert.deepEqual(sigs({ text: 'sqlinjection' }), ['s1']);
    assert.deepEqual(sigs({ text: 'FLOATING' }), ['s3']);
    assert.deepEqual(sigs({ models: [] }), []);
    const s4 = store.findBySignature('s4');
    assert.ok(s4);
    await store.updatePattern(s4.id, { archived: true });
    assert.deepEqual(sigs({}), ['s1', 's3', 's2']);
    assert.deepEqual(sigs({ includeArchived: true }), ['s4', 's1', 's3', 's2']);
    assert.deepEqual(sigs({ onlyArchived: true }), ['s4']);
    assert.equal(store.countPatterns({ includeArchived: true }), 4);
    assert.equal(store.countPatterns({ models: ['gpt-4o'] }), 2);
  });

  it('selects by ids, signatures, always-inject and last seen, and lists the models', async () => {
    await seed();
    const sigs = (q: Parameters<SqlJsMetadataStore['listPatterns']>[0]) => store.listPatterns(q).map((p) => p.errorSignature).sort();
    const s1 = store.findBySignature('s1')!;
    const s3 = store.findBySignature('s3')!;
    assert.deepEqual(sigs({ ids: [s1.id, s3.id, 99_999] }), ['s1', 's3']);
    assert.deepEqual(sigs({ signatures: ['s2', 's4', 'nope'] }), ['s2', 's4']);
    assert.deepEqual(sigs({ ids: [] }), []);
    await store.updatePattern(s3.id, { alwaysInject: true });
    assert.deepEqual(sigs({ alwaysInject: true }), ['s3']);
    assert.deepEqual(sigs({ lastSeenBefore: 150 }), ['s1', 's4']);
    assert.deepEqual(store.models().sort(), ['claude', 'gpt-4o']);
  });

  it('orders and pages', async () => {
    await seed();
    const sigs = (q: Parameters<SqlJsMetadataStore['listPatterns']>[0]) => store.listPatterns(q).map((p) => p.errorSignature);
    assert.deepEqual(sigs({ orderBy: 'lastSeen' }), ['s2', 's3', 's1', 's4']);
    assert.deepEqual(sigs({ orderBy: 'firstSeen', descending: false }), ['s4', 's1', 's3', 's2']);
    assert.deepEqual(sigs({ orderBy: 'severity' }), ['s1', 's4', 's2', 's3'], 'critical, major (ties: newest id first), minor');
    assert.deepEqual(sigs({ orderBy: 'severity', descending: false }), ['s3', 's2', 's4', 's1']);
    assert.deepEqual(sigs({ orderBy: 'id' }), ['s1', 's2', 's3', 's4']);
    assert.deepEqual(sigs({ orderBy: 'id', limit: 2, offset: 1 }), ['s2', 's3']);
    assert.deepEqual(sigs({ orderBy: 'id', offset: 3 }), ['s4']);
  });

  it('lists occurrences newest first, per pattern, with a limit', async () => {
    await seed();
    const s4 = store.findBySignature('s4');
    assert.ok(s4);
    const occ = store.listOccurrences(s4.id);
    assert.deepEqual(occ.map((o) => o.timestamp), [54, 53, 52, 51, 50]);
    assert.equal(store.listOccurrences(undefined, 3).length, 3);
    assert.equal(store.listOccurrences(undefined, 3)[0].timestamp, 300);
  });

  it('finds by external id, updates fields, deletes with everything attached', async () => {
    const r = await store.record(recordOp('s', { candidate: { externalId: 'ext-1' } }));
    assert.equal(store.findByExternalId('ext-1')?.id, r.pattern.id);
    assert.equal(store.findByExternalId('nope'), undefined);
    const updated = await store.updatePattern(r.pattern.id, {
      severity: 'critical',
      alwaysInject: true,
      fixDescription: 'do this',
      vectorDbId: 'v1',
      fixApplied: 2,
      description: undefined,
    });
    assert.equal(updated?.severity, 'critical');
    assert.equal(updated?.alwaysInject, true);
    assert.equal(updated?.fixDescription, 'do this');
    assert.equal(updated?.vectorDbId, 'v1');
    assert.equal(updated?.fixApplied, 2);
    assert.equal(updated?.description, r.pattern.description, 'undefined leaves a required field alone');
    assert.equal((await store.updatePattern(r.pattern.id, { fixDescription: undefined }))?.fixDescription, undefined);
    assert.equal(await store.updatePattern(999, { severity: 'minor' }), undefined);

    await store.putVector(r.pattern.id, 'e', new Float32Array([1, 2]));
    await store.recordInjection({ requestId: 'q', patternIds: [r.pattern.id], model: 'gpt-4o', timestamp: 1 });
    await store.deletePattern(r.pattern.id);
    assert.equal(store.getPattern(r.pattern.id), undefined);
    assert.equal(store.listOccurrences().length, 0);
    assert.equal(store.loadVectors('e').length, 0);
    assert.equal(store.stats().injections, 0);
  });

  it('tracks injections, recurrences and successes', async () => {
    const a = (await store.record(recordOp('a'))).pattern.id;
    const b = (await store.record(recordOp('b'))).pattern.id;
    await store.recordInjection({ requestId: 'r1', patternIds: [a, b], model: 'gpt-4o', timestamp: 1_000_000 });
    await store.recordInjection({ requestId: 'r1', patternIds: [a, b], model: 'gpt-4o', timestamp: 1_000_000 });
    await store.recordInjection({ requestId: 'r2', patternIds: [a, 12345], model: 'claude', timestamp: 1_000_500 });
    assert.equal(store.getPattern(a)?.injectedCount, 2, 'the same request twice counts once');
    assert.equal(store.getPattern(b)?.injectedCount, 1);

    assert.equal(await store.markRecurred(b, 999_000), 1);
    assert.equal(await store.markRecurred(b, 999_000), 0, 'already marked');
    assert.equal(store.getPattern(b)?.recurredAfterInjection, 1);

    assert.deepEqual(store.effectiveness(1_000_400), [
      { patternId: a, model: 'claude', injections: 1, successes: 0, recurred: 0 },
      { patternId: a, model: 'gpt-4o', injections: 1, successes: 1, recurred: 0 },
      { patternId: b, model: 'gpt-4o', injections: 1, successes: 0, recurred: 1 },
    ]);
    assert.equal(store.getPattern(a)?.successCount, 0, 'inside the window nothing is settled yet');
    clock.t = 1_001_200;
    assert.equal(store.getPattern(a)?.successCount, 1);
    clock.t = 1_002_000;
    assert.equal(store.listPatterns({ orderBy: 'id' })[0].successCount, 2);
    assert.equal(store.getPattern(b)?.successCount, 0);
    assert.equal(store.stats().injections, 3);
    clock.t = 1_000_000;
  });

  it('round-trips vectors as Float32 bytes, per embedder, across a reopen', async () => {
    const ids: number[] = [];
    const vectors = new Map<number, Float32Array>();
    for (let i = 0; i < 5; i++) {
      const id = (await store.record(recordOp(`s${i}`))).pattern.id;
      const v = new Float32Array(384).map(() => Math.random() * 2 - 1);
      ids.push(id);
      vectors.set(id, v);
      await store.putVector(id, 'minilm', v);
    }
    // A view into a larger buffer at an offset is copied correctly too.
    const big = new Float32Array(10).fill(7);
    await store.putVector(ids[0], 'other', big.subarray(3, 6));
    const replaced = new Float32Array(384).fill(0.5);
    await store.putVector(ids[1], 'minilm', replaced);
    vectors.set(ids[1], replaced);

    await store.close();
    store = await openStore(path, { clock });
    const loaded = store.loadVectors('minilm');
    assert.equal(loaded.length, 5);
    for (const { patternId, vector } of loaded) assert.deepEqual(vector, vectors.get(patternId));
    assert.deepEqual(store.loadVectors('other'), [{ patternId: ids[0], vector: new Float32Array([7, 7, 7]) }]);
    assert.deepEqual(store.loadVectors('none'), []);
  });

  it('stores meta values and reserves the store. prefix', async () => {
    assert.equal(store.getMeta('k'), undefined);
    await store.setMeta('k', 'v1');
    await store.setMeta('k', 'v2');
    assert.equal(store.getMeta('k'), 'v2');
    await store.setMeta('k', undefined);
    assert.equal(store.getMeta('k'), undefined);
    await assert.rejects(store.setMeta('store.cleared_at', '1'));
    await store.setMeta('kept', 'yes');
    await store.close();
    store = await openStore(path, { clock });
    assert.equal(store.getMeta('kept'), 'yes');
  });

  it('computes stats with SQL aggregates', async () => {
    await seed();
    await store.record(recordOp('s1', { model: 'claude', timestamp: 86_400_000 + 5 }));
    const s = store.stats();
    assert.equal(s.patterns, 4);
    assert.equal(s.archivedPatterns, 0);
    assert.equal(s.occurrences, 12);
    assert.deepEqual(s.byCategory, { async: 2, security: 1, type: 1 });
    assert.deepEqual(s.bySeverity, { critical: 1, major: 2, minor: 1 });
    assert.deepEqual(s.byModel, { 'gpt-4o': { patterns: 2, occurrences: 4 }, claude: { patterns: 2, occurrences: 8 } });
    assert.deepEqual(s.occurrencesPerDay, [
      { day: '1970-01-01', count: 11 },
      { day: '1970-01-02', count: 1 },
    ]);
    assert.ok(s.bytes > 0);
  });
});
