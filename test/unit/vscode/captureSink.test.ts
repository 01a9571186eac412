import { strict as assert } from 'node:assert';
import initSqlJs from 'sql.js';
import { nullLogger } from '../../../src/core/ports';
import { CATEGORIES, type Candidate, UNATTRIBUTED_MODEL } from '../../../src/core/types';
import { createEngine } from '../../../src/engine';
import type { MistakeMemory } from '../../../src/engine/engineApi';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';
import { CaptureSink } from '../../../src/host/capture/captureSink';
import type { MistakeSettings } from '../../../src/host/settingsSchema';

const base: MistakeSettings = {
  trackingEnabled: true,
  categories: [...CATEGORIES],
  storePath: '',
  modelLocalPath: '',
  modelAllowDownload: false,
  retrievalK: 8,
  retrievalMinSimilarity: 0.7,
  injectionMaxPatterns: 8,
  injectionMaxChars: 4000,
  unattributed: 'record',
  diagnosticSources: [],
  junitGlobs: [],
  captureTerminal: true,
  testsCommand: '',
  instructionsSync: false,
  instructionTargets: ['instructions'],
  mcpEnabled: false,
  chromaUrl: '',
  chromaTenant: '',
  chromaDatabase: '',
  chromaPrefix: '',
  chatConfirmWithModel: false,
  agentHooksEnabled: false,
};

const candidate = (over: Partial<Candidate> = {}): Candidate => ({
  description: 'Use parameterized SQL queries',
  category: 'security',
  severity: 'critical',
  source: 'diagnostic',
  ...over,
});

describe('capture sink (settings applied before the engine)', () => {
  let engine: MistakeMemory;
  let opened = 0;
  let settings: MistakeSettings;
  let sink: CaptureSink;

  beforeEach(async () => {
    opened = 0;
    settings = base;
    const created = await createEngine({ fs: new MemoryFileSystem(), storePath: '/m.sqlite', loadSqlJs: () => initSqlJs() });
    engine = created;
    sink = new CaptureSink(
      async () => {
        opened++;
        return engine;
      },
      () => settings,
      nullLogger,
    );
  });
  afterEach(() => engine.close());

  it('records unattributed candidates as "unattributed" by default', async () => {
    const r = await sink.record(candidate(), 'diagnostics');
    assert.ok(r?.stored);
    assert.equal(r.pattern.modelName, UNATTRIBUTED_MODEL);
  });

  it('keeps the model of attributed candidates', async () => {
    const r = await sink.record(candidate({ model: 'gpt-4o' }), 'junit');
    assert.ok(r?.stored);
    assert.equal(r.pattern.modelName, 'gpt-4o');
  });

  it('does not open the store while tracking is off', async () => {
    settings = { ...base, trackingEnabled: false };
    const r = await sink.record(candidate(), 'diagnostics');
    assert.deepEqual(r, { stored: false, reason: 'tracking-off' });
    assert.equal(opened, 0);
    assert.equal(sink.enabled, false);
  });

  it('skips categories that are switched off', async () => {
    settings = { ...base, categories: ['test'] };
    const r = await sink.record(candidate(), 'diagnostics');
    assert.deepEqual(r, { stored: false, reason: 'category-off' });
    assert.equal(engine.countPatterns(), 0);
  });

  it('skips unattributed automatic captures when set to "skip", but not AI regions or explicit records', async () => {
    settings = { ...base, unattributed: 'skip' };
    assert.equal(await sink.record(candidate(), 'diagnostics'), undefined);
    assert.equal(engine.countPatterns(), 0);
    const inAiRegion = await sink.record(candidate({ description: 'Await async calls', category: 'async' }), 'diagnostics', { attributed: true });
    assert.ok(inAiRegion?.stored);
    const manual = await sink.record(candidate({ description: 'Close files', category: 'logic', source: 'manual' }), 'command');
    assert.ok(manual?.stored);
    assert.equal(engine.countPatterns(), 2);
    assert.equal(sink.snapshot().get('diagnostics'), 1);
  });
});
