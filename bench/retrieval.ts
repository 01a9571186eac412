/**
 * Retrieval quality over ../shared/eval/retrieval: documents into the LexicalIndex (and, with
 * --embed, the stand-in or a real model through the embedded vector index), queries scored by hit@1,
 * hit@5 and MRR@10 against relevant_ids, and strictly against primary_ids.
 *   npx tsx bench/retrieval.ts [--dir <eval/retrieval>] [--model-dir <folder>] [--embed] [--verbose]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbedder } from '../src/embedding/embedderFactory.node';
import { LexicalIndex } from '../src/search/lexical';
import { EmbeddedVectorIndex } from '../src/store/vector/embeddedIndex';

interface Doc {
  id: string;
  text: string;
}
interface Query {
  qid: string;
  query: string;
  relevant_ids: string[];
  primary_ids: string[];
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function scoreRuns(queries: Query[], results: Map<string, string[]>, key: 'relevant_ids' | 'primary_ids') {
  let h1 = 0;
  let h5 = 0;
  let mrr = 0;
  for (const q of queries) {
    const rel = new Set(q[key]);
    const ranked = results.get(q.qid) ?? [];
    const rank = ranked.slice(0, 10).findIndex((id) => rel.has(id));
    if (rank === 0) h1++;
    if (rank >= 0 && rank < 5) h5++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  const n = queries.length || 1;
  return { hit1: h1 / n, hit5: h5 / n, mrr10: mrr / n };
}

function fmt(m: { hit1: number; hit5: number; mrr10: number }): string {
  return `hit@1 ${m.hit1.toFixed(3)}  hit@5 ${m.hit5.toFixed(3)}  MRR@10 ${m.mrr10.toFixed(3)}`;
}

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..');
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      'model-dir': { type: 'string' },
      embed: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const shared = process.env.SHARED_DIR ?? path.resolve(repo, '..', 'shared');
  const dir = values.dir ?? path.join(shared, 'eval', 'retrieval');
  const docs = readJsonl<Doc>(path.join(dir, 'docs.jsonl'));
  const queries = readJsonl<Query>(path.join(dir, 'queries.jsonl'));

  const lexical = new LexicalIndex();
  const t0 = performance.now();
  for (const d of docs) lexical.add(d.id, { description: d.text });
  const tIndex = performance.now() - t0;
  const results = new Map<string, string[]>();
  const t1 = performance.now();
  for (const q of queries) results.set(q.qid, lexical.search(q.query, 10).map((h) => h.id));
  const tSearch = (performance.now() - t1) / queries.length;

  console.log(`retrieval quality: ${docs.length} docs, ${queries.length} queries (${dir})`);
  console.log(`lexical  relevant  ${fmt(scoreRuns(queries, results, 'relevant_ids'))}`);
  console.log(`lexical  strict    ${fmt(scoreRuns(queries, results, 'primary_ids'))}`);
  console.log(`lexical  index ${tIndex.toFixed(1)} ms, search ${tSearch.toFixed(2)} ms/query`);
  if (values.verbose) {
    for (const q of queries) {
      const r = results.get(q.qid) ?? [];
      const rank = r.findIndex((id) => q.relevant_ids.includes(id));
      if (rank < 0 || rank >= 5) console.log(`  miss ${q.qid} rank ${rank} want ${q.relevant_ids.join(',')} got ${r.slice(0, 5).join(', ')} | ${q.query.slice(0, 100)}`);
    }
  }

  if (values.embed) {
    

    const modelDir = values['model-dir'] ?? process.env.MISTAKES_TEST_MODEL_DIR ?? path.join(shared, 'models', 'standin-all-MiniLM-L6-v2');
    const embedder = await createEmbedder({ modelDir });
    if (!embedder) {
      console.log('dense: no model available');
      return;
    }
    const index = new EmbeddedVectorIndex({ dimension: embedder.dimension });
    const vectors = await embedder.embed(docs.map((d) => d.text));
    await index.upsert(docs.map((d, i) => ({ id: d.id, vector: vectors[i], metadata: { model: 'any', category: 'other', severity: 'minor', frequency: 1 } })));
    const qv = await embedder.embed(queries.map((q) => q.query));
    const dense = new Map<string, string[]>();
    const fused = new Map<string, string[]>();
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i];
      const d = (await index.query(qv[i], 20)).map((h) => h.id);
      dense.set(q.qid, d);
      const l = lexical.search(q.query, 20).map((h) => h.id);
      const rrf = new Map<string, number>();
      [d, l].forEach((list) => list.forEach((id, r) => rrf.set(id, (rrf.get(id) ?? 0) + 1 / (60 + r))));
      fused.set(q.qid, [...rrf.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id));
    }
    console.log(`dense (${embedder.id}, ${path.basename(modelDir)}): ${fmt(scoreRuns(queries, dense, 'relevant_ids'))}`);
    console.log(`fused RRF lexical+dense:        ${fmt(scoreRuns(queries, fused, 'relevant_ids'))}`);
    console.log('(with the random-weight stand-in, dense figures are meaningless; they check the plumbing)');
  }
}

void main();
