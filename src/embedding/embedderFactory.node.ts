/**
 * The Node host of the embedder: file checks with fs, and onnxruntime-web's WASM files from
 * node_modules (or from next to the bundle, once webpack has copied them there).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Embedder } from '../core/ports';
import { createEmbedderWith, type EmbedderHost, type EmbedderOptions } from './embedderFactory';
import type { OrtModule } from './transformersEmbedder';

/**
 * Directory holding ort-wasm-simd-threaded.{wasm,mjs}: next to the bundle (webpack copies them there),
 * else onnxruntime-web's dist folder in node_modules (sources run with tsx, tests).
 */
export function nodeWasmPaths(): string | undefined {
  const beside = path.join(__dirname, 'ort-wasm-simd-threaded.wasm');
  if (existsSync(beside)) return __dirname + path.sep;
  try {
    // In a webpack bundle require.resolve yields a module id, not a path: only trust a real file.
    const resolved = require.resolve('onnxruntime-web');
    const dir = path.isAbsolute(String(resolved)) ? path.dirname(resolved) : undefined;
    return dir && existsSync(path.join(dir, 'ort-wasm-simd-threaded.wasm')) ? dir + path.sep : undefined;
  } catch {
    return undefined;
  }
}

export function nodeEmbedderHost(): EmbedderHost {
  return {
    exists: async (p) => existsSync(p),
    join: (...parts) => path.join(...parts),
    // onnxruntime-web resolves to its Node entry (ort.node.min.js) here: the WASM backend, no native addon.
    loadOrt: async () => {
      const m = (await import('onnxruntime-web')) as unknown as OrtModule & { default?: OrtModule };
      return 'env' in m && m.env ? m : (m.default ?? m);
    },
    defaultWasmPaths: nodeWasmPaths(),
  };
}

/** `createEmbedderWith` for Node (CLI, desktop extension host, tests). */
export function createEmbedder(options: EmbedderOptions): Promise<Embedder | undefined> {
  return createEmbedderWith(nodeEmbedderHost(), options);
}
