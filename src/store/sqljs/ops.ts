import type { Candidate, ModelId, Occurrence, Pattern } from '../../core/types';
import { UNATTRIBUTED_MODEL } from '../../core/types';
import type { PatternPatch, RecordOp } from '../types';
import { PATTERN_SELECT, type Row, type StoreDb, rowToOccurrence, rowToPattern } from './db';
import { META_CLEARED_AT } from './schema';

/**
 * Every mutation of the store is one of these operations. An operation is applied to the in-memory
 * database at once (reads see it), and kept in the pending list until a flush has written it. When
 * another writer changed the file in between, the flush reloads the file and applies the pending
 * operations again, in order, on top of it. So operations name patterns by error signature (stable
 * across writers), never by row id (each writer allocates its own), and re-applying one is harmless:
 * a record is skipped when its occurrence uid is already present.
 *
 * `at` is the wall-clock time the operation was made; a clear made later by any writer drops it.
 */
export type StoreOp =
  | RecordStoreOp
  | { readonly kind: 'update'; readonly seq: number; readonly at: number; readonly signature: string; readonly patch: PatternPatch }
  | { readonly kind: 'delete'; readonly seq: number; readonly at: number; readonly signature: string }
  | {
      readonly kind: 'inject';
      readonly seq: number;
      readonly at: number;
      readonly requestId: string;
      readonly signatures: readonly string[];
      readonly model: ModelId;
      readonly timestamp: number;
    }
  | { readonly kind: 'recurred'; readonly seq: number; readonly at: number; readonly signature: string; readonly since: number }
  | {
      readonly kind: 'vector';
      readonly seq: number;
      readonly at: number;
      readonly signature: string;
      readonly embedderId: string;
      readonly dim: number;
      readonly data: Uint8Array;
    }
  | { readonly kind: 'meta'; readonly seq: number; readonly at: number; readonly key: string; readonly value: string | undefined }
  | { readonly kind: 'clear'; readonly seq: number; readonly at: number };

export interface RecordStoreOp {
  readonly kind: 'record';
  readonly seq: number;
  readonly at: number;
  readonly uid: string;
  readonly signature: string;
  readonly candidate: Candidate;
  readonly model: ModelId;
  readonly timestamp: number;
  readonly contexts: readonly string[];
  /** Imports: counters to add instead of one occurrence's worth (see RecordOp.counts). */
  readonly counts?: RecordOp['counts'];
  /** Ids the last application produced; a replay reuses them when still free, so ids rarely move. */
  patternId?: number;
  occurrenceId?: number;
}

export interface ApplyContext {
  readonly maxContexts: number;
  /** Injections older than this and not followed by a recurrence count as successes. */
  readonly settledBefore: number;
}

export interface RecordApplied {
  readonly pattern: Pattern;
  readonly occurrence: Occurrence;
  readonly created: boolean;
}

export type Applied = RecordApplied | Pattern | number | undefined;

const MAX_CONTEXT_CHARS = 200;

/** Distinct contexts, most recently seen last, at most `max` (the oldest fall off). */
export function mergeContexts(existing: readonly string[], incoming: readonly string[], max: number): string[] {
  const fresh = incoming.map((c) => c.trim().slice(0, MAX_CONTEXT_CHARS)).filter((c) => c.length > 0);
  const freshSet = new Set(fresh);
  const merged = [...existing.filter((c) => !freshSet.has(c)), ...new Set(fresh)];
  return max > 0 ? merged.slice(-max) : [];
}

function mergeCwe(existing: readonly string[] | undefined, incoming: readonly string[] | undefined): string | null {
  const all = [...new Set([...(existing ?? []), ...(incoming ?? [])])];
  return all.length ? JSON.stringify(all) : null;
}

