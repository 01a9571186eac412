import { strict as assert } from 'node:assert';
import { createServer, type Server, type Socket } from 'node:net';
import type { VectorRecord } from '../../../src/core/ports';
import { ChromaVectorIndex } from '../../../src/store/vector/chromaIndex';
import {
  memoryBacklogPersistence,
  metaBacklogPersistence,
  ResilientVectorIndex,
  type ResilientIndexState,
} from '../../../src/store/vector/resilientIndex';
import { freePort, startChromaServer, type ChromaTestServer } from '../../chroma-server/server';
import { runVectorIndexConformance, unitVector } from '../vector/conformance';
import { uniquePrefix, requireChroma } from './helpers';

function rec(id: string, axis: number, model = 'gpt-4o'): VectorRecord {
  return { id, vector: unitVector(axis, Number(id.replace(/\D/g, '')) || 1), metadata: { model, category: 'async', severity: 'major', frequency: 1 } };
}

function resilient(url: string, extra: Partial<ConstructorParameters<typeof ResilientVectorIndex>[0]> = {}, prefix = uniquePrefix('r')) {
  const primary = new ChromaVectorIndex({ url, prefix, timeoutMs: 2000 });
  const index = new ResilientVectorIndex({ primary, autoRetry: false, queryTimeoutMs: 2000, writeTimeoutMs: 4000, ...extra });
  return { primary, index, prefix };
}

/** A meta table in a Map, shaped like MetadataStore's getMeta/setMeta. */
function metaMap() {
  const m = new Map<string, string>();
  return {
    map: m,
    getMeta: (k: string) => m.get(k),
    setMeta: async (k: string, v: string | undefined) => {
      if (v === undefined) m.delete(k);
      else m.set(k, v);
    },
  };
}

