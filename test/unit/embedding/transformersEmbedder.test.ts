/**
 * The embedder against the random-weight stand-in model: loading, laziness, batching, cancellation,
 * download from a hub-shaped local server into a cache, then offline loading from that cache.
 * Never asserts similarity values: the stand-in's weights are random.
 */
import { strict as assert } from 'node:assert';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProgressReport } from '../../../src/core/ports';
import { createEmbedder, nodeEmbedderHost, nodeWasmPaths } from '../../../src/embedding/embedderFactory.node';
import { EmbedderLoadError, EmbeddingCancelledError, TransformersEmbedder, splitDir } from '../../../src/embedding/transformersEmbedder';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const modelDir = process.env.MISTAKES_TEST_MODEL_DIR ?? path.resolve(repoRoot, '..', 'shared', 'models', 'standin-all-MiniLM-L6-v2');

function norm(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function localEmbedder(extra: Partial<ConstructorParameters<typeof TransformersEmbedder>[0]> = {}): TransformersEmbedder {
  const host = nodeEmbedderHost();
  return new TransformersEmbedder({ source: { kind: 'local', modelDir }, loadOrt: host.loadOrt, wasmPaths: host.defaultWasmPaths, ...extra });
}

/** Serves `root` as `/<modelId>/resolve/main/<file>`, like the Hugging Face hub; counts requests. */
async function serveHub(root: string, modelId: string): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const prefix = `/${modelId}/resolve/main/`;
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0]);
    requests.push(url);
    const rel = url.startsWith(prefix) ? url.slice(prefix.length) : undefined;
    const file = rel && !rel.includes('..') ? path.join(root, rel) : undefined;
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': String(statSync(file).size), 'content-type': 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('TransformersEmbedder (stand-in model, WASM backend)', function () {
  this.timeout(120_000);

  before(function () {
    if (!existsSync(path.join(modelDir, 'onnx', 'model_quantized.onnx'))) {
      throw new Error(`Stand-in model not found at ${modelDir}; set MISTAKES_TEST_MODEL_DIR`);
    }
  });

  it('finds the onnxruntime-web wasm files in node_modules', () => {
    const dir = nodeWasmPaths();
    assert.ok(dir, 'wasm dir resolved');
    assert.ok(existsSync(path.join(dir, 'ort-wasm-simd-threaded.wasm')));
  });

  it('splits model folders into parent + name on both separators', () => {
    assert.deepEqual(splitDir('/a/b/model/'), { parent: '/a/b/', name: 'model' });
    assert.deepEqual(splitDir('C:\\m\\standin'), { parent: 'C:\\m\\', name: 'standin' });
  });

  describe('from a local folder', () => {
    const embedder = localEmbedder({ batchSize: 4 });

    it('is lazy: constructing loads nothing', () => {
      assert.equal(embedder.loaded, false);
      assert.equal(embedder.dimension, 384);
    });

    it('returns 384-d unit-norm vectors', async () => {
      const [v] = await embedder.embed(['TypeError: Cannot read properties of undefined (reading "map")']);
      assert.equal(embedder.loaded, true);
      assert.equal(v.length, 384);
      assert.ok(Math.abs(norm(v) - 1) < 1e-3, `norm ${norm(v)}`);
      assert.ok(v.every((x) => Number.isFinite(x)));
    });

    it('gives the same vectors in a batch as one at a time, across batch boundaries', async () => {
      const texts = ['await the database call', 'mutable default argument', 'SQL injection via string formatting', 'x', 'bare except', 'a longer sentence about a floating promise in TypeScript code'];
      const batch = await embedder.embed(texts);
      assert.equal(batch.length, texts.length);
      for (let i = 0; i < texts.length; i++) {
        const [single] = await embedder.embed([texts[i]]);
        // Same text, same numbers up to the model's dynamic (per-batch) activation quantization: this
        // compares a vector with itself, not two texts' meanings.
        let dot = 0;
        let maxDiff = 0;
        for (let j = 0; j < 384; j++) {
          dot += single[j] * batch[i][j];
          maxDiff = Math.max(maxDiff, Math.abs(single[j] - batch[i][j]));
        }
        assert.ok(dot > 0.9999 && maxDiff < 0.01, `text ${i}: dot ${dot}, max diff ${maxDiff}`);
        const [again] = await embedder.embed([texts[i]]);
        assert.deepEqual(again, single, 'deterministic for the same input');
      }
    });

    it('handles empty input, empty strings and very long text', async () => {
      assert.deepEqual(await embedder.embed([]), []);
      const [empty, long] = await embedder.embed(['', 'word '.repeat(5000)]);
      assert.equal(empty.length, 384);
      assert.equal(long.length, 384);
      assert.ok(Math.abs(norm(long) - 1) < 1e-3);
    });

    it('stops between batches when cancelled', async () => {
      let calls = 0;
      const token = {
        get isCancellationRequested() {
          // Checked once before loading and once per batch: let the first batch through.
          calls++;
          return calls > 2;
        },
      };
      await assert.rejects(embedder.embed(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], token), EmbeddingCancelledError);
      assert.equal(calls, 3, 'cancelled after the first batch of 4');
      await assert.rejects(embedder.embed(['a'], { isCancellationRequested: true }), EmbeddingCancelledError);
    });
  });

  describe('createEmbedder', () => {
    it('returns undefined (lexical-only) when no model is available, and says why', async () => {
      const messages: string[] = [];
      const log = (m: string | Error) => messages.push(String(m));
      const logger = { trace: log, debug: log, info: log, warn: log, error: log };
      const empty = mkdtempSync(path.join(os.tmpdir(), 'mm-nomodel-'));
      try {
        const e = await createEmbedder({ modelDir: path.join(empty, 'missing'), cacheDir: empty, logger });
        assert.equal(e, undefined);
        assert.ok(messages.some((m) => /lexical-only/.test(m)), messages.join('\n'));
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it('uses a configured model folder without loading it', async () => {
      const e = await createEmbedder({ modelDir });
      assert.ok(e instanceof TransformersEmbedder);
      assert.equal(e.loaded, false);
    });

    it('reports a load failure as EmbedderLoadError and retries on the next call', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-badmodel-'));
      try {
        const host = nodeEmbedderHost();
        const e = new TransformersEmbedder({ source: { kind: 'local', modelDir: dir }, loadOrt: host.loadOrt, wasmPaths: host.defaultWasmPaths });
        await assert.rejects(e.embed(['x']), EmbedderLoadError);
        assert.equal(e.loaded, false, 'a failed load is not memoised');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('download from a hub-shaped server into a cache', () => {
    const modelId = 'mirror/standin-all-MiniLM-L6-v2';
    let cacheDir: string;
    let hub: Awaited<ReturnType<typeof serveHub>>;

    before(async () => {
      cacheDir = mkdtempSync(path.join(os.tmpdir(), 'mm-cache-'));
      hub = await serveHub(modelDir, modelId);
    });
    after(async () => {
      await hub.close();
      rmSync(cacheDir, { recursive: true, force: true });
    });

    it('refuses to download unless allowed', async () => {
      const e = await createEmbedder({ cacheDir, remoteHost: hub.url, modelId });
      assert.equal(e, undefined);
      assert.equal(hub.requests.length, 0);
    });

    it('downloads on first use with progress, caches, then loads offline from the cache', async () => {
      const progress: ProgressReport[] = [];
      const e = await createEmbedder({ cacheDir, remoteHost: hub.url, modelId, allowDownload: true, onProgress: (p) => progress.push(p) });
      assert.ok(e);
      assert.equal(hub.requests.length, 0, 'nothing fetched before the first embed');
      const [v] = await e.embed(['hello']);
      assert.equal(v.length, 384);
      assert.ok(hub.requests.some((r) => r.endsWith('/resolve/main/onnx/model_quantized.onnx')), hub.requests.join('\n'));
      const fractions = progress.map((p) => p.fraction).filter((f): f is number => typeof f === 'number');
      assert.ok(fractions.length >= 2, 'several progress events');
      assert.ok(fractions.some((f) => f > 0 && f < 1), 'intermediate progress');
      assert.equal(fractions[fractions.length - 1], 1);
      for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1] - 1e-9 || fractions[i] === 1, 'monotonic');
      assert.ok(existsSync(path.join(cacheDir, ...modelId.split('/'), 'onnx', 'model_quantized.onnx')), 'cached in hub layout');

      // Offline: the server is gone; the factory finds the complete cache and loads from it.
      await hub.close();
      const before = hub.requests.length;
      const offline = await createEmbedder({ cacheDir, remoteHost: 'http://127.0.0.1:9/', modelId, allowDownload: false });
      assert.ok(offline instanceof TransformersEmbedder);
      assert.equal(offline.id, e.id, 'the cached copy produces vectors of the same model id');
      assert.equal(e.id, 'minilm-l6-v2:standin-all-minilm-l6-v2');
      const [w] = await offline.embed(['hello']);
      for (let j = 0; j < 384; j++) assert.ok(Math.abs(v[j] - w[j]) < 1e-4);
      assert.equal(hub.requests.length, before);
      hub = await serveHub(modelDir, modelId); // for after()
    });
  });
});
