import assert from 'node:assert/strict';
import { instructionOf } from '../../../src/core/injection';
import type { Category, Severity } from '../../../src/core/types';
import { createEngine, type MistakeEngine } from '../../../src/engine';
import { comparePatterns, pageOf, toRow } from '../../../src/shared/dashboardModel';
import { type HostToWebview, type PageRequest, PROTOCOL_VERSION, SORT_KEYS, type WebviewToHost } from '../../../src/shared/protocol';
import { loadSqlJsNode } from '../../../src/store/fileSystem.node';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';
import { DashboardController, type DashboardEnvironment, toPatch } from '../../../src/host/dashboard/controller';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);

class Harness {
  readonly posted: HostToWebview[] = [];
  readonly warnings: string[] = [];
  readonly commands: string[] = [];
  readonly clipboard: string[] = [];
  readonly confirms: string[] = [];
  confirmAnswer = true;
  /** What postMessage reports (false: the webview is gone). */
  deliver = true;
  readonly delivered: number[] = [];
  readonly controller: DashboardController;

  constructor(readonly engine: MistakeEngine) {
    const env: DashboardEnvironment = {
      executeCommand: async (c) => void this.commands.push(c),
      confirm: async (m) => {
        this.confirms.push(m);
        return this.confirmAnswer;
      },
      copyToClipboard: async (t) => void this.clipboard.push(t),
      captureState: () => ({ tracking: true, retrievalMode: 'lexical-only', storeLocation: '/mm/mistakes.sqlite', vectorIndex: 'embedded' }),
    };
    this.controller = new DashboardController({
      getEngine: async () => engine,
      env,
      logger: { trace() {}, debug() {}, info() {}, warn: (m) => void this.warnings.push(m), error: (m) => void this.warnings.push(String(m)) },
      post: (m) => {
        this.posted.push(JSON.parse(JSON.stringify(m)) as HostToWebview);
        return this.deliver;
      },
      onOverviewDelivered: (o) => void this.delivered.push(o.stats.patterns),
      changeDelayMs: 5,
      now: () => T0,
    });
  }

  private nextId = 1;
  /** Sends a request and returns the response the controller posted for it. */
  async request(method: string, params: unknown): Promise<Extract<HostToWebview, { type: 'response' }>> {
    const requestId = this.nextId++;
    await this.controller.handle({ type: 'request', requestId, method, params });
    const r = this.posted.find((m): m is Extract<HostToWebview, { type: 'response' }> => m.type === 'response' && m.requestId === requestId);
    assert.ok(r, `no response to ${method}`);
    return r;
  }

  async result<T>(method: string, params: unknown): Promise<T> {
    const r = await this.request(method, params);
    assert.equal(r.ok, true, r.ok ? '' : r.error);
    return (r as unknown as { result: T }).result;
  }
}

const cats: Category[] = ['async', 'security', 'type', 'logic'];
const sevs: Severity[] = ['critical', 'major', 'minor'];
const models = ['gpt-4o', 'claude-sonnet-4', 'Gemini'];

async function seededEngine(n: number): Promise<MistakeEngine> {
  const fs = new MemoryFileSystem();
  await fs.mkdirp('/mm');
  let t = T0 - 30 * 24 * 3600 * 1000;
  const engine = await createEngine({ fs, storePath: '/mm/mistakes.sqlite', loadSqlJs: loadSqlJsNode, clock: { now: () => (t += 60_000) } });
  for (let i = 0; i < n; i++) {
    const c = {
      description: `${['await', 'Validate', 'escape', 'Close'][i % 4]} thing number ${i}`,
      category: cats[i % cats.length] as Category,
      severity: sevs[i % sevs.length] as Severity,
      source: 'test' as const,
      errorType: `E${i}`,
      model: models[i % models.length],
      filePath: `src/f${i}.ts`,
    };
    // Repeat some so frequencies differ (and tie).
    for (let k = 0; k <= i % 3; k++) await engine.record(c);
  }
  const some = engine.listPatterns({ limit: 3 });
  for (const p of some) await engine.updatePattern(p.id, { archived: true });
  return engine;
}

