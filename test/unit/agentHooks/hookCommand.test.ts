import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliIO, globalOptions } from '../../../src/cli/command';
import { shellQuote } from '../../../src/agentHooks/settings';
import { hookCommand } from '../../../src/cli/commands/hook';
import { createEngine } from '../../../src/engine';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';
import { cliEntry, isolatedEnv, repoRoot, runCliProcess, sharedDir, tempDir } from '../mcp/helpers';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mistakes hook ...` in-process the way main.ts does, with `stdin` as standard input. */
async function hook(argv: string[], stdin: string, env: Record<string, string>, cwd = repoRoot, spawnDetached?: CliIO['spawnDetached']): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    spawnDetached,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => stdin,
    stdinLines: async function* () {
      yield* stdin.split('\n');
    },
    env,
    cwd,
  };
  const parsed = parseArgs({ args: argv, options: { ...globalOptions, ...hookCommand.options }, allowPositionals: true, strict: true });
  const code = await hookCommand.run({ positionals: parsed.positionals, values: parsed.values, io });
  return { code, stdout, stderr };
}

async function patternsIn(db: string) {
  const engine = await createEngine({ fs: new NodeFileSystem(), storePath: db, loadSqlJs: loadSqlJsNode });
  try {
    return engine.listPatterns({ orderBy: 'id' });
  } finally {
    await engine.close();
  }
}

/** A store of 81 patterns whose log is about 200 KB (past the default 128 KiB checkpoint), written by a process that never checkpoints. */
async function writeLogPastCheckpoint(db: string): Promise<void> {
  const writer = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: db, loadSqlJs: loadSqlJsNode, checkpointOnClose: false, checkpointBytes: 64 * 1024 * 1024 });
  await writer.open();
  await writer.record({ signature: 'first', candidate: { description: 'first', category: 'logic', severity: 'minor', source: 'manual' }, model: 'm', timestamp: Date.now(), contexts: [] });
  await writer.flush(); // creates the file
  for (let i = 0; i < 80; i++) {
    await writer.record({ signature: `big-${i}`, candidate: { description: `A long lesson ${i} `.repeat(120), category: 'logic', severity: 'minor', source: 'manual' }, model: 'm', timestamp: Date.now() + i, contexts: [] });
  }
  await writer.close();
}

const jsonl = (entries: unknown[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
const assistant = (model: string, text: string) => ({ type: 'assistant', message: { role: 'assistant', model, content: [{ type: 'text', text }] } });
const user = (text: string) => ({ type: 'user', message: { role: 'user', content: text } });

describe('hooks: mistakes hook <event> (real payloads, real test outputs, real store)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let db: string;
  let env: Record<string, string>;
  let transcript: string;
  const pytestOut = readFileSync(join(sharedDir, 'eval/tests/pytest/fixtures_smtp_module.txt'), 'utf8');
  const jestOut = readFileSync(join(sharedDir, 'eval/tests/jest/asyncFailures.txt'), 'utf8');

  beforeEach(() => {
    tmp = tempDir('hook-test-');
    db = join(tmp.dir, 'store.db');
    env = isolatedEnv(tmp.dir);
    transcript = join(tmp.dir, 'session.jsonl');
    writeFileSync(transcript, jsonl([user('Fix the smtp tests'), assistant('claude-sonnet-4-5-20250929', 'Running the tests now.')]));
  });
  afterEach(() => tmp.cleanup());

  const common = () => ({ session_id: 'sess-1', transcript_path: transcript, cwd: '/home/u/project', permission_mode: 'default' });

  it('PostToolUse on a pytest run records each failure for the session model', async () => {
    const payload = {
      ...common(),
      hook_event_name: 'PostToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'python -m pytest -q test_module.py', description: 'Run tests' },
      tool_response: { stdout: pytestOut, stderr: '', interrupted: false, isImage: false },
      tool_use_id: 'toolu_01',
    };
    const r = await hook(['PostToolUse', '--db', db], JSON.stringify(payload), env);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /recorded 2 of 2 pytest failure/);
    const patterns = await patternsIn(db);
    assert.equal(patterns.length, 2);
    assert.ok(patterns.every((p) => p.modelName === 'claude-sonnet-4-5-20250929'));
    assert.ok(patterns.every((p) => p.source === 'test' && p.testFailures === 1));
    assert.ok(patterns.some((p) => p.contexts.some((c) => c.includes('test_ehlo'))));
  });

  it('PostToolUseFailure takes the output from the transcript when the error is short, with the --model fallback', async () => {
    writeFileSync(
      transcript,
      jsonl([
        user('Make the async tests pass'),
        { type: 'assistant', message: { role: 'assistant', model: '<synthetic>', content: [{ type: 'tool_use', id: 'toolu_9', name: 'Bash', input: { command: 'npx jest' } }] } },
        { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: `Exit code 1\n${jestOut}`, is_error: true }] } },
      ]),
    );
    const payload = {
      ...common(),
      hook_event_name: 'PostToolUseFailure',
      tool_name: 'Bash',
      tool_input: { command: 'npx jest __tests__/asyncFailures.test.js' },
      tool_use_id: 'toolu_9',
      error: 'Command exited with non-zero status code 1',
      is_interrupt: false,
    };
    const r = await hook(['PostToolUseFailure', '--db', db, '--model', 'claude-opus-4-1'], JSON.stringify(payload), env);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /jest failure/);
    const patterns = await patternsIn(db);
    assert.ok(patterns.length >= 4, `${patterns.length} patterns`);
    // No real model in the transcript: the fallback names it.
    assert.ok(patterns.every((p) => p.modelName === 'claude-opus-4-1'));
  });

  it('ignores commands that are not test runs without opening the store', async () => {
    const payload = { ...common(), hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'cat test_module.py' }, tool_response: { stdout: pytestOut, stderr: '' } };
    const r = await hook(['PostToolUse', '--db', db], JSON.stringify(payload), env);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /not a test command/);
    assert.equal(existsSync(db), false);
  });

  it('UserPromptSubmit adds the relevant patterns as additionalContext', async () => {
    const failing = { ...common(), hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'pytest' }, tool_response: { stdout: pytestOut, stderr: '' } };
    await hook(['PostToolUse', '--db', db], JSON.stringify(failing), env);
    const prompt = { ...common(), hook_event_name: 'UserPromptSubmit', prompt: 'The smtp ehlo test is failing again, fix the smtp connection fixture' };
    const r = await hook(['UserPromptSubmit', '--db', db], JSON.stringify(prompt), env);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout);
    assert.equal(out.hookSpecificOutput.hookEventName, 'UserPromptSubmit');
    assert.match(out.hookSpecificOutput.additionalContext, /CRITICAL: Avoid these common mistakes/);
    // Both recorded smtp failures, with the model that made them.
    assert.equal(out.hookSpecificOutput.additionalContext.match(/Seen: \d+ time/g)?.length, 2);
    assert.match(out.hookSpecificOutput.additionalContext, /Model: claude-sonnet-4-5-20250929/);
  });

  it('UserPromptSubmit prints nothing when nothing is relevant', async () => {
    const r = await hook(['UserPromptSubmit', '--db', db], JSON.stringify({ ...common(), hook_event_name: 'UserPromptSubmit', prompt: 'Rename the README title' }), env);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });

  it('Stop records a correction in the last user message, attributed to the corrected reply', async () => {
    writeFileSync(
      transcript,
      jsonl([
        user('Add an endpoint that returns the user'),
        assistant('claude-sonnet-4-5-20250929', 'I added get_user; it calls db.fetch_user(id) and returns the result.'),
        user('No, that is wrong. You forgot to await the database call, the endpoint now returns a coroutine instead of the user.'),
        assistant('claude-sonnet-4-5-20250929', 'You are right, fixed.'),
      ]),
    );
    const r = await hook(['Stop', '--db', db], JSON.stringify({ ...common(), hook_event_name: 'Stop', stop_hook_active: false }), env);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    const patterns = await patternsIn(db);
    assert.equal(patterns.length, 1);
    assert.equal(patterns[0].source, 'chat');
    assert.equal(patterns[0].category, 'async');
    assert.equal(patterns[0].modelName, 'claude-sonnet-4-5-20250929');
    assert.match(patterns[0].description, /await the database call/);
  });

  it('Stop records nothing for a message that is not a correction', async () => {
    writeFileSync(transcript, jsonl([user('Thanks, looks great!'), assistant('claude-sonnet-4-5', 'Glad to help.')]));
    const r = await hook(['Stop', '--db', db], JSON.stringify({ ...common(), hook_event_name: 'Stop' }), env);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /not a correction/);
    assert.equal(existsSync(db), false);
  });

  it('exits 0 on garbage input, a missing transcript, and unknown events', async () => {
    for (const input of ['', 'not json', '[]']) {
      const r = await hook(['UserPromptSubmit', '--db', db], input, env);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
    }
    const missing = await hook(['Stop', '--db', db], JSON.stringify({ hook_event_name: 'Stop', transcript_path: join(tmp.dir, 'nope.jsonl') }), env);
    assert.equal(missing.code, 0);
    const unknown = await hook(['Notification', '--db', db], '{}', env);
    assert.equal(unknown.code, 0);
    assert.match(unknown.stderr, /not handled/);
  });

  it('a store it cannot open is a note, not a failure', async () => {
    const notADir = join(tmp.dir, 'file');
    writeFileSync(notADir, 'x');
    const payload = { ...common(), hook_event_name: 'UserPromptSubmit', prompt: 'write the smtp fixture' };
    const r = await hook(['UserPromptSubmit', '--db', join(notADir, 'store.db')], JSON.stringify(payload), env);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /skipped/);
  });

  it('as a real process: only the JSON on stdout, exit 0', async () => {
    const failing = { ...common(), hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'pytest' }, tool_response: { stdout: pytestOut, stderr: '' } };
    const rec = await runCliProcess(['hook', 'PostToolUse', '--db', db], { input: JSON.stringify(failing), env });
    assert.equal(rec.code, 0, rec.stderr);
    const r = await runCliProcess(['hook', 'UserPromptSubmit', '--db', db], { input: JSON.stringify({ ...common(), hook_event_name: 'UserPromptSubmit', prompt: 'fix the smtp ehlo test' }), env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).hookSpecificOutput.additionalContext, /Model: claude-sonnet-4-5-20250929/);
  });

  it('as a real process: a log past its checkpoint size is folded by a background compact, not while the agent waits', async () => {
    await writeLogPastCheckpoint(db);
    const log = `${db}.oplog`;
    assert.ok(statSync(log).size > 128 * 1024, 'the log is past the checkpoint size');
    const dbBefore = statSync(db).mtimeMs;

    const failing = { ...common(), hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'pytest' }, tool_response: { stdout: pytestOut, stderr: '' } };
    const rec = await runCliProcess(['hook', 'PostToolUse', '--db', db], { input: JSON.stringify(failing), env });
    assert.equal(rec.code, 0, rec.stderr);
    let folded = false;
    for (let i = 0; i < 200 && !folded; i++) {
      folded = !existsSync(log) && statSync(db).mtimeMs !== dbBefore && !existsSync(`${db}.compacting`);
      if (!folded) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(folded, 'a background mistakes compact folded the log into the file and removed its marker');
    const reader = await createEngine({ fs: new NodeFileSystem(), storePath: db, loadSqlJs: loadSqlJsNode });
    try {
      assert.ok(reader.countPatterns() > 81, 'nothing was lost: the 81 logged patterns and the hook\'s failures');
    } finally {
      await reader.close();
    }
  });

  it('hooks that fire back to back while a checkpoint is due start one background compaction, not one each', async () => {
    await writeLogPastCheckpoint(db);
    const spawned: string[][] = [];
    const spawn = (args: readonly string[]) => void spawned.push([...args]);
    const failing = { ...common(), hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'pytest' }, tool_response: { stdout: pytestOut, stderr: '' } };
    for (let i = 0; i < 3; i++) assert.equal((await hook(['PostToolUse', '--db', db], JSON.stringify(failing), env, repoRoot, spawn)).code, 0);
    assert.deepEqual(spawned, [['compact', '--db', db]], 'one compaction for three hooks');
    assert.ok(existsSync(`${db}.compacting`), 'the marker says a compaction is under way');
  });

  it('mistakes compact folds the log and says how much', async () => {
    const writer = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path: db, loadSqlJs: loadSqlJsNode, checkpointOnClose: false });
    await writer.open();
    await writer.record({ signature: 'a', candidate: { description: 'a', category: 'logic', severity: 'minor', source: 'manual' }, model: 'm', timestamp: Date.now(), contexts: [] });
    await writer.flush();
    await writer.record({ signature: 'b', candidate: { description: 'b', category: 'logic', severity: 'minor', source: 'manual' }, model: 'm', timestamp: Date.now(), contexts: [] });
    await writer.close();
    const r = await runCliProcess(['compact', '--db', db, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { logBytesBefore: number; logBytesAfter: number };
    assert.ok(out.logBytesBefore > 0);
    assert.equal(out.logBytesAfter, 0);
    assert.equal(existsSync(`${db}.oplog`), false);
  });

  it('as a real process: gives up at the deadline with exit 0 when stdin never ends', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'hook', 'UserPromptSubmit', '--db', db, '--timeout-ms', '300'], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      // Never close stdin: the hook must not wait for it forever.
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /gave up after 300 ms/);
  });
});

describe('hooks: mistakes hook install / uninstall', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('hook-install-')));
  afterEach(() => tmp.cleanup());

  const original =
    JSON.stringify(
      {
        permissions: { allow: ['Bash(npm test)'] },
        hooks: {
          PostToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'npx prettier --write "$CLAUDE_FILE_PATHS"' }] }],
          Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }],
        },
      },
      null,
      2,
    ) + '\n';

  it('round-trips a project settings file that holds other hooks', async () => {
    const dir = join(tmp.dir, '.claude');
    const file = join(dir, 'settings.json');
    mkdirSync(dir);
    writeFileSync(file, original);
    const env = isolatedEnv(tmp.dir);
    const inst = await hook(['install', '--scope', 'project', '--db', 'store.db', '--command', 'mistakes'], '', env, tmp.dir);
    assert.equal(inst.code, 0);
    assert.match(inst.stdout, /Installed hooks/);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(written.hooks.Stop.length, 2);
    assert.equal(written.hooks.Stop[1].hooks[0].command, `mistakes hook Stop --db ${join(tmp.dir, 'store.db')} # mistake-memory`);
    assert.equal(written.hooks.PostToolUseFailure[0].matcher, 'Bash');

    const again = await hook(['install', '--db', 'store.db', '--command', 'mistakes'], '', env, tmp.dir);
    assert.match(again.stdout, /already installed/);
    const status = await hook(['status', '--json'], '', env, tmp.dir);
    assert.equal(JSON.parse(status.stdout).hooks.length, 4);

    const un = await hook(['uninstall'], '', env, tmp.dir);
    assert.equal(un.code, 0);
    assert.match(un.stdout, /Removed 4 hook/);
    assert.equal(readFileSync(file, 'utf8'), original);
  });

  it('writes the user settings under HOME and an explicit --settings file', async () => {
    const env = isolatedEnv(tmp.dir);
    await hook(['install', '--scope', 'user', '--command', 'mistakes'], '', env, tmp.dir);
    const userFile = join(tmp.dir, '.claude', 'settings.json');
    assert.equal(JSON.parse(readFileSync(userFile, 'utf8')).hooks.UserPromptSubmit[0].hooks[0].command, 'mistakes hook UserPromptSubmit # mistake-memory');
    const explicit = join(tmp.dir, 'custom.json');
    await hook(['install', '--settings', explicit, '--command', 'mistakes'], '', env, tmp.dir);
    assert.ok(existsSync(explicit));
    await hook(['uninstall', '--settings', explicit], '', env, tmp.dir);
    assert.deepEqual(JSON.parse(readFileSync(explicit, 'utf8')), {});
  });

  it('writes commands that really run under sh, marker comment included', async () => {
    const env = isolatedEnv(tmp.dir);
    const db = join(tmp.dir, 'store.db');
    const prefix = `${shellQuote(process.execPath)} --import tsx ${shellQuote(cliEntry)}`;
    await hook(['install', '--command', prefix, '--db', db], '', env, tmp.dir);
    const settings = JSON.parse(readFileSync(join(tmp.dir, '.claude', 'settings.json'), 'utf8'));
    const command: string = settings.hooks.PostToolUse[0].hooks[0].command;
    const pytestOut = readFileSync(join(sharedDir, 'eval/tests/pytest/fixtures_smtp_module.txt'), 'utf8');
    const payload = { session_id: 's', transcript_path: join(tmp.dir, 'none.jsonl'), cwd: tmp.dir, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'pytest' }, tool_response: { stdout: pytestOut, stderr: '' } };
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('sh', ['-c', command], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('close', (code) => resolve({ code, stderr }));
      child.stdin.end(JSON.stringify(payload));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /recorded 2 of 2 pytest failure/);
    assert.ok(existsSync(db));
  });

  it('refuses to touch an invalid settings file', async () => {
    const file = join(tmp.dir, 'broken.json');
    writeFileSync(file, '{"hooks": {');
    await assert.rejects(hook(['install', '--settings', file], '', isolatedEnv(tmp.dir), tmp.dir), /not valid JSON/);
    assert.equal(readFileSync(file, 'utf8'), '{"hooks": {');
  });
});
