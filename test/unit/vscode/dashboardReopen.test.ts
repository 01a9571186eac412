import { strict as assert } from 'node:assert';
import { createEngine, type MistakeEngine } from '../../../src/engine';
import { type HostToWebview, PROTOCOL_VERSION } from '../../../src/shared/protocol';
import { loadSqlJsNode } from '../../../src/store/fileSystem.node';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';
import { DashboardController } from '../../../src/host/dashboard/controller';

async function engineAt(path: string): Promise<MistakeEngine> {
  const fs = new MemoryFileSystem();
  await fs.mkdirp('/mm');
  return createEngine({ fs, storePath: path, loadSqlJs: loadSqlJsNode });
}

describe('dashboard after the engine host reopened the engine (Chroma or store settings changed)', function () {
  this.timeout(20_000);

  it('follows the new engine: its records update the webview, the closed one is no longer listened to', async () => {
    const first = await engineAt('/mm/a.sqlite');
    const second = await engineAt('/mm/b.sqlite');
    let current: MistakeEngine = first;
    let vectorIndex = 'embedded';
    const posted: HostToWebview[] = [];
    const controller = new DashboardController({
      getEngine: async () => current,
      env: {
        executeCommand: async () => undefined,
        confirm: async () => false,
        copyToClipboard: async () => undefined,
        captureState: () => ({ tracking: true, retrievalMode: 'lexical-only', storeLocation: '/mm', vectorIndex }),
      },
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
      post: (m) => {
        posted.push(m);
        return true;
      },
      changeDelayMs: 5,
    });
    await controller.handle({ type: 'ready', protocolVersion: PROTOCOL_VERSION });

    // The host reopens: the connection state changed, which no engine event reports.
    current = second;
    vectorIndex = 'Chroma';
    controller.notifyChanged('settings');
    await new Promise((r) => setTimeout(r, 50));
    const overview = posted.filter((m): m is Extract<HostToWebview, { type: 'overview' }> => m.type === 'overview').pop();
    assert.equal(overview?.overview.capture.vectorIndex, 'Chroma');

    posted.length = 0;
    await second.record({ description: 'recorded on the reopened engine', category: 'logic', severity: 'minor', source: 'manual' });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(posted.map((m) => m.type), ['changed', 'overview']);
    const after = posted.find((m): m is Extract<HostToWebview, { type: 'overview' }> => m.type === 'overview');
    assert.equal(after?.overview.stats.patterns, 1);

    posted.length = 0;
    await first.record({ description: 'on the old engine', category: 'logic', severity: 'minor', source: 'manual' });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(posted.length, 0, 'no longer subscribed to the replaced engine');
    controller.dispose();
    await first.close();
    await second.close();
  });
});
