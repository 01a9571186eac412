/**
 * End-to-end engine figures (printed, never asserted):
 *   - retrieval latency through MistakeEngine.retrieve at 1k/10k/100k patterns with a model filter:
 *     search alone (lexical + vector + ranking, query vector precomputed) and, at 10k, including the
 *     query embedding with the real transformers.js WASM pipeline on the stand-in model;
 *   - detection + store latency (parse a test failure / classify a diagnostic / detect a correction,
 *     then engine.record with sanitization);
 *   - injection build;
 *   - store bytes per 100 patterns with 384-d embeddings.
 *
 *   npx tsx bench/engine.ts [--sizes 1000,10000,100000] [--queries 200]
 *
 * The stand-in model has random weights: its latency is honest, its similarities are meaningless.
 */
import { randomUnit, rng } from './benchUtil';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Cancellation, Embedder } from '../src/core/ports';
import { CATEGORIES, type Candidate } from '../src/core/types';
import { parseTestOutput, toCandidate } from '../src/capture/testOutput';
import { classifyDiagnostic } from '../src/capture/diagnostics';
import { detectCorrection } from '../src/capture/chatCorrection';
import { MistakeEngine } from '../src/engine';
import { createEmbedder } from '../src/embedding/embedderFactory.node';
import { loadSqlJsNode, NodeFileSystem } from '../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../src/store/sqljsStore';
import { errorSignature } from '../src/core/signature';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const sizes = opt('sizes', '1000,10000,100000').split(',').map(Number);
const nQueries = Number(opt('queries', '200'));
const MODELS = ['gpt-4o', 'claude-sonnet-4', 'gemini-2.5-pro', 'gpt-4.1'];
const WORDS = (
  'async await promise coroutine database query cursor execute sql injection parameter html escape template render ' +
  'import module package path file open close context manager list index bounds null undefined optional type ' +
  'annotation string number integer float parse json yaml config environment variable secret token auth header ' +
  'request response timeout retry loop iterator generator closure callback event handler thread lock race mutable ' +
  'default argument exception catch raise error logging test fixture mock assert compare equal hash crypto random'
).split(' ');

function syntheticCandidate(i: number, r: () => number): Candidate {
  const w = () => WORDS[Math.floor(r() * WORDS.length)];
  return {
    description: `${w()} ${w()} ${w()} mistake ${i}: ${w()} ${w()} ${w()} ${w()}`,
    category: CATEGORIES[i % CATEGORIES.length],
    severity: (['critical', 'major', 'minor'] as const)[i % 3],
    source: 'test',
    errorType: `${w()}Error`,
    errorMessage: `${w()} ${w()} ${w()} ${w()} ${w()} ${i}`,
    model: MODELS[i % MODELS.length],
  };
}

