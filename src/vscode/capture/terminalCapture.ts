import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { AttributionService } from './attribution';
import type { CaptureSink } from '../../host/capture/captureSink';
import { type ShellExecutionLike, type TerminalEventsLike, TerminalTestWatcher } from '../../host/capture/terminalOutput';
import { learnFromTestOutput } from './testResults';

/** Test commands run in integrated terminals with shell integration (desktop host). */
export function watchTerminalTests(
  deps: { readonly sink: CaptureSink; readonly attribution: AttributionService; readonly logger: Logger },
  enabled: () => boolean,
): vscode.Disposable {
  const cwdOf = new WeakMap<ShellExecutionLike, string | undefined>();
  const events: TerminalEventsLike = {
    onDidStart: (l) =>
      vscode.window.onDidStartTerminalShellExecution((e) => {
        cwdOf.set(e.execution, e.execution.cwd?.fsPath);
        l(e.execution);
      }),
    onDidEnd: (l) => vscode.window.onDidEndTerminalShellExecution((e) => l(e.execution, e.exitCode)),
  };
  const watcher = new TerminalTestWatcher(
    events,
    (run) => {
      deps.logger.info(`terminal: "${run.command.slice(0, 120)}" ended (exit ${run.exitCode ?? '?'}), ${run.output.length} chars`);
      if (run.exitCode === 0) return;
      const projectPath = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      void learnFromTestOutput(run.output, 'terminal', { ...deps, projectPath }).catch((e: unknown) => deps.logger.error(`terminal capture: ${String(e)}`));
    },
    { enabled: () => enabled() && deps.sink.enabled },
  );
  return new vscode.Disposable(() => watcher.dispose());
}