describe('DashboardController (real engine, sql.js in memory)', function () {
  this.timeout(20_000);
  let engine: MistakeEngine;

  before(async () => {
    engine = await seededEngine(40);
  });
  after(async () => {
    await engine.close();
  });

  it('answers ready with the overview: stats, capture state and model names', async () => {
    const h = new Harness(engine);
    await h.controller.handle({ type: 'ready', protocolVersion: PROTOCOL_VERSION } satisfies WebviewToHost);
    const o = h.posted.find((m) => m.type === 'overview');
    assert.ok(o && o.type === 'overview');
    const stats = await engine.stats();
    assert.equal(o.overview.stats.patterns, stats.patterns);
    assert.equal(o.overview.stats.archivedPatterns, 3);
    assert.equal(o.overview.capture.storeBytes, stats.bytes, 'store size from the engine when the host does not know it');
    assert.deepEqual(o.overview.capture.enabledCategories, [...engine.enabledCategories]);
    assert.deepEqual(o.overview.models, ['claude-sonnet-4', 'Gemini', 'gpt-4o']);
    assert.equal(o.overview.now, T0);
    assert.deepEqual(h.delivered, [stats.patterns], 'reported as delivered');
    h.deliver = false;
    await h.controller.handle({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    assert.equal(h.delivered.length, 1, 'not reported when the webview is gone');
    h.controller.dispose();
  });

  it('every sort key, both directions, pages exactly like sorting the whole set in memory', async () => {
    const h = new Harness(engine);
    const everything = engine.listPatterns({ includeArchived: true });
    for (const key of SORT_KEYS) {
      for (const descending of [false, true]) {
        for (const offset of [0, 10, 30]) {
          const req: PageRequest = { filters: { text: '', archived: 'all' }, sort: { key, descending }, offset, limit: 10 };
          const page = await h.result<{ rows: unknown[]; total: number; offset: number }>('listPatterns', req);
          assert.deepEqual(page, JSON.parse(JSON.stringify(pageOf(everything, req))), `${key} ${descending} @${offset}`);
        }
      }
    }
    // And the store's own order agrees with the comparator (what makes pushing the sort down safe).
    for (const key of ['frequency', 'lastSeen', 'severity'] as const) {
      const viaStore = engine.listPatterns({ orderBy: key, descending: true, includeArchived: true }).map((p) => p.id);
      assert.deepEqual([...everything].sort(comparePatterns({ key, descending: true })).map((p) => p.id), viaStore, key);
    }
    h.controller.dispose();
  });

  it('filters by text, model, category, severity and archived state', async () => {
    const h = new Harness(engine);
    const page = await h.result<{ rows: ReturnType<typeof toRow>[]; total: number }>('listPatterns', {
      filters: { text: 'VALIDATE', model: 'gpt-4o', archived: 'active' },
      sort: { key: 'frequency', descending: true },
      offset: 0,
      limit: 50,
    });
    assert.ok(page.total > 0);
    assert.ok(page.rows.every((r) => r.description.startsWith('Validate') && r.model === 'gpt-4o' && !r.archived));
    const archived = await h.result<{ total: number }>('listPatterns', { filters: { text: '', archived: 'archived' }, sort: { key: 'lastSeen', descending: true }, offset: 0, limit: 50 });
    assert.equal(archived.total, 3);
    h.controller.dispose();
  });

  it('an offset beyond the data is clamped to the last page', async () => {
    const h = new Harness(engine);
    const total = engine.countPatterns({});
    const page = await h.result<{ offset: number; rows: unknown[] }>('listPatterns', { filters: { text: '', archived: 'active' }, sort: { key: 'frequency', descending: true }, offset: 5000, limit: 10 });
    assert.equal(page.offset, Math.floor((total - 1) / 10) * 10);
    assert.equal(page.rows.length, total - page.offset);
    h.controller.dispose();
  });

  it('detail: pattern, newest occurrences first, effectiveness summed over models', async () => {
    const h = new Harness(engine);
    const p = engine.listPatterns({ orderBy: 'frequency', descending: true, limit: 1 })[0];
    assert.ok(p);
    const d = await h.result<{ pattern: { id: number }; occurrences: Array<{ timestamp: number }>; effectiveness: { injections: number } }>('getPattern', { id: p.id });
    assert.equal(d.pattern.id, p.id);
    assert.equal(d.occurrences.length, p.frequency);
    assert.ok(d.occurrences.every((o, i) => i === 0 || (d.occurrences[i - 1] as { timestamp: number }).timestamp >= o.timestamp));
    assert.equal(d.effectiveness.injections, 0);
    assert.equal(await h.result('getPattern', { id: 999_999 }), null);
    h.controller.dispose();
  });

  it('edits are validated: trimmed, never empty, only the editable fields', async () => {
    const h = new Harness(engine);
    const p = engine.listPatterns({ limit: 1 })[0];
    assert.ok(p);
    const d = await h.result<{ pattern: { description: string; fixDescription?: string; alwaysInject: boolean } }>('updatePattern', {
      id: p.id,
      edit: { description: '  Await   the call \n', fixDescription: ' add await ', alwaysInject: true },
    });
    assert.equal(d.pattern.description, 'Await the call');
    assert.equal(d.pattern.fixDescription, 'add await');
    assert.equal(d.pattern.alwaysInject, true);
    const empty = await h.request('updatePattern', { id: p.id, edit: { description: '   ' } });
    assert.equal(empty.ok, false);
    assert.equal(engine.getPattern(p.id)?.description, 'Await the call');
    const sneaky = await h.request('updatePattern', { id: p.id, edit: { frequency: 0 } });
    assert.equal(sneaky.ok, false, 'fields outside the contract are refused');
    assert.equal(engine.getPattern(p.id)?.frequency, p.frequency);
    assert.throws(() => toPatch({}), /Nothing to change/);
    h.controller.dispose();
  });

  it('delete asks first and respects a no', async () => {
    const h = new Harness(engine);
    const p = engine.listPatterns({ orderBy: 'lastSeen', descending: false, limit: 1 })[0];
    assert.ok(p);
    h.confirmAnswer = false;
    assert.deepEqual(await h.result('deletePattern', { id: p.id }), { deleted: false });
    assert.ok(engine.getPattern(p.id));
    assert.match(h.confirms[0] ?? '', /Delete the pattern/);
    h.confirmAnswer = true;
    assert.deepEqual(await h.result('deletePattern', { id: p.id }), { deleted: true });
    assert.equal(engine.getPattern(p.id), undefined);
    h.controller.dispose();
  });

  it('copy as instruction puts the engine-built injection text on the clipboard', async () => {
    const h = new Harness(engine);
    const p = engine.listPatterns({ limit: 1 })[0];
    assert.ok(p);
    const r = await h.result<{ text: string }>('copyInstruction', { id: p.id });
    assert.equal(r.text, engine.buildInjection([p], { maxPatterns: 1 }).text);
    assert.deepEqual(h.clipboard, [r.text]);
    assert.ok(r.text.includes(instructionOf(p).text), 'phrased as the instruction assistants get');
    h.controller.dispose();
  });

  it('runCommand executes mistakes.<command>; unknown commands never reach VS Code', async () => {
    const h = new Harness(engine);
    await h.result('runCommand', { command: 'exportData' });
    const bad = await h.request('runCommand', { command: 'workbench.action.terminal.new' });
    assert.equal(bad.ok, false);
    assert.deepEqual(h.commands, ['mistakes.exportData']);
    h.controller.dispose();
  });

  it('malformed messages are ignored; a request with bad parameters gets an error answer', async () => {
    const h = new Harness(engine);
    await h.controller.handle('hello');
    await h.controller.handle({ type: 'request', requestId: 1.5, method: 'getPattern', params: { id: 1 } });
    await h.controller.handle({ type: 'eval', code: '1' });
    assert.equal(h.posted.length, 0);
    const r = await h.request('listPatterns', { filters: { text: '', archived: 'all' }, sort: { key: 'frequency', descending: true }, offset: 0, limit: 100_000 });
    assert.equal(r.ok, false);
    assert.equal(h.warnings.length, 4);
    h.controller.dispose();
  });

  it('engine changes after ready: one coalesced changed + overview; nothing after dispose', async () => {
    const h = new Harness(engine);
    await h.controller.handle({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    h.posted.length = 0;
    for (let i = 0; i < 3; i++) await engine.record({ description: `burst ${i}`, category: 'logic', severity: 'minor', source: 'manual' });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      h.posted.map((m) => m.type),
      ['changed', 'overview'],
      'three records in a burst: one changed, then the new overview',
    );
    const o = h.posted.find((m) => m.type === 'overview');
    assert.ok(o && o.type === 'overview');
    assert.equal(o.overview.stats.patterns, engine.countPatterns({}));
    h.controller.dispose();
    h.posted.length = 0;
    await engine.record({ description: 'after dispose', category: 'logic', severity: 'minor', source: 'manual' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(h.posted.length, 0);
  });
});
