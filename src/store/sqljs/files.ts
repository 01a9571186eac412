import type { SqlJsStatic } from 'sql.js';
import type { FileSystem, Logger } from '../../core/ports';
import type { OpenReport } from '../types';
import { StoreDb } from './db';
import { StoreNotOpenError, StoreSchemaTooNewError } from './errors';
import { type FileStamp, NO_FILE, checkHeader } from './header';
import type { FileLock } from './lock';
import { EMPTY_LOG, type ParsedLog, parseLog } from './oplog';
import { CONNECTION_PRAGMAS, LATEST_SCHEMA_VERSION, migrate, minWriterVersionOf, schemaVersionOf } from './schema';

/** The persistence helpers of the sqljs store: opening, checking, exporting, and the files next to it. */

export type Opened = { ok: true; db: StoreDb; stamp: FileStamp } | { ok: false; reason: string };

export function emptyDb(sql: SqlJsStatic | undefined, now: number): StoreDb {
  if (!sql) throw new StoreNotOpenError();
  const raw = new sql.Database();
  migrate(raw, now);
  raw.exec(CONNECTION_PRAGMAS);
  return new StoreDb(raw);
}

/**
 * Opens file bytes as a database and proves them sound: the header (magic, page size, length), an
 * integrity check, our schema (a SQLite file of another application is not ours to modify).
 * `integrity_check` on open; the cheaper `quick_check` for reloads of a file another writer of ours
 * just wrote.
 */
export function tryOpen(
  sql: SqlJsStatic | undefined,
  bytes: Uint8Array,
  check: 'integrity_check' | 'quick_check' | 'deferred',
  path: string,
  now: number,
): Opened {
  const header = checkHeader(bytes);
  if (!header.ok) return { ok: false, reason: header.reason };
  if (!sql) throw new StoreNotOpenError();
  let raw: InstanceType<SqlJsStatic['Database']> | undefined;
  try {
    raw = new sql.Database(bytes);
    if (check !== 'deferred') {
      const verdict = checkVerdict(raw, check);
      if (verdict !== 'ok') throw new Error(`${check}: ${verdict}`);
    }
    const hasTables = raw.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").length > 0;
    if (hasTables && schemaVersionOf(raw) === 0) throw new Error('a SQLite database of another application (no schema_version table)');
    const minWriter = minWriterVersionOf(raw);
    if (minWriter > LATEST_SCHEMA_VERSION) throw new StoreSchemaTooNewError(path, minWriter, LATEST_SCHEMA_VERSION);
    migrate(raw, now);
    raw.exec(CONNECTION_PRAGMAS);
    return { ok: true, db: new StoreDb(raw), stamp: header.stamp };
  } catch (e) {
    raw?.close();
    if (e instanceof StoreSchemaTooNewError) throw e;
    return { ok: false, reason: (e as Error).message };
  }
}

/** 'ok', or what SQLite found wrong with the database's pages. */
export function checkVerdict(raw: { exec(sql: string): Array<{ values: unknown[][] }> }, check: 'integrity_check' | 'quick_check'): string {
  try {
    return String(raw.exec(`PRAGMA ${check}`)[0]?.values[0]?.[0]);
  } catch (e) {
    return (e as Error).message;
  }
}

export function exportDb(db: StoreDb, generation: number, token: number, settledBefore: number): Uint8Array {
  db.exec(`PRAGMA user_version = ${generation}; PRAGMA application_id = ${token};`);
  if (Number(db.value('PRAGMA freelist_count')) > 0) db.exec('PRAGMA incremental_vacuum');
  // A denormalised copy for readers of the raw file; the store itself computes it on read.
  db.run(
    `UPDATE mistake_patterns SET success_count =
       (SELECT count(*) FROM injections i WHERE i.pattern_id = mistake_patterns.id AND i.recurred = 0 AND i.timestamp < $before)
     WHERE injected_count > 0`,
    { $before: settledBefore },
  );
  return db.raw.export();
}

export async function backupDue(fs: FileSystem, backupPath: string, backupIntervalMs: number): Promise<boolean> {
  if (backupIntervalMs <= 0) return true;
  const st = await fs.stat(backupPath);
  // File times are wall-clock times, whatever clock the store was given.
  return !st || Date.now() - st.mtime >= backupIntervalMs;
}

