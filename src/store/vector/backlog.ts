/**
 * The backlog of ResilientVectorIndex: the operations waiting for the primary (the ids and the last
 * operation per id, last writer wins, plus a pending "clear"), and its persistence (small: ids and op
 * kinds only; vectors are kept in memory and found again after a restart through a record resolver).
 */
import type { VectorRecord } from '../../core/ports';
import type { MetadataStore } from '../types';
import { patternVectorRecord } from './records';

export type BacklogOp = 'upsert' | 'delete';

/** What is persisted: small (ids and op kinds only). */
export interface BacklogSnapshot {
  readonly version: 1;
  readonly clear: boolean;
  readonly ops: ReadonlyArray<readonly [id: string, op: BacklogOp]>;
}

export interface BacklogPersistence {
  load(): Promise<BacklogSnapshot | undefined>;
  save(snapshot: BacklogSnapshot): Promise<void>;
}

interface Entry {
  op: BacklogOp;
  gen: number;
}

/** The queued operations, in memory. Each has a generation, so a sync settles only what it sent. */
export class Backlog {
  private readonly entries = new Map<string, Entry>();
  /** Vectors of queued upserts, when this process has them. */
  readonly records = new Map<string, VectorRecord>();
  clearPending = false;
  clearGen = 0;
  private gen = 0;

  /** Ids with a pending upsert or delete, plus 1 for a pending clear. */
  get size(): number {
    return this.entries.size + (this.clearPending ? 1 : 0);
  }

  /** Merges a persisted snapshot: operations queued in this process since win. */
  restore(snap: BacklogSnapshot): void {
    this.clearPending = snap.clear || this.clearPending;
    for (const [id, op] of snap.ops) if (!this.entries.has(id)) this.entries.set(id, { op, gen: ++this.gen });
  }

  add(ids: readonly string[], op: BacklogOp, records?: readonly VectorRecord[]): void {
    const byId = records ? new Map(records.map((r) => [r.id, r])) : undefined;
    for (const id of ids) {
      this.entries.set(id, { op, gen: ++this.gen });
      const r = byId?.get(id);
      if (r) this.records.set(id, r);
      else this.records.delete(id);
    }
  }

  /** Forgets every queued upsert and delete (a clear supersedes them). */
  dropOps(): void {
    this.entries.clear();
    this.records.clear();
  }

  opOf(id: string): BacklogOp | undefined {
    return this.entries.get(id)?.op;
  }

  /** The queued operations as they are now, for a sync. */
  pendingOps(): Array<{ id: string; op: BacklogOp; gen: number }> {
    return [...this.entries.entries()].map(([id, e]) => ({ id, op: e.op, gen: e.gen }));
  }

  /** Drops synced entries unless a newer operation on the same id arrived meanwhile. */
  settle(batch: ReadonlyArray<{ id: string; gen: number }>): void {
    for (const { id, gen } of batch) {
      if (this.entries.get(id)?.gen === gen) {
        this.entries.delete(id);
        this.records.delete(id);
      }
    }
  }

  snapshot(): BacklogSnapshot {
    return {
      version: 1,
      clear: this.clearPending,
      ops: [...this.entries.entries()].map(([id, e]) => [id, e.op] as const),
    };
  }
}

export const BACKLOG_META_KEY = 'chroma.backlog';

/** Persists the backlog as JSON in the store's meta table (flushed with the store). */
export function metaBacklogPersistence(store: Pick<MetadataStore, 'getMeta' | 'setMeta'>, key = BACKLOG_META_KEY): BacklogPersistence {
  let last: string | undefined;
  return {
    async load() {
      return parseBacklog(store.getMeta(key));
    },
    async save(snapshot) {
      const value = snapshot.clear || snapshot.ops.length ? JSON.stringify(snapshot) : undefined;
      if (value === last) return;
      last = value;
      await store.setMeta(key, value);
    },
  };
}

/** In memory (tests, or when nothing should persist). */
export function memoryBacklogPersistence(initial?: BacklogSnapshot): BacklogPersistence & { readonly current: BacklogSnapshot | undefined } {
  let current = initial;
  return {
    get current() {
      return current;
    },
    async load() {
      return current;
    },
    async save(s) {
      current = { version: 1, clear: s.clear, ops: s.ops.map(([id, op]) => [id, op] as const) };
    },
  };
}

export function parseBacklog(raw: string | undefined): BacklogSnapshot | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<BacklogSnapshot>;
    if (v?.version !== 1 || !Array.isArray(v.ops)) return undefined;
    const ops = v.ops.filter(
      (o): o is readonly [string, BacklogOp] => Array.isArray(o) && typeof o[0] === 'string' && (o[1] === 'upsert' || o[1] === 'delete'),
    );
    return { version: 1, clear: v.clear === true, ops };
  } catch {
    return undefined;
  }
}

/**
 * `resolveRecords` from a store: the vectors of one embedder plus each pattern's metadata. Pass the
 * store and the embedder id the engine uses.
 */
export function storeRecordResolver(
  store: Pick<MetadataStore, 'loadVectors' | 'getPattern'>,
  embedderId: string | (() => string | undefined),
): (ids: readonly string[]) => VectorRecord[] {
  return (ids) => {
    const id = typeof embedderId === 'function' ? embedderId() : embedderId;
    if (!id) return [];
    const wanted = new Set(ids);
    const out: VectorRecord[] = [];
    for (const v of store.loadVectors(id)) {
      const p = store.getPattern(v.patternId);
      if (p && wanted.has(p.errorSignature)) out.push(patternVectorRecord(p, v.vector));
    }
    return out;
  };
}
