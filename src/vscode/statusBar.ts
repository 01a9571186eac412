import * as vscode from 'vscode';
import type { MistakeMemory } from '../engine/engineApi';
import { EMBEDDED_STATUS, statusBarPart, type VectorIndexStatus } from '../host/chromaStatus';
import type { MistakeSettings } from './config';

/**
 * Shows whether capture is on, whether retrieval uses the embedding model or keywords only, and, when a
 * Chroma server is configured, its connection (connected / degraded with a backlog / offline).
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mistakes.status', vscode.StatusBarAlignment.Right, 100);
  private engineSub: vscode.Disposable | undefined;
  private engine: MistakeMemory | undefined;

  constructor(
    private readonly settings: () => MistakeSettings,
    private readonly vectorStatus: () => VectorIndexStatus = () => EMBEDDED_STATUS,
  ) {
    this.item.name = 'Mistake Memory';
    this.item.command = 'mistakes.openDashboard';
    this.update();
    this.item.show();
  }

  attach(engine: MistakeMemory): void {
    this.engine = engine;
    this.engineSub?.dispose();
    this.engineSub = engine.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const s = this.settings();
    const e = this.engine;
    let count: number | undefined;
    try {
      count = e?.countPatterns();
    } catch {
      // The engine is being reopened (store or Chroma settings changed); the new one attaches shortly.
      count = undefined;
    }
    const mode = e ? e.retrievalMode : undefined;
    const chroma = statusBarPart(this.vectorStatus());
    const base = s.trackingEnabled ? `$(history) ${count ?? ''}`.trimEnd() : '$(circle-slash) Mistakes';
    this.item.text = chroma.text ? `${base} ${chroma.text}` : base;
    const lines = [
      `Mistake Memory: capture ${s.trackingEnabled ? 'on' : 'off (opted out)'}`,
      count !== undefined ? `${count} learned pattern(s)` : 'Store not opened yet',
      mode === 'lexical-only' ? 'Retrieval: keywords only (no embedding model)' : mode === 'hybrid' ? 'Retrieval: embeddings + keywords' : '',
      ...chroma.tooltip,
    ].filter(Boolean);
    this.item.tooltip = lines.join('\n');
    this.item.backgroundColor = !s.trackingEnabled || chroma.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.engineSub?.dispose();
    this.item.dispose();
  }
}
