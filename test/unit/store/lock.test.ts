import { strict as assert } from 'node:assert';
import { nullLogger } from '../../../src/core/ports';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';
import { StoreLockedError } from '../../../src/store/sqljs/errors';
import { FileLock } from '../../../src/store/sqljs/lock';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const dec = (b: Uint8Array | undefined) => (b ? (JSON.parse(new TextDecoder().decode(b)) as { token: string; at: number }) : undefined);

describe('FileLock', () => {
  let fs: MemoryFileSystem;
  const path = '/d/m.db.lock';
  const lock = (over: Partial<ConstructorParameters<typeof FileLock>[2]> = {}) =>
    new FileLock(fs, path, { staleMs: 1000, timeoutMs: 2000, logger: nullLogger, ...over });
  beforeEach(async () => {
    fs = new MemoryFileSystem();
    await fs.mkdirp('/d');
  });

  it('is exclusive: a second holder waits until the first releases', async () => {
    const first = await lock().acquire();
    let acquiredSecond = false;
    const waiting = lock()
      .acquire()
      .then((h) => {
        acquiredSecond = true;
        return h;
      });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(acquiredSecond, false);
    assert.equal(await first.verify(), true);
    await first.release();
    const second = await waiting;
    assert.equal(await second.verify(), true);
    await second.release();
    assert.equal(await fs.stat(path), undefined);
  });

  it('gives up with StoreLockedError after the timeout', async () => {
    await fs.createExclusive(path, enc({ token: 'other', at: Date.now() }));
    await assert.rejects(lock({ timeoutMs: 50 }).acquire(), (e: unknown) => e instanceof StoreLockedError && e.waitedMs >= 50);
  });

  it('breaks a stale lock, and the old holder notices it lost the lock', async () => {
    const now = { t: 10_000 };
    const old = await lock({ now: () => now.t }).acquire();
    now.t += 5000;
    const taker = await lock({ now: () => now.t }).acquire();
    assert.equal(await old.verify(), false);
    await old.release(); // must not delete the new holder's lock
    assert.equal(await taker.verify(), true);
    await taker.release();
    assert.deepEqual(await fs.list('/d'), []);
  });

  it('puts back a fresh lock it moved by mistake while breaking a stale one', async () => {
    await fs.createExclusive(path, enc({ token: 'dead', at: 0 }));
    // Another process breaks the stale lock and takes a fresh one between our read and our rename.
    const racingFs = Object.create(fs) as MemoryFileSystem;
    let raced = false;
    racingFs.rename = async (from: string, to: string) => {
      if (!raced && from === path) {
        raced = true;
        await fs.delete(path);
        await fs.createExclusive(path, enc({ token: 'fresh', at: Date.now() }));
      }
      return fs.rename(from, to);
    };
    const l = new FileLock(racingFs, path, { staleMs: 1000, timeoutMs: 100, logger: nullLogger });
    await assert.rejects(l.acquire(), StoreLockedError);
    assert.equal(dec(await fs.readFile(path))?.token, 'fresh', 'the fresh lock is back, untouched');
    assert.deepEqual(await fs.list('/d'), ['m.db.lock'], 'no stray copies');
  });
});
