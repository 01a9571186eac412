import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as nodePath from 'node:path';
import { signatureFor } from './concurrentWriter';
import { cleanupTempDirs, nodeFs, openStore, tempDir } from './helpers';

const WRITERS = 4;
const PER_WRITER = 50;

interface Writer {
  ready: Promise<void>;
  go(): void;
  kill(): void;
  done: Promise<{ code: number | null; stderr: string }>;
}

function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', nodePath.join(__dirname, 'concurrentWriter.ts'), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: nodePath.resolve(__dirname, '../../..'), // where `tsx/cjs` resolves
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    done.then((r) => reject(new Error(`writer exited before it was ready: ${r.stderr}`)), reject);
  });
  return { ready, done, go: () => child.stdin.end('go\n'), kill: () => child.kill() };
}

/**
 * The hard requirement: several processes (VS Code windows, the CLI) recording into one file at the
 * same time end with every occurrence present. Real processes, real files, real lock contention.
 */
describe('SqlJsMetadataStore: concurrent writer processes', function () {
  this.timeout(60_000);
  afterEach(cleanupTempDirs);

  it(`${WRITERS} processes × ${PER_WRITER} records, flushing as they go: nothing is lost`, async () => {
    const dir = await tempDir();
    const path = nodePath.join(dir, 'shared.db');
    // Writers flush after every record, every 3rd or every 7th, so flushes interleave unevenly.
    const flushEvery = [1, 3, 1, 7];
    const writers = Array.from({ length: WRITERS }, (_, w) =>
      startWriter([path, String(w), String(PER_WRITER), String(flushEvery[w % flushEvery.length])]),
    );
    try {
      await Promise.all(writers.map((w) => w.ready));
    } catch (e) {
      for (const w of writers) w.kill(); // none may be left waiting for a "go" that never comes
      throw e;
    }
    for (const w of writers) w.go();
    const results = await Promise.all(writers.map((w) => w.done));
    for (const r of results) assert.equal(r.code, 0, r.stderr);

    const store = await openStore(path);
    const occurrences = store.listOccurrences();
    assert.equal(occurrences.length, WRITERS * PER_WRITER);
    const expectedFrequency = new Map<string, number>();
    for (let w = 0; w < WRITERS; w++) {
      for (let i = 0; i < PER_WRITER; i++) expectedFrequency.set(signatureFor(w, i), (expectedFrequency.get(signatureFor(w, i)) ?? 0) + 1);
    }
    const patterns = store.listPatterns({ includeArchived: true });
    assert.equal(patterns.length, expectedFrequency.size);
    for (const p of patterns) {
      assert.equal(p.frequency, expectedFrequency.get(p.errorSignature), p.errorSignature);
      assert.equal(store.listOccurrences(p.id).length, p.frequency, `occurrences of ${p.errorSignature}`);
      assert.equal(p.testFailures + p.userCorrections, p.frequency);
    }
    const contexts = store.findBySignature('shared-1')?.contexts ?? [];
    assert.deepEqual([...contexts].sort(), Array.from({ length: WRITERS }, (_, w) => `w${w}.ts`));
    // Every writer's vectors landed on the right pattern, whatever id it ended up with.
    const vectors = store.loadVectors('test-embedder');
    assert.equal(vectors.length, WRITERS * (PER_WRITER / 5));
    for (const { patternId, vector } of vectors) {
      const [w, i] = vector;
      assert.equal(store.getPattern(patternId)?.errorSignature, signatureFor(w, i));
    }
    for (let w = 0; w < WRITERS; w++) assert.equal(store.getMeta(`writer-${w}`), 'done');
    await store.close();
    const leftovers = (await nodeFs.list(dir)).filter((n) => n !== 'shared.db' && n !== 'shared.db.bak');
    assert.deepEqual(leftovers, [], 'no lock or temp files left');
  });
});
