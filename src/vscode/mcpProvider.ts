import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

/** Must match `contributes.mcpServerDefinitionProviders[].id` in package.json. */
export const MCP_PROVIDER_ID = 'mistakes.mcpServers';
export const MCP_ENABLED_SETTING = 'mistakes.mcp.enabled';
const STORE_SETTING = 'mistakes.storePath';

export interface McpProviderOptions {
  /** The file system path of the store this window uses (the server opens the same one). */
  readonly storePath: () => string;
  readonly logger: Logger;
}

/**
 * Offers the `mistakes mcp` stdio server to VS Code's agent mode while `mistakes.mcp.enabled` is
 * on. The provider is registered once (VS Code asks for it at activation) and returns no server
 * while the setting is off; toggling the setting or moving the store tells VS Code to ask again.
 * Desktop only: a stdio server needs a local process, which the web extension host cannot start.
 */
export function registerMcpServerProvider(context: vscode.ExtensionContext, opts: McpProviderOptions): vscode.Disposable {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof process === 'undefined' || vscode.env.uiKind === vscode.UIKind.Web) {
    opts.logger.debug('MCP server definitions are not supported in this host; not offering the server.');
    return new vscode.Disposable(() => undefined);
  }
  const changed = new vscode.EventEmitter<void>();
  const enabled = () => vscode.workspace.getConfiguration().get<boolean>(MCP_ENABLED_SETTING) === true;
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  const extensionVersion = String((context.extension?.packageJSON as { version?: unknown } | undefined)?.version ?? '0.0.0');

  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      if (!enabled()) return [];
      const store = opts.storePath();
      // The editor's own runtime runs the bundled CLI, so no separate Node.js install is needed.
      const server = new vscode.McpStdioServerDefinition('Mistake Memory', process.execPath, [cli, 'mcp', '--db', store], { ELECTRON_RUN_AS_NODE: '1' }, `${extensionVersion}+${hashOf(store)}`);
      opts.logger.info(`Offering the MCP server on ${store}.`);
      return [server];
    },
    resolveMcpServerDefinition: (server) => {
      // The store may have moved since the definition was listed: always start on the current one.
      if (!enabled()) return undefined;
      server.args = [cli, 'mcp', '--db', opts.storePath()];
      return server;
    },
  };

  const registration = lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  const watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(MCP_ENABLED_SETTING) || e.affectsConfiguration(STORE_SETTING)) changed.fire();
  });
  const disposable = vscode.Disposable.from(registration, watch, changed);
  context.subscriptions.push(disposable);
  return disposable;
}

/** A short stable tag of the store path: a new version makes VS Code restart the server on the new store. */
function hashOf(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(36);
}
