import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candidate } from '../../../src/core/types';
import { createEngine } from '../../../src/engine';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { cliEntry, isolatedEnv, repoRoot, runCliProcess, sharedDir, tempDir } from '../mcp/helpers';

/** VS Code agent hooks (Copilot agent mode) through the real CLI process, on a real store. */

async function withEngine<T>(db: string, f: (e: Awaited<ReturnType<typeof createEngine>>) => Promise<T>): Promise<T> {
  const engine = await createEngine({ fs: new NodeFileSystem(), storePath: db, loadSqlJs: loadSqlJsNode });
  try {
    return await f(engine);
  } finally {
    await engine.close();
  }
}

const patternsIn = (db: string) => (existsSync(db) ? withEngine(db, async (e) => e.listPatterns({ orderBy: 'id' })) : Promise.resolve([]));

const jsonl = (entries: unknown[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
/** A transcript in a format we do not know exactly: typed events with the text under data. */
const vsAssistant = (model: string, content: string) => ({ type: 'assistant.message', data: { content, model } });
const vsUser = (content: string) => ({ type: 'user.message', data: { content } });

const CORRECTION = 'No, that is wrong. You forgot to await the database call, the endpoint now returns a coroutine instead of the user.';
const PREVIOUS = 'I added get_user; it calls db.fetch_user(id) and returns the result.';

describe('hooks: VS Code agent hooks through the real CLI process', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let db: string;
  let env: Record<string, string>;
  let transcript: string;
  const jestOut = readFileSync(join(sharedDir, 'eval/tests/jest/asyncFailures.txt'), 'utf8');

  beforeEach(() => {
    tmp = tempDir('vscode-hook-');
    db = join(tmp.dir, 'store.db');
    env = isolatedEnv(tmp.dir);
    transcript = join(tmp.dir, 'transcript.jsonl');
    writeFileSync(transcript, jsonl([vsUser('Add an endpoint that returns the user'), vsAssistant('gpt-5', PREVIOUS)]));
  });
  afterEach(() => tmp.cleanup());

  // The documented common fields, camelCase as VS Code writes them.
  const common = (event: string) => ({ timestamp: '2026-12-06T04:00:00.000Z', cwd: '/home/u/project', sessionId: 'vs-1', hookEventName: event, transcript_path: transcript });
  const run = (event: string, payload: unknown) => runCliProcess(['hook', event, '--db', db], { input: typeof payload === 'string' ? payload : JSON.stringify(payload), env });

  async function seed(candidates: Candidate[]): Promise<void> {
    await withEngine(db, async (e) => {
      for (const c of candidates) assert.ok((await e.record(c)).stored);
      await e.flush();
    });
  }

  it('UserPromptSubmit with a correction records one pattern for the transcript model, channel copilot-agent', async () => {
    const r = await run('UserPromptSubmit', { ...common('UserPromptSubmit'), prompt: CORRECTION });
    assert.equal(r.code, 0, r.stderr);
    const patterns = await patternsIn(db);
    assert.equal(patterns.length, 1);
    const [p] = patterns;
    assert.equal(p.source, 'chat');
    assert.equal(p.modelName, 'gpt-5');
    assert.ok(p.contexts.includes('channel:copilot-agent'), p.contexts.join(','));
    const expected = JSON.stringify({ continue: true, systemMessage: `Mistake Memory recorded a lesson (#${p.id}): ${p.description}`.slice(0, 300) }) + '\n';
    assert.equal(r.stdout, expected);
  });

  it('UserPromptSubmit with an ordinary request records nothing and prints nothing', async () => {
    const r = await run('UserPromptSubmit', { ...common('UserPromptSubmit'), prompt: 'Add a /health endpoint that returns 200 and the build version.' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal((await patternsIn(db)).length, 0);
  });

  it('UserPromptSubmit survives a 5 MB transcript and a transcript that does not exist', async () => {
    const big = join(tmp.dir, 'big.jsonl');
    const filler = JSON.stringify(vsUser('x'.repeat(1000))) + '\n';
    writeFileSync(big, '{"partial": '.repeat(3) + filler.repeat(5 * 1024) + jsonl([vsAssistant('claude-sonnet-4.5', PREVIOUS)]));
    assert.ok(readFileSync(big).length > 5 * 1024 * 1024);
    const r1 = await run('UserPromptSubmit', { ...common('UserPromptSubmit'), transcript_path: big, prompt: CORRECTION });
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal((await patternsIn(db))[0]?.modelName, 'claude-sonnet-4.5');
    const r2 = await run('UserPromptSubmit', { ...common('UserPromptSubmit'), transcript_path: join(tmp.dir, 'nope', 'missing.jsonl'), prompt: 'No, that is wrong: never build SQL by string concatenation, use parameterized queries.' });
    assert.equal(r2.code, 0, r2.stderr);
    const after = await patternsIn(db);
    assert.equal(after.length, 2);
    assert.equal(after[1].modelName, 'unattributed');
  });

  it('PostToolUse on run_in_terminal learns from failing jest output (string and content-part responses)', async () => {
    const base = { ...common('PostToolUse'), tool_name: 'run_in_terminal', tool_input: { command: 'npm test', explanation: 'Run tests', isBackground: false }, tool_use_id: 'call_1' };
    const r = await run('PostToolUse', { ...base, tool_response: jestOut });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const first = await patternsIn(db);
    assert.ok(first.length >= 1, r.stderr);
    assert.ok(first.every((p) => p.source === 'test' && p.contexts.includes('channel:copilot-agent')));
    const r2 = await run('PostToolUse', { ...base, tool_response: [{ type: 'text', text: jestOut }] });
    assert.equal(r2.code, 0, r2.stderr);
    const second = await patternsIn(db);
    assert.equal(second.length, first.length);
    assert.ok(second.every((p, i) => p.frequency === first[i].frequency + 1));
  });

  it('tools it does not care about, malformed and missing fields: exit 0, no output, nothing stored', async () => {
    const cases: [string, unknown][] = [
      ['PostToolUse', { ...common('PostToolUse'), tool_name: 'read_file', tool_input: { filePath: '/x.ts' }, tool_response: jestOut }],
      ['PostToolUse', { ...common('PostToolUse'), tool_name: 'run_in_terminal', tool_input: { command: 'ls -la' }, tool_response: jestOut }],
      ['PreToolUse', { ...common('PreToolUse'), tool_name: 'read_file', tool_input: { filePath: '/x.ts' } }],
      ['PreToolUse', { ...common('PreToolUse'), tool_name: 'replace_string_in_file', tool_input: 'not an object' }],
      ['PreToolUse', { hookEventName: 'PreToolUse', tool_name: 42, tool_input: null }],
      ['UserPromptSubmit', { hookEventName: 'UserPromptSubmit', prompt: { text: CORRECTION } }],
      ['PreCompact', { ...common('PreCompact') }],
      ['SubagentStop', { ...common('SubagentStop') }],
      ['PreToolUse', '{"hookEventName": "PreToolUse", "tool_name": "create_fi'],
    ];
    for (const [event, payload] of cases) {
      const r = await run(event, payload);
      assert.equal(r.code, 0, `${event}: ${r.stderr}`);
      assert.equal(r.stdout, '', `${event} ${JSON.stringify(payload).slice(0, 80)}`);
    }
    assert.equal((await patternsIn(db)).length, 0);
  });

  it('SessionStart and SubagentStart print additionalContext holding a recorded pattern', async () => {
    await seed([{ description: 'Await database calls inside async endpoints', category: 'async', severity: 'major', source: 'chat', model: 'gpt-5', projectPath: '/home/u/project' }]);
    for (const event of ['SessionStart', 'SubagentStart']) {
      const r = await run(event, { ...common(event), source: 'new' });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(out), ['continue', 'hookSpecificOutput']);
      assert.equal(out.continue, true);
      assert.equal(out.hookSpecificOutput.hookEventName, event);
      assert.match(out.hookSpecificOutput.additionalContext, /Await database calls inside async endpoints/);
      assert.equal(r.stdout, JSON.stringify({ continue: true, hookSpecificOutput: { hookEventName: event, additionalContext: out.hookSpecificOutput.additionalContext } }) + '\n');
    }
  });

  it('SessionStart and PreToolUse leave out review-pending patterns and categories turned off', async () => {
    await seed([
      { description: 'Maybe prefer tabs over spaces in views.py', category: 'style', severity: 'minor', source: 'chat', language: 'python', filePath: 'views.py', reviewPending: true },
      { description: 'Escape user input in views.py templates', category: 'security', severity: 'critical', source: 'diagnostic', language: 'python', filePath: 'views.py' },
      { description: 'Name views.py handlers after their routes', category: 'lint', severity: 'major', source: 'diagnostic', language: 'python', filePath: 'views.py' },
    ]);
    await withEngine(db, async (e) => {
      await e.setEnabledCategories(['security', 'style']);
      await e.flush();
    });
    const session = await run('SessionStart', common('SessionStart'));
    const ctx: string = JSON.parse(session.stdout).hookSpecificOutput.additionalContext;
    assert.match(ctx, /Escape user input/);
    assert.doesNotMatch(ctx, /tabs over spaces/, 'pending review is never injected');
    assert.doesNotMatch(ctx, /Name views.py handlers/, 'lint is turned off');
    const edit = await run('PreToolUse', { ...common('PreToolUse'), tool_name: 'replace_string_in_file', tool_input: { filePath: '/home/u/project/app/views.py' } });
    const forFile: string = JSON.parse(edit.stdout).hookSpecificOutput.additionalContext;
    assert.match(forFile, /Escape user input/);
    assert.doesNotMatch(forFile, /tabs over spaces|Name views.py handlers/);
  });

  it('SessionStart keeps to --max-chars and prints nothing on an empty store', async () => {
    const empty = await run('SessionStart', common('SessionStart'));
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, '');
    await seed(
      Array.from({ length: 30 }, (_, i) => ({ description: `Lesson number ${i}: ${'validate the input before use '.repeat(4)}`, category: 'logic' as const, severity: 'major' as const, source: 'manual' as const })),
    );
    const r = await runCliProcess(['hook', 'SessionStart', '--db', db, '--max-chars', '600', '-k', '20'], { input: JSON.stringify(common('SessionStart')), env });
    const ctx: string = JSON.parse(r.stdout).hookSpecificOutput.additionalContext;
    assert.ok(ctx.length <= 600, `${ctx.length}`);
    assert.match(ctx, /Lesson number/);
  });

  it('PreToolUse on an edit returns the patterns for that file, nothing for an unrelated one (both harnesses)', async () => {
    await seed([
      { description: 'Use parameterized queries in users.ts instead of string concatenation', category: 'security', severity: 'critical', source: 'diagnostic', filePath: 'src/db/users.ts', language: 'typescript', ruleId: 'sql-injection' },
      { description: 'Close the file handle in the python loader', category: 'logic', severity: 'minor', source: 'test', filePath: 'loader.py', language: 'python' },
    ]);
    const vs = await run('PreToolUse', { ...common('PreToolUse'), tool_name: 'replace_string_in_file', tool_input: { filePath: '/home/u/project/src/db/users.ts', oldString: 'a', newString: 'b' }, tool_use_id: 't1' });
    assert.equal(vs.code, 0, vs.stderr);
    const out = JSON.parse(vs.stdout);
    assert.equal(out.continue, true);
    assert.equal(out.hookSpecificOutput.hookEventName, 'PreToolUse');
    assert.equal(out.hookSpecificOutput.permissionDecision, undefined, 'never decides permissions');
    assert.match(out.hookSpecificOutput.additionalContext, /parameterized queries/);
    assert.doesNotMatch(out.hookSpecificOutput.additionalContext, /python loader/);

    const patch = { ...common('PreToolUse'), tool_name: 'apply_patch', tool_input: { input: '*** Begin Patch\n*** Update File: /home/u/project/tools/loader.py\n@@\n-a\n+b\n*** End Patch' } };
    assert.match(JSON.parse((await run('PreToolUse', patch)).stdout).hookSpecificOutput.additionalContext, /python loader/);

    const claude = { session_id: 's', hook_event_name: 'PreToolUse', cwd: '/p', transcript_path: transcript, tool_name: 'Edit', tool_input: { file_path: '/p/src/db/users.ts', old_string: 'a', new_string: 'b' } };
    const c = await run('PreToolUse', claude);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(Object.keys(JSON.parse(c.stdout)), ['hookSpecificOutput']);

    const unrelated = await run('PreToolUse', { ...common('PreToolUse'), tool_name: 'create_file', tool_input: { filePath: '/home/u/project/NOTES.md', content: '# notes' } });
    assert.equal(unrelated.code, 0);
    assert.equal(unrelated.stdout, '');
  });

  it('with tracking off nothing is recorded and nothing is injected', async () => {
    await seed([{ description: 'Await database calls inside async endpoints', category: 'async', severity: 'major', source: 'chat' }]);
    await withEngine(db, (e) => e.setTrackingEnabled(false));
    const s = await run('SessionStart', common('SessionStart'));
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.stdout, '');
    const u = await run('UserPromptSubmit', { ...common('UserPromptSubmit'), prompt: CORRECTION });
    assert.equal(u.code, 0, u.stderr);
    assert.equal(u.stdout, '');
    assert.equal((await patternsIn(db)).length, 1);
  });
});