/** Returns precomputed query vectors, so that "search alone" excludes the model. */
class PrecomputedEmbedder implements Embedder {
  readonly dimension = 384;
  constructor(readonly id: string, private readonly r: () => number) {}
  async embed(texts: readonly string[], _t?: Cancellation): Promise<Float32Array[]> {
    return texts.map(() => randomUnit(this.r, this.dimension));
  }
}

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function buildStore(dir: string, n: number, embedderId: string, r: () => number, tag = 'retrieval') {
  const fs = new NodeFileSystem();
  const path = join(dir, `bench-${tag}-${n}.db`);
  // float16 vectors, as createEngine configures the store.
  const store = new SqlJsMetadataStore({ fs, path, loadSqlJs: loadSqlJsNode, vectorEncoding: 'float16' });
  await store.open();
  for (let i = 0; i < n; i++) {
    const c = syntheticCandidate(i, r);
    const res = await store.record({ signature: errorSignature(c), candidate: c, model: c.model!, timestamp: Date.now() - i * 60_000, contexts: [] });
    await store.putVector(res.pattern.id, embedderId, randomUnit(r));
  }
  await store.flush();
  return { store, path };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mm-bench-'));
  const r = rng(42);
  const modelDir = process.env.MISTAKES_TEST_MODEL_DIR ?? resolve(__dirname, '../../shared/models/standin-all-MiniLM-L6-v2');
  try {
    console.log(`# Engine benchmark (node ${process.version}, ${nQueries} queries per size, model filter on)`);
    const queries = Array.from({ length: nQueries }, (_, i) => syntheticCandidate(1_000_000 + i, r).description);

    console.log('\n## Retrieval, search alone (lexical + vector + ranking; query vector precomputed)');
    for (const n of sizes) {
      const t0 = performance.now();
      const { store } = await buildStore(dir, n, 'bench-random', r);
      const build = performance.now() - t0;
      const engine = new MistakeEngine({ store, embedder: async () => new PrecomputedEmbedder('bench-random', r) });
      await engine.retrieve('warm up', { model: 'gpt-4o', k: 10 });
      const times: number[] = [];
      for (const q of queries) {
        const s = performance.now();
        await engine.retrieve(q, { model: 'gpt-4o', k: 10 });
        times.push(performance.now() - s);
      }
      console.log(`${String(n).padStart(7)} patterns: p50 ${ms(pct(times, 0.5))}, p95 ${ms(pct(times, 0.95))}  (store built in ${(build / 1000).toFixed(1)} s)`);
      await engine.close();
    }

    console.log('\n## Retrieval including the query embedding (transformers.js WASM, stand-in all-MiniLM-L6-v2)');
    const embedder = await createEmbedder({ modelDir });
    if (!embedder) {
      console.log(`(skipped: no model at ${modelDir})`);
    } else {
      const t0 = performance.now();
      await embedder.embed(['load the model']);
      console.log(`cold load + first embedding: ${ms(performance.now() - t0)}`);
      const n = sizes.includes(10_000) ? 10_000 : sizes[0];
      const { store } = await buildStore(dir, n, embedder.id, r, 'embed');
      const engine = new MistakeEngine({ store, embedder: async () => embedder });
      await engine.retrieve('warm up', { model: 'gpt-4o', k: 10 });
      const times: number[] = [];
      const embedOnly: number[] = [];
      for (const q of queries.slice(0, Math.min(100, nQueries))) {
        let s = performance.now();
        await embedder.embed([q]);
        embedOnly.push(performance.now() - s);
        s = performance.now();
        await engine.retrieve(q, { model: 'gpt-4o', k: 10 });
        times.push(performance.now() - s);
      }
      console.log(`query embedding alone: p50 ${ms(pct(embedOnly, 0.5))}, p95 ${ms(pct(embedOnly, 0.95))}`);
      console.log(`${String(n).padStart(7)} patterns, embed + search: p50 ${ms(pct(times, 0.5))}, p95 ${ms(pct(times, 0.95))}`);
      await engine.close();
    }

    console.log('\n## Detection + store (per item: parse/classify/detect, then engine.record with sanitization)');
    {
      const fs = new NodeFileSystem();
      const store = new SqlJsMetadataStore({ fs, path: join(dir, 'detect.db'), loadSqlJs: loadSqlJsNode });
      await store.open();
      const engine = new MistakeEngine({ store });
      const shared = resolve(__dirname, '../../shared/eval');
      let pytest = 'FAILED test_x.py::test_y - AssertionError: assert 1 == 2';
      try {
        pytest = readFileSync(join(shared, 'tests/pytest/getting-started_test_sample.txt'), 'utf8');
      } catch {
        // Corpus not beside the repository: the inline sample stands in.
      }
      const detect: number[] = [];
      const record: number[] = [];
      for (let i = 0; i < 200; i++) {
        let s = performance.now();
        const f = parseTestOutput(pytest).failures;
        const d = classifyDiagnostic({ source: 'Semgrep', code: 'python.lang.security.audit.formatted-sql-query', message: `SQL built with f-string ${i}`, severity: 'error' });
        const c = detectCorrection(`No, that's wrong: use parameterized queries instead of f-strings (${i})`);
        detect.push(performance.now() - s);
        s = performance.now();
        if (f[0]) await engine.record({ ...toCandidate(f[0], { model: 'gpt-4o' }), errorMessage: `${f[0].message} ${i % 20}` });
        void d;
        void c;
        record.push(performance.now() - s);
      }
      console.log(`detection (test output + diagnostic + chat message): p50 ${ms(pct(detect, 0.5))}, p95 ${ms(pct(detect, 0.95))}`);
      console.log(`engine.record (sanitize + signature + upsert + occurrence): p50 ${ms(pct(record, 0.5))}, p95 ${ms(pct(record, 0.95))}`);
      const s = performance.now();
      await engine.flush();
      console.log(`flush (lock + export + atomic write): ${ms(performance.now() - s)}`);

      for (let i = 0; i < 10; i++) await engine.record(syntheticCandidate(i, r));
      const patterns = engine.listPatterns({ limit: 10 });
      const inj: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const t = performance.now();
        engine.buildInjection(patterns);
        inj.push(performance.now() - t);
      }
      console.log(`\n## Injection build (${patterns.length} patterns): p50 ${ms(pct(inj, 0.5))}, p95 ${ms(pct(inj, 0.95))}`);
      await engine.close();
    }

    console.log('\n## Store size');
    for (const n of [100, 1000, 10_000]) {
      const { store, path } = await buildStore(dir, n, 'bench-random', r, 'size');
      await store.close();
      const bytes = statSync(path).size;
      console.log(`${n} patterns with 384-d vectors (float16, one occurrence each): ${(bytes / 1024).toFixed(0)} KB (${((bytes / n) * 100 / 1024).toFixed(1)} KB per 100 patterns)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
