import type * as vscode from 'vscode';
import { activateExtension, type MistakeMemoryApi } from './vscode/activate';
import { webEmbedder } from './vscode/webEmbedder';

/** VS Code for the Web (web worker extension host): same features except running processes. */
export function activate(context: vscode.ExtensionContext): MistakeMemoryApi {
  return activateExtension(context, { platform: { kind: 'web', sqlWasmFile: 'sql-wasm-browser.wasm' }, embedder: webEmbedder });
}

export function deactivate(): void {
  // Disposables registered on the context close the store.
}
