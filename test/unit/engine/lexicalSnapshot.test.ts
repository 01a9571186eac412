import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createEngine, type MistakeEngine } from '../../../src/engine';
import { decodeLexicalSnapshot } from '../../../src/search/lexicalSnapshot';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { candidate, openTestEngine, type TestEngine } from './helpers';

/**
 * The keyword index file beside the store (`<store>.lexical`): a process starts from it, and it is
 * only a cache: whatever it says, retrieval answers as from a fresh build.
 */
describe('MistakeEngine keyword index snapshot', () => {
  let t: TestEngine;
  const opened: MistakeEngine[] = [];
  afterEach(async () => {
    for (const e of opened.splice(0)) await e.close().catch(() => undefined);
    await t?.dispose();
  });

  const open = async (): Promise<MistakeEngine> => {
    const e = await createEngine({ fs: new NodeFileSystem(), storePath: t.dbPath, loadSqlJs: loadSqlJsNode, clock: t.clock });
    opened.push(e);
    return e;
  };
  const snapshotPath = () => `${t.dbPath}.lexical`;
  const QUERIES = ['await the database call', 'escape html user input', 'list index out of range', 'close the file', 'parameterized sql query'];
  const answers = async (e: MistakeEngine) => {
    const out: Array<Array<[number, string]>> = [];
    for (const q of QUERIES) out.push((await e.retrieve(q, { k: 5 })).patterns.map((s) => [s.pattern.id, s.score.toFixed(9)]));
    return out;
  };

  async function seed(): Promise<void> {
    t = await openTestEngine();
    await t.engine.record(candidate());
    await t.engine.record(candidate({ description: 'Escape HTML before rendering user input', category: 'security', errorType: 'XSS', errorMessage: 'innerHTML with user data' }));
    await t.engine.record(candidate({ description: 'Check list bounds before indexing', category: 'logic', errorType: 'IndexError', errorMessage: 'list index out of range' }));
    await t.engine.flush();
  }

  it('is written at the first retrieval, and a later process loading it answers as a fresh build', async () => {
    await seed();
    assert.equal(existsSync(snapshotPath()), false);
    const first = await answers(t.engine);
    assert.ok(existsSync(snapshotPath()), 'the snapshot was written');
    const mtime = statSync(snapshotPath()).mtimeMs;
    const later = await open();
    assert.deepEqual(await answers(later), first);
    assert.equal(statSync(snapshotPath()).mtimeMs, mtime, 'an up-to-date snapshot is not rewritten');
  });

  it('a snapshot behind the store (patterns added, changed and deleted since) answers as a fresh build and is brought up to date', async () => {
    await seed();
    await answers(t.engine); // writes the snapshot of three patterns
    const [awaitP, , boundsP] = t.engine.listPatterns({ orderBy: 'id' });
    await t.engine.record(candidate({ description: 'Use parameterized SQL queries', category: 'security', errorType: 'SQLInjection', errorMessage: 'string concatenation in query' }));
    await t.engine.updatePattern(awaitP.id, { description: 'Close the file handle after reading' });
    await t.engine.deletePattern(boundsP.id);
    await t.engine.flush();
    // A stale snapshot from the first state is what the next process finds.
    const stale = await open();
    const got = await answers(stale);
    const ids = got.flat().map(([id]) => id);
    assert.equal(ids.includes(boundsP.id), false, 'a deleted pattern is not found');
    assert.ok(got[4].length > 0, 'the new pattern is found');
    assert.equal(got[3][0]?.[0], awaitP.id, 'the changed text is searched, not the old one');
    // The same answers as a process that never saw a snapshot.
    await stale.close();
    writeFileSync(snapshotPath(), 'not a snapshot');
    const fresh = await open();
    assert.deepEqual(await answers(fresh), got);
  });

  it('a damaged snapshot is ignored and replaced; clearing the store deletes it', async () => {
    await seed();
    writeFileSync(snapshotPath(), new Uint8Array(5000).fill(7));
    const e = await open();
    const got = await answers(e);
    assert.ok(got[0].length > 0);
    assert.equal(decodeLexicalSnapshot(new Uint8Array(readFileSync(snapshotPath())))?.state.docIds.length, 3, 'replaced by a sound one');
    await e.clear();
    assert.equal(existsSync(snapshotPath()), false, 'no copy of the cleared patterns stays behind');
  });

  it('a process that deletes a pattern before its first search still finds the others', async () => {
    await seed();
    const [awaitP] = t.engine.listPatterns({ orderBy: 'id' });
    const e = await open(); // nothing indexed in this process yet
    await e.deletePattern(awaitP.id);
    const got = await answers(e);
    assert.ok(got[1].length > 0, 'the HTML pattern is still found');
    assert.equal(got.flat().some(([id]) => id === awaitP.id), false, 'the deleted one is not');
  });
});