describe('hooks: mistakes hook install --target vscode', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('vscode-install-')));
  afterEach(() => tmp.cleanup());

  it('writes .github/hooks/mistake-memory.json whose commands run under sh with spaces in paths; uninstall removes exactly it', async () => {
    const ws = join(tmp.dir, 'my workspace');
    const db = join(tmp.dir, 'data dir', "user's store.db");
    mkdirSync(ws);
    const env = isolatedEnv(tmp.dir);
    const prefix = `'${process.execPath}' --import tsx '${cliEntry}'`;
    const inst = await runCliProcess(['hook', 'install', '--target', 'vscode', '--workspace', ws, '--db', db, '--command', prefix, '--json'], { env });
    assert.equal(inst.code, 0, inst.stderr);
    const file = join(ws, '.github', 'hooks', 'mistake-memory.json');
    assert.equal(JSON.parse(inst.stdout).file, file);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(written.hooks), ['SessionStart', 'SubagentStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse']);
    const session = written.hooks.SessionStart[0];
    assert.equal(session.type, 'command');
    assert.equal(session.command, `${prefix} hook SessionStart --db '${db.replace(/'/g, `'\\''`)}'`);

    const correction = { timestamp: 't', cwd: ws, sessionId: 's', hookEventName: 'UserPromptSubmit', transcript_path: join(ws, 'none.jsonl'), prompt: CORRECTION };
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('sh', ['-c', written.hooks.UserPromptSubmit[0].command], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(JSON.stringify(correction));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).continue, true);
    assert.equal((await patternsIn(db)).length, 1);

    const status = await runCliProcess(['hook', 'status', '--target', 'vscode', '--workspace', ws, '--json'], { env });
    assert.equal(JSON.parse(status.stdout).installed, true);
    const un = await runCliProcess(['hook', 'uninstall', '--target', 'vscode', '--workspace', ws], { env });
    assert.equal(un.code, 0, un.stderr);
    assert.ok(!existsSync(file));
    assert.ok(existsSync(join(ws, '.github', 'hooks')), 'only the file goes');
  });

  it('leaves a hooks file with foreign commands alone', async () => {
    const file = join(tmp.dir, '.github', 'hooks', 'mistake-memory.json');
    mkdirSync(join(tmp.dir, '.github', 'hooks'), { recursive: true });
    const foreign = JSON.stringify({ hooks: { Stop: [{ type: 'command', command: 'notify-send done' }] } });
    writeFileSync(file, foreign);
    const env = isolatedEnv(tmp.dir);
    const un = await runCliProcess(['hook', 'uninstall', '--target', 'vscode', '--workspace', tmp.dir], { env });
    assert.notEqual(un.code, 0);
    assert.match(un.stderr, /not mistake-memory hooks/);
    const inst = await runCliProcess(['hook', 'install', '--target', 'vscode', '--workspace', tmp.dir], { env });
    assert.notEqual(inst.code, 0);
    assert.equal(readFileSync(file, 'utf8'), foreign);
  });
});
