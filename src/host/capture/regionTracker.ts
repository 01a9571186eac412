/**
 * Remembers which line ranges of which documents an AI produced, and keeps them in place while the
 * document is edited. Pure and bounded; the VS Code adapter feeds it document changes.
 */

export interface AiRegion {
  startLine: number;
  /** Inclusive. */
  endLine: number;
  /** The model that wrote it, when known. */
  readonly model?: string;
  readonly at: number;
}

export interface TrackerLimits {
  readonly maxDocuments: number;
  readonly maxRegionsPerDocument: number;
}

export class RegionTracker {
  private readonly docs = new Map<string, AiRegion[]>();

  constructor(private readonly limits: TrackerLimits = { maxDocuments: 200, maxRegionsPerDocument: 50 }) {}

  add(doc: string, startLine: number, endLine: number, model: string | undefined, at: number): void {
    let list = this.docs.get(doc);
    if (!list) {
      if (this.docs.size >= this.limits.maxDocuments) {
        const oldest = this.docs.keys().next().value;
        if (oldest !== undefined) this.docs.delete(oldest);
      }
      list = [];
      this.docs.set(doc, list);
    }
    // A newer write over the same lines replaces the older attribution.
    const kept = list.filter((r) => r.endLine < startLine || r.startLine > endLine);
    kept.push({ startLine, endLine: Math.max(startLine, endLine), model, at });
    while (kept.length > this.limits.maxRegionsPerDocument) kept.shift();
    this.docs.set(doc, kept);
  }

  /**
   * Shifts regions for an edit that replaced lines [startLine, endLine] (old numbering) with text
   * spanning `newLineCount` lines. Regions fully inside a replaced range shrink or vanish.
   */
  applyEdit(doc: string, startLine: number, endLine: number, newLineCount: number): void {
    const list = this.docs.get(doc);
    if (!list) return;
    const delta = newLineCount - (endLine - startLine + 1);
    if (delta === 0) return;
    const out: AiRegion[] = [];
    for (const r of list) {
      if (r.endLine < startLine) out.push(r);
      else if (r.startLine > endLine) out.push({ ...r, startLine: r.startLine + delta, endLine: r.endLine + delta });
      else {
        // Overlap: stretch or shrink the region by the edit, never below one line.
        const end = Math.max(r.startLine, r.endLine + delta);
        out.push({ ...r, endLine: end });
      }
    }
    this.docs.set(doc, out);
  }

  find(doc: string, line: number): AiRegion | undefined {
    const list = this.docs.get(doc);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i];
      if (r && line >= r.startLine && line <= r.endLine) return r;
    }
    return undefined;
  }

  forget(doc: string): void {
    this.docs.delete(doc);
  }

  clear(): void {
    this.docs.clear();
  }
}

/**
 * Whether an inserted text looks machine-produced rather than typed: several lines at once. Pastes
 * look the same, so the adapter compares with the clipboard before calling this an AI region.
 */
export function looksGenerated(text: string, minLines = 3, minChars = 80): boolean {
  if (text.length < minChars) return false;
  let lines = 1;
  for (let i = 0; i < text.length && lines < minLines; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines >= minLines;
}

/** Normalises code for comparing an insertion with a code block from a chat answer. */
export function normaliseCode(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '').trim();
}
