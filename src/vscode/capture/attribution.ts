import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { looksGenerated, normaliseCode, RegionTracker } from '../../host/capture/regionTracker';

export interface Attribution {
  /** Inside code an AI produced. */
  readonly ai: boolean;
  /** The model that produced it, when known. */
  readonly model?: string;
}

const RECENT_MODEL_MS = 10 * 60_000;
const MAX_ANSWERS = 20;

/**
 * Remembers code an AI wrote so later diagnostics and failures can be attributed to the model:
 * insertions matching a code block from an `@mistakes` answer (that answer's model), and other large
 * multi-line insertions that are neither typing nor a paste of the clipboard (the last chat model, when
 * recent).
 */
export class AttributionService implements vscode.Disposable {
  readonly tracker = new RegionTracker();
  private readonly answers: Array<{ readonly model: string; readonly blocks: readonly string[]; readonly at: number }> = [];
  private lastModel: { readonly model: string; readonly at: number } | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly logger: Logger, private readonly now: () => number = Date.now) {
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidChangeTextDocument((e) => void this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.tracker.forget(d.uri.toString())),
    );
  }

  /** Called by the chat participant with each answer it streamed. */
  noteAnswer(model: string, answer: string): void {
    this.lastModel = { model, at: this.now() };
    const blocks = [...answer.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => normaliseCode(m[1] ?? '')).filter((b) => b.length > 0);
    if (!blocks.length) return;
    this.answers.push({ model, blocks: blocks.map((b) => b.slice(0, 20_000)), at: this.now() });
    while (this.answers.length > MAX_ANSWERS) this.answers.shift();
  }

  attribute(uri: vscode.Uri, line: number): Attribution {
    const r = this.tracker.find(uri.toString(), line);
    return r ? { ai: true, model: r.model } : { ai: false };
  }

  private async onChange(e: vscode.TextDocumentChangeEvent): Promise<void> {
    // Only the user's code: not settings, output channels or chat code blocks.
    if (e.document.uri.scheme !== 'untitled' && !vscode.workspace.getWorkspaceFolder(e.document.uri)) return;
    if (e.reason === vscode.TextDocumentChangeReason.Undo || e.reason === vscode.TextDocumentChangeReason.Redo) return;
    const doc = e.document.uri.toString();
    const inserted: Array<{ start: number; lines: number; text: string }> = [];
    for (const c of e.contentChanges) {
      const lines = c.text.split('\n').length;
      this.tracker.applyEdit(doc, c.range.start.line, c.range.end.line, lines);
      if (looksGenerated(c.text)) inserted.push({ start: c.range.start.line, lines, text: c.text });
    }
    if (!inserted.length) return;
    let clipboard = '';
    try {
      clipboard = normaliseCode(await vscode.env.clipboard.readText());
    } catch {
      // No clipboard access (some web hosts): treat as not pasted.
    }
    for (const ins of inserted) {
      const code = normaliseCode(ins.text);
      if (clipboard && code === clipboard) continue;
      const model = this.modelFor(code);
      this.tracker.add(doc, ins.start, ins.start + ins.lines - 1, model, this.now());
      this.logger.debug(`AI region ${e.document.uri.path}:${ins.start + 1}-${ins.start + ins.lines} (${model ?? 'model unknown'})`);
    }
  }

  private modelFor(code: string): string | undefined {
    for (let i = this.answers.length - 1; i >= 0; i--) {
      const a = this.answers[i];
      if (a && a.blocks.some((b) => b === code || (code.length >= 40 && b.includes(code)))) return a.model;
    }
    return this.lastModel && this.now() - this.lastModel.at < RECENT_MODEL_MS ? this.lastModel.model : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
