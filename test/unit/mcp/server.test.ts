import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cliEntry, isolatedEnv, repoRoot, runCliProcess, tempDir } from './helpers';

function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

describe('mcp server over stdio (real CLI process, SDK client)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let db: string;
  let env: Record<string, string>;
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';

  before(async () => {
    tmp = tempDir('mcp-test-');
    db = join(tmp.dir, 'store.db');
    env = isolatedEnv(tmp.dir);
    transport = new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', cliEntry, 'mcp', '--db', db], cwd: repoRoot, env, stderr: 'pipe' });
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    client = new Client({ name: 'mistake-memory-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    tmp?.cleanup();
  });

  it('lists the three tools with input schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['find_relevant_mistakes', 'list_patterns', 'record_mistake']);
    const find = tools.find((t) => t.name === 'find_relevant_mistakes');
    assert.deepEqual(find?.inputSchema.required, ['task']);
    const record = tools.find((t) => t.name === 'record_mistake');
    assert.ok((record?.inputSchema.properties as Record<string, unknown>).severity);
  });

  it('finds nothing in an empty store, without error', async () => {
    const r = (await client.callTool({ name: 'find_relevant_mistakes', arguments: { task: 'write an async FastAPI endpoint' } })) as CallToolResult;
    assert.notEqual(r.isError, true);
    assert.match(textOf(r), /No relevant mistakes/);
    assert.deepEqual((r.structuredContent as { patterns: unknown[] }).patterns, []);
  });

  it('records a mistake (sanitized), then finds it for a related task', async () => {
    const secret = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const args = {
      description: 'Await database calls inside async FastAPI endpoints',
      error: `RuntimeWarning: coroutine 'fetch_user' was never awaited (token ${secret})`,
      snippet: 'user = db.fetch_user(id)',
      model: 'claude-sonnet-4',
      category: 'async',
      file: 'app/routes.py',
    };
    const rec = (await client.callTool({ name: 'record_mistake', arguments: args })) as CallToolResult;
    assert.notEqual(rec.isError, true, textOf(rec));
    const out = rec.structuredContent as { stored: boolean; patternId: number; frequency: number; created: boolean };
    assert.equal(out.stored, true);
    assert.equal(out.created, true);
    assert.equal(out.frequency, 1);

    const findArgs = { task: 'add an async endpoint that queries the database', model: 'claude-sonnet-4' };
    const found = (await client.callTool({ name: 'find_relevant_mistakes', arguments: findArgs })) as CallToolResult;
    assert.notEqual(found.isError, true);
    assert.match(textOf(found), /CRITICAL: Avoid these common mistakes/);
    assert.match(textOf(found), /Await database calls/);
    const patterns = (found.structuredContent as { patterns: Array<{ id: number; model: string }> }).patterns;
    assert.equal(patterns[0]?.id, out.patternId);
    assert.equal(patterns[0]?.model, 'claude-sonnet-4');

    // Seen again: same pattern, counted twice, and still found by the same long-lived server.
    const again = (await client.callTool({ name: 'record_mistake', arguments: args })) as CallToolResult;
    const out2 = again.structuredContent as { patternId: number; frequency: number; created: boolean };
    assert.equal(out2.patternId, out.patternId);
    assert.equal(out2.frequency, 2);
    assert.equal(out2.created, false);
    const foundAgain = (await client.callTool({ name: 'find_relevant_mistakes', arguments: findArgs })) as CallToolResult;
    assert.match(textOf(foundAgain), /Await database calls/);

    // The secret never reaches the store: list everything and look.
    const list = (await client.callTool({ name: 'list_patterns', arguments: {} })) as CallToolResult;
    assert.ok(!JSON.stringify(list).includes(secret));
  });

  it('lists patterns with model and category filters', async () => {
    await client.callTool({ name: 'record_mistake', arguments: { description: 'Use parameterized SQL queries instead of f-strings', category: 'security', severity: 'critical', model: 'gpt-4o' } });
    const all = (await client.callTool({ name: 'list_patterns', arguments: {} })) as CallToolResult;
    assert.equal((all.structuredContent as { total: number }).total, 2);
    const gpt = (await client.callTool({ name: 'list_patterns', arguments: { model: 'gpt-4o' } })) as CallToolResult;
    const gptPatterns = (gpt.structuredContent as { patterns: Array<{ description: string; category: string }> }).patterns;
    assert.equal(gptPatterns.length, 1);
    assert.equal(gptPatterns[0].category, 'security');
    const asyncOnly = (await client.callTool({ name: 'list_patterns', arguments: { category: 'async', limit: 5 } })) as CallToolResult;
    assert.match(textOf(asyncOnly), /Await database calls/);
    assert.doesNotMatch(textOf(asyncOnly), /parameterized SQL/);
  });

  it('sees what another writer (the CLI) records while it runs', async () => {
    const cli = await runCliProcess(['record', '--db', db, '--no-embeddings', '--json', JSON.stringify({ description: 'Close file handles with a context manager', category: 'logic', model: 'gpt-4o' })], { env });
    assert.equal(cli.code, 0, cli.stderr);
    const list = (await client.callTool({ name: 'list_patterns', arguments: { model: 'gpt-4o' } })) as CallToolResult;
    assert.match(textOf(list), /Close file handles/);
  });

  it('serves the top-patterns resource and the avoid-mistakes prompt', async () => {
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === 'mistakes://patterns/top'));
    const res = await client.readResource({ uri: 'mistakes://patterns/top' });
    const text = (res.contents[0] as { text: string }).text;
    assert.match(text, /CRITICAL: Avoid these common mistakes/);
    assert.match(text, /Await database calls/);

    const { prompts } = await client.listPrompts();
    assert.ok(prompts.some((p) => p.name === 'avoid-mistakes'));
    const prompt = await client.getPrompt({ name: 'avoid-mistakes', arguments: { task: 'write SQL for the users table' } });
    const content = prompt.messages[0].content as { type: string; text: string };
    assert.equal(prompt.messages[0].role, 'user');
    assert.match(content.text, /parameterized SQL/);
    const noTask = await client.getPrompt({ name: 'avoid-mistakes', arguments: {} });
    assert.match((noTask.messages[0].content as { text: string }).text, /Await database calls/);
  });

  it('answers bad arguments with tool errors and keeps serving', async () => {
    const missing = (await client.callTool({ name: 'find_relevant_mistakes', arguments: {} })) as CallToolResult;
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /task/);
    const badCategory = (await client.callTool({ name: 'record_mistake', arguments: { description: 'x', category: 'nonsense' } })) as CallToolResult;
    assert.equal(badCategory.isError, true);
    const badK = (await client.callTool({ name: 'find_relevant_mistakes', arguments: { task: 'x', k: 0 } })) as CallToolResult;
    assert.equal(badK.isError, true);
    const empty = (await client.callTool({ name: 'record_mistake', arguments: { description: '   ' } })) as CallToolResult;
    assert.equal(empty.isError, true);
    const unknown = (await client.callTool({ name: 'no_such_tool', arguments: {} })) as CallToolResult;
    assert.equal(unknown.isError, true);
    // Still alive and consistent after the errors.
    const list = (await client.callTool({ name: 'list_patterns', arguments: {} })) as CallToolResult;
    assert.equal((list.structuredContent as { total: number }).total, 3);
    assert.doesNotMatch(stderr, /unexpected error/);
  });
});

