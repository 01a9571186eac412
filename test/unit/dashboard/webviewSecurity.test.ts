import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy, createNonce, dashboardHtml } from '../../../src/host/dashboard/html';

const root = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('dashboard webview security', () => {
  it('the CSP denies by default and allows only nonce scripts and our own resources', () => {
    const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc');
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'nonce-abc'"]);
    assert.deepEqual(directives.get('style-src'), ['https://file+.vscode-resource.vscode-cdn.net']);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*/);
  });

  it('nonces are 128-bit, base64url and fresh on every call', () => {
    const seen = new Set(Array.from({ length: 200 }, () => createNonce()));
    assert.equal(seen.size, 200);
    for (const n of seen) assert.match(n, /^[A-Za-z0-9_-]{22}$/);
  });

  it('the page loads one nonce-tagged script and escapes the URIs it is given', () => {
    const html = dashboardHtml({ cspSource: 'vscode-webview://x', scriptUri: 'https://x/a"b.js', styleUri: 'https://x/s.css', nonce: 'N0nce', surface: 'view' });
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="N0nce" src="https:\/\/x\/a&quot;b.js"><\/script>/);
    assert.match(html, /data-surface="view"/);
    assert.match(html, /content="default-src 'none'; script-src 'nonce-N0nce'/);
  });

  it('the webview UI never parses strings as HTML', () => {
    const files = sources(join(root, 'webview-ui/src'));
    assert.ok(files.length >= 5, 'found the webview sources');
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      assert.doesNotMatch(text, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|new Function|\beval\(/, f);
    }
  });
});
