/**
 * What retrieval reads from the store, kept per store version: the patterns behind search hits (by
 * id and by error signature, read in one query per batch), the always-inject patterns and the
 * stored model names. Any write bumps the store version and so starts a new cache.
 */
import { modelMatches } from '../core/ranking';
import { type Pattern, UNATTRIBUTED_MODEL } from '../core/types';
import type { MetadataStore } from '../store/types';

/** A retrieval touches a few hundred patterns; past this the cache starts again. */
const MAX_CACHED = 20_000;

interface Entries {
  readonly version: number;
  readonly patterns: Map<number, Pattern | undefined>;
  readonly bySignature: Map<string, Pattern | undefined>;
  readonly alwaysInject: readonly Pattern[];
  models?: string[];
}

export class PatternReadCache {
  private entries: Entries = { version: -1, patterns: new Map(), bySignature: new Map(), alwaysInject: [] };

  constructor(private readonly store: MetadataStore) {}

  private current(): Entries {
    if (this.entries.version !== this.store.version || this.entries.patterns.size > MAX_CACHED) {
      this.entries = {
        version: this.store.version,
        patterns: new Map(),
        bySignature: new Map(),
        alwaysInject: this.store.listPatterns({ alwaysInject: true, orderBy: 'frequency', descending: true, limit: 100 }),
      };
    }
    return this.entries;
  }

  get alwaysInject(): readonly Pattern[] {
    return this.current().alwaysInject;
  }

  /** Reads the patterns of a batch of hits in one query instead of one per hit. */
  prefetch(ids: readonly number[]): void {
    const c = this.current();
    const missing = ids.filter((id) => Number.isInteger(id) && !c.patterns.has(id));
    if (!missing.length) return;
    for (const id of missing) c.patterns.set(id, undefined);
    for (const p of this.store.listPatterns({ ids: missing, includeArchived: true, limit: missing.length, orderBy: 'id' })) c.patterns.set(p.id, p);
  }

  pattern(id: number): Pattern | undefined {
    const c = this.current();
    if (!c.patterns.has(id)) c.patterns.set(id, this.store.getPattern(id));
    return c.patterns.get(id);
  }

  prefetchSignatures(signatures: readonly string[]): void {
    const c = this.current();
    const missing = signatures.filter((s) => !c.bySignature.has(s));
    if (!missing.length) return;
    for (const s of missing) c.bySignature.set(s, undefined);
    for (const p of this.store.listPatterns({ signatures: missing, includeArchived: true, limit: missing.length, orderBy: 'id' })) {
      c.bySignature.set(p.errorSignature, p);
      c.patterns.set(p.id, p);
    }
  }

  bySignature(signature: string): Pattern | undefined {
    const c = this.current();
    if (!c.bySignature.has(signature)) this.prefetchSignatures([signature]);
    return c.bySignature.get(signature);
  }

  /** Stored model names of the same family as `model`, plus unattributed (see core/ranking). */
  modelsMatching(model: string): string[] {
    const c = this.current();
    c.models ??= this.store.models();
    return [...new Set([UNATTRIBUTED_MODEL, model, ...c.models.filter((m) => modelMatches(m, model))])];
  }
}