/** Renames a bad file to `<path>.corrupt-<UTC time>[suffix]`, never overwriting an earlier one. */
export async function moveAside(fs: FileSystem, path: string, now: number, file: string, suffix: string): Promise<string> {
  const time = new Date(now).toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${time}${suffix}`;
  for (let i = 2; await fs.stat(target); i++) target = `${path}.corrupt-${time}-${i}${suffix}`;
  await fs.rename(file, target);
  return target;
}

/** After a clear: every file next to the store that may hold its data, except the store and our lock. */
export async function purgeSiblings(fs: FileSystem, path: string): Promise<void> {
  const dir = fs.dirname(path);
  const base = path.slice(dir.length).replace(/^[\\/]+/, '');
  // Temp files of both FileSystem implementations: `<base>.tmp-*` (Node) and `<base>.*.tmp` (vscode).
  const doomed = new RegExp(`^${escapeRegExp(base)}(\\.bak|\\.lexical.*|\\.compacting|\\.corrupt-.*|\\.tmp-.*|\\..*\\.tmp|\\.lock\\.stale-.*|-journal|-wal|-shm)$`);
  for (const name of await fs.list(dir)) {
    if (doomed.test(name)) await fs.delete(fs.join(dir, name));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The operation log as on disk; a damaged one keeps its readable batches, with a warning. */
export async function readLog(fs: FileSystem, logPath: string, logger: Logger): Promise<ParsedLog> {
  let log: ParsedLog;
  try {
    log = parseLog(await fs.readFile(logPath));
  } catch (e) {
    log = { ...EMPTY_LOG, damaged: (e as Error).message };
  }
  if (log.damaged) logger.warn(`Store log ${logPath} is damaged (${log.damaged}); kept the ${log.batches.length} readable change batch(es).`);
  return log;
}

export interface RecoverContext {
  readonly fs: FileSystem;
  readonly path: string;
  readonly backupPath: string;
  readonly lock: FileLock;
  readonly logger: Logger;
  readonly sql: SqlJsStatic | undefined;
  readonly now: () => number;
}

/**
 * At open, the file proved unreadable: under the lock, take it again if another process recovered it
 * meanwhile, else move it aside and restore the backup, or start empty. Returns the database to install.
 */
export async function recoverAtOpen(
  c: RecoverContext,
  reason: string,
): Promise<{ db: StoreDb; stamp: FileStamp; recovered: OpenReport['recovered'] }> {
  const lock = await c.lock.acquire();
  try {
    // Another process may have recovered the file while we waited for the lock.
    const again = await c.fs.readFile(c.path);
    if (!again) return { db: emptyDb(c.sql, c.now()), stamp: NO_FILE, recovered: undefined };
    const reopened = tryOpen(c.sql, again, 'integrity_check', c.path, c.now());
    if (reopened.ok) return { db: reopened.db, stamp: reopened.stamp, recovered: undefined };
    const movedAsideTo = await moveAside(c.fs, c.path, c.now(), c.path, '');
    c.logger.warn(`Store file ${c.path} is unreadable (${reason}); moved it to ${movedAsideTo}.`);
    const backup = await c.fs.readFile(c.backupPath);
    if (backup) {
      const fromBackup = tryOpen(c.sql, backup, 'integrity_check', c.path, c.now());
      if (fromBackup.ok) {
        await c.fs.writeFileAtomic(c.path, backup);
        c.logger.warn(`Restored the store from its backup ${c.backupPath}.`);
        return { db: fromBackup.db, stamp: fromBackup.stamp, recovered: { movedAsideTo, restoredFrom: 'backup' } };
      }
      const backupAside = await moveAside(c.fs, c.path, c.now(), c.backupPath, '.bak');
      c.logger.warn(`The backup is unreadable too (${fromBackup.reason}); moved it to ${backupAside}. Starting empty.`);
    }
    return { db: emptyDb(c.sql, c.now()), stamp: NO_FILE, recovered: { movedAsideTo, restoredFrom: 'empty' } };
  } finally {
    await lock.release();
  }
}