describe('ResilientVectorIndex over a real Chroma server', function () {
  let shared: ChromaTestServer;
  before(async function () {
    shared = await requireChroma(this);
  });

  runVectorIndexConformance('resilient (chroma + embedded fallback)', async () => {
    const { primary, index } = resilient(shared.url);
    const stop = index.dispose.bind(index);
    return Object.assign(index, {
      dispose: async () => {
        stop();
        await primary.drop();
      },
    });
  });

  describe('faults', () => {
    const servers: ChromaTestServer[] = [];
    const holes: Array<{ server: Server; held: Set<Socket> }> = [];
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.dispose();
      for (const h of holes.splice(0)) {
        h.server.close();
        for (const s of h.held) s.destroy();
      }
    });

    it('server down at start: writes land locally, queries fall back, the backlog syncs when the server comes up', async function () {
      this.timeout(60_000);
      const port = await freePort();
      const meta = metaMap();
      const { primary, index } = resilient(`http://127.0.0.1:${port}`, { backlog: metaBacklogPersistence(meta) });
      const states: ResilientIndexState[] = [];
      index.onDidChangeState((s) => states.push(s));

      await index.upsert([rec('1', 0), rec('2', 1), rec('3', 2, 'o3')]);
      await index.delete(['2']);
      assert.equal(index.state.state, 'offline');
      assert.equal(index.state.backlog, 3, 'two upserts and one delete are pending');
      assert.match(index.state.lastError ?? '', /connect/i);
      assert.ok(meta.map.get('chroma.backlog'), 'the backlog is persisted in the meta table');
      assert.deepEqual((await index.query(unitVector(0), 5)).map((h) => h.id).sort(), ['1', '3']);
      assert.deepEqual((await index.query(unitVector(2), 5, { models: ['o3'] })).map((h) => h.id), ['3']);
      assert.equal(await index.syncNow(), false, 'still down');

      const server = await startChromaServer({ port });
      servers.push(server);
      assert.equal(await index.syncNow(), true);
      assert.equal(index.state.state, 'connected');
      assert.equal(index.state.backlog, 0);
      assert.equal(meta.map.get('chroma.backlog'), undefined, 'the persisted backlog is cleared');
      assert.equal(await primary.count(), 2, 'the deleted id never reached Chroma');
      assert.deepEqual((await primary.query(unitVector(2), 5)).map((h) => h.id).sort(), ['1', '3']);
      assert.deepEqual(
        [...new Set(states.map((s) => s.state))],
        ['offline', 'connected'],
        'listeners heard the state changes',
      );
      index.dispose();
    });

    it('server killed mid-session and restarted: nothing recorded is lost (automatic retry)', async function () {
      this.timeout(60_000);
      const server = await startChromaServer();
      servers.push(server);
      const { primary, index } = resilient(server.url, { autoRetry: true, retry: { initialMs: 50, maxMs: 200 } });
      await index.upsert([rec('1', 0), rec('2', 1), rec('3', 2)]);
      assert.equal(index.state.state, 'connected');
      assert.equal(await primary.count(), 3);

      await server.kill();
      await index.upsert([rec('4', 3), rec('5', 4)]);
      await index.delete(['1']);
      await index.upsert([rec('2', 7)]); // moved: the newest write must win after the sync
      assert.equal(index.state.state, 'offline');
      assert.equal(index.state.backlog, 4);
      const hits = await index.query(unitVector(3), 10);
      assert.deepEqual(hits.map((h) => h.id).sort(), ['2', '3', '4', '5'], 'queries fall back to the local index');
      assert.equal(hits[0].id, '4');

      const connected = new Promise<void>((resolve) => {
        index.onDidChangeState((s) => s.state === 'connected' && s.backlog === 0 && resolve());
      });
      await server.start();
      await connected;
      assert.equal(await primary.count(), 4);
      assert.equal((await primary.query(unitVector(7), 1))[0].id, '2', 'the later upsert of 2 reached Chroma');
      assert.ok(!(await primary.query(unitVector(0), 10)).some((h) => h.id === '1'), 'the delete reached Chroma');
      assert.equal((await index.query(unitVector(4), 1))[0].id, '5', 'queries use Chroma again');
      index.dispose();
    });

    it('without a retry timer (CLI), the first read after the backoff delay syncs and returns to Chroma', async function () {
      this.timeout(60_000);
      const port = await freePort();
      const clock = { t: 1_000_000, now() { return this.t; } };
      const { primary, index } = resilient(`http://127.0.0.1:${port}`, { clock, retry: { initialMs: 1000 } });
      await index.upsert([rec('1', 0), rec('2', 1)]);
      assert.equal(index.state.state, 'offline');
      const server = await startChromaServer({ port });
      servers.push(server);
      assert.deepEqual((await index.query(unitVector(1), 1)).map((h) => h.id), ['2'], 'within the backoff: local answer');
      assert.equal(index.state.backlog, 2, 'no attempt before the delay');
      clock.t += 1001;
      assert.deepEqual((await index.query(unitVector(1), 1)).map((h) => h.id), ['2']);
      assert.equal(index.state.state, 'connected');
      assert.equal(index.state.backlog, 0);
      assert.equal(await primary.count(), 2, 'the read synced the backlog first');
      index.dispose();
    });

    it('a backlog persisted by one process is synced by the next, with vectors from the store', async function () {
      this.timeout(60_000);
      const port = await freePort();
      const meta = metaMap();
      const prefix = uniquePrefix('p');
      const first = resilient(`http://127.0.0.1:${port}`, { backlog: metaBacklogPersistence(meta) }, prefix);
      await first.index.upsert([rec('10', 0), rec('11', 1)]);
      await first.index.clear();
      await first.index.upsert([rec('12', 2)]);
      assert.equal(first.index.state.backlog, 2, 'a pending clear plus one upsert');
      first.index.dispose();

      const server = await startChromaServer({ port });
      servers.push(server);
      // Seed the collection with a stale record the queued clear must remove.
      await first.primary.upsert([rec('99', 5)]);
      const stored = new Map([['12', rec('12', 2)]]);
      const second = resilient(server.url, { backlog: metaBacklogPersistence(meta), resolveRecords: (ids) => ids.flatMap((id) => stored.get(id) ?? []) }, prefix);
      await second.index.init();
      assert.equal(second.index.state.backlog, 2);
      assert.equal(second.index.state.state, 'degraded');
      assert.equal(await second.index.syncNow(), true);
      assert.equal(await second.primary.count(), 1);
      assert.deepEqual((await second.primary.query(unitVector(2), 5)).map((h) => h.id), ['12']);
      second.index.dispose();
    });

    it('pending upserts without a vector wait for loadLocal instead of being dropped', async function () {
      const meta = metaMap();
      await meta.setMeta('chroma.backlog', JSON.stringify({ version: 1, clear: false, ops: [['7', 'upsert']] }));
      const { primary, index } = resilient(shared.url, { backlog: metaBacklogPersistence(meta) });
      assert.equal(await index.syncNow(), false);
      assert.equal(index.state.unresolved, 1);
      assert.equal(index.state.state, 'degraded');
      await index.loadLocal([rec('7', 3)]);
      assert.equal(await index.syncNow(), true);
      assert.deepEqual((await primary.query(unitVector(3), 3)).map((h) => h.id), ['7']);
      index.dispose();
      await primary.drop();
    });

    it('a slow server (accepts, never answers) times out: queries fall back, writes are queued', async function () {
      this.timeout(30_000);
      const held = new Set<Socket>();
      const hole = createServer((s) => held.add(s));
      holes.push({ server: hole, held });
      const port = await new Promise<number>((r) => hole.listen(0, '127.0.0.1', () => r((hole.address() as { port: number }).port)));
      const primary = new ChromaVectorIndex({ url: `http://127.0.0.1:${port}`, prefix: uniquePrefix('s'), timeoutMs: 300 });
      const index = new ResilientVectorIndex({ primary, autoRetry: false, queryTimeoutMs: 300, writeTimeoutMs: 300, backlog: memoryBacklogPersistence() });
      await index.upsert([rec('1', 0), rec('2', 1)]);
      assert.equal(index.state.state, 'offline');
      assert.match(index.state.lastError ?? '', /ms/);
      assert.equal(index.state.backlog, 2);
      assert.deepEqual((await index.query(unitVector(1), 1)).map((h) => h.id), ['2']);
      index.dispose();
    });

    it('a server returning errors (unknown tenant) degrades to the local index without losing writes', async function () {
      const persistence = memoryBacklogPersistence();
      const primary = new ChromaVectorIndex({ url: shared.url, tenant: 'no_such_tenant', prefix: uniquePrefix('e'), timeoutMs: 2000 });
      const index = new ResilientVectorIndex({ primary, autoRetry: false, backlog: persistence });
      await index.upsert([rec('1', 0)]);
      assert.equal(index.state.state, 'degraded', 'reachable but failing is not offline');
      assert.ok(index.state.lastError, 'the error is reported');
      assert.equal(index.state.backlog, 1);
      assert.deepEqual(persistence.current?.ops, [['1', 'upsert']]);
      assert.deepEqual((await index.query(unitVector(0), 3)).map((h) => h.id), ['1']);
      assert.equal(await index.syncNow(), false);
      index.dispose();
    });

    it('a query of the wrong dimension is the caller’s error, not a fallback', async () => {
      const { primary, index } = resilient(shared.url);
      await index.upsert([rec('1', 0)]);
      await assert.rejects(index.query(new Float32Array(8).fill(0.3), 3));
      assert.equal(index.state.state, 'connected');
      index.dispose();
      await primary.drop();
    });
  });
});

describe('ChromaVectorIndex settings', () => {
  it('never shows the token', () => {
    const index = new ChromaVectorIndex({ url: 'https://api.example.com', token: 'sekrit-123', tenant: 't1', database: 'd1', prefix: 'team_' });
    const d = index.describe();
    assert.equal(d.token, 'set');
    assert.equal(d.url, 'https://api.example.com:443');
    assert.deepEqual(d.collections, { mistakes: 'team_llm_mistakes', fixes: 'team_successful_fixes' });
    assert.ok(!JSON.stringify(d).includes('sekrit'));
  });

  it('rejects bad prefixes and URLs with credentials', () => {
    assert.throws(() => new ChromaVectorIndex({ prefix: 'bad prefix!' }), /prefix/);
    assert.throws(() => new ChromaVectorIndex({ url: 'http://user:pw@h:8000' }), /token/);
    assert.throws(() => new ChromaVectorIndex({ url: 'ftp://h' }), /http/);
  });
});
