import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliIO, type Command, globalOptions } from '../../../src/cli/command';
import { chromaCommand } from '../../../src/cli/commands/chroma';
import { importCommand } from '../../../src/cli/commands/import';
import { packCommand } from '../../../src/cli/commands/pack';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';
import type { ChromaTestServer } from '../../chroma-server/server';
import { recordOp } from '../store/helpers';
import { unitVector } from '../vector/conformance';
import { sharedChromaServer, uniquePrefix } from './helpers';

/** Runs a command the way src/cli/main.ts does (same option parsing), capturing its output. */
async function run(command: Command, args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
    stdinLines: async function* () {},
    env: { MISTAKES_HOME: join(tmpdir(), 'mm-cli-home-unused'), ...env },
    cwd: process.cwd(),
  };
  const parsed = parseArgs({ args, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
  const code = await command.run({ positionals: parsed.positionals, values: parsed.values, io });
  return { code, stdout, stderr };
}

describe('CLI: mistakes chroma and mistakes pack', function () {
  let server: ChromaTestServer | undefined;
  let skipReason: string | undefined;
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'mm-cli-chroma-'));
    dirs.push(d);
    return d;
  };
  before(async function () {
    this.timeout(10 * 60_000);
    const s = await sharedChromaServer();
    if (typeof s === 'string') skipReason = s;
    else server = s;
  });
  after(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function seededDb(n: number): Promise<string> {
    const db = join(tmp(), 'm.db');
    const store = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: db, loadSqlJs: loadSqlJsNode });
    await store.open();
    for (let i = 0; i < n; i++) {
      const { pattern } = await store.record(recordOp(`sig-${i}`, { candidate: { description: `lesson ${i}` } }));
      await store.putVector(pattern.id, 'emb-x', unitVector(i, i + 1));
    }
    await store.close();
    return db;
  }

  it('status, migrate both ways and sync; the token is never printed', async function () {
    if (!server) {
      console.log(`      (skipped: no Chroma server: ${skipReason})`);
      this.skip();
    }
    this.timeout(60_000);
    const db = await seededDb(12);
    const prefix = uniquePrefix('cli');
    const flags = ['--db', db, '--chroma-url', server!.url, '--chroma-prefix', prefix, '--embedder-id', 'emb-x'];
    const env = { MISTAKES_CHROMA_TOKEN: 'sekrit-token-42' };

    const up = await run(chromaCommand, ['migrate', '--to', 'chroma', '--batch-size', '5', ...flags], env);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /Migrated 12 vector\(s\)/);
    assert.match(up.stderr, /100%/, 'progress is shown');

    const st = await run(chromaCommand, ['status', '--json', ...flags], env);
    assert.equal(st.code, 0, st.stderr);
    const status = JSON.parse(st.stdout) as { reachable: boolean; vectors: number; connection: { token: string }; localPatterns: number };
    assert.equal(status.reachable, true);
    assert.equal(status.vectors, 12);
    assert.equal(status.localPatterns, 12);
    assert.equal(status.connection.token, 'set');
    const human = await run(chromaCommand, ['status', ...flags, '--chroma-token', 'sekrit-token-42']);
    assert.ok(!(st.stdout + st.stderr + human.stdout + human.stderr).includes('sekrit'), 'the token never appears');
    assert.match(human.stdout, /12 vector\(s\)/);

    // Another store with the same patterns and no vectors pulls them from Chroma.
    const db2 = await seededDb(0);
    const store2 = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: db2, loadSqlJs: loadSqlJsNode });
    await store2.open();
    for (let i = 0; i < 12; i++) await store2.record(recordOp(`sig-${i}`, { candidate: { description: `lesson ${i}` } }));
    await store2.close();
    const down = await run(chromaCommand, ['migrate', '--to', 'embedded', ...flags.slice(2), '--db', db2], env);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /Migrated 12 vector\(s\)/);
    const check = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: db2, loadSqlJs: loadSqlJsNode });
    await check.open();
    assert.equal(check.loadVectors('emb-x').length, 12);
    await check.close();

    const sync = await run(chromaCommand, ['sync', '--json', ...flags], env);
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal((JSON.parse(sync.stdout) as { state: string }).state, 'connected');
  });

  it('status against a server that is down exits 1 with the reason', async () => {
    const db = await seededDb(1);
    const r = await run(chromaCommand, ['status', '--db', db, '--chroma-url', 'http://127.0.0.1:9', '--chroma-prefix', 'x_']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /unreachable/);
  });

  it('refuses a missing URL and a bad --to', async () => {
    await assert.rejects(run(chromaCommand, ['status']), /chroma-url/);
    await assert.rejects(run(chromaCommand, ['migrate', '--to', 'cloud', '--chroma-url', 'http://127.0.0.1:9']), /--to/);
  });

  it('pack export then import into another store, once', async function () {
    this.timeout(30_000);
    const a = join(tmp(), 'a.db');
    const b = join(tmp(), 'b.db');
    const lesson = join(tmp(), 'lessons.jsonl');
    writeFileSync(
      lesson,
      [
        { description: 'Await async calls', category: 'async', severity: 'major', frequency: 6, modelName: 'gpt-4o', errorType: 'RuntimeWarning', errorMessage: 'never awaited' },
        { description: 'Close files', category: 'logic', severity: 'minor', frequency: 1, modelName: 'o3', errorType: 'ResourceWarning', errorMessage: 'unclosed file' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    // Seed store A through the existing import path (no embeddings needed).
    assert.equal((await run(importCommand, [lesson, '--db', a, '--no-embeddings'])).code, 0);
    const packFile = join(tmp(), 'team.pack.json');
    const ex = await run(packCommand, ['export', '--db', a, '--min-frequency', '2', '--out', packFile, '--name', 'team']);
    assert.equal(ex.code, 0, ex.stderr);
    assert.match(ex.stdout, /1 pattern\(s\), 6 occurrence\(s\)/);
    const pack = JSON.parse(readFileSync(packFile, 'utf8')) as { format: string; patterns: Array<{ description: string; frequency: number }> };
    assert.equal(pack.format, 'mistake-memory-pack');
    assert.deepEqual(pack.patterns.map((p) => [p.description, p.frequency]), [['Await async calls', 6]]);

    const im = await run(packCommand, ['import', packFile, '--db', b, '--no-embeddings', '--json']);
    assert.equal(im.code, 0, im.stderr);
    assert.equal((JSON.parse(im.stdout) as { imported: number }).imported, 1);
    const again = await run(packCommand, ['import', packFile, '--db', b, '--no-embeddings']);
    assert.match(again.stdout, /imported before; nothing changed/);
    const bad = join(tmp(), 'bad.json');
    writeFileSync(bad, '{"format":"other"}');
    await assert.rejects(run(packCommand, ['import', bad, '--db', b, '--no-embeddings']), /not a pattern pack/);
  });
});
