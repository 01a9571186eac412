import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { MistakeMemory } from '../../engine/engineApi';
import type { CaptureState } from '../../shared/protocol';
import { DashboardController, type DashboardEnvironment } from '../../host/dashboard/controller';
import { createNonce, dashboardHtml } from '../../host/dashboard/html';

export const DASHBOARD_VIEW_ID = 'mistakes.dashboard';
export const DASHBOARD_PANEL_TYPE = 'mistakes.dashboardPanel';
export const OPEN_DASHBOARD_COMMAND = 'mistakes.openDashboard';

export interface DashboardDeps {
  readonly getEngine: () => Promise<MistakeMemory>;
  readonly getCaptureState: () => Omit<CaptureState, 'enabledCategories'>;
  /** Fires when something in the capture state changes that no engine event reports (the Chroma connection). */
  readonly onDidChangeCaptureState?: vscode.Event<unknown>;
  readonly logger: Logger;
}

export type DashboardSurface = 'view' | 'panel';

export interface DashboardRegistration extends vscode.Disposable {
  /** Opens (or reveals) the editor-panel dashboard. */
  openPanel(): void;
  /**
   * What the sidebar view or the panel last received: undefined until its webview said `ready` and
   * got an overview. For the status of the UI (and the integration tests, which cannot see inside a webview).
   */
  lastOverview(surface: DashboardSurface): { readonly patterns: number; readonly occurrences: number; readonly at: number } | undefined;
}

/**
 * Registers the sidebar dashboard (`mistakes.dashboard`) and the editor-panel version opened by
 * `mistakes.openDashboard`. Each webview gets its own controller; the engine is opened on the
 * webview's first `ready`, not here.
 */
export function registerDashboard(context: vscode.ExtensionContext, deps: DashboardDeps): DashboardRegistration {
  const roots = [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')];
  const env = vscodeEnvironment(deps);
  let panel: vscode.WebviewPanel | undefined;
  const delivered = new Map<DashboardSurface, { patterns: number; occurrences: number; at: number }>();

  const attach = (webview: vscode.Webview, surface: DashboardSurface): vscode.Disposable => {
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: roots };
    const controller = new DashboardController({
      getEngine: deps.getEngine,
      env,
      logger: deps.logger,
      post: (m) => webview.postMessage(m),
      onOverviewDelivered: (o) => delivered.set(surface, { patterns: o.stats.patterns, occurrences: o.stats.occurrences, at: o.now }),
    });
    const sub = webview.onDidReceiveMessage((m: unknown) => controller.handle(m));
    const stateSub = deps.onDidChangeCaptureState?.(() => controller.notifyChanged('settings'));
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'dashboard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'dashboard.css')).toString(),
      nonce: createNonce(),
      surface,
    });
    return vscode.Disposable.from(controller, sub, { dispose: () => stateSub?.dispose() }, { dispose: () => delivered.delete(surface) });
  };

  const provider: vscode.WebviewViewProvider = {
    resolveWebviewView(view) {
      const attached = attach(view.webview, 'view');
      // Without retainContextWhenHidden the page is destroyed when hidden; it says `ready` again when shown.
      view.onDidDispose(() => attached.dispose());
    },
  };

  const openPanel = (): void => {
    if (panel) {
      panel.reveal();
      return;
    }
    const created = vscode.window.createWebviewPanel(DASHBOARD_PANEL_TYPE, 'Mistake Memory', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: roots,
    });
    created.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    const attached = attach(created.webview, 'panel');
    panel = created;
    created.onDidDispose(() => {
      attached.dispose();
      panel = undefined;
    });
  };

  const disposables: vscode.Disposable[] = [vscode.window.registerWebviewViewProvider(DASHBOARD_VIEW_ID, provider)];
  try {
    disposables.push(vscode.commands.registerCommand(OPEN_DASHBOARD_COMMAND, openPanel));
  } catch (e) {
    // Registered elsewhere (an older wiring that only focuses the view): the panel stays reachable via openPanel().
    deps.logger.warn(`dashboard: ${OPEN_DASHBOARD_COMMAND} is already registered (${(e as Error).message})`);
  }
  return {
    openPanel,
    lastOverview: (surface) => delivered.get(surface),
    dispose: () => {
      panel?.dispose();
      for (const d of disposables) d.dispose();
    },
  };
}

function vscodeEnvironment(deps: DashboardDeps): DashboardEnvironment {
  return {
    executeCommand: (command) => Promise.resolve(vscode.commands.executeCommand(command)),
    confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
    copyToClipboard: async (text) => {
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage('Mistake Memory: instruction copied', 3000);
    },
    captureState: deps.getCaptureState,
  };
}
