import { strict as assert } from 'node:assert';
import {
  chromaConnection,
  chromaStatus,
  dashboardVectorFields,
  describeChromaState,
  displayUrl,
  EMBEDDED_STATUS,
  sameConnection,
  statusBarPart,
} from '../../../src/host/chromaStatus';

const settings = (over: Partial<{ chromaUrl: string; chromaTenant: string; chromaDatabase: string; chromaPrefix: string }> = {}) => ({
  chromaUrl: 'http://chroma.internal:8000',
  chromaTenant: '',
  chromaDatabase: '',
  chromaPrefix: '',
  ...over,
});

describe('Chroma connection from the settings and the secret token', () => {
  it('is undefined without a URL (embedded only), whatever the token', () => {
    assert.equal(chromaConnection(settings({ chromaUrl: '' }), 'secret'), undefined);
    assert.equal(chromaConnection(settings({ chromaUrl: '   ' }), undefined), undefined);
  });

  it('trims the settings and drops an empty token', () => {
    const c = chromaConnection(settings({ chromaUrl: ' http://h:1 ', chromaPrefix: ' team_ ', chromaTenant: 't ' }), '  ');
    assert.deepEqual(c, { url: 'http://h:1', tenant: 't', database: '', prefix: 'team_' });
  });

  it('a changed token, URL, tenant, database or prefix is another connection; equal settings are the same', () => {
    const a = chromaConnection(settings(), 'one');
    assert.ok(sameConnection(a, chromaConnection(settings(), 'one')));
    assert.ok(!sameConnection(a, chromaConnection(settings(), 'two')));
    assert.ok(!sameConnection(a, chromaConnection(settings(), undefined)));
    assert.ok(!sameConnection(a, chromaConnection(settings({ chromaPrefix: 'p_' }), 'one')));
    assert.ok(!sameConnection(a, chromaConnection(settings({ chromaDatabase: 'db' }), 'one')));
    assert.ok(!sameConnection(a, chromaConnection(settings({ chromaTenant: 't' }), 'one')));
    assert.ok(!sameConnection(a, chromaConnection(settings({ chromaUrl: 'http://other:8000' }), 'one')));
    assert.ok(!sameConnection(a, undefined));
    assert.ok(sameConnection(undefined, undefined));
  });
});

describe('Chroma state in the status bar and the dashboard', () => {
  const url = 'http://chroma.internal:8000';

  it('a URL is shown without credentials', () => {
    assert.equal(displayUrl('https://user:s3cret@chroma.example.com:8443/x'), 'https://chroma.example.com:8443/x');
    assert.equal(displayUrl('user:s3cret@host:8000'), 'host:8000');
    assert.equal(displayUrl(' http://localhost:8000 '), 'http://localhost:8000');
  });

  it('the embedded index adds nothing to the status bar', () => {
    assert.deepEqual(statusBarPart(EMBEDDED_STATUS), { text: '', tooltip: [], warning: false });
    assert.deepEqual(dashboardVectorFields(EMBEDDED_STATUS), { vectorIndex: 'embedded' });
  });

  it('connected: a cloud, no warning, the URL in the tooltip', () => {
    const p = statusBarPart(chromaStatus(url, { state: 'connected', backlog: 0 }));
    assert.equal(p.text, '$(cloud)');
    assert.equal(p.warning, false);
    assert.deepEqual(p.tooltip, [`Chroma ${url}: connected`]);
  });

  it('degraded: the backlog size in the text and the last error in the tooltip', () => {
    const st = chromaStatus(url, { state: 'degraded', backlog: 7, lastError: 'ChromaError: 500' });
    const p = statusBarPart(st);
    assert.equal(p.text, '$(sync) 7');
    assert.deepEqual(p.tooltip, [`Chroma ${url}: degraded, 7 queued`, 'Last error: ChromaError: 500']);
    assert.equal(describeChromaState(st), 'degraded, 7 queued');
  });

  it('offline: says so, warns, and that the embedded index is in use', () => {
    const st = chromaStatus(url, { state: 'offline', backlog: 2, lastError: 'ChromaConnectionError: Failed to connect' });
    const p = statusBarPart(st);
    assert.equal(p.text, '$(cloud-offline) offline');
    assert.equal(p.warning, true);
    assert.match(p.tooltip[0], /offline — using the embedded index, 2 queued/);
    const d = dashboardVectorFields(st);
    assert.equal(d.vectorIndex, 'Chroma');
    assert.deepEqual(d.vectorStore, {
      state: 'offline',
      backlog: 2,
      url,
      summary: 'offline — using the embedded index, 2 queued',
      lastError: 'ChromaConnectionError: Failed to connect',
    });
  });

  it('configured but not probed yet, or not usable (bad prefix)', () => {
    assert.equal(describeChromaState({ kind: 'chroma', url }), 'not connected yet');
    const bad = { kind: 'chroma' as const, url, setupError: 'Invalid Chroma collection prefix "-x"' };
    const p = statusBarPart(bad);
    assert.equal(p.warning, true);
    assert.ok(p.tooltip.some((l) => l.includes('Invalid Chroma collection prefix')));
    assert.equal(dashboardVectorFields(bad).vectorStore?.state, 'offline');
  });
});
