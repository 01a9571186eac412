import type { Logger } from '../../core/ports';
import type { ModelId, Occurrence, Pattern } from '../../core/types';
import type { PatternQuery, PatternText, StoreStats, StoredVector } from '../types';
import { jsonArray, PATTERN_SELECT, type Row, type StoreDb, rowToOccurrence, rowToPattern, str } from './db';
import { priorityExpr } from './schema';
import { decodeVector } from './vectorCodec';

/**
 * The read side of the sqljs store: queries over an open database. `settledBefore` is the time before
 * which an injection not followed by a recurrence counts as a success (now minus the effectiveness window).
 */

export function findBySignature(db: StoreDb, signature: string, settledBefore: number): Pattern | undefined {
  const r = db.get(`${PATTERN_SELECT} WHERE p.error_signature = $sig`, { $sig: signature, $settledBefore: settledBefore });
  return r ? rowToPattern(r) : undefined;
}

export function findByExternalId(db: StoreDb, externalId: string, settledBefore: number): Pattern | undefined {
  const r = db.get(`${PATTERN_SELECT} WHERE p.external_id = $ext ORDER BY p.id LIMIT 1`, {
    $ext: externalId,
    $settledBefore: settledBefore,
  });
  return r ? rowToPattern(r) : undefined;
}

/** The statement listPatterns runs (exported so tests can check the query plan uses the indexes). */
export function patternListSql(query: PatternQuery): { sql: string; params: Record<string, string | number> } {
  const { where, params } = buildWhere(query);
  const orderBy = query.orderBy ?? 'frequency';
  const dir = (query.descending ?? orderBy !== 'id') ? 'DESC' : 'ASC';
  // Ties: newest id first, in the same direction as the index so a scan can stop at the limit.
  const tieBreak = orderBy === 'id' ? '' : `, p.id ${dir}`;
  return {
    sql: `${PATTERN_SELECT} ${where} ORDER BY ${ORDER_EXPR[orderBy]} ${dir}${tieBreak} LIMIT $limit OFFSET $offset`,
    params: { ...params, $limit: query.limit ?? -1, $offset: Math.max(0, query.offset ?? 0) },
  };
}

export function listPatterns(db: StoreDb, query: PatternQuery, settledBefore: number): Pattern[] {
  const { sql, params } = patternListSql(query);
  return db.all(sql, { ...params, $settledBefore: settledBefore }).map(rowToPattern);
}

/** Rows as arrays, only the searchable columns: no objects, no success counts, no snippets. */
export function listPatternTexts(db: StoreDb): PatternText[] {
  const rows = db.arrays(
    'SELECT id, description, error_type, rule_id, cwe, error_message, fix_description, contexts FROM mistake_patterns WHERE archived = 0 ORDER BY id',
  );
  return rows.map(([id, description, errorType, ruleId, cwe, errorMessage, fixDescription, contexts]) => ({
    id: Number(id),
    description: String(description ?? ''),
    errorType: str(errorType),
    ruleId: str(ruleId),
    cwe: jsonArray(cwe),
    errorMessage: str(errorMessage),
    fixDescription: str(fixDescription),
    contexts: jsonArray(contexts) ?? [],
  }));
}

export function countPatterns(db: StoreDb, query: PatternQuery): number {
  const { where, params } = buildWhere(query);
  return Number(db.value(`SELECT count(*) FROM mistake_patterns p ${where}`, params) ?? 0);
}

export function listOccurrences(db: StoreDb, patternId?: number, limit?: number): Occurrence[] {
  const rows =
    patternId === undefined
      ? db.all('SELECT * FROM mistake_occurrences ORDER BY timestamp DESC, id DESC LIMIT ?', [limit ?? -1])
      : db.all('SELECT * FROM mistake_occurrences WHERE pattern_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?', [patternId, limit ?? -1]);
  return rows.map(rowToOccurrence);
}

/** Grouped by pattern and by the model the injection was made for. */
export function effectiveness(
  db: StoreDb,
  before: number,
): Array<{ patternId: number; model: ModelId; injections: number; successes: number; recurred: number }> {
  return db
    .all(
      `SELECT pattern_id, model, count(*) AS injections,
         sum(CASE WHEN recurred = 0 AND timestamp < $before THEN 1 ELSE 0 END) AS successes,
         sum(recurred) AS recurred
       FROM injections GROUP BY pattern_id, model ORDER BY pattern_id, model`,
      { $before: before },
    )
    .map((r) => ({
      patternId: Number(r.pattern_id),
      model: String(r.model),
      injections: Number(r.injections),
      successes: Number(r.successes),
      recurred: Number(r.recurred),
    }));
}

export function loadVectors(db: StoreDb, embedderId: string, logger: Logger): StoredVector[] {
  const rows = db.arrays('SELECT pattern_id, dim, data FROM pattern_vectors WHERE embedder_id = ? ORDER BY pattern_id', [embedderId]);
  const out: StoredVector[] = [];
  for (const [patternId, dim, data] of rows) {
    const vector = data instanceof Uint8Array ? decodeVector(data, Number(dim)) : undefined;
    if (vector) out.push({ patternId: Number(patternId), vector });
    else logger.warn(`Skipped a stored vector of pattern ${String(patternId)}: its size fits no known encoding.`);
  }
  return out;
}

export function getMeta(db: StoreDb, key: string): string | undefined {
  const v = db.value('SELECT value FROM meta WHERE key = ?', [key]);
  return v === undefined || v === null ? undefined : String(v);
}

