import * as vscode from 'vscode';
import type { ProgressCallback } from '../core/ports';

/**
 * A progress notification for the one-time model download, opened on the first report and closed when
 * the download completes or stops reporting for a while.
 */
export function modelProgressNotification(title: string, idleCloseMs = 60_000): ProgressCallback {
  let active: { report: (r: { message?: string; increment?: number }) => void; done: () => void; last: number } | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const close = (): void => {
    if (idle) clearTimeout(idle);
    active?.done();
    active = undefined;
  };
  return (r) => {
    if (!active) {
      let report: (v: { message?: string; increment?: number }) => void = () => undefined;
      let done: () => void = () => undefined;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (p) => {
        report = (v) => p.report(v);
        return new Promise<void>((resolve) => (done = resolve));
      });
      active = { report: (v) => report(v), done: () => done(), last: 0 };
    }
    const fraction = r.fraction !== undefined ? Math.max(0, Math.min(1, r.fraction)) : undefined;
    const increment = fraction !== undefined ? Math.max(0, (fraction - active.last) * 100) : undefined;
    if (fraction !== undefined) active.last = Math.max(active.last, fraction);
    active.report({ message: r.message, increment });
    if (idle) clearTimeout(idle);
    if (fraction !== undefined && fraction >= 1) close();
    else idle = setTimeout(close, idleCloseMs);
  };
}
