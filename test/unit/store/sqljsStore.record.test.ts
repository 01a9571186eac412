import { strict as assert } from 'node:assert';
import * as nodePath from 'node:path';
import { UNATTRIBUTED_MODEL } from '../../../src/core/types';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';
import { cleanupTempDirs, openStore, recordOp, tempDir } from './helpers';

describe('SqlJsMetadataStore: record (upsert + occurrence)', () => {
  let store: SqlJsMetadataStore;
  beforeEach(async () => {
    store = await openStore(nodePath.join(await tempDir(), 'm.db'), { maxContexts: 3 });
  });
  afterEach(async () => {
    await store.close();
    await cleanupTempDirs();
  });

  it('collapses repeats of one signature into one pattern and keeps every occurrence', async () => {
    const a = await store.record(recordOp('sig-a', { timestamp: 1000 }));
    const b = await store.record(recordOp('sig-a', { timestamp: 2000 }));
    const c = await store.record(recordOp('sig-b', { timestamp: 3000 }));
    assert.equal(a.created, true);
    assert.equal(b.created, false);
    assert.equal(c.created, true);
    assert.equal(b.pattern.id, a.pattern.id);
    assert.notEqual(c.pattern.id, a.pattern.id);
    assert.equal(b.pattern.frequency, 2);
    assert.equal(store.countPatterns(), 2);
    assert.equal(store.listOccurrences(a.pattern.id).length, 2);
    assert.equal(store.listOccurrences().length, 3);
    assert.deepEqual([a.pattern.id, c.pattern.id], [1, 2], 'a repeat does not burn an id');
  });

  it('counts test failures and chat corrections, widens first/last seen', async () => {
    await store.record(recordOp('s', { timestamp: 5000, candidate: { source: 'test' } }));
    await store.record(recordOp('s', { timestamp: 3000, candidate: { source: 'chat' } }));
    await store.record(recordOp('s', { timestamp: 9000, candidate: { source: 'diagnostic' } }));
    const p = store.findBySignature('s');
    assert.ok(p);
    assert.equal(p.frequency, 3);
    assert.equal(p.testFailures, 1);
    assert.equal(p.userCorrections, 1);
    assert.equal(p.firstSeen, 3000);
    assert.equal(p.lastSeen, 9000);
    assert.equal(p.source, 'test', 'the first source stays');
  });

  it('merges contexts distinct, most recent last, bounded', async () => {
    await store.record(recordOp('s', { contexts: ['a.ts', 'b.ts'] }));
    await store.record(recordOp('s', { contexts: ['b.ts', ' c.ts ', ''] }));
    assert.deepEqual(store.findBySignature('s')?.contexts, ['a.ts', 'b.ts', 'c.ts']);
    await store.record(recordOp('s', { contexts: ['d.ts', 'a.ts'] }));
    assert.deepEqual(store.findBySignature('s')?.contexts, ['c.ts', 'd.ts', 'a.ts']);
  });

  it('keeps the first fix description and fills it when missing; snippets take the newest non-empty', async () => {
    await store.record(recordOp('s', { candidate: { codeSnippet: 'old()' } }));
    assert.equal(store.findBySignature('s')?.fixDescription, undefined);
    await store.record(recordOp('s', { candidate: { fixDescription: 'await it', codeSnippet: '' } }));
    let p = store.findBySignature('s');
    assert.equal(p?.fixDescription, 'await it');
    assert.equal(p?.codeSnippet, 'old()', 'an empty snippet keeps the stored one');
    await store.record(recordOp('s', { candidate: { fixDescription: 'something else', codeSnippet: 'new()', goodSnippet: 'await new()' } }));
    p = store.findBySignature('s');
    assert.equal(p?.fixDescription, 'await it');
    assert.equal(p?.codeSnippet, 'new()');
    assert.equal(p?.goodSnippet, 'await new()');
  });

  it('attributes the pattern to the first known model and each occurrence to its own', async () => {
    await store.record(recordOp('s', { model: UNATTRIBUTED_MODEL }));
    assert.equal(store.findBySignature('s')?.modelName, UNATTRIBUTED_MODEL);
    await store.record(recordOp('s', { model: 'gpt-4o' }));
    assert.equal(store.findBySignature('s')?.modelName, 'gpt-4o');
    const r = await store.record(recordOp('s', { model: 'claude-sonnet-4' }));
    assert.equal(r.pattern.modelName, 'gpt-4o');
    assert.equal(r.occurrence.model, 'claude-sonnet-4');
    await store.record(recordOp('t', { model: '  ' }));
    assert.equal(store.findBySignature('t')?.modelName, UNATTRIBUTED_MODEL);
    assert.deepEqual(
      store.listOccurrences(r.pattern.id).map((o) => o.model).sort(),
      ['claude-sonnet-4', 'gpt-4o', UNATTRIBUTED_MODEL],
    );
  });

  it('stores the occurrence fields', async () => {
    const r = await store.record(
      recordOp('s', {
        timestamp: 42,
        candidate: { projectPath: '/p', filePath: 'src/a.ts', line: 7, codeSnippet: 'x()', errorMessage: 'boom', source: 'diagnostic' },
      }),
    );
    assert.deepEqual(
      { ...r.occurrence, id: 0 },
      { id: 0, patternId: r.pattern.id, projectPath: '/p', filePath: 'src/a.ts', line: 7, generatedCode: 'x()', errorMessage: 'boom', model: 'gpt-4o', source: 'diagnostic', timestamp: 42 },
    );
  });

  it('is idempotent by occurrence uid', async () => {
    const first = await store.record({ ...recordOp('s'), uid: 'fixed-uid' });
    const again = await store.record({ ...recordOp('s'), uid: 'fixed-uid' });
    assert.equal(again.created, false);
    assert.equal(again.occurrence.id, first.occurrence.id);
    assert.equal(store.findBySignature('s')?.frequency, 1);
    assert.equal(store.listOccurrences().length, 1);
  });

  it('brings an archived pattern back when it recurs, and merges CWE ids', async () => {
    const r = await store.record(recordOp('s', { candidate: { cwe: ['CWE-89'], ruleId: 'sql-injection', errorType: 'SQLi' } }));
    await store.updatePattern(r.pattern.id, { archived: true });
    assert.equal(store.getPattern(r.pattern.id)?.archived, true);
    await store.record(recordOp('s', { candidate: { cwe: ['CWE-89', 'CWE-564'], ruleId: 'other', errorType: 'Other' } }));
    const p = store.getPattern(r.pattern.id);
    assert.equal(p?.archived, false);
    assert.deepEqual(p?.cwe, ['CWE-89', 'CWE-564']);
    assert.equal(p?.ruleId, 'sql-injection', 'the first rule id stays');
    assert.equal(p?.errorType, 'SQLi');
  });

  it('bumps version on every change and not on reads', async () => {
    const v0 = store.version;
    await store.record(recordOp('s'));
    const v1 = store.version;
    assert.ok(v1 > v0);
    store.listPatterns();
    store.stats();
    assert.equal(store.version, v1);
    await store.setMeta('k', 'v');
    assert.ok(store.version > v1);
  });

  it('rejects a candidate the schema cannot hold without queuing it', async () => {
    const before = store.pendingCount;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await assert.rejects(store.record(recordOp('s', { candidate: { category: undefined as any } })));
    assert.equal(store.pendingCount, before);
    assert.equal(store.countPatterns(), 0);
  });
});
