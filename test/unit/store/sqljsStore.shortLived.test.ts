import { strict as assert } from 'node:assert';
import { stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { cleanupTempDirs, openStore, recordOp, tempDir } from './helpers';

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
});
