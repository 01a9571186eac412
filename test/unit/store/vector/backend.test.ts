import * as assert from 'node:assert/strict';
import { ChromaConfigError, ChromaVectorIndex } from '../../../../src/store/vector/chromaIndex';
import { EmbeddedVectorIndex } from '../../../../src/store/vector/embeddedIndex';
import { type BacklogStore, createChromaIndex, createVectorBackend } from '../../../../src/store/vector/backend';
import { ResilientVectorIndex } from '../../../../src/store/vector/resilientIndex';

const memoryStore = (): BacklogStore => {
  const meta = new Map<string, string>();
  return {
    getMeta: (k) => meta.get(k),
    setMeta: async (k, v) => void (v === undefined ? meta.delete(k) : meta.set(k, v)),
    loadVectors: () => [],
    getPattern: () => undefined,
  };
};

describe('createVectorBackend', () => {
  it('embedded: a new embedded index', () => {
    const b = createVectorBackend({ kind: 'embedded' });
    assert.equal(b.kind, 'embedded');
    assert.ok(b.index instanceof EmbeddedVectorIndex);
  });

  it('chroma: the resilient index over a Chroma primary; empty settings mean the server defaults', () => {
    const b = createVectorBackend({
      kind: 'chroma',
      connection: { url: 'https://chroma.example', tenant: '', database: 'db1', prefix: '', token: 'secret' },
      store: memoryStore(),
      autoRetry: false,
    });
    assert.ok(b.index instanceof ResilientVectorIndex);
    assert.ok(b.primary instanceof ChromaVectorIndex);
    assert.equal(b.index.primaryIndex, b.primary);
    const d = b.primary.describe();
    assert.deepEqual(
      { url: d.url, tenant: d.tenant, database: d.database, prefix: d.prefix, token: d.token },
      { url: 'https://chroma.example:443', tenant: 'default_tenant', database: 'db1', prefix: '', token: 'set' },
    );
    b.index.dispose();
  });

  it('an invalid setting throws ChromaConfigError', () => {
    assert.throws(() => createChromaIndex({ url: 'ftp://x' }), ChromaConfigError);
    assert.throws(() => createVectorBackend({ kind: 'chroma', connection: { url: 'http://h', prefix: 'bad prefix' }, store: memoryStore(), autoRetry: false }), ChromaConfigError);
  });

  it('an empty token sends none', () => {
    assert.equal(createChromaIndex({ url: 'http://h:8000', token: '' }).describe().token, 'none');
  });
});
