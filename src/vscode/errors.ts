import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

/** Thrown when the user dismisses a prompt: ends the operation quietly. */
export class UserCancelledError extends Error {
  override readonly name = 'UserCancelledError';
}

/** A problem the user can fix (bad setting, missing workspace): shown without "see the log" noise. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}

export function isCancellation(e: unknown): boolean {
  return e instanceof vscode.CancellationError || e instanceof UserCancelledError;
}

export interface ErrorBoundary {
  /** Wraps a command or event handler: logs, shows a short message with "Show Log", keeps cancellations quiet. */
  wrap<A extends unknown[], R>(what: string, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R | undefined>;
  /** Same handling for an error already caught. */
  report(what: string, e: unknown, options?: { quiet?: boolean }): void;
}

export function createErrorBoundary(logger: Logger, showLog: () => void): ErrorBoundary {
  const report = (what: string, e: unknown, options?: { quiet?: boolean }): void => {
    if (isCancellation(e)) {
      logger.debug(`${what}: cancelled`);
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    logger.error(`${what} failed: ${message}`);
    if (e instanceof Error && e.stack) logger.debug(e.stack);
    if (options?.quiet) return;
    const text = `Mistake Memory: ${what} failed: ${message.split('\n')[0]?.slice(0, 200) ?? ''}`;
    const action = e instanceof UserFacingError ? undefined : 'Show Log';
    void Promise.resolve(action ? vscode.window.showErrorMessage(text, action) : vscode.window.showErrorMessage(text)).then((picked) => {
      if (picked === 'Show Log') showLog();
    });
  };
  return {
    report,
    wrap:
      <A extends unknown[], R>(what: string, fn: (...args: A) => R | Promise<R>) =>
      async (...args: A): Promise<R | undefined> => {
        try {
          return await fn(...args);
        } catch (e) {
          report(what, e);
          return undefined;
        }
      },
  };
}
