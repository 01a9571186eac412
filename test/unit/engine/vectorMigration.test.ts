import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VectorRecord } from '../../../src/core/ports';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';
import { describeMigration, migrationKey, runVectorMigration } from '../../../src/engine/vectorMigration';
import type { ChromaTestServer } from '../../chroma-server/server';
import { chromaIndex, requireChroma } from '../chroma/helpers';
import { recordOp } from '../store/helpers';
import { unitVector } from '../vector/conformance';

const EMB = 'test-emb-16';
const N = 30;

async function store(dir: string, withVectors: boolean): Promise<SqlJsMetadataStore> {
  const s = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: join(dir, 'm.db'), loadSqlJs: loadSqlJsNode });
  await s.open();
  for (let i = 0; i < N; i++) {
    const { pattern } = await s.record(recordOp(`sig-${i}`, { model: 'gpt-4o', candidate: { description: `mistake ${i}`, category: 'async' } }));
    if (withVectors) await s.putVector(pattern.id, EMB, unitVector(i, i + 1));
  }
  return s;
}

describe('Migrate Vectors (the command without its UI)', function () {
  let server: ChromaTestServer;
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'mm-vsmigrate-'));
    dirs.push(d);
    return d;
  };
  before(async function () {
    server = await requireChroma(this);
  });
  after(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('uses the CLI\'s checkpoint key, so either one resumes the other', () => {
    const key = migrationKey('chroma', { url: 'http://h:8000', tenant: 't', database: 'd', prefix: 'p_', collections: { mistakes: 'p_llm_mistakes', fixes: 'p_successful_fixes' }, token: 'set' }, 'emb');
    assert.equal(key, 'chroma|http://h:8000|t|d|p_|emb');
  });

  it('to Chroma: cancellable, resumes where it stopped, pushes the live backlog; back to embedded: fills the store and the live local index', async function () {
    this.timeout(60_000);
    const local = await store(tmp(), true);
    const chroma = chromaIndex(server);
    let flushes = 0;
    let syncs = 0;
    const loaded: VectorRecord[] = [];
    const live = {
      syncNow: async () => {
        syncs++;
        return true;
      },
      loadLocal: async (rs: readonly VectorRecord[]) => {
        loaded.push(...rs);
      },
    };
    const token = { isCancellationRequested: false };
    let batches = 0;
    const first = await runVectorMigration({
      direction: 'chroma',
      store: local,
      chroma,
      embedderId: EMB,
      live,
      flush: async () => {
        flushes++;
        if (++batches === 1) token.isCancellationRequested = true;
      },
      batchSize: 10,
      token,
    });
    assert.equal(first.cancelled, true);
    assert.equal(first.written, 10);
    assert.equal(syncs, 0, 'no backlog push after a cancelled run');
    assert.match(describeMigration('chroma', first, chroma.describe()), /resume at 10/);
    assert.equal(await chroma.count(), 10);

    token.isCancellationRequested = false;
    const second = await runVectorMigration({ direction: 'chroma', store: local, chroma, embedderId: EMB, live, flush: async () => void flushes++, batchSize: 10, token });
    assert.equal(second.cancelled, false);
    assert.equal(second.resumedFrom, 10);
    assert.equal(second.written, N - 10);
    assert.equal(await chroma.count(), N);
    assert.equal(syncs, 1);
    assert.ok(flushes >= 3);
    assert.match(describeMigration('chroma', second, chroma.describe()), new RegExp(`migrated ${N - 10} vector\\(s\\) to .*llm_mistakes.*resumed at 10`));

    // Another machine: the same patterns (same ids), no vectors yet.
    const other = await store(tmp(), false);
    assert.equal(other.loadVectors(EMB).length, 0);
    const back = await runVectorMigration({ direction: 'embedded', store: other, chroma, embedderId: EMB, live, flush: async () => undefined, batchSize: 8 });
    assert.equal(back.cancelled, false);
    assert.equal(back.written, N);
    assert.equal(other.loadVectors(EMB).length, N);
    assert.equal(loaded.length, N);
    const v = other.loadVectors(EMB).find((x) => x.patternId === 3);
    assert.ok(v);
    const want = unitVector(2, 3);
    // float16 or float32 storage: close to what was migrated
    assert.ok(Math.abs(v.vector[0] - want[0]) < 1e-2);
    await local.close();
    await other.close();
    await chroma.drop();
  });
});
