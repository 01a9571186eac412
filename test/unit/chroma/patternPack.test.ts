import { strict as assert } from 'node:assert';
import type { Candidate } from '../../../src/core/types';
import { exportPack, importPack, PACK_FORMAT, PackFormatError, parsePack, reviewPack, stripPaths } from '../../../src/engine/patternPack';
import { openTestEngine, type TestEngine } from '../engine/helpers';

function cand(over: Partial<Candidate>): Candidate {
  return { description: 'Await database calls inside async endpoints', category: 'async', severity: 'major', source: 'test', ...over };
}

describe('pattern packs', () => {
  const engines: TestEngine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.dispose();
  });
  async function engine(): Promise<TestEngine> {
    const e = await openTestEngine();
    engines.push(e);
    return e;
  }

  it('exports frequent patterns without personal paths, and another store imports them with counts and models', async () => {
    const alice = await engine();
    const sqlLesson = cand({
      description: 'Use parameterized queries instead of string formatting',
      category: 'security',
      severity: 'critical',
      errorType: 'SQLInjection',
      errorMessage: 'Possible SQL injection in /srv/projects/acme-billing/app/db/queries.py',
      codeSnippet: 'cur.execute(f"SELECT * FROM t WHERE id={id}")',
      fixDescription: 'cur.execute("SELECT * FROM t WHERE id=%s", (id,))',
      ruleId: 'python.sqlalchemy.security.sqli',
      filePath: '/srv/projects/acme-billing/app/db/queries.py',
      projectPath: '/srv/projects/acme-billing',
    });
    for (let i = 0; i < 3; i++) await alice.engine.record({ ...sqlLesson, model: i < 2 ? 'gpt-4o' : 'claude-sonnet-4' });
    for (let i = 0; i < 2; i++) await alice.engine.record(cand({ model: 'gpt-4o', errorType: 'RuntimeWarning', errorMessage: 'coroutine was never awaited', filePath: 'C:\\Users\\alice\\proj\\api.py' }));
    await alice.engine.record(cand({ description: 'Seen once only', category: 'logic', errorType: 'AssertionError', errorMessage: 'x != y', model: 'o3' }));

    const pack = exportPack(alice.engine, { minFrequency: 2, name: 'team lessons', now: Date.UTC(2026, 0, 1) });
    assert.equal(pack.format, PACK_FORMAT);
    assert.equal(pack.patterns.length, 2, 'the one-off pattern is below --min-frequency');
    const sql = pack.patterns.find((p) => p.category === 'security')!;
    assert.equal(sql.frequency, 3);
    assert.deepEqual(sql.models, { 'gpt-4o': 2, 'claude-sonnet-4': 1 });
    const text = JSON.stringify(pack);
    assert.ok(!text.includes('/srv/projects'), 'no absolute paths');
    assert.ok(!text.includes('acme-billing'), 'no project names from paths');
    assert.ok(!text.includes('alice'), 'no user names');
    assert.ok(!/"occurrences"|"projectPath"|"filePath"|"id":/.test(text), 'no occurrences, paths or local ids');
    assert.match(sql.errorMessage!, /queries\.py/, 'base names stay: they help the lesson');
    assert.match(reviewPack(pack), /2 pattern\(s\), 5 occurrence\(s\)/);

    const bob = await engine();
    await bob.engine.record({ ...sqlLesson, filePath: 'queries.py', projectPath: undefined, errorMessage: 'Possible SQL injection in /home/bob/x/queries.py', model: 'o3' });
    const before = bob.engine.listPatterns();
    assert.equal(before.length, 1);
    const ledger = new Set<string>();
    const led = { has: (id: string) => ledger.has(id), add: (id: string) => void ledger.add(id) };
    const result = await importPack(bob.engine, JSON.stringify(pack), { ledger: led });
    assert.equal(result.imported, 1);
    assert.equal(result.merged, 1, 'deduplicated by signature');
    const after = bob.engine.listPatterns({ orderBy: 'frequency' });
    assert.equal(after.length, 2);
    const merged = after.find((p) => p.category === 'security')!;
    assert.equal(merged.id, before[0].id);
    assert.equal(merged.frequency, 1 + 3, 'frequencies add up');
    const asyncP = after.find((p) => p.category === 'async')!;
    assert.equal(asyncP.frequency, 2);
    assert.equal(asyncP.modelName, 'gpt-4o', 'model attribution is kept');
    assert.equal(asyncP.fixDescription, pack.patterns.find((p) => p.category === 'async')!.fixDescription);

    const again = await importPack(bob.engine, JSON.stringify(pack), { ledger: led });
    assert.equal(again.alreadyImported, true);
    assert.equal(bob.engine.listPatterns().find((p) => p.category === 'security')!.frequency, 4, 'a second import of the same pack changes nothing');
  });

  it('exports by ids and categories', async () => {
    const e = await engine();
    const a = await e.engine.record(cand({ description: 'A lesson', category: 'type', errorType: 'TypeError', errorMessage: 'a' }));
    await e.engine.record(cand({ description: 'B lesson', category: 'import', errorType: 'ImportError', errorMessage: 'b' }));
    assert.ok(a.stored);
    assert.deepEqual(exportPack(e.engine, { ids: [a.pattern.id] }).patterns.map((p) => p.description), ['A lesson']);
    assert.deepEqual(exportPack(e.engine, { categories: ['import'] }).patterns.map((p) => p.description), ['B lesson']);
  });

  it('refuses files that are not packs', () => {
    assert.throws(() => parsePack('{"format":"mistake-memory","version":1,"patterns":[]}'), PackFormatError);
    assert.throws(() => parsePack('{"format":"mistake-memory-pack","version":2,"patterns":[]}'), /version/);
    assert.throws(() => parsePack('{"format":"mistake-memory-pack","version":1,"patterns":[{"description":"x","errorSignature":"s","category":"nope","frequency":1}]}'), /category/);
    assert.throws(() => parsePack('not json'), /JSON/);
    assert.equal(parsePack('{"format":"mistake-memory-pack","version":1,"patterns":[]}').patterns.length, 0);
  });

  it('strips absolute paths to base names, leaving URLs and plain text', () => {
    assert.equal(stripPaths('at /home/bob/work/app/main.py line 3'), 'at main.py line 3');
    assert.equal(stripPaths('in C:\\Users\\bob\\src\\x.ts'), 'in x.ts');
    assert.equal(stripPaths('see https://docs.python.org/3/library/asyncio.html'), 'see https://docs.python.org/3/library/asyncio.html');
    assert.equal(stripPaths('a / b and ./rel/path.js'), 'a / b and ./rel/path.js');
  });
});
