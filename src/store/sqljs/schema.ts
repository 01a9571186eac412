import type { Database } from 'sql.js';

/**
 * The schema and its migrations. Rules: a migration only adds (tables, columns, indexes), never drops
 * or renames, so an older reader of a newer file still finds what it knows; each migration runs once,
 * inside the transaction that records it in `schema_version`.
 */

/** Internal meta keys live under this prefix; `setMeta` refuses them. */
export const INTERNAL_META_PREFIX = 'store.';
/** Wall-clock time of the last `clear()`: pending operations older than it are dropped when merged. */
export const META_CLEARED_AT = 'store.cleared_at';
export const META_CREATED_AT = 'store.created_at';
/**
 * The lowest code schema version allowed to write this file. Migrations only add, so older code may
 * keep writing a newer file (the CLI and the extension can be different versions); a future migration
 * that older writers would corrupt raises this, and older code then refuses to open the file.
 */
export const META_MIN_WRITER_VERSION = 'store.min_writer_version';

/**
 * Connection settings (not stored in the file): cascading deletes; overwrite deleted content with zeros
 * so a deleted pattern's code does not linger in free pages of the exported file; keep the rollback
 * journal in memory (sql.js keeps the database in an in-memory file system where a journal file per
 * transaction costs ~1 ms per record; durability comes from our atomic file writes, not from SQLite).
 */
export const CONNECTION_PRAGMAS =
  'PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA locking_mode = EXCLUSIVE;';

/**
 * Settings that only take effect on an empty database. 1 KiB pages: the schema's ~24 tables and
 * indexes take a page each even when empty, so the page size sets the floor of a small store (8 KiB
 * pages made an empty file 176 KB, 2 KiB pages 50 KB, 1 KiB pages 27 KB). A 384-d float16 vector row
 * (about 790 bytes) still fits one page, so large stores cost the same: 100 patterns with vectors
 * 171 KB (2 KiB: 190 KB), 1k and 10k patterns about 152 KB per 100 either way (bench/engine.ts,
 * store-size section). Incremental auto-vacuum lets a
 * flush hand free pages back so the file shrinks after deletes. Existing files keep their page size.
 */
const NEW_FILE_PRAGMAS = 'PRAGMA page_size = 1024; PRAGMA auto_vacuum = INCREMENTAL;';

const V1 = `
CREATE TABLE mistake_patterns (
  id                       INTEGER PRIMARY KEY AUTOINCREMENT,
  vector_db_id             TEXT,
  model_name               TEXT    NOT NULL DEFAULT 'unattributed',
  error_signature          TEXT    NOT NULL UNIQUE,
  category                 TEXT    NOT NULL,
  severity                 TEXT    NOT NULL,
  frequency                INTEGER NOT NULL DEFAULT 1,
  first_seen               INTEGER NOT NULL,
  last_seen                INTEGER NOT NULL,
  fix_applied              INTEGER NOT NULL DEFAULT 0,
  user_corrections         INTEGER NOT NULL DEFAULT 0,
  test_failures            INTEGER NOT NULL DEFAULT 0,
  archived                 INTEGER NOT NULL DEFAULT 0,
  description              TEXT    NOT NULL DEFAULT '',
  fix_description          TEXT,
  contexts                 TEXT    NOT NULL DEFAULT '[]',
  code_snippet             TEXT,
  good_snippet             TEXT,
  source                   TEXT    NOT NULL,
  always_inject            INTEGER NOT NULL DEFAULT 0,
  injected_count           INTEGER NOT NULL DEFAULT 0,
  recurred_after_injection INTEGER NOT NULL DEFAULT 0,
  success_count            INTEGER NOT NULL DEFAULT 0,
  external_id              TEXT,
  error_type               TEXT,
  error_message            TEXT,
  rule_id                  TEXT,
  cwe                      TEXT,
  language                 TEXT
);
-- (model_name, category) with frequency last: "top patterns of this model and category" is a bounded index scan.
CREATE INDEX idx_patterns_model_category ON mistake_patterns (model_name, category, frequency);
CREATE INDEX idx_patterns_frequency ON mistake_patterns (frequency);
CREATE INDEX idx_patterns_last_seen ON mistake_patterns (last_seen);
CREATE INDEX idx_patterns_external_id ON mistake_patterns (external_id) WHERE external_id IS NOT NULL;

CREATE TABLE mistake_occurrences (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  uid            TEXT    NOT NULL UNIQUE,
  pattern_id     INTEGER NOT NULL REFERENCES mistake_patterns (id) ON DELETE CASCADE,
  project_path   TEXT,
  file_path      TEXT,
  line           INTEGER,
  generated_code TEXT,
  error_message  TEXT,
  model          TEXT    NOT NULL,
  source         TEXT    NOT NULL,
  timestamp      INTEGER NOT NULL
);
CREATE INDEX idx_occurrences_pattern ON mistake_occurrences (pattern_id);
CREATE INDEX idx_occurrences_timestamp ON mistake_occurrences (timestamp);

CREATE TABLE injections (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT    NOT NULL,
  pattern_id INTEGER NOT NULL REFERENCES mistake_patterns (id) ON DELETE CASCADE,
  model      TEXT    NOT NULL,
  timestamp  INTEGER NOT NULL,
  recurred   INTEGER NOT NULL DEFAULT 0,
  UNIQUE (request_id, pattern_id)
);
CREATE INDEX idx_injections_pattern ON injections (pattern_id, timestamp);

CREATE TABLE pattern_vectors (
  pattern_id  INTEGER NOT NULL REFERENCES mistake_patterns (id) ON DELETE CASCADE,
  embedder_id TEXT    NOT NULL,
  dim         INTEGER NOT NULL,
  data        BLOB    NOT NULL,
  PRIMARY KEY (pattern_id, embedder_id)
);
CREATE INDEX idx_vectors_embedder ON pattern_vectors (embedder_id);
`;

