import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { cleanupTempDirs, nodeFs, openStore, recordOp, sqlJs, tempDir } from './helpers';

/**
 * A store file can be damaged from outside (a crash of a sync tool, a full disk, a user's editor). Each
 * case: the bad bytes are kept, byte for byte, at `<path>.corrupt-<time>`; the store starts from the
 * backup when it is sound, or empty; `open()` says which.
 */
describe('SqlJsMetadataStore: recovery from a damaged file', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await tempDir();
    path = nodePath.join(dir, 'm.db');
  });
  afterEach(cleanupTempDirs);

  /** Writes a store whose backup holds pattern "one" and whose main file holds "one" and "two". */
  async function storeWithBackup(): Promise<Uint8Array> {
    const s = await openStore(path, { backupIntervalMs: 0 });
    await s.record(recordOp('one'));
    await s.flush();
    await s.record(recordOp('two'));
    await s.flush();
    await s.close();
    return new Uint8Array(await readFile(path));
  }

  async function corruptCopies(): Promise<string[]> {
    return (await nodeFs.list(dir)).filter((n) => n.startsWith('m.db.corrupt-')).map((n) => nodePath.join(dir, n));
  }

  const damages: Array<[string, (good: Uint8Array) => Uint8Array]> = [
    ['truncated at half', (good) => good.slice(0, Math.floor(good.length / 2))],
    ['truncated mid-page', (good) => good.slice(0, good.length - 100)],
    ['random bytes', () => new Uint8Array(randomBytes(32768))],
    ['zero-length', () => new Uint8Array(0)],
    ['not SQLite (JSON)', () => new TextEncoder().encode('{"patterns": []}\n')],
    [
      'a valid header over garbage pages',
      (good) => {
        const bad = new Uint8Array(randomBytes(good.length));
        bad.set(good.subarray(0, 100));
        return bad;
      },
    ],
  ];

  for (const [name, damage] of damages) {
    it(`${name}: moves it aside and restores the backup`, async () => {
      const bad = damage(await storeWithBackup());
      await writeFile(path, bad);
      const store = await openStore(path);
      const report = await store.open();
      assert.equal(report.recovered?.restoredFrom, 'backup');
      const [aside] = await corruptCopies();
      assert.equal(report.recovered?.movedAsideTo, aside);
      assert.deepEqual(new Uint8Array(await readFile(aside)), bad, 'the bad file is kept as it was');
      assert.deepEqual(store.listPatterns().map((p) => p.errorSignature), ['one']);
      // The restored file is in place for other processes, and the store keeps working.
      await store.record(recordOp('three'));
      await store.close();
      const again = await openStore(path);
      assert.equal((await again.open()).recovered, undefined);
      assert.deepEqual(again.listPatterns({ orderBy: 'id' }).map((p) => p.errorSignature), ['one', 'three']);
      await again.close();
    });
  }

  it('starts empty when there is no backup, and says so', async () => {
    await writeFile(path, 'this is not a database');
    const store = await openStore(path);
    const report = await store.open();
    assert.equal(report.recovered?.restoredFrom, 'empty');
    assert.equal(store.countPatterns(), 0);
    assert.equal((await corruptCopies()).length, 1);
    await store.close();
  });

  it('keeps a bad backup aside too, and starts empty', async () => {
    await storeWithBackup();
    await writeFile(path, randomBytes(1000));
    await writeFile(`${path}.bak`, 'bad backup');
    const store = await openStore(path);
    assert.equal((await store.open()).recovered?.restoredFrom, 'empty');
    const aside = await corruptCopies();
    assert.equal(aside.length, 2);
    const contents = await Promise.all(aside.map((p) => readFile(p, 'utf8')));
    assert.ok(contents.includes('bad backup'));
    assert.equal(await nodeFs.stat(`${path}.bak`), undefined);
    await store.close();
  });

  it('moves aside a SQLite database of another application instead of modifying it', async () => {
    const SQL = await sqlJs();
    const other = new SQL.Database();
    other.exec('CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES (\'ada\')');
    const bytes = other.export();
    other.close();
    await writeFile(path, bytes);
    const store = await openStore(path);
    assert.equal((await store.open()).recovered?.restoredFrom, 'empty');
    const [aside] = await corruptCopies();
    assert.deepEqual(new Uint8Array(await readFile(aside)), bytes);
    await store.close();
  });

  it('a file damaged while open is moved aside at the next flush and rewritten from memory', async () => {
    await storeWithBackup();
    const store = await openStore(path);
    await store.record(recordOp('three'));
    await writeFile(path, randomBytes(5000));
    await store.flush();
    assert.equal((await corruptCopies()).length, 1);
    await store.close();
    const again = await openStore(path);
    assert.deepEqual(again.listPatterns({ orderBy: 'id' }).map((p) => p.errorSignature), ['one', 'two', 'three']);
    await again.close();
  });

  it('two processes finding the same damaged file recover it once', async () => {
    await storeWithBackup();
    await writeFile(path, 'garbage');
    const [a, b] = await Promise.all([openStore(path), openStore(path)]);
    const reports = await Promise.all([a.open(), b.open()]);
    assert.equal(reports.filter((r) => r.recovered).length, 1);
    assert.equal((await corruptCopies()).length, 1);
    assert.deepEqual(a.listPatterns().map((p) => p.errorSignature), ['one']);
    assert.deepEqual(b.listPatterns().map((p) => p.errorSignature), ['one']);
    await a.close();
    await b.close();
  });
});
