import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Candidate } from '../../../src/core/types';
import { createEngine } from '../../../src/engine';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { ChromaVectorIndex } from '../../../src/store/vector/chromaIndex';
import { memoryBacklogPersistence, ResilientVectorIndex } from '../../../src/store/vector/resilientIndex';
import { ensureChromaInstalled, startChromaServer, type ChromaTestServer } from '../../chroma-server/server';
import { HashingEmbedder } from '../engine/helpers';
import { uniquePrefix } from './helpers';

const lessons: Candidate[] = [
  { description: 'Await database calls inside async endpoints', category: 'async', severity: 'major', source: 'test', errorType: 'RuntimeWarning', errorMessage: 'coroutine fetch_user was never awaited', model: 'gpt-4o' },
  { description: 'Use parameterized SQL queries, never string formatting', category: 'security', severity: 'critical', source: 'diagnostic', ruleId: 'sqli', model: 'claude-sonnet-4' },
  { description: 'Import numpy as np before using np arrays', category: 'import', severity: 'minor', source: 'test', errorType: 'NameError', errorMessage: "name 'np' is not defined", model: 'gpt-4o' },
];

describe('MistakeEngine on Chroma (resilient index, real server)', function () {
  let server: ChromaTestServer;
  let dir: string;
  before(async function () {
    this.timeout(10 * 60_000);
    const inst = await ensureChromaInstalled();
    if (!inst.ok) {
      console.log(`      (skipped: no Chroma server: ${inst.reason})`);
      this.skip();
    }
    server = await startChromaServer();
    dir = mkdtempSync(join(tmpdir(), 'mm-engine-chroma-'));
  });
  after(async () => {
    await server?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records into Chroma, keeps capturing and retrieving while the server is down, and syncs when it is back', async function () {
    this.timeout(60_000);
    const primary = new ChromaVectorIndex({ url: server.url, prefix: uniquePrefix('eng'), timeoutMs: 2000 });
    const index = new ResilientVectorIndex({ primary, backlog: memoryBacklogPersistence(), autoRetry: false, queryTimeoutMs: 2000, writeTimeoutMs: 2000 });
    const engine = await createEngine({
      fs: new NodeFileSystem(),
      storePath: join(dir, 'm.db'),
      loadSqlJs: loadSqlJsNode,
      embedder: async () => new HashingEmbedder(),
      vectorIndex: index,
    });
    for (const c of lessons.slice(0, 2)) assert.ok((await engine.record(c)).stored);
    assert.equal(await primary.count(), 2, 'vectors went to Chroma');
    let r = await engine.retrieve('async endpoint forgot to await the database call', { k: 3, minSimilarity: 0.1 });
    assert.equal(r.mode, 'hybrid');
    assert.match(r.patterns[0].pattern.description, /Await database/);
    assert.ok(r.patterns[0].similarity !== undefined, 'a dense hit from Chroma');

    await server.kill();
    const third = await engine.record(lessons[2]);
    assert.ok(third.stored, 'capture keeps working with Chroma down');
    assert.equal(index.state.state, 'offline');
    assert.equal(index.state.backlog, 1);
    r = await engine.retrieve('numpy np is not defined import', { k: 3, minSimilarity: 0.1 });
    assert.equal(r.mode, 'hybrid', 'dense retrieval falls back to the local index instead of failing');
    assert.match(r.patterns[0].pattern.description, /numpy/);
    assert.ok(r.patterns[0].similarity !== undefined);

    await server.start();
    assert.equal(await index.syncNow(), true);
    assert.equal(await primary.count(), 3, 'the pattern recorded while down reached Chroma');
    assert.equal(index.state.state, 'connected');
    await engine.close();
    index.dispose();
    await primary.drop();
  });

  it('shares one memory between two people on one collection: a teammate\'s pattern is found and adopted', async function () {
    this.timeout(60_000);
    const prefix = uniquePrefix('team');
    const open = (name: string) =>
      createEngine({
        fs: new NodeFileSystem(),
        storePath: join(dir, `${name}.db`),
        loadSqlJs: loadSqlJsNode,
        embedder: async () => new HashingEmbedder(),
        vectorIndex: new ResilientVectorIndex({ primary: new ChromaVectorIndex({ url: server.url, prefix, timeoutMs: 5000 }), backlog: memoryBacklogPersistence(), autoRetry: false }),
      });
    const alice = await open('alice');
    const bob = await open('bob');
    try {
      for (let i = 0; i < 3; i++) assert.ok((await alice.record({ ...lessons[1], filePath: `src/db${i}.py` })).stored);
      assert.ok((await bob.record(lessons[0])).stored);
      assert.equal(bob.countPatterns(), 1);
      // The same mistake recorded by both is one record (ids are error signatures), not two.
      assert.ok((await bob.record(lessons[1])).stored);
      assert.equal(await new ChromaVectorIndex({ url: server.url, prefix }).count(), 2);

      const r = await bob.retrieve('use parameterized SQL queries instead of string formatting', { k: 3, minSimilarity: 0.1 });
      assert.match(r.patterns[0].pattern.description, /parameterized SQL/);
      await bob.deletePattern(bob.listPatterns().find((p) => /parameterized/.test(p.description))!.id);

      // Now Bob has not got it locally: the shared collection brings it back with Alice's counts.
      const again = await bob.retrieve('use parameterized SQL queries instead of string formatting', { k: 3, minSimilarity: 0.1 });
      const adopted = again.patterns.find((s) => /parameterized SQL/.test(s.pattern.description));
      assert.ok(!adopted, 'deleting a pattern removes it from the shared index too');
      assert.ok((await alice.record({ ...lessons[1], filePath: 'src/db9.py' })).stored, 'Alice records it again');
      const third = await bob.retrieve('use parameterized SQL queries instead of string formatting', { k: 3, minSimilarity: 0.1 });
      const fromAlice = third.patterns.find((s) => /parameterized SQL/.test(s.pattern.description));
      assert.ok(fromAlice, 'Bob finds the pattern Alice recorded');
      assert.equal(fromAlice.pattern.frequency, 4);
      assert.equal(fromAlice.pattern.modelName, 'claude-sonnet-4');
      assert.ok(bob.getPattern(fromAlice.pattern.id), 'adopted into Bob\'s store');
    } finally {
      await alice.close();
      await bob.close();
    }
  });
});
