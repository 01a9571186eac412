import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, waitFor, workspaceUri } from './helpers';

// No Chroma server is reachable from the browser page here (and a real one would need CORS for this
// origin): this covers the configuration path with a URL nothing listens on. Capture and retrieval keep
// working on the embedded index and the status bar says Chroma is offline.
const UNREACHABLE = 'http://127.0.0.1:9';
const TOKEN = 'it-secret-token-4711';

describe('Chroma server configured but unreachable', () => {
  const config = () => vscode.workspace.getConfiguration('mistakes');

  after(async () => {
    await vscode.commands.executeCommand('mistakes.setChromaToken', { token: '' });
    await config().update('chroma.url', undefined, vscode.ConfigurationTarget.Global);
    await config().update('chroma.prefix', undefined, vscode.ConfigurationTarget.Global);
  });

  it('reopens on the Chroma URL, captures into the embedded index and shows offline', async function () {
    this.timeout(60_000);
    const a = await api();
    await a.engine();
    assert.equal(a.vectorStatus().kind, 'embedded');
    assert.ok(!/cloud/.test(a.statusText()), a.statusText());

    await config().update('chroma.url', UNREACHABLE, vscode.ConfigurationTarget.Global);
    const st = await waitFor('Chroma to be reported offline', () => {
      const s = a.vectorStatus();
      return s.kind === 'chroma' && s.state === 'offline' ? s : undefined;
    }, 30_000);
    assert.equal(st.url, UNREACHABLE);
    assert.ok(st.lastError, 'the reason is kept for the tooltip');
    await waitFor('the status bar to say offline', () => /cloud-offline\) offline/.test(a.statusText()));

    const engine = await a.engine();
    const before = engine.countPatterns({ includeArchived: true });
    const id = await vscode.commands.executeCommand<number | undefined>('mistakes.recordMistake', {
      description: 'Chroma offline: await the bulk upsert before closing the client',
      category: 'async',
      model: 'gpt-4o',
    });
    assert.equal(typeof id, 'number');
    assert.equal(engine.countPatterns({ includeArchived: true }), before + 1);
    const found = await vscode.commands.executeCommand<Array<{ pattern: { id: number } }>>('mistakes.showRelevantPatterns', {
      query: 'await the bulk upsert before closing the client',
    });
    assert.ok(found?.some((p) => p.pattern.id === id), 'retrieval falls back to the embedded index');
    assert.equal(a.vectorStatus().state, 'offline');
  });

  it('keeps the token in the secret storage: setting it reopens, it never shows up', async function () {
    this.timeout(60_000);
    const a = await api();
    const engineBefore = await a.engine();
    assert.equal(await vscode.commands.executeCommand('mistakes.setChromaToken', { token: TOKEN }), 'set');
    const patternsBefore = engineBefore.countPatterns({ includeArchived: true });
    await waitFor('the engine to reopen with the token', async () => (await a.engine()) !== engineBefore);
    // The old store's last flush lands before the new one reads the file: nothing recorded is lost.
    assert.equal((await a.engine()).countPatterns({ includeArchived: true }), patternsBefore);
    await waitFor('Chroma offline again', () => a.vectorStatus().state === 'offline');
    assert.ok(!JSON.stringify(a.vectorStatus()).includes(TOKEN));
    assert.ok(!a.statusText().includes(TOKEN));
    assert.equal(config().get('chroma.token'), undefined, 'no token setting');
    assert.equal(await vscode.commands.executeCommand('mistakes.setChromaToken', { token: '' }), 'cleared');
  });

  it('an invalid collection prefix keeps the embedded index and says why', async function () {
    this.timeout(60_000);
    const a = await api();
    await config().update('chroma.prefix', '-bad prefix', vscode.ConfigurationTarget.Global);
    await waitFor('the setup error', () => /prefix/i.test(a.vectorStatus().setupError ?? ''));
    assert.match(a.statusText(), /cloud-offline\) Chroma/);
    const id = await vscode.commands.executeCommand<number | undefined>('mistakes.recordMistake', { description: 'Still captured with a bad Chroma prefix', category: 'logic' });
    assert.equal(typeof id, 'number');
    assert.ok((await a.engine()).getPattern(id as number));
    await config().update('chroma.prefix', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('a reopen without the prefix error', () => {
      const s = a.vectorStatus();
      return !s.setupError && s.state === 'offline';
    });
  });

  it('clearing the URL goes back to the embedded index', async function () {
    this.timeout(60_000);
    const a = await api();
    await config().update('chroma.url', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the embedded index', () => a.vectorStatus().kind === 'embedded');
    await waitFor('the status bar without Chroma', () => !/cloud/.test(a.statusText()));
    const engine = await a.engine();
    assert.ok(engine.countPatterns() > 0);
  });
});

