import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * sql.js for Node (CLI, tests, desktop extension host), loaded once per process on first use. The WASM
 * file is looked up next to the running bundle first (webpack copies `sql-wasm.wasm` beside
 * `dist/cli.js`), then in node_modules.
 */
export function loadSqlJsNode(options: { wasmPath?: string } = {}): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const { default: initSqlJs } = await import('sql.js');
    const wasm = options.wasmPath ?? findWasm();
    return initSqlJs(wasm ? { locateFile: () => wasm } : undefined);
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

function findWasm(): string | undefined {
  const besideBundle = nodePath.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(besideBundle)) return besideBundle;
  try {
    // A runtime require (not `require.resolve`, which a bundler would try to resolve at build time).
    return createRequire(__filename).resolve('sql.js/dist/sql-wasm.wasm');
  } catch {
    return undefined; // sql.js then looks beside its own script
  }
}
