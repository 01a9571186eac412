import * as vscode from 'vscode';
import { detectFormat, unreadableMessage } from '../../capture/testOutput';
import type { Logger } from '../../core/ports';
import type { AttributionService } from './attribution';
import type { CaptureOrigin, CaptureSink } from '../../host/capture/captureSink';
import { testOutputCandidates } from '../../capture/entry';

/**
 * Turns test output (a JUnit report, a terminal transcript, a test command's output) into stored
 * patterns, attributing each failure whose file and line fall inside AI-written code.
 */
export async function learnFromTestOutput(
  text: string,
  origin: CaptureOrigin,
  deps: { readonly sink: CaptureSink; readonly attribution: AttributionService; readonly logger: Logger; readonly projectPath?: string },
): Promise<{ format: string; failures: number; stored: number }> {
  const { format, items } = testOutputCandidates(text, { projectPath: deps.projectPath });
  let stored = 0;
  for (const item of items) {
    const where = item.filePath ? resolveInWorkspace(item.filePath) : undefined;
    const who = where && item.line ? deps.attribution.attribute(where, item.line - 1) : { ai: false, model: undefined };
    const outcome = await deps.sink.record({ ...item.candidate, model: who.model ?? item.candidate.model }, origin, { attributed: who.ai });
    if (outcome?.stored) stored++;
  }
  deps.logger.info(`${origin}: ${format} output, ${items.length} failure(s), ${stored} stored`);
  return { format, failures: items.length, stored };
}

function resolveInWorkspace(filePath: string): vscode.Uri | undefined {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(filePath)) return vscode.Uri.parse(filePath);
  if (filePath.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(filePath)) return vscode.Uri.file(filePath);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, filePath.replace(/\\/g, '/')) : undefined;
}

const MAX_REPORT_BYTES = 10 * 1024 * 1024;

/** Watches test report files (JUnit, TRX, NUnit, xUnit, RSpec, Dart JSON; configurable globs) and learns from the failures they list. */
export class JUnitWatcher implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly seen = new Map<string, string>();
  private readonly unreadableKinds = new Set<string>();
  private work: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: { readonly sink: CaptureSink; readonly attribution: AttributionService; readonly logger: Logger },
    globs: readonly string[],
  ) {
    this.setGlobs(globs);
  }

  setGlobs(globs: readonly string[]): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = globs.map((g) => {
      const w = vscode.workspace.createFileSystemWatcher(g, false, false, true);
      return vscode.Disposable.from(w, w.onDidCreate((u) => this.schedule(u)), w.onDidChange((u) => this.schedule(u)));
    });
  }

  private schedule(uri: vscode.Uri): void {
    if (!this.deps.sink.enabled) return;
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    // Reporters write in several steps: wait until the file stops changing.
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.work = this.work.then(() => this.ingest(uri)).catch((e: unknown) => this.deps.logger.error(`test report ${uri.path}: ${String(e)}`));
      }, 400),
    );
  }

  /** Reads one report now (also used by the watcher). */
  async ingest(uri: vscode.Uri): Promise<{ failures: number; stored: number } | undefined> {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_REPORT_BYTES) {
      this.deps.logger.warn(`test report ${uri.path} is ${stat.size} bytes; skipped (limit ${MAX_REPORT_BYTES})`);
      return undefined;
    }
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (detectFormat(text) === 'unknown') {
      // Say why nothing is learned, once per file type (a glob can match many such files).
      const kind = /\.([^./\\]+)$/.exec(uri.path)?.[1]?.toLowerCase() ?? '(no extension)';
      if (!this.unreadableKinds.has(kind)) {
        this.unreadableKinds.add(kind);
        this.deps.logger.warn(`${uri.path}: ${unreadableMessage(text)} (further .${kind} files like this are skipped silently)`);
      }
      return undefined;
    }
    // A reporter rewriting the same content (or a save without changes) must not count twice.
    const digest = `${text.length}:${quickHash(text)}`;
    if (this.seen.get(uri.toString()) === digest) return undefined;
    this.seen.set(uri.toString(), digest);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const projectPath = folder ? (folder.uri.scheme === 'file' ? folder.uri.fsPath : folder.uri.toString()) : undefined;
    return learnFromTestOutput(text, 'junit', { ...this.deps, projectPath });
  }

  async settled(): Promise<void> {
    await this.work;
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

function quickHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
