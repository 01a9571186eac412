import { strict as assert } from 'node:assert';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';
import { LATEST_SCHEMA_VERSION } from '../../../src/store/sqljs/schema';
import { StoreLockedError } from '../../../src/store/sqljsStore';
import { FakeClock, cleanupTempDirs, nodeFs, openStore, rawQuery, recordOp, sqlJs, tempDir } from './helpers';

describe('SqlJsMetadataStore: persistence and concurrent writers in one process', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await tempDir();
    path = nodePath.join(dir, 'sub', 'm.db');
  });
  afterEach(cleanupTempDirs);

  it('creates the v1 schema with its indexes, lazily writes the file on first flush', async () => {
    const store = await openStore(path);
    assert.equal((await nodeFs.list(nodePath.dirname(path))).length, 0, 'nothing written before a change');
    await store.record(recordOp('s'));
    await store.flush();
    await store.close();
    const bytes = await readFile(path);
    const tables = (await rawQuery(bytes, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).flat();
    for (const t of ['injections', 'meta', 'mistake_occurrences', 'mistake_patterns', 'pattern_vectors', 'schema_version']) assert.ok(tables.includes(t), t);
    const indexes = (await rawQuery(bytes, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")).flat();
    for (const i of ['idx_patterns_model_category', 'idx_patterns_frequency', 'idx_patterns_last_seen', 'idx_occurrences_pattern', 'idx_occurrences_timestamp', 'idx_patterns_priority', 'idx_occurrences_project']) {
      assert.ok(indexes.includes(i), i);
    }
    const columns = (await rawQuery(bytes, 'SELECT name FROM pragma_table_info(\'mistake_patterns\')')).flat();
    for (const c of ['id', 'vector_db_id', 'model_name', 'error_signature', 'category', 'severity', 'frequency', 'first_seen', 'last_seen', 'fix_applied', 'user_corrections', 'test_failures', 'archived', 'contexts', 'always_inject', 'injected_count', 'recurred_after_injection', 'success_count', 'cwe']) {
      assert.ok(columns.includes(c), c);
    }
    const occColumns = (await rawQuery(bytes, "SELECT name FROM pragma_table_info('mistake_occurrences')")).flat();
    assert.ok(occColumns.includes('uid') && occColumns.includes('pattern_id') && occColumns.includes('generated_code'));
    assert.deepEqual(await rawQuery(bytes, 'SELECT version FROM schema_version'), [[1], [2], [3]]);
    assert.deepEqual(await rawQuery(bytes, 'PRAGMA page_size'), [[1024]]);
  });

  it('migrates an empty SQLite file and opens a file from a newer compatible version', async () => {
    const plain = nodePath.join(dir, 'plain.db');
    const SQL = await sqlJs();
    const empty = new SQL.Database();
    await writeFile(plain, empty.export());
    empty.close();
    const a = await openStore(plain);
    await a.record(recordOp('s'));
    await a.flush();
    await a.close();
    // A future version added a table and a schema_version row; it stays compatible (migrations only add).
    const future = new SQL.Database(await readFile(plain));
    future.exec(`CREATE TABLE future_things (x); INSERT INTO schema_version VALUES (${LATEST_SCHEMA_VERSION + 1}, 0)`);
    await writeFile(plain, future.export());
    future.close();
    const b = await openStore(plain);
    assert.equal(b.findBySignature('s')?.frequency, 1);
    await b.record(recordOp('s'));
    await b.close();
    const bytes = await readFile(plain);
    assert.deepEqual(await rawQuery(bytes, "SELECT count(*) FROM sqlite_master WHERE name = 'future_things'"), [[1]], 'never shrinks');
  });

  it('refuses a file whose writers must be newer, leaving it untouched', async () => {
    const a = await openStore(path);
    await a.setMeta('x', '1');
    await a.close();
    const SQL = await sqlJs();
    const db = new SQL.Database(await readFile(path));
    db.exec("INSERT INTO meta VALUES ('store.min_writer_version', '99')");
    const bytes = db.export();
    db.close();
    await writeFile(path, bytes);
    await assert.rejects(openStore(path), { name: 'StoreSchemaTooNewError' });
    assert.deepEqual(new Uint8Array(await readFile(path)), bytes);
  });

  it('persists across instances and refreshes when another writer changed the file', async () => {
    const a = await openStore(path);
    const b = await openStore(path);
    await a.record(recordOp('from-a'));
    await a.flush();
    assert.equal(b.findBySignature('from-a'), undefined);
    await b.record(recordOp('from-b'));
    const v = b.version;
    assert.equal(await b.refresh(), true);
    assert.ok(b.version > v);
    assert.ok(b.findBySignature('from-a'), 'sees the other writer');
    assert.ok(b.findBySignature('from-b'), 'keeps its own unsaved change');
    assert.equal(await b.refresh(), false);
    await b.flush();
    assert.equal(await a.refresh(), true);
    assert.equal(a.countPatterns(), 2);
    await a.close();
    await b.close();
  });

  it('merges two writers that changed the same patterns without losing a count', async () => {
    const a = await openStore(path);
    const b = await openStore(path);
    for (let i = 0; i < 3; i++) await a.record(recordOp('shared', { candidate: { source: 'test' }, contexts: ['a.ts'] }));
    for (let i = 0; i < 2; i++) await b.record(recordOp('shared', { candidate: { source: 'chat' }, contexts: ['b.ts'] }));
    const aNew = (await a.record(recordOp('only-a'))).pattern.id;
    const bNew = (await b.record(recordOp('only-b'))).pattern.id;
    assert.equal(aNew, bNew, 'both writers allocated the same id locally');
    const bVector = new Float32Array([1, 2, 3]);
    await b.putVector(bNew, 'e', bVector);
    await b.updatePattern(bNew, { alwaysInject: true });
    await a.flush();
    await b.flush();
    await a.refresh();
    for (const s of [a, b]) {
      const shared = s.findBySignature('shared');
      assert.equal(shared?.frequency, 5);
      assert.equal(shared?.testFailures, 3);
      assert.equal(shared?.userCorrections, 2);
      assert.deepEqual([...(shared?.contexts ?? [])].sort(), ['a.ts', 'b.ts']);
      assert.equal(s.listOccurrences().length, 7);
      const onlyB = s.findBySignature('only-b');
      assert.ok(onlyB);
      assert.notEqual(onlyB.id, s.findBySignature('only-a')?.id);
      assert.equal(onlyB.alwaysInject, true);
      assert.deepEqual(s.loadVectors('e'), [{ patternId: onlyB.id, vector: bVector }], 'the vector follows the pattern to its new id');
    }
    await a.close();
    await b.close();
  });

  it('rewrites a file deleted behind its back from memory rather than dropping to empty', async () => {
    const a = await openStore(path);
    await a.record(recordOp('kept'));
    await a.flush();
    await nodeFs.delete(path);
    assert.equal(await a.refresh(), false);
    assert.ok(a.findBySignature('kept'));
    await a.record(recordOp('new'));
    await a.close();
    const b = await openStore(path);
    assert.deepEqual(b.listPatterns({ orderBy: 'id' }).map((p) => p.errorSignature), ['kept', 'new']);
    await b.close();
  });

  it('keeps pending changes when the lock cannot be taken, and flushes them later', async () => {
    const a = await openStore(path, { lockTimeoutMs: 150 });
    await a.record(recordOp('s'));
    await nodeFs.mkdirp(nodePath.dirname(path));
    await writeFile(`${path}.lock`, JSON.stringify({ token: 'someone-else', at: Date.now() }));
    const started = Date.now();
    await assert.rejects(a.flush(), (e: unknown) => e instanceof StoreLockedError);
    assert.ok(Date.now() - started < 2000);
    assert.equal(a.pendingCount, 1);
    await nodeFs.delete(`${path}.lock`);
    await a.flush();
    assert.equal(a.pendingCount, 0);
    assert.deepEqual(await nodeFs.list(nodePath.dirname(path)), ['m.db'], 'lock released');
    await a.close();
  });

  it('breaks a stale lock left by a crashed writer (by its timestamp, or its mtime when unreadable)', async () => {
    // Every flush writes the database (no log), so the second flush also rotates the backup.
    const a = await openStore(path, { lockStaleMs: 1000, lockTimeoutMs: 5000, checkpointBytes: 0 });
    await nodeFs.mkdirp(nodePath.dirname(path));
    await writeFile(`${path}.lock`, JSON.stringify({ token: 'dead', at: Date.now() - 60_000 }));
    await a.record(recordOp('s1'));
    await a.flush();
    await writeFile(`${path}.lock`, 'half-writ');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, old, old);
    await a.record(recordOp('s2'));
    await a.flush();
    assert.deepEqual(await nodeFs.list(nodePath.dirname(path)), ['m.db', 'm.db.bak'], 'no lock, no stale copy left');
    await a.close();
    const b = await openStore(path);
    assert.equal(b.countPatterns(), 2);
    await b.close();
  });

  it('lets a clear win over changes made before it by another writer, not after', async () => {
    const clock = new FakeClock(10_000);
    const a = await openStore(path, { clock });
    const b = await openStore(path, { clock });
    await a.record(recordOp('old'));
    await a.flush();
    await b.refresh();
    await b.record(recordOp('before-clear')); // unsaved when the clear happens
    clock.t = 20_000;
    await a.clear();
    clock.t = 30_000;
    await b.record(recordOp('after-clear'));
    await b.flush();
    await a.refresh();
    for (const s of [a, b]) {
      assert.deepEqual(s.listPatterns().map((p) => p.errorSignature), ['after-clear']);
      assert.equal(s.listOccurrences().length, 1);
    }
    await a.close();
    await b.close();
  });

  it('clear removes rows, vectors, meta, backups, corrupt copies, stale locks and temp files', async () => {
    const marker = 'SECRET-MARKER-7f3a';
    const a = await openStore(path, { backupIntervalMs: 0, checkpointBytes: 0 });
    const r = await a.record(recordOp('s', { candidate: { description: marker, codeSnippet: `password = "${marker}"` } }));
    await a.putVector(r.pattern.id, 'e', new Float32Array(384).fill(0.25));
    await a.recordInjection({ requestId: 'q', patternIds: [r.pattern.id], model: 'm', timestamp: 1 });
    await a.setMeta('user-key', marker);
    await a.flush();
    await a.record(recordOp('s'));
    await a.flush(); // rotates the backup
    const d = nodePath.dirname(path);
    for (const leftover of ['m.db.corrupt-2024-01-01T00-00-00-000Z', 'm.db.tmp-1-deadbeef', 'm.db.lq3x-abc.tmp', 'm.db.lock.stale-x', 'm.db-journal']) {
      await writeFile(nodePath.join(d, leftover), marker);
    }
    await writeFile(nodePath.join(d, 'unrelated.txt'), 'keep me');
    assert.ok((await nodeFs.list(d)).includes('m.db.bak'));

    const v = a.version;
    await a.clear();
    assert.ok(a.version > v);
    assert.deepEqual(await nodeFs.list(d), ['m.db', 'unrelated.txt']);
    const bytes = await readFile(path);
    assert.equal(bytes.indexOf(marker), -1, 'no trace of the data in the file');
    assert.equal(bytes.indexOf(Buffer.from(new Float32Array([0.25]).buffer)), -1, 'no vector bytes left');
    const s = a.stats();
    assert.deepEqual([s.patterns, s.occurrences, s.injections], [0, 0, 0]);
    assert.equal(a.getMeta('user-key'), undefined);
    assert.deepEqual(a.loadVectors('e'), []);
    await a.close();
    const b = await openStore(path);
    assert.equal(b.countPatterns({ includeArchived: true }), 0);
    await b.record(recordOp('again'));
    assert.equal(b.findBySignature('again')?.id, 1, 'ids start over');
    await b.close();
  });

  it('rotates the backup at most once per interval, from the last verified file', async () => {
    const a = await openStore(path, { backupIntervalMs: 60_000, checkpointBytes: 0 });
    await a.record(recordOp('one'));
    await a.flush();
    assert.equal(await nodeFs.stat(`${path}.bak`), undefined, 'nothing to back up before the first file exists');
    await a.record(recordOp('two'));
    await a.flush();
    const firstBackup = await readFile(`${path}.bak`);
    assert.deepEqual(await rawQuery(firstBackup, 'SELECT error_signature FROM mistake_patterns'), [['one']]);
    await a.record(recordOp('three'));
    await a.flush();
    assert.deepEqual(await readFile(`${path}.bak`), firstBackup, 'not rotated again within the interval');
    await a.close();
  });

  it('works on the in-memory file system, several stores sharing it like processes share a disk', async () => {
    const fs = new MemoryFileSystem();
    const a = await openStore('/stores/m.db', { fs });
    const b = await openStore('/stores/m.db', { fs });
    await a.record(recordOp('x'));
    await b.record(recordOp('x'));
    await a.flush();
    await b.flush();
    await a.refresh();
    assert.equal(a.findBySignature('x')?.frequency, 2);
    await a.clear();
    assert.deepEqual(await fs.list('/stores'), ['m.db']);
    await a.close();
    await b.close();
  });
});
