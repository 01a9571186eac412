import type { BindParams, Database, ParamsObject, SqlValue, Statement } from 'sql.js';
import type { Category, ModelId, Occurrence, Pattern, Severity, Source } from '../../core/types';

export type Row = ParamsObject;

const MAX_CACHED_STATEMENTS = 200;

/**
 * A sql.js database with a prepared-statement cache and row helpers: statements are prepared once per
 * database and reset after each use (an upsert then costs a fraction of a millisecond).
 */
export class StoreDb {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly raw: Database) {}

  private statement(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.cache.set(sql, s);
      // Query shapes (filter combinations) are few, but bound them anyway: drop the oldest.
      if (this.cache.size > MAX_CACHED_STATEMENTS) {
        const [oldestSql, oldest] = this.cache.entries().next().value as [string, Statement];
        oldest.free();
        this.cache.delete(oldestSql);
      }
    }
    return s;
  }

  all(sql: string, params: BindParams = null): Row[] {
    const s = this.statement(sql);
    try {
      if (params) s.bind(params);
      const rows: Row[] = [];
      while (s.step()) rows.push(s.getAsObject());
      return rows;
    } finally {
      s.reset();
    }
  }

  /** Rows as arrays in column order: cheaper than objects for large scans (vectors). */
  arrays(sql: string, params: BindParams = null): SqlValue[][] {
    const s = this.statement(sql);
    try {
      if (params) s.bind(params);
      const rows: SqlValue[][] = [];
      while (s.step()) rows.push(s.get());
      return rows;
    } finally {
      s.reset();
    }
  }

  get(sql: string, params: BindParams = null): Row | undefined {
    const s = this.statement(sql);
    try {
      if (params) s.bind(params);
      return s.step() ? s.getAsObject() : undefined;
    } finally {
      s.reset();
    }
  }

  value(sql: string, params: BindParams = null): SqlValue | undefined {
    const s = this.statement(sql);
    try {
      if (params) s.bind(params);
      return s.step() ? s.get()[0] : undefined;
    } finally {
      s.reset();
    }
  }

  /** Runs a write; returns the number of rows changed. */
  run(sql: string, params: BindParams = null): number {
    const s = this.statement(sql);
    try {
      s.run(params ?? undefined);
    } finally {
      s.reset();
    }
    return this.raw.getRowsModified();
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  /** All or nothing; nests. Uses cached statements: `exec` would re-parse the SQL every time. */
  transaction<T>(fn: () => T): T {
    this.run('SAVEPOINT op');
    try {
      const r = fn();
      this.run('RELEASE op');
      return r;
    } catch (e) {
      this.run('ROLLBACK TO op');
      this.run('RELEASE op');
      throw e;
    }
  }

  /** Bytes the exported file will take (page count × page size). */
  sizeBytes(): number {
    return Number(this.value('PRAGMA page_count')) * Number(this.value('PRAGMA page_size'));
  }

  close(): void {
    for (const s of this.cache.values()) s.free();
    this.cache.clear();
    this.raw.close();
  }
}

export function str(v: SqlValue | undefined): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

function num(v: SqlValue | undefined): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

export function jsonArray(v: SqlValue | undefined): string[] | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Columns every pattern read selects. `successes` (injections that settled without a recurrence) is
 * computed from the injections table at read time, so it is exact whatever the clock says; only for
 * patterns that were ever injected, so listing thousands of patterns does not run thousands of lookups.
 */
export const PATTERN_SELECT = `SELECT p.*,
  CASE WHEN p.injected_count > 0 THEN
    (SELECT count(*) FROM injections i WHERE i.pattern_id = p.id AND i.recurred = 0 AND i.timestamp < $settledBefore)
  ELSE 0 END AS successes
  FROM mistake_patterns p`;

export function rowToPattern(r: Row): Pattern {
  return {
    id: num(r.id),
    externalId: str(r.external_id),
    vectorDbId: str(r.vector_db_id),
    modelName: String(r.model_name),
    errorSignature: String(r.error_signature),
    category: String(r.category) as Category,
    severity: String(r.severity) as Severity,
    frequency: num(r.frequency),
    firstSeen: num(r.first_seen),
    lastSeen: num(r.last_seen),
    fixApplied: num(r.fix_applied),
    userCorrections: num(r.user_corrections),
    testFailures: num(r.test_failures),
    archived: num(r.archived) !== 0,
    description: String(r.description ?? ''),
    fixDescription: str(r.fix_description),
    contexts: jsonArray(r.contexts) ?? [],
    codeSnippet: str(r.code_snippet),
    goodSnippet: str(r.good_snippet),
    source: String(r.source) as Source,
    alwaysInject: num(r.always_inject) !== 0,
    injectedCount: num(r.injected_count),
    recurredAfterInjection: num(r.recurred_after_injection),
    successCount: r.successes === undefined ? num(r.success_count) : num(r.successes),
    errorType: str(r.error_type),
    errorMessage: str(r.error_message),
    ruleId: str(r.rule_id),
    cwe: jsonArray(r.cwe),
    language: str(r.language),
    ...(r.review_status === 'pending' ? { pendingReview: true } : {}),
  };
}

export function rowToOccurrence(r: Row): Occurrence {
  return {
    id: num(r.id),
    patternId: num(r.pattern_id),
    projectPath: str(r.project_path),
    filePath: str(r.file_path),
    line: r.line === null || r.line === undefined ? undefined : num(r.line),
    generatedCode: str(r.generated_code),
    errorMessage: str(r.error_message),
    model: String(r.model) as ModelId,
    source: String(r.source) as Source,
    timestamp: num(r.timestamp),
  };
}
