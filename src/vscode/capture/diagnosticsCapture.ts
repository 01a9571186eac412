import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { MistakeMemory } from '../../engine/engineApi';
import type { MistakeSettings } from '../config';
import type { AttributionService } from './attribution';
import type { CaptureSink } from '../../host/capture/captureSink';
import { diagnosticCandidate, type DiagnosticFacts } from '../../capture/entry';

interface Tracked {
  readonly key: string;
  readonly line: number;
  readonly lineText: string;
  patternId?: number;
}

const MAX_KEYS = 20_000;
const MAX_PER_FLUSH = 200;

/**
 * Problems-panel capture. Debounced; each (file, range text, code, message) counts once per session;
 * a diagnostic that goes away after the user edited the file counts as a fixed mistake.
 */
export class DiagnosticsCapture implements vscode.Disposable {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly active = new Map<string, Map<string, Tracked>>();
  private readonly recorded = new Set<string>();
  private readonly editedSince = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: CaptureSink,
    private readonly attribution: AttributionService,
    private readonly engine: () => MistakeMemory | undefined,
    private readonly settings: () => MistakeSettings,
    private readonly logger: Logger,
    private readonly debounceMs = 800,
  ) {
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (!this.sink.enabled) return;
        for (const uri of e.uris) this.pending.add(uri.toString());
        this.schedule();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.editedSince.add(e.document.uri.toString());
      }),
    );
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush()).catch((e: unknown) => this.logger.error(`diagnostics capture: ${String(e)}`));
    }, this.debounceMs);
  }

  /** Waits for scheduled work (tests and shutdown). */
  async settled(): Promise<void> {
    await this.flushing;
  }

  private async flush(): Promise<void> {
    const uris = [...this.pending];
    this.pending.clear();
    const s = this.settings();
    const sources = new Set(s.diagnosticSources.map((x) => x.toLowerCase()));
    let budget = MAX_PER_FLUSH;
    for (const key of uris) {
      const uri = vscode.Uri.parse(key);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      const now = new Map<string, { d: vscode.Diagnostic; t: Tracked }>();
      for (const d of vscode.languages.getDiagnostics(uri)) {
        if (d.severity !== vscode.DiagnosticSeverity.Error && d.severity !== vscode.DiagnosticSeverity.Warning) continue;
        if (!d.source || !sources.has(d.source.toLowerCase())) continue;
        const lineText = doc && d.range.start.line < doc.lineCount ? doc.lineAt(d.range.start.line).text.trim().slice(0, 300) : '';
        const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
        // The line's text rather than its number: an edit above must not make an old finding new.
        const k = [key, d.source, code, d.message.slice(0, 500), lineText || `${d.range.start.line}:${d.range.start.character}`].join('\u0000');
        now.set(k, { d, t: { key: k, line: d.range.start.line, lineText } });
      }
      const before = this.active.get(key) ?? new Map<string, Tracked>();
      const edited = this.editedSince.delete(key);
      for (const [k, t] of before) {
        if (!now.has(k) && edited && t.patternId !== undefined) await this.noteFixed(t, doc);
      }
      const next = new Map<string, Tracked>();
      for (const [k, { d, t }] of now) {
        const old = before.get(k);
        if (old) {
          next.set(k, old);
          continue;
        }
        next.set(k, t);
        if (this.recorded.has(k) || budget <= 0) continue;
        budget--;
        this.remember(k);
        const id = await this.capture(uri, d, t.lineText, doc);
        if (id !== undefined) t.patternId = id;
      }
      if (next.size) this.active.set(key, next);
      else this.active.delete(key);
    }
  }

  private remember(k: string): void {
    this.recorded.add(k);
    if (this.recorded.size > MAX_KEYS) {
      const first = this.recorded.values().next().value;
      if (first !== undefined) this.recorded.delete(first);
    }
  }

  private async capture(uri: vscode.Uri, d: vscode.Diagnostic, lineText: string, doc: vscode.TextDocument | undefined): Promise<number | undefined> {
    const who = this.attribution.attribute(uri, d.range.start.line);
    const snippet = doc ? snippetAround(doc, d.range) : lineText;
    const facts: DiagnosticFacts = {
      source: d.source ?? '',
      code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
      codeHref: typeof d.code === 'object' ? d.code.target.toString() : undefined,
      message: d.message,
      severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
      filePath: vscode.workspace.asRelativePath(uri, false),
      line: d.range.start.line + 1,
      snippet,
      language: doc?.languageId,
    };
    const candidate = diagnosticCandidate(facts, { model: who.model, projectPath: projectPathOf(uri) });
    if (!candidate) return undefined;
    const outcome = await this.sink.record(candidate, 'diagnostics', { attributed: who.ai });
    return outcome?.stored ? outcome.pattern.id : undefined;
  }

  private async noteFixed(t: Tracked, doc: vscode.TextDocument | undefined): Promise<void> {
    const engine = this.engine();
    if (!engine || t.patternId === undefined) return;
    const p = engine.getPattern(t.patternId);
    if (!p) return;
    // The line as it reads now is the "after" of a before/after pair when it still exists and changed.
    const after = doc && t.line < doc.lineCount ? doc.lineAt(t.line).text.trim() : undefined;
    const goodSnippet = !p.goodSnippet && after && t.lineText && after !== t.lineText ? after : undefined;
    await engine.updatePattern(p.id, { fixApplied: p.fixApplied + 1, ...(goodSnippet ? { goodSnippet } : {}) });
    this.logger.info(`diagnostics: pattern #${p.id} fixed (${p.fixApplied + 1} fixes)`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

function snippetAround(doc: vscode.TextDocument, range: vscode.Range): string {
  const start = Math.max(0, range.start.line);
  const end = Math.min(doc.lineCount - 1, Math.max(range.end.line, start), start + 4);
  const lines: string[] = [];
  for (let i = start; i <= end; i++) lines.push(doc.lineAt(i).text);
  return lines.join('\n').slice(0, 1200);
}

export function projectPathOf(uri: vscode.Uri): string | undefined {
  const f = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  return f ? (f.uri.scheme === 'file' ? f.uri.fsPath : f.uri.toString()) : undefined;
}
