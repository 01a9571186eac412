import assert from 'node:assert/strict';
import { isHostMessage, parseWebviewMessage, PROTOCOL_VERSION, requestHeader, type WebviewToHost } from '../../../src/shared/protocol';

const page = { filters: { text: '', archived: 'active' }, sort: { key: 'frequency', descending: true }, offset: 0, limit: 50 };

describe('dashboard protocol', () => {
  it('accepts every well-formed webview message', () => {
    const valid: WebviewToHost[] = [
      { type: 'ready', protocolVersion: PROTOCOL_VERSION },
      { type: 'log', level: 'error', message: 'boom' },
      { type: 'request', requestId: 1, method: 'listPatterns', params: { filters: { text: 'x', model: 'gpt-4o', category: 'async', severity: 'major', source: 'chat', archived: 'all' }, sort: { key: 'description', descending: false }, offset: 100, limit: 200 } },
      { type: 'request', requestId: 2, method: 'getPattern', params: { id: 5 } },
      { type: 'request', requestId: 3, method: 'updatePattern', params: { id: 5, edit: { description: 'd', fixDescription: '', alwaysInject: true, archived: false } } },
      { type: 'request', requestId: 4, method: 'deletePattern', params: { id: 5 } },
      { type: 'request', requestId: 5, method: 'copyInstruction', params: { id: 5 } },
      { type: 'request', requestId: 6, method: 'runCommand', params: { command: 'clearAllData' } },
    ];
    for (const m of valid) assert.deepEqual(parseWebviewMessage(m), m, JSON.stringify(m));
  });

  it('rejects malformed or out-of-contract messages', () => {
    const invalid: unknown[] = [
      null,
      [],
      'ready',
      { type: 'ready' },
      { type: 'log', level: 'info', message: 'x' },
      { type: 'request', requestId: '1', method: 'getPattern', params: { id: 1 } },
      { type: 'request', requestId: 1, method: 'exec', params: {} },
      { type: 'request', requestId: 1, method: 'getPattern', params: { id: 1.5 } },
      { type: 'request', requestId: 1, method: 'listPatterns', params: { ...page, limit: 201 } },
      { type: 'request', requestId: 1, method: 'listPatterns', params: { ...page, offset: -1 } },
      { type: 'request', requestId: 1, method: 'listPatterns', params: { ...page, sort: { key: 'errorSignature', descending: true } } },
      { type: 'request', requestId: 1, method: 'listPatterns', params: { ...page, filters: { text: '', archived: 'active', category: 'nope' } } },
      { type: 'request', requestId: 1, method: 'updatePattern', params: { id: 1, edit: { modelName: 'x' } } },
      { type: 'request', requestId: 1, method: 'updatePattern', params: { id: 1, edit: { alwaysInject: 'yes' } } },
      { type: 'request', requestId: 1, method: 'runCommand', params: { command: 'workbench.action.reloadWindow' } },
    ];
    for (const m of invalid) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });

  it('requestHeader identifies a request to answer even when its params are bad', () => {
    assert.deepEqual(requestHeader({ type: 'request', requestId: 9, method: 'listPatterns', params: { limit: 1e9 } }), { requestId: 9, method: 'listPatterns' });
    assert.equal(requestHeader({ type: 'request', requestId: 9, method: 'nope' }), undefined);
    assert.equal(requestHeader({ type: 'ready', protocolVersion: 1 }), undefined);
  });

  it('the webview accepts only host-shaped messages', () => {
    assert.equal(isHostMessage({ type: 'changed', reason: 'recorded' }), true);
    assert.equal(isHostMessage({ type: 'response', requestId: 1, method: 'getPattern', ok: true, result: null }), true);
    assert.equal(isHostMessage({ type: 'overview', overview: {} }), true);
    assert.equal(isHostMessage({ type: 'response', requestId: 1, method: 'eval', ok: true }), false);
    assert.equal(isHostMessage({ type: 'vscode-internal' }), false);
    assert.equal(isHostMessage(undefined), false);
  });
});
