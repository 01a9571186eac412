import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UNATTRIBUTED_MODEL } from '../../../src/core/types';
import { createEngine } from '../../../src/engine';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';
import { candidate, DAY, HashingEmbedder, openTestEngine, type TestEngine } from './helpers';

describe('MistakeEngine', () => {
  let t: TestEngine;
  afterEach(async () => t?.dispose());

  describe('record', () => {
    it('collapses repeats of one mistake into one pattern and counts occurrences', async () => {
      t = await openTestEngine();
      const a = await t.engine.record(candidate({ filePath: 'src/api/users.py', line: 10 }));
      const b = await t.engine.record(candidate({ filePath: 'src/api/orders.py', line: 42, model: 'claude-sonnet-4' }));
      assert.ok(a.stored && b.stored);
      assert.equal(a.pattern.id, b.pattern.id);
      assert.equal(b.created, false);
      assert.equal(b.pattern.frequency, 2);
      assert.equal(b.pattern.testFailures, 2);
      const occ = t.engine.listOccurrences(a.pattern.id);
      assert.equal(occ.length, 2);
      assert.deepEqual(occ.map((o) => o.model).sort(), ['claude-sonnet-4', 'gpt-4o']);
    });

    it('keeps different mistakes apart', async () => {
      t = await openTestEngine();
      const a = await t.engine.record(candidate());
      const b = await t.engine.record(candidate({ description: 'Import modules that exist', category: 'import', errorType: 'ModuleNotFoundError', errorMessage: "No module named 'requests'" }));
      assert.ok(a.stored && b.stored);
      assert.notEqual(a.pattern.id, b.pattern.id);
      assert.equal(t.engine.countPatterns(), 2);
    });

    it('scrubs secrets before anything is stored', async () => {
      t = await openTestEngine();
      const key = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
      const token = ['ghp_', 'a'.repeat(10), 'B'.repeat(10), '0123456789abcdef'].join('');
      const out = await t.engine.record(
        candidate({ codeSnippet: `aws_key = "${key}"\nclient = Github("${token}")`, errorMessage: `auth failed for postgres://admin:hunter2secret@db.internal:5432/app` }),
      );
      assert.ok(out.stored);
      const json = JSON.stringify(await t.engine.exportJson());
      assert.ok(!json.includes(key), 'AWS key leaked');
      assert.ok(!json.includes(token), 'GitHub token leaked');
      assert.ok(!json.includes('hunter2secret'), 'password leaked');
      assert.match(json, /REDACTED/);
    });

    it('attributes candidates without a model to "unattributed"', async () => {
      t = await openTestEngine();
      const out = await t.engine.record(candidate({ model: undefined }));
      assert.ok(out.stored);
      assert.equal(out.pattern.modelName, UNATTRIBUTED_MODEL);
    });

    it('respects the opt-out and the category switches, across reopen', async () => {
      t = await openTestEngine();
      await t.engine.setTrackingEnabled(false);
      assert.deepEqual(await t.engine.record(candidate()), { stored: false, reason: 'tracking-off' });
      const e = await t.reopen();
      assert.equal(e.trackingEnabled, false);
      await e.setTrackingEnabled(true);
      await e.setEnabledCategories(['security']);
      assert.deepEqual(await e.record(candidate()), { stored: false, reason: 'category-off' });
      assert.equal((await e.record(candidate({ category: 'security', description: 'Use parameterized SQL' }))).stored, true);
      assert.equal(e.countPatterns(), 1);
    });

    it('evolves a pattern: fix description by 5 occurrences, always-inject and a severity upgrade at 15', async () => {
      t = await openTestEngine();
      let last;
      for (let i = 0; i < 15; i++) {
        last = await t.engine.record(candidate({ severity: 'minor', filePath: `f${i}.py` }));
        if (i === 4) {
          assert.ok(last.stored && last.pattern.fixDescription, 'fix description by the 5th occurrence');
          assert.equal(last.pattern.alwaysInject, false);
        }
      }
      assert.ok(last?.stored);
      assert.equal(last.pattern.frequency, 15);
      assert.equal(last.pattern.alwaysInject, true);
      assert.equal(last.pattern.severity, 'major');
      assert.ok(last.pattern.contexts.length >= 5);
    });
  });

  describe('retrieve', () => {
    async function seed(t: TestEngine) {
      await t.engine.record(candidate());
      await t.engine.record(candidate({ description: 'Use parameterized queries instead of f-strings in SQL', category: 'security', errorType: 'python.lang.security.sql-injection', ruleId: 'python.django.security.injection.sql.sql-injection-using-db-cursor-execute', errorMessage: 'SQL injection via string formatting', model: 'claude-sonnet-4', source: 'diagnostic' }));
      await t.engine.record(candidate({ description: 'Check list bounds before indexing', category: 'logic', errorType: 'IndexError', errorMessage: 'list index out of range', model: 'gpt-4o' }));
    }

    it('finds the relevant pattern lexically when no model is available', async () => {
      t = await openTestEngine();
      await seed(t);
      const r = await t.engine.retrieve('build the SQL query for the user search with cursor.execute', { k: 3 });
      assert.equal(r.mode, 'lexical-only');
      assert.match(r.patterns[0].pattern.description, /parameterized/);
      assert.ok(r.patterns[0].score > 0 && r.patterns[0].score <= 1);
    });

    it('prefers the answering model and excludes archived patterns and other categories', async () => {
      t = await openTestEngine();
      const gpt = await t.engine.record(candidate({ description: 'Close files with a context manager', category: 'logic', errorType: 'ResourceWarning', errorMessage: 'unclosed file', model: 'gpt-4o' }));
      const claude = await t.engine.record(candidate({ description: 'Close files with a with statement', category: 'logic', errorType: 'ResourceWarning', errorMessage: 'unclosed file handle', model: 'claude-sonnet-4' }));
      assert.ok(gpt.stored && claude.stored);
      const forClaude = await t.engine.retrieve('close the file after reading', { model: 'claude-sonnet-4', k: 2 });
      assert.equal(forClaude.patterns[0].pattern.id, claude.pattern.id);
      const forGpt = await t.engine.retrieve('close the file after reading', { model: 'gpt-4o', k: 2 });
      assert.equal(forGpt.patterns[0].pattern.id, gpt.pattern.id);

      await t.engine.updatePattern(claude.pattern.id, { archived: true });
      const after = await t.engine.retrieve('close the file after reading', { model: 'claude-sonnet-4', k: 5 });
      assert.ok(!after.patterns.some((s) => s.pattern.id === claude.pattern.id));
      const otherCategory = await t.engine.retrieve('close the file after reading', { categories: ['security'] });
      assert.equal(otherCategory.patterns.length, 0);
    });

    it('puts always-inject patterns first', async () => {
      t = await openTestEngine();
      await seed(t);
      const idx = t.engine.listPatterns().find((p) => p.category === 'logic')!;
      await t.engine.updatePattern(idx.id, { alwaysInject: true });
      const r = await t.engine.retrieve('build the SQL query with cursor.execute', { k: 3 });
      assert.equal(r.patterns[0].pattern.id, idx.id);
    });

    it('runs hybrid with an embedder, persists vectors and reloads them', async () => {
      const embedder = new HashingEmbedder();
      t = await openTestEngine({ embedder, config: { minSimilarity: 0.1 } });
      await seed(t);
      const r = await t.engine.retrieve('never awaited coroutine in async endpoint database', { k: 3 });
      assert.equal(r.mode, 'hybrid');
      assert.equal(t.engine.retrievalMode, 'hybrid');
      assert.match(r.patterns[0].pattern.description, /Await/);
      assert.ok(r.patterns[0].similarity !== undefined && r.patterns[0].similarity > 0.1);
      const e = await t.reopen();
      const callsBefore = embedder.calls;
      const again = await e.retrieve('never awaited coroutine in async endpoint database', { k: 3 });
      assert.equal(again.mode, 'hybrid');
      // Only the query was embedded: stored vectors were loaded, not recomputed.
      assert.equal(embedder.calls - callsBefore, 1);
      assert.match(again.patterns[0].pattern.description, /Await/);
    });

    it('falls back to lexical-only when the embedder fails to load', async () => {
      t = await openTestEngine();
      await t.engine.record(candidate());
      await t.engine.flush();
      const e = await createEngine({ fs: new NodeFileSystem(), storePath: t.dbPath, loadSqlJs: loadSqlJsNode, clock: t.clock, embedder: async () => { throw new Error('model files missing'); } });
      try {
        const r = await e.retrieve('async endpoint database await');
        assert.equal(r.mode, 'lexical-only');
        assert.equal(r.patterns.length, 1);
      } finally {
        await e.close();
      }
    });
  });

  it('builds the injection block within its budget', async () => {
    t = await openTestEngine();
    await t.engine.record(candidate({ codeSnippet: 'user = db.fetch_user(id)' }));
    const { patterns } = await t.engine.retrieve('async endpoint that loads a user from the database');
    const inj = t.engine.buildInjection(patterns, { maxChars: 600 });
    assert.match(inj.text, /^CRITICAL: Avoid these common mistakes:/);
    assert.match(inj.text, /Seen: 1 time \| Model: gpt-4o/);
    assert.match(inj.text, /Bad: +user = db\.fetch_user\(id\)/);
    assert.ok(inj.text.length <= 600);
    assert.deepEqual(inj.included, [patterns[0].pattern.id]);
  });

  describe('effectiveness', () => {
    it('counts a recurrence within the window against the injection, and silence after it as a success', async () => {
      t = await openTestEngine({ config: { effectivenessWindowMs: 7 * DAY } });
      const a = await t.engine.record(candidate());
      const b = await t.engine.record(candidate({ description: 'Check list bounds before indexing', category: 'logic', errorType: 'IndexError', errorMessage: 'list index out of range' }));
      assert.ok(a.stored && b.stored);
      await t.engine.noteInjection('req-1', [a.pattern.id, b.pattern.id], 'gpt-4o');
      t.clock.advance(DAY);
      await t.engine.record(candidate()); // a recurs despite the injection
      t.clock.advance(8 * DAY);
      const rows = t.engine.effectiveness();
      const ra = rows.find((r) => r.patternId === a.pattern.id)!;
      const rb = rows.find((r) => r.patternId === b.pattern.id)!;
      assert.equal(ra.recurred, 1);
      assert.equal(ra.successRate, 0);
      assert.equal(rb.successes, 1);
      assert.equal(rb.successRate, 1);
      const stats = await t.engine.stats();
      assert.equal(stats.effectivenessByModel['gpt-4o'].successRate, 0.5);
    });
  });

  describe('export, import, clear', () => {
    it('round-trips an export into another store, keeping frequencies, and dedupes on re-import', async () => {
      t = await openTestEngine();
      for (let i = 0; i < 3; i++) await t.engine.record(candidate());
      await t.engine.record(candidate({ description: 'Check list bounds before indexing', category: 'logic', errorType: 'IndexError', errorMessage: 'list index out of range', model: 'claude-sonnet-4' }));
      const bundle = await t.engine.exportJson();
      assert.equal(bundle.format, 'mistake-memory');
      assert.equal(bundle.patterns.length, 2);

      const other = await openTestEngine();
      try {
        const r1 = await other.engine.importData(JSON.stringify(bundle));
        assert.deepEqual([r1.imported, r1.merged], [2, 0]);
        const p = other.engine.listPatterns({ orderBy: 'frequency', descending: true });
        assert.equal(p[0].frequency, 3);
        assert.equal(p[1].modelName, 'claude-sonnet-4');
        const r2 = await other.engine.importData(JSON.stringify(bundle));
        assert.deepEqual([r2.imported, r2.merged], [0, 2]);
        assert.equal(other.engine.countPatterns(), 2);
      } finally {
        await other.dispose();
      }
    });

    it('imports JSONL with external ids and reports bad lines', async () => {
      t = await openTestEngine();
      const r = await t.engine.importData(['{"id":"ext-1","text":"Do not use mutable default arguments"}', 'not json', '{"id":"ext-2","text":"Use parameterized SQL queries"}'].join('\n'));
      assert.equal(r.imported, 2);
      assert.equal(r.errors.length, 1);
      const hit = await t.engine.retrieve('mutable default argument in a function');
      assert.equal(hit.patterns[0].pattern.externalId, 'ext-1');
    });

    it('writes a fine-tuning JSONL for patterns with a fix', async () => {
      t = await openTestEngine();
      await t.engine.record(candidate({ fixDescription: 'Use await db.fetch_user(id)' }));
      await t.engine.record(candidate({ description: 'Check list bounds', category: 'logic', errorType: 'IndexError', errorMessage: 'out of range' }));
      const lines = (await t.engine.exportFineTuning()).trim().split('\n');
      assert.equal(lines.length, 1);
      const ex = JSON.parse(lines[0]);
      assert.deepEqual(ex.messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant']);
      assert.match(ex.messages[2].content, /await db\.fetch_user/);
    });

    it('clear really removes everything, including backups, and survives reopen', async () => {
      t = await openTestEngine({ embedder: new HashingEmbedder() });
      for (let i = 0; i < 3; i++) await t.engine.record(candidate({ filePath: `f${i}.py` }));
      await t.engine.flush();
      await t.engine.clear();
      await t.engine.flush();
      assert.equal(t.engine.countPatterns(), 0);
      assert.equal(t.engine.listOccurrences().length, 0);
      const leftovers = readdirSync(dirname(t.dbPath)).filter((f) => f !== 'mistakes.db');
      assert.deepEqual(leftovers, []);
      const e = await t.reopen();
      assert.equal(e.countPatterns(), 0);
      assert.equal((await e.retrieve('await database')).patterns.length, 0);
      assert.ok(existsSync(t.dbPath));
    });
  });

  describe('several writers', () => {
    it('sees what another engine on the same file recorded, after a merge renumbers nothing away', async () => {
      t = await openTestEngine({ embedder: new HashingEmbedder(), config: { minSimilarity: 0.1 } });
      const other = await createEngine({ fs: new NodeFileSystem(), storePath: t.dbPath, loadSqlJs: loadSqlJsNode, clock: t.clock, embedder: async () => new HashingEmbedder(), config: { minSimilarity: 0.1 } });
      try {
        await t.engine.record(candidate());
        await other.record(candidate({ description: 'Escape HTML before rendering user input', category: 'security', errorType: 'xss', errorMessage: 'innerHTML with user data' }));
        await t.engine.flush();
        await other.flush();
        await t.engine.refresh();
        const r = await t.engine.retrieve('escape html user input innerHTML', { k: 2 });
        assert.match(r.patterns[0].pattern.description, /Escape HTML/);
        assert.equal(t.engine.countPatterns(), 2);
        const mine = await t.engine.retrieve('never awaited coroutine database', { k: 1 });
        assert.match(mine.patterns[0].pattern.description, /Await/);
      } finally {
        await other.close();
      }
    });

    it('saves on its own after autoFlushMs', async () => {
      t = await openTestEngine({ config: { autoFlushMs: 20 } });
      await t.engine.record(candidate());
      // Poll: the debounced flush runs on its own timer (no explicit flush() anywhere here).
      let seen = 0;
      for (let i = 0; i < 100 && seen === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        if (!existsSync(t.dbPath)) continue;
        const fresh = await createEngine({ fs: new NodeFileSystem(), storePath: t.dbPath, loadSqlJs: loadSqlJsNode, clock: t.clock });
        seen = fresh.countPatterns();
        await fresh.close();
      }
      assert.equal(seen, 1);
    });

    it('saves a burst of captures once, within autoFlushMs of the first, while a second engine reads them', async () => {
      t = await openTestEngine({ config: { autoFlushMs: 30 } });
      const reader = await createEngine({ fs: new NodeFileSystem(), storePath: t.dbPath, loadSqlJs: loadSqlJsNode, clock: t.clock });
      try {
        await t.engine.record(candidate());
        await t.engine.record(candidate({ description: 'Check list bounds', category: 'logic', errorType: 'IndexError', errorMessage: 'out of range' }));
        let seen = 0;
        for (let i = 0; i < 100 && seen < 2; i++) {
          await new Promise((r) => setTimeout(r, 30));
          await reader.refresh();
          seen = reader.countPatterns();
        }
        assert.equal(seen, 2);
      } finally {
        await reader.close();
      }
    });

    it('with embedOnRecord false, records without a vector; the next engine with a model embeds it', async () => {
      t = await openTestEngine({ embedder: new HashingEmbedder(), config: { embedOnRecord: false, minSimilarity: 0.1 } });
      await t.engine.record(candidate());
      await t.engine.flush();
      const vectors = async () => {
        // The store as another process sees it: the database and its operation log.
        const store = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: t.dbPath, loadSqlJs: loadSqlJsNode, checkpointOnClose: false });
        await store.open();
        try {
          return store.loadVectors(new HashingEmbedder().id).length;
        } finally {
          await store.close();
        }
      };
      await t.engine.close();
      assert.equal(await vectors(), 0, 'no vector was computed at capture');
      const later = await createEngine({ fs: new NodeFileSystem(), storePath: t.dbPath, loadSqlJs: loadSqlJsNode, clock: t.clock, embedder: async () => new HashingEmbedder(), config: { minSimilarity: 0.1 } });
      try {
        const hits = await later.retrieve('await database calls in async endpoints', { k: 1 });
        assert.equal(hits.patterns.length, 1);
        await later.flush();
        assert.equal(await vectors(), 1, 'the next engine with a model filled it in');
      } finally {
        await later.close();
      }
    });

    it('folds the operation log into the database after idleCompactMs without writes', async () => {
      t = await openTestEngine({ config: { autoFlushMs: 10, idleCompactMs: 40 } });
      await t.engine.record(candidate()); // creates the file
      await t.engine.flush();
      await t.engine.record(candidate({ description: 'Check list bounds', category: 'logic', errorType: 'IndexError', errorMessage: 'out of range' }));
      const log = `${t.dbPath}.oplog`;
      let logged = false;
      let folded = false;
      for (let i = 0; i < 200 && !folded; i++) {
        await new Promise((r) => setTimeout(r, 10));
        const size = existsSync(log) ? statSync(log).size : 0;
        if (size > 0) logged = true;
        else if (logged) folded = true;
      }
      assert.ok(logged, 'the second capture was appended to the log');
      assert.ok(folded, 'the log was folded in while idle');
      const fresh = await createEngine({ fs: new NodeFileSystem(), storePath: t.dbPath, loadSqlJs: loadSqlJsNode, clock: t.clock });
      try {
        assert.equal(fresh.countPatterns(), 2);
      } finally {
        await fresh.close();
      }
    });
  });

  it('archives patterns unseen for six months when the store opens, and brings them back when they recur', async () => {
    t = await openTestEngine();
    const old = await t.engine.record(candidate());
    const fresh = await t.engine.record(candidate({ description: 'Check list bounds', category: 'logic', errorType: 'IndexError', errorMessage: 'out of range' }));
    assert.ok(old.stored && fresh.stored);
    t.clock.advance(120 * DAY);
    await t.engine.record(candidate({ description: 'Check list bounds', category: 'logic', errorType: 'IndexError', errorMessage: 'out of range' }));
    t.clock.advance(70 * DAY);
    const e = await t.reopen();
    assert.equal(e.getPattern(old.pattern.id)?.archived, true);
    assert.equal(e.getPattern(fresh.pattern.id)?.archived, false);
    assert.equal((await e.retrieve('await database calls in async endpoints')).patterns.some((s) => s.pattern.id === old.pattern.id), false);
    const again = await e.record(candidate());
    assert.ok(again.stored);
    assert.equal(again.pattern.archived, false);
  });
});
