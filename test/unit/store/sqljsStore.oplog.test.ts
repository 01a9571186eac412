import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';
import { signatureFor } from './concurrentWriter';
import { cleanupTempDirs, nodeFs, openStore, recordOp, tempDir } from './helpers';

const children: Array<{ kill(signal?: NodeJS.Signals): boolean }> = [];

function runWriter(args: string[]) {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', nodePath.join(__dirname, 'concurrentWriter.ts'), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: nodePath.resolve(__dirname, '../../..'),
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('ready') && resolve()));
  return { child, done, ready, out: () => stdout, err: () => stderr };
}

const LOG = { checkpointBytes: 512 * 1024 };

function lastFlushed(out: string): number {
  return Math.max(0, ...[...out.matchAll(/flushed (\d+)/g)].map((m) => Number(m[1])));
}

/** The operation log beside the database: flushes append to it, checkpoints fold it in. */
describe('SqlJsMetadataStore: operation log', function () {
  this.timeout(120_000);
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL'); // none may outlive a failed test
    await cleanupTempDirs();
  });

  it('a flush writes the log, not the database; a new reader sees both; close folds the log in', async () => {
    const dir = await tempDir();
    const path = nodePath.join(dir, 'm.db');
    const a = await openStore(path, LOG);
    await a.record(recordOp('first'));
    await a.flush(); // no file yet: the database is written
    const dbAfterFirst = await readFile(path);
    await a.record(recordOp('second'));
    await a.putVector(a.findBySignature('second')!.id, 'e', new Float32Array([0.5, -0.25, 1]));
    await a.flush();
    assert.deepEqual(await readFile(path), dbAfterFirst, 'the database file was not rewritten');
    assert.ok((await a.logBytes()) > 0);

    const b = await openStore(path, LOG);
    assert.deepEqual(b.listPatterns().map((p) => p.errorSignature).sort(), ['first', 'second']);
    const [v] = b.loadVectors('e');
    assert.deepEqual([...v.vector], [0.5, -0.25, 1]);
    await b.close();
    await a.close();
    assert.equal(await nodeFs.stat(`${path}.oplog`), undefined, 'the log was folded into the database');
    const c = await openStore(path, LOG);
    assert.equal(c.countPatterns(), 2);
    await c.close();
  });

  it('a reader refreshes from another writer’s log batches', async () => {
    const dir = await tempDir();
    const path = nodePath.join(dir, 'm.db');
    const a = await openStore(path, LOG);
    await a.record(recordOp('a1'));
    await a.flush();
    const b = await openStore(path, LOG);
    await a.record(recordOp('a2'));
    await a.flush();
    assert.equal(await b.refresh(), true);
    assert.ok(b.findBySignature('a2'));
    await b.record(recordOp('b1'));
    await b.flush();
    await a.record(recordOp('a3'));
    await a.flush();
    for (const s of [a, b]) await s.refresh();
    for (const s of [a, b]) assert.deepEqual(s.listPatterns().map((p) => p.errorSignature).sort(), ['a1', 'a2', 'a3', 'b1']);
    await a.close();
    await b.close();
  });

  it('keeps the readable batches of a damaged log and ignores a log a checkpoint already holds', async () => {
    const dir = await tempDir();
    const path = nodePath.join(dir, 'm.db');
    const a = await openStore(path, LOG);
    await a.record(recordOp('one'));
    await a.flush();
    await a.record(recordOp('two'));
    await a.flush();
    await appendFile(`${path}.oplog`, '{"ops":[{"kind":"record","at":1,"sig\u0000\u00ff garbage');
    const b = await openStore(path, LOG);
    assert.deepEqual(b.listPatterns().map((p) => p.errorSignature).sort(), ['one', 'two']);
    await b.close(); // checkpoint: the database holds both, the log is gone
    // A crash between a checkpoint and the removal of the old log leaves a log based on an older
    // checkpoint: replaying it must not double anything.
    await writeFile(`${path}.oplog`, `{"base":{"generation":1,"token":1}}\n${JSON.stringify({ ops: [{ kind: 'meta', seq: 1, at: Date.now(), key: 'ghost', value: 'x' }] })}\n`);
    const c = await openStore(path, LOG);
    assert.equal(c.getMeta('ghost'), undefined);
    assert.equal(c.findBySignature('two')?.frequency, 1);
    await c.close();
  });

  it('writers that exit without closing leave everything in the log; nothing is lost across processes', async () => {
    const dir = await tempDir();
    const path = nodePath.join(dir, 'shared.db');
    const writers = [0, 1, 2].map((w) => runWriter([path, String(w), '40', String([1, 3, 2][w]), String(512 * 1024), 'exit']));
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin.end('go\n');
    for (const w of writers) assert.equal((await w.done).code, 0, w.err());
    assert.ok(await nodeFs.stat(`${path}.oplog`), 'the writers left a log');
    const store = await openStore(path, LOG);
    assert.equal(store.listOccurrences().length, 120);
    for (let w = 0; w < 3; w++) {
      for (let i = 0; i < 40; i++) assert.ok(store.findBySignature(signatureFor(w, i)), signatureFor(w, i));
      assert.equal(store.getMeta(`writer-${w}`), 'done');
    }
    await store.close();
  });

  it('kill -9 in the middle of flushes and checkpoints: the store opens, and what it holds is a prefix of what was flushed', async () => {
    const dir = await tempDir();
    const path = nodePath.join(dir, 'crash.db');
    for (const [round, checkpointBytes] of [[0, 4096], [1, 20_000], [2, 512 * 1024]] as const) {
      const w = runWriter([path, String(round), '100000', '1', String(checkpointBytes), 'close']);
      await w.ready;
      w.child.stdin.end('go\n');
      // Kill at a point that moves with the round, after a few flushes have landed.
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (lastFlushed(w.out()) >= 30 + 37 * round || w.child.exitCode !== null) {
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
      w.child.kill('SIGKILL');
      const { signal } = await w.done;
      assert.equal(signal, 'SIGKILL');
      const flushed = lastFlushed(w.out());
      await nodeFs.delete(`${path}.lock`); // the dead writer's lock (a live opener would wait it out)
      const store = await openStore(path, LOG);
      const mine = new Set(store.listOccurrences().filter((o) => o.filePath === `w${round}.ts`).map((o) => o.id));
      const count = store.listOccurrences().filter((o) => o.filePath === `w${round}.ts`).length;
      assert.ok(count >= flushed, `round ${round}: ${count} occurrences kept, ${flushed} were flushed`);
      assert.ok(count <= flushed + 1, `round ${round}: at most the flush in progress may also have landed`);
      assert.equal(mine.size, count);
      await store.close();
    }
  });
});