describe('mcp server: a client that closes stdin right after its requests', function () {
  this.timeout(60_000);
  it('still answers every request, then exits 0', async () => {
    const tmp = tempDir('mcp-pipe-');
    try {
      const lines = [
        { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } } },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'record_mistake', arguments: { description: 'Use parameterized queries', category: 'security' } } },
        { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_patterns', arguments: { limit: 0 } } },
      ];
      const r = await runCliProcess(['mcp', '--db', join(tmp.dir, 's.db')], { input: lines.map((l) => JSON.stringify(l)).join('\n') + '\n', env: isolatedEnv(tmp.dir) });
      assert.equal(r.code, 0, r.stderr);
      // Every stdout line is a JSON-RPC message: nothing else is printed there.
      const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; result: CallToolResult });
      assert.deepEqual(out.map((m) => m.id).sort(), [1, 2, 3]);
      assert.equal((out.find((m) => m.id === 2)?.result.structuredContent as { stored: boolean }).stored, true);
      assert.equal(out.find((m) => m.id === 3)?.result.isError, true);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('mcp server: store failures', function () {
  this.timeout(60_000);
  it('reports a write that cannot be saved as a tool error and keeps serving', async () => {
    const tmp = tempDir('mcp-fail-');
    const storeDir = join(tmp.dir, 'store');
    mkdirSync(storeDir);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', cliEntry, 'mcp', '--db', join(storeDir, 's.db')],
      cwd: repoRoot,
      env: isolatedEnv(tmp.dir),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'fail-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      const ok = (await client.callTool({ name: 'record_mistake', arguments: { description: 'Validate input lengths', category: 'logic' } })) as CallToolResult;
      assert.notEqual(ok.isError, true, textOf(ok));
      // The store's folder disappears (a removed drive, a deleted profile): saving must fail.
      rmSync(storeDir, { recursive: true, force: true });
      writeFileSync(storeDir, 'not a folder');
      const failed = (await client.callTool({ name: 'record_mistake', arguments: { description: 'Close sockets in finally blocks', category: 'logic' } })) as CallToolResult;
      assert.equal(failed.isError, true);
      assert.match(textOf(failed), /record_mistake failed/);
      const list = (await client.callTool({ name: 'list_patterns', arguments: {} })) as CallToolResult;
      assert.notEqual(list.isError, true);
      assert.match(textOf(list), /Validate input lengths/);
    } finally {
      await client.close();
      tmp.cleanup();
    }
  });
});