describe('a real Chroma server from the web worker extension host', () => {
  const config = () => vscode.workspace.getConfiguration('mistakes');
  let url: string | undefined;

  before(async function () {
    // run.mjs starts a CORS-enabled server when test/chroma-server is installed and writes its URL here.
    url = await vscode.workspace.fs.readFile(workspaceUri('.chroma-test-url')).then(
      (b) => new TextDecoder().decode(b).trim(),
      () => undefined,
    );
    if (!url) this.skip();
  });

  after(async () => {
    await config().update('chroma.url', undefined, vscode.ConfigurationTarget.Global);
    await config().update('chroma.prefix', undefined, vscode.ConfigurationTarget.Global);
  });

  it('connects, stores new vectors on the server, and migrates both ways with progress', async function () {
    this.timeout(90_000);
    const a = await api();
    await config().update('chroma.prefix', `it${Date.now()}_`, vscode.ConfigurationTarget.Global);
    await config().update('chroma.url', url, vscode.ConfigurationTarget.Global);
    // Reachable (a backlog queued while the earlier test was offline may still be syncing).
    await waitFor('Chroma reachable', () => {
      const s = a.vectorStatus();
      return s.kind === 'chroma' && s.url === url && (s.state === 'connected' || s.state === 'degraded');
    }, 30_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(a.vectorStatus())}`);
    });

    const id = await vscode.commands.executeCommand<number | undefined>('mistakes.recordMistake', {
      description: 'Chroma connected: pass our own embeddings with embeddingFunction null',
      category: 'async',
      model: 'gpt-4o',
    });
    assert.equal(typeof id, 'number');
    const found = await vscode.commands.executeCommand<Array<{ pattern: { id: number }; similarity?: number }>>('mistakes.showRelevantPatterns', {
      query: 'pass our own embeddings with embeddingFunction null',
    });
    assert.ok(found?.some((p) => p.pattern.id === id));
    await waitFor('connected with nothing queued', () => {
      const s = a.vectorStatus();
      return s.state === 'connected' && s.backlog === 0;
    }, 30_000);
    await waitFor('the status bar to show the cloud', () => /\$\(cloud\)$/.test(a.statusText()));

    // Read back from the server: what was recorded (or queued) since Chroma was configured, not the rest.
    const engine = await a.engine();
    const total = engine.countPatterns({ includeArchived: true });
    const fromServer = await vscode.commands.executeCommand<{ written: number; skipped: number; cancelled: boolean }>('mistakes.migrateVectors', { to: 'embedded', restart: true });
    assert.ok(fromServer, 'migration to embedded ran');
    assert.equal(fromServer.cancelled, false);
    assert.ok(fromServer.written >= 1 && fromServer.written < total, `read ${fromServer.written} of ${total} back`);

    // Everything local goes up; then the server holds every pattern's vector.
    const up = await vscode.commands.executeCommand<{ written: number; cancelled: boolean }>('mistakes.migrateVectors', { to: 'chroma', restart: true, batchSize: 4 });
    assert.ok(up && !up.cancelled);
    assert.ok(up.written > fromServer.written && up.written <= total, `wrote ${up.written} of ${total}`);
    const down = await vscode.commands.executeCommand<{ written: number; skipped: number }>('mistakes.migrateVectors', { to: 'embedded', restart: true });
    assert.equal(down?.written, up.written);
    assert.equal(down?.skipped, 0);
    assert.equal(a.vectorStatus().state, 'connected');
  });
});
