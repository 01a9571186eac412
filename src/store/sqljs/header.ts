/**
 * Reads the 100-byte SQLite header without opening the database: enough to tell "not SQLite" and
 * "truncated" apart from a real file, and to read the generation stamp a writer left in it.
 *
 * Each flush stamps the file with `PRAGMA user_version = generation` (bytes 60..63) and
 * `PRAGMA application_id = random token` (bytes 68..71). Under the lock, a writer compares the pair
 * with the one it loaded: equal means nobody else wrote since, so no reload is needed. The random
 * token makes the check safe even when a generation number repeats (a file restored from backup).
 */

const MAGIC = 'SQLite format 3\u0000';

export interface FileStamp {
  readonly generation: number;
  readonly token: number;
  readonly size: number;
}

/** The stamp of a missing file. */
export const NO_FILE: FileStamp = { generation: 0, token: 0, size: -1 };

export type HeaderCheck = { readonly ok: true; readonly stamp: FileStamp } | { readonly ok: false; readonly reason: string };

export function checkHeader(bytes: Uint8Array): HeaderCheck {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  if (bytes.length < 100) return { ok: false, reason: `too short for SQLite (${bytes.length} bytes)` };
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) return { ok: false, reason: 'not a SQLite database' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return { ok: false, reason: `bad page size ${rawPageSize}` };
  if (bytes.length % pageSize !== 0) return { ok: false, reason: `truncated (${bytes.length} bytes is not a multiple of the ${pageSize}-byte page)` };
  // The in-header page count is only trustworthy when "version-valid-for" matches the change counter.
  const pageCount = view.getUint32(92) === view.getUint32(24) ? view.getUint32(28) : 0;
  if (pageCount > 0 && pageCount * pageSize > bytes.length) {
    return { ok: false, reason: `truncated (${bytes.length} of ${pageCount * pageSize} bytes)` };
  }
  return { ok: true, stamp: { generation: view.getInt32(60), token: view.getInt32(68), size: bytes.length } };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.generation === b.generation && a.token === b.token && a.size === b.size;
}
