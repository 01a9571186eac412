import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cancellation, Clock, Embedder } from '../../../src/core/ports';
import { createEngine, type MistakeEngine, type EngineConfig } from '../../../src/engine';
import { loadSqlJsNode, NodeFileSystem } from '../../../src/store/fileSystem.node';
import type { Candidate } from '../../../src/core/types';

export class ManualClock implements Clock {
  constructor(public t = Date.UTC(2026, 0, 15)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const DAY = 24 * 3600 * 1000;

/**
 * A test double for a *trained* embedding model, which cannot run here (no real weights can be
 * downloaded; the stand-in model has random weights). Hashes words into 64 buckets, so texts that
 * share words are close: enough to test the hybrid path's plumbing, not semantic quality.
 */
export class HashingEmbedder implements Embedder {
  readonly id = 'test-hashing-64';
  readonly dimension = 64;
  calls = 0;
  async embed(texts: readonly string[], _token?: Cancellation): Promise<Float32Array[]> {
    this.calls++;
    return texts.map((t) => {
      const v = new Float32Array(this.dimension);
      for (const w of t.toLowerCase().match(/[a-z]{3,}/g) ?? []) {
        let h = 2166136261;
        for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
        v[(h >>> 0) % this.dimension] += 1;
      }
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    });
  }
}

export interface TestEngine {
  engine: MistakeEngine;
  dir: string;
  dbPath: string;
  clock: ManualClock;
  reopen(): Promise<MistakeEngine>;
  dispose(): Promise<void>;
}

export async function openTestEngine(opts: { embedder?: Embedder; config?: Partial<EngineConfig> } = {}): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-engine-'));
  const dbPath = join(dir, 'store', 'mistakes.db');
  const clock = new ManualClock();
  const make = () =>
    createEngine({
      fs: new NodeFileSystem(),
      storePath: dbPath,
      loadSqlJs: loadSqlJsNode,
      clock,
      config: opts.config,
      embedder: opts.embedder ? async () => opts.embedder : undefined,
    });
  let engine = await make();
  return {
    get engine() {
      return engine;
    },
    dir,
    dbPath,
    clock,
    async reopen() {
      await engine.flush();
      await engine.close();
      engine = await make();
      return engine;
    },
    async dispose() {
      await engine.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function candidate(over: Partial<Candidate> = {}): Candidate {
  return {
    description: 'Await database calls inside async endpoints',
    category: 'async',
    severity: 'major',
    source: 'test',
    errorType: 'RuntimeWarning',
    errorMessage: "coroutine 'fetch_user' was never awaited",
    model: 'gpt-4o',
    ...over,
  };
}
