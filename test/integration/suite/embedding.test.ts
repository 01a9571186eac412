import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, waitFor } from './helpers';

interface RetrievingEngine {
  retrieve(request: string, options?: { k?: number }): Promise<{ mode: string; patterns: Array<{ similarity?: number }> }>;
  readonly retrievalMode: string;
}

describe('embeddings in the web worker host', () => {
  it('loads transformers.js + onnxruntime-web WASM from the configured model folder (hybrid retrieval)', async function () {
    const modelUrl = vscode.workspace.getConfiguration('mistakes').get<string>('model.localPath');
    // The runner sets it when the stand-in model is available (shared data); otherwise lexical-only.
    if (!modelUrl) this.skip();
    const engine = (await (await api()).engine()) as unknown as RetrievingEngine;
    const r = await waitFor(
      'hybrid retrieval',
      async () => {
        const res = await engine.retrieve('parameterized SQL query', { k: 3 });
        return res.mode === 'hybrid' ? res : undefined;
      },
      60_000,
    );
    assert.ok(r.patterns.some((p) => typeof p.similarity === 'number'), 'dense similarities were computed');
    assert.equal(engine.retrievalMode, 'hybrid');
  });
});