export function models(db: StoreDb): string[] {
  return db.all('SELECT DISTINCT model_name AS m FROM mistake_patterns').map((r) => String(r.m));
}

export function signatureOf(db: StoreDb, id: number): string | undefined {
  const v = db.value('SELECT error_signature FROM mistake_patterns WHERE id = ?', [id]);
  return typeof v === 'string' ? v : undefined;
}

export function stats(db: StoreDb): StoreStats {
  const count = (sql: string) => Number(db.value(sql) ?? 0);
  const tally = (rows: Row[]) => Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
  const byModel: Record<string, { patterns: number; occurrences: number }> = {};
  for (const r of db.all('SELECT model_name AS k, count(*) AS n FROM mistake_patterns WHERE archived = 0 GROUP BY model_name')) {
    byModel[String(r.k)] = { patterns: Number(r.n), occurrences: 0 };
  }
  for (const r of db.all('SELECT model AS k, count(*) AS n FROM mistake_occurrences GROUP BY model')) {
    (byModel[String(r.k)] ??= { patterns: 0, occurrences: 0 }).occurrences = Number(r.n);
  }
  return {
    patterns: count('SELECT count(*) FROM mistake_patterns WHERE archived = 0'),
    archivedPatterns: count('SELECT count(*) FROM mistake_patterns WHERE archived = 1'),
    occurrences: count('SELECT count(*) FROM mistake_occurrences'),
    byCategory: tally(db.all('SELECT category AS k, count(*) AS n FROM mistake_patterns WHERE archived = 0 GROUP BY category ORDER BY n DESC')),
    byModel,
    bySeverity: tally(db.all('SELECT severity AS k, count(*) AS n FROM mistake_patterns WHERE archived = 0 GROUP BY severity')),
    occurrencesPerDay: db
      .all("SELECT strftime('%Y-%m-%d', timestamp / 1000, 'unixepoch') AS day, count(*) AS n FROM mistake_occurrences GROUP BY day ORDER BY day")
      .map((r) => ({ day: String(r.day), count: Number(r.n) })),
    injections: count('SELECT count(*) FROM injections'),
    bytes: db.sizeBytes(),
  };
}

const ORDER_EXPR: Record<NonNullable<PatternQuery['orderBy']>, string> = {
  frequency: 'p.frequency',
  lastSeen: 'p.last_seen',
  firstSeen: 'p.first_seen',
  severity: "CASE p.severity WHEN 'critical' THEN 3 WHEN 'major' THEN 2 WHEN 'minor' THEN 1 ELSE 0 END",
  id: 'p.id',
  // Always-inject first, then severity, then frequency; read in the order of idx_patterns_priority.
  priority: priorityExpr('p'),
};

function buildWhere(query: PatternQuery): { where: string; params: Record<string, string | number> } {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (values === undefined) return;
    if (values.length === 0) {
      clauses.push('0');
      return;
    }
    const names = values.map((v, i) => {
      params[`$${name}${i}`] = v;
      return `$${name}${i}`;
    });
    clauses.push(`${column} IN (${names.join(', ')})`);
  };
  inList('p.model_name', 'model', query.models);
  // Lookups by id or signature (every retrieval makes one, of any length) take the list as one JSON
  // parameter: one statement text, prepared once, instead of a new one for every list length.
  const jsonList = (column: string, name: string, values: readonly (string | number)[] | undefined) => {
    if (values === undefined) return;
    if (values.length === 0) {
      clauses.push('0');
      return;
    }
    params[`$${name}`] = JSON.stringify(values);
    clauses.push(`${column} IN (SELECT value FROM json_each($${name}))`);
  };
  jsonList('p.id', 'ids', query.ids?.filter((id) => Number.isSafeInteger(id)));
  jsonList('p.error_signature', 'sigs', query.signatures);
  inList('p.category', 'category', query.categories);
  inList('p.severity', 'severity', query.severities);
  inList('p.source', 'source', query.sources);
  inList('p.language', 'language', query.languages);
  if (query.projectPath !== undefined) {
    clauses.push('p.id IN (SELECT pattern_id FROM mistake_occurrences WHERE project_path = $project)');
    params.$project = query.projectPath;
  }
  const context = query.context?.trim().toLowerCase();
  if (context) {
    // contexts is a JSON array of strings: the entry, quoted, is a whole element.
    clauses.push('instr(lower(p.contexts), $context) > 0');
    params.$context = JSON.stringify(context);
  }
  if (query.alwaysInject !== undefined) clauses.push(query.alwaysInject ? 'p.always_inject = 1' : 'p.always_inject = 0');
  if (query.pendingReview !== undefined) clauses.push(query.pendingReview ? "p.review_status = 'pending'" : 'p.review_status IS NULL');
  if (query.lastSeenBefore !== undefined && Number.isFinite(query.lastSeenBefore)) {
    clauses.push('p.last_seen < $lastSeenBefore');
    params.$lastSeenBefore = query.lastSeenBefore;
  }
  if (query.onlyArchived) clauses.push('p.archived = 1');
  else if (!query.includeArchived) clauses.push('p.archived = 0');
  const text = query.text?.trim().toLowerCase();
  if (text) {
    clauses.push(
      "instr(lower(p.description || ' ' || coalesce(p.error_type, '') || ' ' || coalesce(p.rule_id, '') || ' ' || coalesce(p.error_message, '')), $text) > 0",
    );
    params.$text = text;
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
