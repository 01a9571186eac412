import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadSqlJsNode } from './store/fileSystem.node';
import { activateExtension, type MistakeMemoryApi } from './vscode/activate';
import { watchTerminalTests } from './vscode/capture/terminalCapture';
import { resolveStoreUri } from './vscode/engineHost';
import { registerMcpServerProvider } from './vscode/mcpProvider';
import { modelProgressNotification } from './vscode/modelProgress';
import { guessTestCommand } from './vscode/testCommands.node';
import { runTestCommand } from './vscode/testRunner.node';

/** Desktop (Node extension host): adds terminal capture and running test commands. */
export function activate(context: vscode.ExtensionContext): MistakeMemoryApi {
  return activateExtension(context, {
    platform: {
      kind: 'node',
      sqlWasmFile: 'sql-wasm.wasm',
      // dist/sql-wasm.js and dist/sql-wasm.wasm, beside this bundle (the .vsix ships both).
      loadSqlJs: () => loadSqlJsNode(),
      homeDir: os.homedir(),
      // The editor's own runtime runs the bundled CLI, so agent hooks need no separate Node.js install.
      hookRunner: {
        program: [process.execPath, vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath],
        env: { ELECTRON_RUN_AS_NODE: '1' },
        windows: process.platform === 'win32',
      },
      testRunner: {
        run: (command, cwd, token, onOutput) => runTestCommand(command, { cwd, token, onOutput, timeoutMs: 30 * 60_000 }),
        guessCommand: async (folder) => guessTestCommand(folder),
      },
    },
    registerCapture: (s) =>
      vscode.Disposable.from(
        watchTerminalTests(s, () => s.settings().captureTerminal),
        // The stdio MCP server needs a local process: desktop only.
        registerMcpServerProvider(context, { storePath: () => resolveStoreUri(s, s.settings().storePath).fsPath, logger: s.logger }),
      ),
    // transformers.js loads only when the engine first needs a vector, never during activation.
    embedder: (s) => async () => {
      const st = s.settings();
      const { createEmbedder } = await import('./embedding/embedderFactory.node.js');
      return createEmbedder({
        modelDir: st.modelLocalPath || undefined,
        cacheDir: path.join(s.context.globalStorageUri.fsPath, 'models'),
        allowDownload: st.modelAllowDownload,
        onProgress: modelProgressNotification('Mistake Memory: getting the embedding model (once)'),
        logger: s.logger,
      });
    },
  });
}

export function deactivate(): void {
  // Disposables registered on the context close the store.
}
