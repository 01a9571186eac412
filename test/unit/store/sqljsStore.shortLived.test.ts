import { strict as assert } from 'node:assert';
import { readFile, stat, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { CATEGORIES } from '../../../src/core/types';
import { patternListSql } from '../../../src/store/sqljs/queries';
import { cleanupTempDirs, openStore, recordOp, sqlJs, tempDir } from './helpers';

/** The file with one page appended that no table uses: every read and write works, quick_check fails. */
function withOrphanPage(good: Uint8Array): Uint8Array {
  const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
  const raw = view.getUint16(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const bad = new Uint8Array(good.length + pageSize);
  bad.set(good);
  new DataView(bad.buffer).setUint32(28, bad.length / pageSize); // the header's page count
  return bad;
}

/** Short-lived processes (CLI commands, agent hooks): close appends, never rewrites the whole store. */
describe('SqlJsMetadataStore for short-lived processes', () => {
  after(cleanupTempDirs);

  it('with checkpointOnClose false, close after a change appends to the log and leaves the file as it was', async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const first = await openStore(path);
    for (let i = 0; i < 20; i++) await first.record(recordOp(`sig-${i}`));
    await first.close(); // long-lived default: a checkpoint, no log
    const before = await stat(path);

    const hook = await openStore(path, { checkpointOnClose: false, openCheck: 'quick_check' });
    const r = await hook.record(recordOp('sig-new', { candidate: { description: 'Await the database call before returning' } }));
    await hook.close();
    const after = await stat(path);
    assert.equal(after.mtimeMs, before.mtimeMs, 'the database file was not rewritten');
    assert.ok((await stat(`${path}.oplog`)).size > 0, 'the change is in the operation log');

    const reader = await openStore(path);
    assert.equal(reader.countPatterns(), 21);
    assert.equal(reader.getPattern(r.pattern.id)?.description, 'Await the database call before returning');
    await reader.close();
  });

  it('a read-only short-lived open does not write anything on close, even with a log present', async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const w = await openStore(path, { checkpointOnClose: false });
    await w.record(recordOp('a'));
    await w.flush(); // the first flush writes the file
    await w.record(recordOp('b'));
    await w.close(); // this one goes to the log
    const db = await stat(path);
    const log = await stat(`${path}.oplog`);
    const reader = await openStore(path, { checkpointOnClose: false, openCheck: 'quick_check' });
    assert.equal(reader.countPatterns(), 2);
    await reader.close();
    assert.equal((await stat(path)).mtimeMs, db.mtimeMs);
    assert.equal((await stat(`${path}.oplog`)).size, log.size);
  });

  it('languages, context and projectPath narrow listPatterns to whole context entries and the given languages', async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const s = await openStore(path);
    await s.record(recordOp('py', { candidate: { language: 'python', projectPath: '/w/api' }, contexts: ['views.py'] }));
    await s.record(recordOp('ts', { candidate: { language: 'typescript' }, contexts: ['app.ts', 'channel:copilot-agent'] }));
    await s.record(recordOp('ts2', { candidate: { language: 'typescript' }, contexts: ['myapp.ts'] }));
    const sigs = (q: Parameters<typeof s.listPatterns>[0]) => s.listPatterns(q).map((p) => p.errorSignature).sort();
    assert.deepEqual(sigs({ languages: ['typescript'] }), ['ts', 'ts2']);
    assert.deepEqual(sigs({ languages: ['python', 'go'] }), ['py']);
    assert.deepEqual(sigs({ context: 'APP.ts' }), ['ts'], 'whole entries, case-insensitive: myapp.ts is not app.ts');
    assert.deepEqual(sigs({ context: 'channel:copilot-agent', languages: ['typescript'] }), ['ts']);
    assert.deepEqual(sigs({ languages: [] }), []);
    assert.deepEqual(sigs({ projectPath: '/w/api' }), ['py'], 'patterns with an occurrence in that project');
    assert.deepEqual(sigs({ projectPath: '/w' }), []);
    await s.record(recordOp('crit', { candidate: { severity: 'critical' } }));
    await s.record(recordOp('ts2', { candidate: { language: 'typescript' } })); // ts2 now seen twice
    const always = await s.record(recordOp('minor-always', { candidate: { severity: 'minor' } }));
    await s.updatePattern(always.pattern.id, { alwaysInject: true });
    const order = s.listPatterns({ orderBy: 'priority', descending: true }).map((p) => p.errorSignature);
    assert.equal(order[0], 'minor-always', 'always-inject first');
    assert.equal(order[1], 'crit', 'then severity');
    assert.equal(order[2], 'ts2', 'then frequency');
    await s.close();
  });

  it('with openCheck deferred, opens without the page check but never writes a damaged database over the file', async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const first = await openStore(path, { backupIntervalMs: 0 });
    await first.record(recordOp('one'));
    await first.flush();
    await first.record(recordOp('two'));
    await first.close();
    const bad = withOrphanPage(new Uint8Array(await readFile(path)));
    await writeFile(path, bad);

    // checkpointBytes 0: every flush would rewrite the whole file.
    const hook = await openStore(path, { checkpointOnClose: false, openCheck: 'deferred', checkpointBytes: 0 });
    assert.equal(hook.countPatterns(), 2, 'opened as it is');
    await hook.record(recordOp('three'));
    await hook.flush();
    await hook.close();
    assert.deepEqual(new Uint8Array(await readFile(path)), bad, 'the damaged file was not rewritten');
    assert.ok((await stat(`${path}.oplog`)).size > 0, 'the change went to the log');

    const checking = await openStore(path);
    const report = await checking.open();
    assert.ok(report.recovered, 'the next checking open finds the damage and recovers');
    assert.ok(checking.findBySignature('three'), 'with the change the deferred process made');
    await checking.close();
  });

  it('with openCheck deferred, a sound store is checked once, then rewritten as usual', async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const first = await openStore(path);
    await first.record(recordOp('one'));
    await first.close();
    const hook = await openStore(path, { checkpointOnClose: false, openCheck: 'deferred', checkpointBytes: 0 });
    await hook.record(recordOp('two'));
    await hook.flush();
    await hook.close();
    assert.equal((await stat(`${path}.oplog`).catch(() => undefined))?.size ?? 0, 0, 'no log: the file was rewritten');
    const reader = await openStore(path);
    assert.equal(reader.countPatterns(), 2);
    await reader.close();
  });

  it("reads a hook's candidates through indexes: priority order, a workspace's occurrences, patterns unseen since a date", async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const s = await openStore(path);
    await s.record(recordOp('a', { candidate: { projectPath: '/w/api' } }));
    await s.close();
    const SQL = await sqlJs();
    const db = new SQL.Database(new Uint8Array(await readFile(path)));
    const plan = (q: Parameters<typeof patternListSql>[0]) => {
      const { sql, params } = patternListSql(q);
      return (db.exec(`EXPLAIN QUERY PLAN ${sql}`, { ...params, $settledBefore: 0 })[0]?.values ?? []).map((r) => String(r[3])).join(' | ');
    };
    try {
      const base = { categories: [...CATEGORIES], pendingReview: false } as const;
      assert.match(plan({ ...base, orderBy: 'priority', descending: true, limit: 120 }), /USING INDEX idx_patterns_priority/);
      assert.doesNotMatch(plan({ ...base, orderBy: 'priority', descending: true, limit: 120 }), /TEMP B-TREE/, 'no sort of the whole table');
      assert.match(plan({ ...base, projectPath: '/w/api', orderBy: 'frequency', descending: true, limit: 200 }), /idx_occurrences_project/);
      assert.match(plan({ lastSeenBefore: 1000, orderBy: 'lastSeen', descending: false, limit: 10_000 }), /idx_patterns_last_seen \(last_seen<\?\)/);
    } finally {
      db.close();
    }
  });

  it('listPatternTexts gives the searchable fields of every pattern not archived, as listPatterns has them', async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const s = await openStore(path);
    await s.record(recordOp('a', { candidate: { errorType: 'TypeError', errorMessage: 'x is undefined', ruleId: 'no-undef', cwe: ['CWE-79'] }, contexts: ['app.ts'] }));
    await s.record(recordOp('b', { candidate: { description: 'Close the file', fixDescription: 'use a with block' } }));
    const gone = await s.record(recordOp('c'));
    await s.updatePattern(gone.pattern.id, { archived: true });
    const texts = s.listPatternTexts();
    assert.deepEqual(texts.map((t) => t.id), s.listPatterns({ orderBy: 'id' }).map((p) => p.id));
    for (const t of texts) {
      const p = s.getPattern(t.id)!;
      assert.deepEqual(
        { description: t.description, errorType: t.errorType, ruleId: t.ruleId, cwe: t.cwe, errorMessage: t.errorMessage, fixDescription: t.fixDescription, contexts: t.contexts },
        { description: p.description, errorType: p.errorType, ruleId: p.ruleId, cwe: p.cwe, errorMessage: p.errorMessage, fixDescription: p.fixDescription, contexts: p.contexts },
      );
    }
    await s.close();
  });

  it('with deferCheckpoint, a flush past the checkpoint size appends and reports the checkpoint due; past four times it checkpoints', async () => {
    const path = nodePath.join(await tempDir(), 'store.db');
    const s = await openStore(path, { checkpointOnClose: false, deferCheckpoint: true, checkpointBytes: 4000 });
    await s.record(recordOp('first'));
    await s.flush(); // creates the file
    const created = (await stat(path)).mtimeMs;
    let i = 0;
    const logSize = async () => (await stat(`${path}.oplog`).catch(() => undefined))?.size ?? 0;
    while ((await logSize()) <= 4000 && i < 500) {
      await s.record(recordOp(`sig-${i++}`, { candidate: { description: `lesson ${i} `.repeat(20) } }));
      await s.flush();
    }
    assert.equal(s.checkpointDue, true, 'the checkpoint is left to someone else');
    assert.equal((await stat(path)).mtimeMs, created, 'the file was not rewritten');
    for (let guard = 0; guard < 500 && (await logSize()) > 0; guard++) {
      await s.record(recordOp(`more-${guard}`, { candidate: { description: `lesson ${guard} `.repeat(20) } }));
      await s.flush();
    }
    assert.equal(s.checkpointDue, false, 'past four times the size, the flush checkpointed');
    assert.notEqual((await stat(path)).mtimeMs, created);
    const count = s.countPatterns();
    await s.close();
    const reader = await openStore(path);
    assert.equal(reader.countPatterns(), count);
    await reader.close();
  });
});
