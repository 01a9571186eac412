/**
 * The dashboard's HTML shell. Pure (no `vscode` import) so the browser tests serve exactly the same
 * page, with exactly the same Content-Security-Policy, as the extension.
 */

export interface DashboardHtmlOptions {
  /** `webview.cspSource`: the origin the webview may load the built UI and media from. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
  /** Sidebar view or editor panel: the layout differs a little (see dashboard.css). */
  readonly surface: 'view' | 'panel';
}

/** 128 random bits, base64url. `globalThis.crypto` exists in the Node and the web worker extension hosts. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Attribute values here are URIs and tokens we made, still escaped in case a path holds a quote. */
function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Components style themselves with constructed stylesheets; the page's own CSS is a file.
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function dashboardHtml(o: DashboardHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>Mistake Memory</title>
</head>
<body data-surface="${o.surface}">
<div id="app" aria-busy="true"><p class="boot">Loading Mistake Memory…</p></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