function parseList(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function normalizeModel(model: ModelId | undefined): ModelId {
  const m = model?.trim();
  return m ? m : UNATTRIBUTED_MODEL;
}

const orNull = (v: string | number | undefined): string | number | null => (v === undefined || v === '' ? null : v);

/**
 * The upsert. On a repeat: frequency + 1, last/first seen widened, test_failures + 1 for a test
 * failure, user_corrections + 1 for a chat correction, contexts merged (computed before, bounded), an
 * archived pattern comes back, the first attributed model stays (an unattributed pattern takes the
 * first real model), description / fix / error type / rule id / language are kept and filled when
 * empty, snippets and message take the newest non-empty value. Category and severity stay: the engine
 * owns their evolution (updatePattern).
 */
const UPSERT_PATTERN = `
INSERT INTO mistake_patterns (id, model_name, error_signature, category, severity, frequency, first_seen, last_seen,
  user_corrections, test_failures, description, fix_description, contexts, code_snippet, good_snippet, source,
  external_id, error_type, error_message, rule_id, cwe, language, review_status)
VALUES ($id, $model, $signature, $category, $severity, $frequency, $firstSeen, $ts,
  $userCorrections, $testFailures, $description, $fix, $contexts, $code, $good, $source,
  $externalId, $errorType, $errorMessage, $ruleId, $cwe, $language, $review)
ON CONFLICT (error_signature) DO UPDATE SET
  frequency = frequency + excluded.frequency,
  first_seen = min(first_seen, excluded.first_seen),
  last_seen = max(last_seen, excluded.last_seen),
  user_corrections = user_corrections + excluded.user_corrections,
  test_failures = test_failures + excluded.test_failures,
  archived = 0,
  model_name = CASE WHEN model_name = '${UNATTRIBUTED_MODEL}' THEN excluded.model_name ELSE model_name END,
  description = CASE WHEN description = '' THEN excluded.description ELSE description END,
  fix_description = coalesce(nullif(fix_description, ''), excluded.fix_description),
  contexts = excluded.contexts,
  code_snippet = coalesce(excluded.code_snippet, code_snippet),
  good_snippet = coalesce(excluded.good_snippet, good_snippet),
  external_id = coalesce(external_id, excluded.external_id),
  error_type = coalesce(nullif(error_type, ''), excluded.error_type),
  error_message = coalesce(excluded.error_message, error_message),
  rule_id = coalesce(nullif(rule_id, ''), excluded.rule_id),
  cwe = excluded.cwe,
  language = coalesce(nullif(language, ''), excluded.language),
  review_status = CASE WHEN excluded.review_status IS NULL THEN NULL ELSE review_status END
RETURNING id`;

const INSERT_OCCURRENCE = `
INSERT INTO mistake_occurrences (id, uid, pattern_id, project_path, file_path, line, generated_code, error_message, model, source, timestamp)
VALUES ($id, $uid, $patternId, $projectPath, $filePath, $line, $code, $errorMessage, $model, $source, $ts)
RETURNING *`;

export function readPattern(db: StoreDb, id: number, ctx: ApplyContext): Pattern | undefined {
  const r = db.get(`${PATTERN_SELECT} WHERE p.id = $id`, { $id: id, $settledBefore: ctx.settledBefore });
  return r ? rowToPattern(r) : undefined;
}

function idOf(db: StoreDb, signature: string): number | undefined {
  const v = db.value('SELECT id FROM mistake_patterns WHERE error_signature = ?', [signature]);
  return v === undefined || v === null ? undefined : Number(v);
}

function freeId(db: StoreDb, table: 'mistake_patterns' | 'mistake_occurrences', id: number | undefined): number | null {
  if (id === undefined) return null;
  return db.value(`SELECT 1 FROM ${table} WHERE id = ?`, [id]) === undefined ? id : null;
}

function applyRecord(db: StoreDb, op: RecordStoreOp, ctx: ApplyContext): RecordApplied {
  const seen = db.get('SELECT id, pattern_id FROM mistake_occurrences WHERE uid = ?', [op.uid]);
  if (seen) {
    const pattern = readPattern(db, Number(seen.pattern_id), ctx);
    const occ = db.get('SELECT * FROM mistake_occurrences WHERE id = ?', [Number(seen.id)]);
    if (pattern && occ) return { pattern, occurrence: rowToOccurrence(occ), created: false };
  }
  const c = op.candidate;
  const model = normalizeModel(op.model);
  const existing: Row | undefined = db.get('SELECT id, contexts, cwe FROM mistake_patterns WHERE error_signature = ?', [op.signature]);
  const contexts = mergeContexts(existing ? parseList(existing.contexts) : [], op.contexts, ctx.maxContexts);
  const patternId = Number(
    db.value(UPSERT_PATTERN, {
      // The existing row's own id on a repeat: a NULL id would make AUTOINCREMENT burn a number.
      $id: existing ? Number(existing.id) : freeId(db, 'mistake_patterns', op.patternId),
      $model: model,
      $signature: op.signature,
      $category: c.category,
      $severity: c.severity,
      $ts: Math.max(op.timestamp, op.counts?.lastSeen ?? op.timestamp),
      $firstSeen: Math.min(op.timestamp, op.counts?.firstSeen ?? op.timestamp),
      $frequency: op.counts ? Math.max(1, Math.floor(op.counts.frequency)) : 1,
      $userCorrections: op.counts ? Math.max(0, Math.floor(op.counts.userCorrections)) : c.source === 'chat' ? 1 : 0,
      $testFailures: op.counts ? Math.max(0, Math.floor(op.counts.testFailures)) : c.source === 'test' ? 1 : 0,
      $description: c.description ?? '',
      $fix: orNull(c.fixDescription),
      $contexts: JSON.stringify(contexts),
      $code: orNull(c.codeSnippet),
      $good: orNull(c.goodSnippet),
      $source: c.source,
      $externalId: orNull(c.externalId),
      $errorType: orNull(c.errorType),
      $errorMessage: orNull(c.errorMessage),
      $ruleId: orNull(c.ruleId),
      $cwe: mergeCwe(existing ? parseList(existing.cwe) : undefined, c.cwe),
      $language: orNull(c.language),
      // A confident capture of the same mistake accepts a pending pattern; a pending one never demotes.
      $review: c.reviewPending === true ? 'pending' : null,
    }),
  );
  const occRow = db.get(INSERT_OCCURRENCE, {
    $id: freeId(db, 'mistake_occurrences', op.occurrenceId),
    $uid: op.uid,
    $patternId: patternId,
    $projectPath: orNull(c.projectPath),
    $filePath: orNull(c.filePath),
    $line: c.line === undefined || !Number.isFinite(c.line) ? null : Math.trunc(c.line),
    $code: orNull(c.codeSnippet),
    $errorMessage: orNull(c.errorMessage),
    $model: model,
    $source: c.source,
    $ts: op.timestamp,
  });
  if (!occRow) throw new Error('occurrence insert returned no row');
  const occurrence = rowToOccurrence(occRow);
  op.patternId = patternId;
  op.occurrenceId = occurrence.id;
  const pattern = readPattern(db, patternId, ctx);
  if (!pattern) throw new Error('upserted pattern vanished');
  return { pattern, occurrence, created: !existing };
}

const PATCH_COLUMNS: Record<keyof PatternPatch, string> = {
  description: 'description',
  fixDescription: 'fix_description',
  severity: 'severity',
  category: 'category',
  alwaysInject: 'always_inject',
  archived: 'archived',
  goodSnippet: 'good_snippet',
  vectorDbId: 'vector_db_id',
  externalId: 'external_id',
  fixApplied: 'fix_applied',
  pendingReview: 'review_status',
};

const NULLABLE_PATCH_KEYS = new Set<keyof PatternPatch>(['fixDescription', 'goodSnippet', 'vectorDbId', 'externalId']);

function applyUpdate(db: StoreDb, signature: string, patch: PatternPatch, ctx: ApplyContext): Pattern | undefined {
  const id = idOf(db, signature);
  if (id === undefined) return undefined;
  const sets: string[] = [];
  const params: Record<string, string | number | null> = { $id: id };
  for (const [key, column] of Object.entries(PATCH_COLUMNS) as Array<[keyof PatternPatch, string]>) {
    if (!(key in patch)) continue;
    const v = patch[key];
    // An explicit undefined clears an optional field and is ignored for a required one.
    if (v === undefined && !NULLABLE_PATCH_KEYS.has(key)) continue;
    sets.push(`${column} = $${key}`);
    if (key === 'pendingReview') params[`$${key}`] = v === true ? 'pending' : null;
    else params[`$${key}`] = typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
  }
  if (sets.length) db.run(`UPDATE mistake_patterns SET ${sets.join(', ')} WHERE id = $id`, params);
  return readPattern(db, id, ctx);
}

function applyInject(db: StoreDb, requestId: string, signatures: readonly string[], model: ModelId, timestamp: number): number {
  let added = 0;
  for (const signature of signatures) {
    const id = idOf(db, signature);
    if (id === undefined) continue;
    const n = db.run('INSERT OR IGNORE INTO injections (request_id, pattern_id, model, timestamp) VALUES (?, ?, ?, ?)', [
      requestId,
      id,
      normalizeModel(model),
      timestamp,
    ]);
    if (n > 0) {
      db.run('UPDATE mistake_patterns SET injected_count = injected_count + 1 WHERE id = ?', [id]);
      added++;
    }
  }
  return added;
}

function applyRecurred(db: StoreDb, signature: string, since: number): number {
  const id = idOf(db, signature);
  if (id === undefined) return 0;
  const n = db.run('UPDATE injections SET recurred = 1 WHERE pattern_id = ? AND timestamp >= ? AND recurred = 0', [id, since]);
  if (n > 0) db.run('UPDATE mistake_patterns SET recurred_after_injection = recurred_after_injection + ? WHERE id = ?', [n, id]);
  return n;
}

/** Everything goes; VACUUM rebuilds the file so no deleted page survives in the export. */
function applyClear(db: StoreDb, at: number): void {
  db.transaction(() => {
    for (const table of ['pattern_vectors', 'injections', 'mistake_occurrences', 'mistake_patterns']) db.run(`DELETE FROM ${table}`);
    db.run("DELETE FROM meta WHERE key NOT LIKE 'store.%'");
    db.run("DELETE FROM sqlite_sequence WHERE name IN ('mistake_patterns', 'mistake_occurrences', 'injections')");
    db.run(
      'INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))',
      { $k: META_CLEARED_AT, $v: String(at) },
    );
  });
  db.exec('VACUUM');
}

/** Applies one operation; the result is what the public method that made it returns. */
export function applyOp(db: StoreDb, op: StoreOp, ctx: ApplyContext): Applied {
  switch (op.kind) {
    case 'record':
      return db.transaction(() => applyRecord(db, op, ctx));
    case 'update':
      return applyUpdate(db, op.signature, op.patch, ctx);
    case 'delete':
      return db.run('DELETE FROM mistake_patterns WHERE error_signature = ?', [op.signature]);
    case 'inject':
      return db.transaction(() => applyInject(db, op.requestId, op.signatures, op.model, op.timestamp));
    case 'recurred':
      return db.transaction(() => applyRecurred(db, op.signature, op.since));
    case 'vector': {
      const id = idOf(db, op.signature);
      if (id === undefined) return 0;
      return db.run(
        `INSERT INTO pattern_vectors (pattern_id, embedder_id, dim, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (pattern_id, embedder_id) DO UPDATE SET dim = excluded.dim, data = excluded.data`,
        [id, op.embedderId, op.dim, op.data],
      );
    }
    case 'meta':
      return op.value === undefined
        ? db.run('DELETE FROM meta WHERE key = ?', [op.key])
        : db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [op.key, op.value]);
    case 'clear':
      applyClear(db, op.at);
      return undefined;
    default: {
      const never: never = op;
      throw new Error(`unknown store operation ${JSON.stringify(never)}`);
    }
  }
}
