/**
 * Retrieval quality through the real CLI: `mistakes import docs.jsonl` into a fresh store, then
 * `mistakes search --batch queries.jsonl --json -k 10`, scored against the labels.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RetrievalMetrics {
  readonly queries: number;
  readonly hitAt1: number;
  readonly hitAt5: number;
  readonly mrrAt10: number;
  readonly strictHitAt1: number;
  readonly strictHitAt5: number;
}

interface Query {
  qid: string;
  relevant_ids: string[];
  primary_ids?: string[];
}

export function scoreRetrieval(queries: readonly Query[], results: ReadonlyMap<string, readonly string[]>): RetrievalMetrics {
  let h1 = 0, h5 = 0, mrr = 0, s1 = 0, s5 = 0;
  for (const q of queries) {
    const ranked = results.get(q.qid) ?? [];
    const rel = new Set(q.relevant_ids);
    const primary = new Set(q.primary_ids ?? q.relevant_ids);
    const first = ranked.slice(0, 10).findIndex((id) => rel.has(id));
    if (first === 0) h1++;
    if (first >= 0 && first < 5) h5++;
    if (first >= 0) mrr += 1 / (first + 1);
    const firstPrimary = ranked.slice(0, 5).findIndex((id) => primary.has(id));
    if (firstPrimary === 0) s1++;
    if (firstPrimary >= 0) s5++;
  }
  const n = queries.length || 1;
  return { queries: queries.length, hitAt1: h1 / n, hitAt5: h5 / n, mrrAt10: mrr / n, strictHitAt1: s1 / n, strictHitAt5: s5 / n };
}

function cli(args: string[]): string {
  const root = resolve(__dirname, '../..');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, MISTAKES_MODEL_DIR: '' } });
  if (r.status !== 0) throw new Error(`mistakes ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export function evalRetrieval(dir: string): RetrievalMetrics {
  const tmp = mkdtempSync(join(tmpdir(), 'mm-eval-'));
  try {
    const db = join(tmp, 'eval.db');
    cli(['import', join(dir, 'docs.jsonl'), '--db', db, '--no-embeddings']);
    const out = cli(['search', '--batch', join(dir, 'queries.jsonl'), '--json', '-k', '10', '--db', db, '--no-embeddings']);
    const results = new Map<string, string[]>();
    for (const line of out.split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { qid: string; results: Array<{ id: string }> };
      results.set(r.qid, r.results.map((x) => x.id));
    }
    const queries = readFileSync(join(dir, 'queries.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Query);
    return scoreRetrieval(queries, results);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
