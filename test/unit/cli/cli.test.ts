import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

function cli(args: string[], opts: { input?: string; cwd?: string; entry?: string[] } = {}) {
  const entry = opts.entry ?? ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
  const r = spawnSync(process.execPath, [...entry, ...args], {
    cwd: opts.cwd ?? root,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, MISTAKES_HOME: join(tmp, 'home'), MISTAKES_MODEL_DIR: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let tmp: string;

describe('mistakes CLI', function () {
  this.timeout(60_000);
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mm-cli-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('records, searches and injects through --db', () => {
    const db = join(tmp, 'a.db');
    const rec = cli(['record', '--db', db, '--json', JSON.stringify({ description: 'Await database calls in async endpoints', category: 'async', errorType: 'RuntimeWarning', model: 'gpt-4o' })]);
    assert.equal(rec.code, 0, rec.err);
    assert.equal(JSON.parse(rec.out).stored, true);
    const s = cli(['search', 'async endpoint database await', '--db', db, '--json', '-k', '3']);
    assert.equal(s.code, 0, s.err);
    const res = JSON.parse(s.out);
    assert.equal(res.mode, 'lexical-only');
    assert.match(res.results[0].description, /Await database/);
    const inj = cli(['inject', 'write an async endpoint reading from the database', '--db', db, '--model', 'gpt-4o']);
    assert.match(inj.out, /^CRITICAL: Avoid these common mistakes:/);
  });

  it('answers search --batch with one line per query, using external ids', () => {
    const db = join(tmp, 'b.db');
    const docs = join(tmp, 'docs.jsonl');
    const queries = join(tmp, 'q.jsonl');
    writeFileSync(docs, ['{"id":"d1","text":"Mutable default argument values are shared between calls"}', '{"id":"d2","text":"SQL built by string formatting allows injection"}'].join('\n'));
    writeFileSync(queries, ['{"qid":"q1","query":"a list used as a default parameter keeps state across calls"}', '{"qid":"q2","query":"user input formatted into an SQL string"}'].join('\n'));
    assert.equal(cli(['import', docs, '--db', db]).code, 0);
    const r = cli(['search', '--batch', queries, '--json', '-k', '10', '--db', db]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.qid), ['q1', 'q2']);
    assert.equal(lines[0].results[0].id, 'd1');
    assert.equal(lines[1].results[0].id, 'd2');
    assert.equal(typeof lines[0].results[0].score, 'number');
  });

  it('reports user mistakes in one line with a non-zero exit and no stack trace', () => {
    const cases: Array<[string[], number]> = [
      [['nope'], 2],
      [['record', '--db', join(tmp, 'c.db'), '--json', '{bad'], 1],
      [['record', '--db', join(tmp, 'c.db'), '--json', '{"description":"x","category":"nonsense"}'], 1],
      [['import', join(tmp, 'missing.jsonl'), '--db', join(tmp, 'c.db')], 1],
      [['search', 'x', '--frobnicate', '--db', join(tmp, 'c.db')], 2],
      [['search', 'x', '-k', 'many', '--db', join(tmp, 'c.db')], 2],
      [['parse-tests', join(tmp, 'missing.txt'), '--json'], 1],
    ];
    for (const [args, code] of cases) {
      const r = cli(args);
      assert.equal(r.code, code, `${args.join(' ')} → ${r.code}: ${r.err}`);
      assert.doesNotMatch(r.err, /\n\s+at /, `stack trace for ${args.join(' ')}`);
      assert.ok(r.err.trim().length > 0);
    }
  });

  it('the bundled CLI runs on its own, without node_modules (as shipped in the .vsix)', function () {
    const bundle = join(root, 'dist/cli.js');
    if (!existsSync(bundle) || !existsSync(join(root, 'dist/sql-wasm.js'))) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'mm-cli-bundle-'));
    try {
      for (const f of ['cli.js', 'sql-wasm.js', 'sql-wasm.wasm']) copyFileSync(join(root, 'dist', f), join(dir, f));
      const db = join(dir, 'x.db');
      const rec = cli(['record', '--db', db, '--json', '{"description":"Close files with a context manager","category":"logic"}'], { entry: [join(dir, 'cli.js')], cwd: dir });
      assert.equal(rec.code, 0, rec.err);
      const s = cli(['search', 'close the file handle', '--db', db, '--json'], { entry: [join(dir, 'cli.js')], cwd: dir });
      assert.equal(s.code, 0, s.err);
      assert.match(JSON.parse(s.out).results[0].description, /context manager/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