/**
 * Always-inject first, then severity, then frequency, as one sort key (frequency stays far below 1e9).
 * Queries must order by exactly this expression (with their table alias) for SQLite to use the index.
 */
export function priorityExpr(alias: string): string {
  const a = alias ? `${alias}.` : '';
  return `${a}always_inject * 1e12 + (CASE ${a}severity WHEN 'critical' THEN 3 WHEN 'major' THEN 2 WHEN 'minor' THEN 1 ELSE 0 END) * 1e9 + ${a}frequency`;
}

interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database) => void;
}

/** Append new migrations here; never edit a released one. */
const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'patterns, occurrences, injections, vectors, meta', up: (db) => db.exec(V1) },
  {
    version: 2,
    // NULL = accepted (every pattern of a version-1 file), 'pending' = in the review queue. Older code
    // ignores the column (it would inject pending patterns, which it never creates).
    description: 'review status of low-confidence captures',
    up: (db) => db.exec('ALTER TABLE mistake_patterns ADD COLUMN review_status TEXT'),
  },
  {
    version: 3,
    // Injection's "most important first" (always-inject, severity, frequency) read in index order: a
    // hook's candidates are the first rows that pass the filters, not a sort of the whole table; and
    // a workspace's patterns found from its occurrences without reading them all.
    description: 'indexes for injection priority order and for occurrences by workspace',
    up: (db) =>
      db.exec(
        `CREATE INDEX idx_patterns_priority ON mistake_patterns (${priorityExpr('')});
         CREATE INDEX idx_occurrences_project ON mistake_occurrences (project_path, pattern_id) WHERE project_path IS NOT NULL;`,
      ),
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

function hasTable(db: Database, name: string): boolean {
  return db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).length > 0;
}

/** 0 for a database this store never touched. */
export function schemaVersionOf(db: Database): number {
  if (!hasTable(db, 'schema_version')) return 0;
  const r = db.exec('SELECT max(version) FROM schema_version');
  return Number(r[0]?.values[0]?.[0] ?? 0);
}

/** Prepares a brand-new, empty database (page size and vacuum mode must precede the first table). */
export function initNewDatabase(db: Database): void {
  if (db.exec("SELECT 1 FROM sqlite_master LIMIT 1").length === 0) db.exec(NEW_FILE_PRAGMAS);
}

/** The lowest code version that may write this file (see META_MIN_WRITER_VERSION). */
export function minWriterVersionOf(db: Database): number {
  if (!hasTable(db, 'meta')) return 0;
  const r = db.exec('SELECT value FROM meta WHERE key = ?', [META_MIN_WRITER_VERSION]);
  return Number(r[0]?.values[0]?.[0] ?? 0);
}

/**
 * Brings the database to the latest version this code knows; a newer file is left as it is. Returns
 * the version it started from. A failing migration is rolled back and rethrown.
 */
export function migrate(db: Database, now: number): { from: number; to: number } {
  initNewDatabase(db);
  const from = schemaVersionOf(db);
  if (from >= LATEST_SCHEMA_VERSION) return { from, to: from };
  db.exec('BEGIN');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      m.up(db);
      db.run('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)', [m.version, now]);
    }
    db.run('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)', [META_CREATED_AT, String(now)]);
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
  return { from, to: LATEST_SCHEMA_VERSION };
}