/**
 * Like VS Code's file system providers that replace a file by deleting it and writing the new one:
 * for a moment the database does not exist. The gap is held open until `release()`.
 */
class GappyFileSystem extends MemoryFileSystem {
  gapOn: string | undefined;
  private resume: (() => void) | undefined;
  private entered: (() => void) | undefined;
  readonly inGap = new Promise<void>((resolve) => (this.entered = resolve));

  override async writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    if (path === this.gapOn && (await this.stat(path))) {
      this.gapOn = undefined;
      await this.delete(path);
      await new Promise<void>((resolve) => {
        this.resume = resolve;
        this.entered?.();
      });
    }
    return super.writeFileAtomic(path, data);
  }

  release(): void {
    this.resume?.();
  }
}

describe('SqlJsMetadataStore: opening while another writer replaces the file', () => {
  it('a store opened while the database is mid-replace waits for the writer instead of opening empty', async () => {
    const fs = new GappyFileSystem();
    const path = '/data/m.db';
    const a = await openStore(path, { fs, ...LOG });
    await a.record(recordOp('first'));
    await a.flush(); // no file yet: written whole
    await a.record(recordOp('second'));
    await a.flush(); // into the log
    await a.record(recordOp('third')); // pending until close
    fs.gapOn = path;
    const closing = a.close(); // the checkpoint replaces the database: delete, (gap), write
    await fs.inGap;
    assert.equal(await fs.readFile(path), undefined, 'the database is missing during the replace');
    const opening = openStore(path, { fs, ...LOG, lockTimeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 50));
    fs.release();
    await closing;
    const b = await opening;
    assert.deepEqual(b.listPatterns().map((p) => p.errorSignature).sort(), ['first', 'second', 'third']);
    await b.record(recordOp('fourth'));
    await b.close();
    const c = await openStore(path, { fs });
    assert.equal(c.countPatterns(), 4, 'nothing was overwritten by an empty store');
    await c.close();
  });
});
