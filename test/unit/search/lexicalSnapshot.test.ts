import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LexicalFields, LexicalIndex } from '../../../src/search/lexical';
import { decodeLexicalSnapshot, encodeLexicalSnapshot, snapshotOf, textHash } from '../../../src/search/lexicalSnapshot';

/** A few documents written here, and the dev half's retrieval corpus (real CWE and rule texts) when present. */
function documents(): Array<[string, LexicalFields]> {
  const docs: Array<[string, LexicalFields]> = [
    ['1', { description: 'Await database calls inside async endpoints', errorType: 'RuntimeWarning', message: 'coroutine was never awaited', contexts: ['api.py'] }],
    ['2', { description: 'Use parameterized queries, never string concatenation', ruleId: 'python.lang.security.audit.formatted-sql-query CWE-89', fix: 'cursor.execute(sql, params)' }],
    ['3', { description: 'Escape HTML before rendering user input', errorType: 'XSS', message: 'innerHTML with user data', contexts: ['view.ts'] }],
    ['4', { description: 'Close file handles with a context manager', errorType: 'ResourceWarning', message: 'unclosed file' }],
    ['5', { description: 'Check list bounds before indexing', errorType: 'IndexError', message: 'list index out of range', contexts: ['test_parse.py'] }],
  ];
  try {
    const shared = process.env.SHARED_DIR ?? join(__dirname, '../../../../shared');
    const lines = readFileSync(join(shared, 'eval/retrieval/docs.jsonl'), 'utf8').split('\n').filter(Boolean);
    for (const line of lines) {
      const d = JSON.parse(line) as { id?: unknown; text?: unknown };
      if (typeof d.id === 'string' && typeof d.text === 'string') docs.push([d.id, { description: d.text }]);
    }
  } catch {
    // the written documents are enough to exercise the format
  }
  return docs;
}

const QUERIES = ['await the database call', 'sql injection string concatenation', 'html escape user input', 'file handle not closed', 'index out of range', 'CWE-89'];

function build(docs: ReadonlyArray<[string, LexicalFields]>): LexicalIndex {
  const index = new LexicalIndex();
  for (const [id, f] of docs) index.add(id, f);
  return index;
}

function assertSameSearches(a: LexicalIndex, b: LexicalIndex): void {
  for (const q of QUERIES) {
    const x = a.search(q, 10);
    const y = b.search(q, 10);
    assert.deepEqual(y.map((h) => h.id), x.map((h) => h.id), q);
    x.forEach((h, i) => assert.ok(Math.abs(h.score - y[i].score) < 1e-9, `${q}: ${h.score} vs ${y[i].score}`));
  }
}

describe('keyword index snapshot', () => {
  it('round-trips an index: the loaded one answers every query as the original', () => {
    const docs = documents();
    const original = build(docs);
    original.remove('4'); // a tombstone is dropped from the snapshot
    const hashes = new Map(docs.map(([id, f]) => [id, textHash([f.description, f.errorType])]));
    const decoded = decodeLexicalSnapshot(snapshotOf(original, hashes));
    assert.ok(decoded);
    assert.equal(decoded.state.docIds.includes('4'), false);
    assert.equal(decoded.hashes.get('1'), hashes.get('1'));
    const loaded = LexicalIndex.fromState(decoded.state);
    assert.equal(loaded.size, original.size);
    assertSameSearches(original, loaded);
    // And it stays a working index: add and remove after loading.
    loaded.add('9', { description: 'Pin the lock file version', errorType: 'npm ERR' });
    original.add('9', { description: 'Pin the lock file version', errorType: 'npm ERR' });
    loaded.remove('2');
    original.remove('2');
    assertSameSearches(original, loaded);
  });

  it('a loaded index removes first, compacts and exports again without touching the snapshot it was loaded from', () => {
    const docs = documents();
    const original = build(docs);
    const decoded = decodeLexicalSnapshot(snapshotOf(original, new Map()));
    assert.ok(decoded);
    const before = { docs: decoded.state.docs.slice(), packed: decoded.state.packed.slice() };
    const loaded = LexicalIndex.fromState(decoded.state);
    // A removal before any addition (the per-document terms are built on demand).
    for (const index of [original, loaded]) index.remove('1');
    assertSameSearches(original, loaded);
    // Remove most documents, add one, and export (export compacts the tombstones away).
    const gone = docs.slice(2, Math.max(3, docs.length - 2)).map(([id]) => id);
    for (const index of [original, loaded]) {
      for (const id of gone) index.remove(id);
      index.add('new', { description: 'Escape shell arguments before running a command', errorType: 'CommandInjection' });
    }
    assertSameSearches(original, loaded);
    const again = LexicalIndex.fromState(loaded.exportState());
    assert.equal(again.size, original.size);
    assertSameSearches(original, again);
    assert.deepEqual(decoded.state.docs, before.docs, 'the loaded postings were copied before they changed');
    assert.deepEqual(decoded.state.packed, before.packed);
  });

  it('rejects what it did not write: damaged, truncated, foreign or inconsistent bytes', () => {
    const index = build(documents());
    const good = snapshotOf(index, new Map());
    assert.ok(decodeLexicalSnapshot(good));
    const flipped = good.slice();
    flipped[20] ^= 0xff; // inside the JSON header
    const badState = { ...index.exportState() };
    const outOfRange = encodeLexicalSnapshot({ ...badState, docs: badState.docs.map(() => badState.docIds.length) }, new Map());
    const cases: Array<[string, Uint8Array | undefined]> = [
      ['missing', undefined],
      ['empty', new Uint8Array(0)],
      ['truncated', good.subarray(0, good.length - 9)],
      ['header damaged', flipped],
      ['not a snapshot', new TextEncoder().encode('{"terms": []}')],
      ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)],
      ['postings naming documents that do not exist', outOfRange],
    ];
    for (const [name, bytes] of cases) assert.equal(decodeLexicalSnapshot(bytes), undefined, name);
  });

  it('hashes every field and where fields end', () => {
    assert.notEqual(textHash(['ab', 'c']), textHash(['a', 'bc']));
    assert.notEqual(textHash(['Await the call']), textHash(['Await the calls']));
    assert.equal(textHash(['x', undefined]), textHash(['x', '']));
    assert.ok(Number.isSafeInteger(textHash(['a long text '.repeat(100)])));
  });
});
