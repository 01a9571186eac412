/**
 * Retrieval: BM25 hits and, with a model loaded, dense hits (the answering model's patterns first),
 * both over-fetched; always-inject patterns added; then fused and ranked (core/ranking.ts) by
 * relevance × frequency × recency × severity × model factor.
 */
import type { Logger } from '../core/ports';
import { rankCandidates } from '../core/ranking';
import type { Pattern, RetrievalMode } from '../core/types';
import type { RetrievalResult, RetrieveOptions } from './engineApi';
import type { PatternReadCache } from './readCache';
import type { SearchIndexes } from './searchIndexes';

export interface RetrieveDeps {
  readonly indexes: SearchIndexes;
  readonly cache: PatternReadCache;
  readonly logger: Logger;
  readonly now: () => number;
  readonly defaultK: number;
  readonly minSimilarity: number;
  readonly otherModelWeight: number;
  /** A hit from a shared index that is not stored here (a teammate's pattern): stored, or undefined. */
  readonly adopt: (signature: string, document: string | undefined) => Promise<Pattern | undefined>;
}

type Found = Map<number, { pattern: Pattern; similarity?: number; lexical?: number }>;

export async function retrievePatterns(deps: RetrieveDeps, request: string, options: RetrieveOptions = {}): Promise<RetrievalResult> {
  const { indexes, cache } = deps;
  const k = Math.max(1, Math.min(options.k ?? deps.defaultK, 100));
  const overFetch = 2 * k;
  const categories = options.categories;
  await indexes.ensureLexical();

  const found: Found = new Map();
  const keep = (p: Pattern | undefined): p is Pattern => !!p && !p.archived && !p.pendingReview && (!categories || categories.includes(p.category));

  const lexHits = indexes.lexical.search(request, overFetch * 2);
  cache.prefetch(lexHits.map((h) => Number(h.id)));
  const top = lexHits[0]?.score ?? 0;
  for (const hit of lexHits) {
    const p = cache.pattern(Number(hit.id));
    if (!keep(p)) continue;
    found.set(p.id, { pattern: p, lexical: top > 0 ? hit.score / top : 0 });
    if (found.size >= overFetch) break;
  }

  let mode: RetrievalMode = 'lexical-only';
  const embedder = request.trim() ? await indexes.embedder() : undefined;
  if (embedder) {
    mode = 'hybrid';
    try {
      await indexes.ensureVectors(embedder);
      const [vector] = await embedder.embed([request]);
      const dense = async (models: readonly string[] | undefined): Promise<number> => {
        const hits = await indexes.vectorIndex.query(vector, overFetch, { categories, includeArchived: false, models });
        cache.prefetchSignatures(hits.map((h) => h.id));
        for (const hit of hits) {
          // Vector ids are error signatures; a shared index may return a teammate's pattern.
          const p = cache.bySignature(hit.id) ?? (await deps.adopt(hit.id, hit.document));
          if (!keep(p)) continue;
          const entry = found.get(p.id);
          if (entry) entry.similarity = Math.max(entry.similarity ?? -1, hit.score);
          else found.set(p.id, { pattern: p, similarity: hit.score });
        }
        return hits.length;
      };
      // The answering model's patterns (and unattributed ones) first; other models' patterns only
      // when those are too few, since ranking weighs them down anyway and lexical hits still bring
      // them in. One filtered scan instead of two full ones.
      const models = options.model ? cache.modelsMatching(options.model) : undefined;
      if (!models || (await dense(models)) < k) await dense(undefined);
    } catch (e) {
      mode = 'lexical-only';
      deps.logger.warn(`Dense retrieval failed, using lexical results only: ${(e as Error).message}`);
    }
  }

  for (const p of cache.alwaysInject) {
    if (!found.has(p.id) && (!categories || categories.includes(p.category))) found.set(p.id, { pattern: p });
  }

  const patterns = rankCandidates([...found.values()], {
    model: options.model,
    k,
    minSimilarity: options.minSimilarity ?? deps.minSimilarity,
    otherModelWeight: deps.otherModelWeight,
    now: deps.now(),
  });
  return { patterns, mode };
}
