import { strict as assert } from 'node:assert';
import { readFile, readdir } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';
import { NodeFileSystem } from '../../../src/store/fileSystem.node';
import type { FileSystem } from '../../../src/core/ports';
import { cleanupTempDirs, tempDir } from './helpers';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/** The same contract, checked against both implementations. */
for (const [name, make] of [
  ['NodeFileSystem', async () => ({ fs: new NodeFileSystem() as FileSystem, root: await tempDir() })],
  ['MemoryFileSystem', async () => ({ fs: new MemoryFileSystem() as FileSystem, root: '/root' })],
] as const) {
  describe(`${name}`, () => {
    let fs: FileSystem;
    let root: string;
    beforeEach(async () => {
      ({ fs, root } = await make());
      await fs.mkdirp(root);
    });
    afterEach(cleanupTempDirs);

    it('reads missing files as undefined and writes atomically into new directories', async () => {
      const p = fs.join(root, 'a', 'b', 'f.bin');
      assert.equal(await fs.readFile(p), undefined);
      await fs.mkdirp(fs.dirname(p));
      await fs.writeFileAtomic(p, bytes('one'));
      await fs.writeFileAtomic(p, bytes('two'));
      assert.equal(text(await fs.readFile(p)), 'two');
      assert.deepEqual(await fs.list(fs.dirname(p)), ['f.bin'], 'no temp files left behind');
      assert.equal((await fs.stat(p))?.size, 3);
    });

    it('creates exclusively, renames over, deletes quietly, lists', async () => {
      const lock = fs.join(root, 'x.lock');
      assert.equal(await fs.createExclusive(lock, bytes('1')), true);
      assert.equal(await fs.createExclusive(lock, bytes('2')), false);
      assert.equal(text(await fs.readFile(lock)), '1');
      const other = fs.join(root, 'y');
      await fs.writeFileAtomic(other, bytes('old'));
      await fs.rename(lock, other);
      assert.equal(text(await fs.readFile(other)), '1');
      assert.equal(await fs.stat(lock), undefined);
      await fs.delete(lock);
      await fs.delete(other);
      assert.deepEqual(await fs.list(root), []);
      assert.deepEqual(await fs.list(fs.join(root, 'missing')), []);
      assert.equal(await fs.stat(fs.join(root, 'missing', 'f')), undefined);
      await assert.rejects(fs.rename(fs.join(root, 'nope'), other));
    });

    it('joins and splits paths', () => {
      assert.equal(fs.dirname(fs.join(root, 'd', 'f.db')), fs.join(root, 'd'));
    });
  });
}

describe('NodeFileSystem specifics', () => {
  afterEach(cleanupTempDirs);

  it('writes private files and survives many concurrent atomic writes of one path', async () => {
    const fs = new NodeFileSystem();
    const dir = await tempDir();
    const p = nodePath.join(dir, 'f');
    await Promise.all(Array.from({ length: 20 }, (_, i) => fs.writeFileAtomic(p, bytes(`value-${i}`.padEnd(64, '.')))));
    assert.match(await readFile(p, 'utf8'), /^value-\d+\.+$/);
    assert.deepEqual(await readdir(dir), ['f']);
    if (process.platform !== 'win32') {
      const { stat } = await import('node:fs/promises');
      assert.equal((await stat(p)).mode & 0o777, 0o600);
    }
  });
});
