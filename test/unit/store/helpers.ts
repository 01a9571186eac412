import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { Clock, FileSystem } from '../../../src/core/ports';
import type { Candidate } from '../../../src/core/types';
import { NodeFileSystem, loadSqlJsNode } from '../../../src/store/fileSystem.node';
import { SqlJsMetadataStore, type SqlJsMetadataStoreOptions } from '../../../src/store/sqljsStore';
import type { RecordOp } from '../../../src/store/types';

export const nodeFs = new NodeFileSystem();

/** A fresh temp directory per test, removed by `cleanupTempDirs` (call from `afterEach`). */
const dirs: string[] = [];
export async function tempDir(): Promise<string> {
  const d = await mkdtemp(nodePath.join(tmpdir(), 'mm-store-'));
  dirs.push(d);
  return d;
}
export async function cleanupTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return { description: 'Await database calls inside async endpoints', category: 'async', severity: 'major', source: 'test', ...overrides };
}

export function recordOp(signature: string, overrides: Partial<Omit<RecordOp, 'candidate'>> & { candidate?: Partial<Candidate> } = {}): RecordOp {
  const { candidate: c, ...rest } = overrides;
  return { signature, candidate: candidate(c), model: 'gpt-4o', timestamp: 1_700_000_000_000, contexts: [], ...rest };
}

export class FakeClock implements Clock {
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
}

export function sqlJs(): Promise<SqlJsStatic> {
  return loadSqlJsNode();
}

export async function openStore(
  path: string,
  options: Partial<SqlJsMetadataStoreOptions> & { fs?: FileSystem } = {},
): Promise<SqlJsMetadataStore> {
  const store = new SqlJsMetadataStore({ fs: nodeFs, path, loadSqlJs: sqlJs, ...options });
  await store.open();
  return store;
}

/** Opens the bytes of a store file with raw sql.js, for looking inside without the store. */
export async function rawQuery(bytes: Uint8Array, sql: string): Promise<unknown[][]> {
  const SQL = await sqlJs();
  const db = new SQL.Database(bytes);
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}
