import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import type { SqlJsStatic } from 'sql.js';

type InitSqlJs = (config?: { locateFile?: (file: string) => string }) => Promise<SqlJsStatic>;

let loading: Promise<SqlJsStatic> | undefined;

/**
 * sql.js for Node (CLI, tests, desktop extension host), loaded once per process on first use. The WASM
 * file is looked up next to the running bundle first (webpack copies `sql-wasm.wasm` beside
 * `dist/cli.js`), then in node_modules.
 */
export function loadSqlJsNode(options: { wasmPath?: string } = {}): Promise<SqlJsStatic> {
  loading ??= (async () => {
    // The bundled CLI ships sql.js' Emscripten glue beside itself and loads it with a runtime require:
    // webpack cannot bundle that glue for Node (it assigns module.exports from a branch webpack
    // rewrites), and the .vsix carries no node_modules. From sources, it comes from node_modules.
    const beside = nodePath.join(__dirname, 'sql-wasm.js');
    const initSqlJs: InitSqlJs = existsSync(beside)
      ? (createRequire(__filename)(beside) as InitSqlJs)
      : ((await import('sql.js')) as unknown as { default: InitSqlJs }).default;
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
