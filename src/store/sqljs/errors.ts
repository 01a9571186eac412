/** Typed failures of the sql.js store, so callers branch on the class, never on message text. */

/** Another writer held the store's lock for longer than the wait allowed. Pending changes are kept. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  constructor(
    readonly lockPath: string,
    readonly waitedMs: number,
    detail = `gave up after ${waitedMs} ms`,
  ) {
    super(`The store is locked by another writer (${lockPath}); ${detail}. Nothing was lost: pending changes stay queued.`);
  }
}

/** The file was written by a newer version of the extension; we refuse to touch it rather than downgrade it. */
export class StoreSchemaTooNewError extends Error {
  override readonly name = 'StoreSchemaTooNewError';
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(`${path} has schema version ${fileVersion}; this version of Mistake Memory supports up to ${supportedVersion}. Update the extension or CLI.`);
  }
}

/** A method was called before `open()` or after `close()`. */
export class StoreNotOpenError extends Error {
  override readonly name = 'StoreNotOpenError';
  constructor() {
    super('The metadata store is not open.');
  }
}
