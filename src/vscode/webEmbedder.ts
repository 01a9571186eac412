import * as vscode from 'vscode';
import type { Embedder } from '../core/ports';
import type { EmbedderHost } from '../embedding/embedderFactory';
import type { OrtModule } from '../embedding/transformersEmbedder';
import { modelProgressNotification } from './modelProgress';
import type { Services } from './services';

/**
 * The embedder in the web worker host: onnxruntime-web's WASM from the extension's dist/ folder, the
 * model from a folder URL (mistakes.model.localPath) or a one-time download kept in the Cache API.
 */
export function webEmbedder(s: Services): () => Promise<Embedder | undefined> {
  return async () => {
    const st = s.settings();
    if (!st.modelLocalPath && !st.modelAllowDownload) return undefined;
    const { createEmbedderWith } = await import('../embedding/embedderFactory.js');
    const host: EmbedderHost = {
      exists: (p) => exists(p),
      join: (...parts) => parts.map((p, i) => (i === 0 ? p.replace(/\/+$/, '') : p.replace(/^\/+|\/+$/g, ''))).join('/'),
      loadOrt: async () => {
        // The WASM-only build: its glue is bundled, only ort-wasm-simd-threaded.wasm is fetched from dist/.
        const m = (await import('onnxruntime-web/wasm')) as unknown as OrtModule & { default?: OrtModule };
        return 'env' in m && m.env ? m : (m.default ?? m);
      },
      defaultWasmPaths: `${vscode.Uri.joinPath(s.context.extensionUri, 'dist').toString(true)}/`,
    };
    const onProgress = modelProgressNotification('Mistake Memory: getting the embedding model (once)');
    const url = /^https?:\/\//i.test(st.modelLocalPath) ? st.modelLocalPath.replace(/\/+$/, '') : undefined;
    if (url) {
      // transformers.js reads "local" models only from a file system; a folder URL is a model host
      // whose path is the model id, fetched once and kept in the Cache API.
      const cut = url.lastIndexOf('/');
      return createEmbedderWith(host, {
        remoteHost: `${url.slice(0, cut)}/`,
        remotePathTemplate: '{model}/',
        modelId: url.slice(cut + 1),
        allowDownload: true,
        onProgress,
        logger: s.logger,
      });
    }
    return createEmbedderWith(host, { modelDir: st.modelLocalPath || undefined, allowDownload: st.modelAllowDownload, onProgress, logger: s.logger });
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    if (/^https?:\/\//i.test(p)) return (await fetch(p, { method: 'HEAD' })).ok;
    await vscode.workspace.fs.stat(vscode.Uri.parse(p));
    return true;
  } catch {
    return false;
  }
}
