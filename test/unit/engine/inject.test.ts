import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { runCli } from '../../../src/cli/main';
import { defaultEngineConfig } from '../../../src/engine';
import { INJECTION_DEFAULTS, injectFor, injectPatterns, newRequestId } from '../../../src/engine/inject';
import { handleHook } from '../../../src/agentHooks/handlers';
import { parseHookPayload } from '../../../src/agentHooks/payload';
import { createMistakeMcpServer } from '../../../src/mcp/server';
import { candidate, openTestEngine, type TestEngine } from './helpers';

const repoRoot = join(__dirname, '../../..');

/** Injections noted in the store, whoever noted them. */
async function injections(t: TestEngine): Promise<number> {
  await t.engine.refresh();
  return (await t.engine.stats()).injections;
}

const SQL = candidate({
  description: 'Use parameterized SQL queries instead of string concatenation',
  category: 'security',
  errorType: 'SQLInjection',
  errorMessage: 'query built by concatenating user input',
  fixDescription: 'Use parameterized SQL queries (placeholders) instead of concatenating user input',
  filePath: 'src/db/users.py',
  language: 'python',
  model: 'claude-sonnet-4',
});

describe('injectFor: retrieval and injection as one use-case', function () {
  this.timeout(60_000);
  let t: TestEngine;

  beforeEach(async () => {
    t = await openTestEngine();
    // Today: the CLI archives patterns unseen for six months when it opens the store.
    t.clock.t = Date.now();
    await t.engine.record(SQL);
    await t.engine.record(candidate({ description: 'Close files with a context manager', category: 'logic', errorType: 'ResourceWarning', errorMessage: 'unclosed file' }));
    await t.engine.flush();
  });
  afterEach(() => t.dispose());

  it('has one set of defaults: the engine and the VS Code settings use the same', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['mistakes.retrieval.k'].default, INJECTION_DEFAULTS.k);
    assert.equal(props['mistakes.retrieval.minSimilarity'].default, INJECTION_DEFAULTS.minSimilarity);
    assert.equal(props['mistakes.injection.maxPatterns'].default, INJECTION_DEFAULTS.maxPatterns);
    assert.equal(props['mistakes.injection.maxChars'].default, INJECTION_DEFAULTS.maxChars);
    assert.equal(defaultEngineConfig.defaultK, INJECTION_DEFAULTS.k);
    assert.equal(defaultEngineConfig.maxChars, INJECTION_DEFAULTS.maxChars);
    assert.equal(defaultEngineConfig.maxPatterns, INJECTION_DEFAULTS.maxPatterns);
  });

  it('returns the block, the patterns in it and the mode, and notes the injection for the model', async () => {
    const out = await injectFor(t.engine, 'write the SQL query that finds a user by name', { channel: 'participant', model: 'claude-sonnet-4' });
    assert.match(out.text, /^CRITICAL: Avoid these common mistakes:/);
    assert.match(out.text, /parameterized SQL queries/);
    assert.equal(out.mode, 'lexical-only');
    assert.deepEqual(out.patterns.map((p) => p.pattern.id), out.included);
    assert.ok(out.included.length >= 1);
    assert.match(out.requestId, /^participant-/);
    assert.equal(out.noteError, undefined);
    assert.equal(await injections(t), out.included.length);
    const row = t.engine.effectiveness().find((r) => r.patternId === out.included[0]);
    assert.equal(row?.model, 'claude-sonnet-4');
    assert.equal(row?.injections, 1);
  });

  it('notes nothing for an empty request, a request nothing matches, or a dry run', async () => {
    assert.equal((await injectFor(t.engine, '   ', { channel: 'cli' })).text, '');
    const none = await injectFor(t.engine, 'zzqx vvblorp', { channel: 'cli' });
    assert.deepEqual(none.included, []);
    const dry = await injectFor(t.engine, 'SQL query user name', { channel: 'cli', dryRun: true });
    assert.ok(dry.included.length >= 1);
    assert.equal(await injections(t), 0);
  });

  it('keeps whole patterns within the budget', async () => {
    const out = await injectFor(t.engine, 'SQL query; close the file', { channel: 'cli', maxPatterns: 1 });
    assert.equal(out.included.length, 1);
    const tight = await injectPatterns(t.engine, t.engine.listPatterns(), { channel: 'cli', maxChars: 60 });
    assert.deepEqual(tight.included, []);
    assert.equal(tight.text, '');
  });

  it('makes request ids that differ and say where they came from', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId('mcp')));
    assert.equal(ids.size, 200);
    assert.match(newRequestId('hook', 'vscode-edit'), /^hook-vscode-edit-/);
  });

  describe('every entrance notes its injection', () => {
    it('the MCP tool and the MCP prompt', async () => {
      const { server } = createMistakeMcpServer(t.engine);
      const [a, b] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'test', version: '1' });
      await Promise.all([server.connect(a), client.connect(b)]);
      try {
        const r = (await client.callTool({ name: 'find_relevant_mistakes', arguments: { task: 'SQL query for a user by name', model: 'gpt-4o' } })) as CallToolResult;
        assert.match(JSON.stringify(r.content), /parameterized SQL/);
        assert.equal(await injections(t), 1);
        const prompt = (await client.getPrompt({ name: 'avoid-mistakes', arguments: {} })) as GetPromptResult;
        assert.match(JSON.stringify(prompt.messages), /CRITICAL/);
        assert.equal(await injections(t), 3, 'the prompt without a task injects the two top patterns');
      } finally {
        await client.close();
      }
    });

    it('the agent hooks: SessionStart, PreToolUse on an edit and Claude Code UserPromptSubmit', async () => {
      const deps = { open: async () => t.engine };
      const session = parseHookPayload(JSON.stringify({ hookEventName: 'SessionStart', sessionId: 's1', cwd: '/w', timestamp: '2026-01-01T00:00:00Z' }))!;
      const start = await handleHook('SessionStart', session, deps);
      assert.match(start.stdout, /additionalContext/);
      assert.equal(await injections(t), 2);
      const edit = parseHookPayload(JSON.stringify({ hookEventName: 'PreToolUse', sessionId: 's1', cwd: '/w', tool_name: 'replace_string_in_file', tool_input: { filePath: '/w/src/db/users.py' } }))!;
      const before = await handleHook('PreToolUse', edit, deps);
      assert.match(before.stdout, /parameterized SQL/);
      const afterEdit = await injections(t);
      assert.ok(afterEdit > 2, `noted ${afterEdit}`);
      const prompt = parseHookPayload(JSON.stringify({ hook_event_name: 'UserPromptSubmit', session_id: 's2', cwd: '/w', prompt: 'write the SQL query for a user by name' }))!;
      const submit = await handleHook('UserPromptSubmit', prompt, deps);
      assert.match(submit.stdout, /parameterized SQL/);
      assert.ok((await injections(t)) > afterEdit);
    });

    it('mistakes inject (and --dry-run only looks)', async () => {
      // The CLI opens the same file as another process would; the test's engine then refreshes.
      const out: string[] = [];
      const io = { stdout: (s: string) => void out.push(s), stderr: () => undefined, readStdin: async () => '', stdinLines: async function* () {}, env: {}, cwd: t.dir };
      assert.equal(await runCli(['inject', '--db', t.dbPath, '--dry-run', 'SQL query for a user'], io), 0);
      assert.match(out.join(''), /parameterized SQL/);
      assert.equal(await runCli(['inject', '--db', t.dbPath, '--json', 'SQL query for a user'], io), 0);
      const json = JSON.parse(out[out.length - 1]) as { patternIds: number[] };
      assert.ok(json.patternIds.length >= 1);
      assert.equal(await injections(t), json.patternIds.length);
    });
  });
});
