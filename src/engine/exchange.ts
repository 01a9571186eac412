/**
 * Exchange: the JSON export, the fine-tuning export and the parsing of what `importData` accepts
 * (an export bundle, a JSON array of patterns, or JSON lines), the import itself through the one
 * record pipeline (ingest.ts), and the per-model summary of injection effectiveness.
 */
import { type Candidate, isCategory, isSeverity, isSource, type Pattern } from '../core/types';
import type { EffectivenessRow, ExportBundle, ImportReport } from './engineApi';
import type { Ingested, IngestInput } from './ingest';
import type { MetadataStore } from '../store/types';

export function exportBundle(store: MetadataStore, now: number): ExportBundle {
  const patterns = store.listPatterns({ includeArchived: true, orderBy: 'id' });
  return {
    format: 'mistake-memory',
    version: 1,
    exportedAt: new Date(now).toISOString(),
    patterns: patterns.map((p) => ({ ...p, occurrences: store.listOccurrences(p.id, 1000) })),
  };
}

/** JSONL, one chat-format training example per pattern with a known fix. */
export function fineTuningJsonl(store: MetadataStore): string {
  const lines: string[] = [];
  for (const p of store.listPatterns({ includeArchived: true, orderBy: 'frequency', descending: true })) {
    if (!p.fixDescription && !p.goodSnippet) continue;
    const problem = [p.description, p.errorType && `Error: ${p.errorType}${p.errorMessage ? `: ${p.errorMessage}` : ''}`, p.codeSnippet && `Code:\n${p.codeSnippet}`]
      .filter(Boolean)
      .join('\n');
    const answer = [p.fixDescription, p.goodSnippet && `Corrected code:\n${p.goodSnippet}`].filter(Boolean).join('\n');
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'system', content: 'You are a careful coding assistant. Avoid the mistake described and explain the fix.' },
          { role: 'user', content: problem },
          { role: 'assistant', content: answer },
        ],
        metadata: { category: p.category, severity: p.severity, model: p.modelName, frequency: p.frequency },
      }),
    );
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

export type ImportEntry = Record<string, unknown>;

export function parseImport(text: string): { items: ImportEntry[]; errors: string[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return { items: [], errors: [] };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return { items: parsed.filter(isObject), errors: [] };
      if (isObject(parsed) && Array.isArray(parsed.patterns)) return { items: parsed.patterns.filter(isObject), errors: [] };
      if (isObject(parsed)) return { items: [parsed], errors: [] };
    } catch {
      // Not one JSON document: read it as JSON lines below.
    }
  }
  const items: ImportEntry[] = [];
  const errors: string[] = [];
  trimmed.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v: unknown = JSON.parse(line);
      if (isObject(v)) items.push(v);
      else errors.push(`line ${i + 1}: not a JSON object`);
    } catch (e) {
      errors.push(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return { items, errors };
}

function isObject(v: unknown): v is ImportEntry {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function importedCandidate(e: ImportEntry): Candidate | undefined {
  const description = str(e.description) ?? str(e.text);
  if (!description) return undefined;
  const cwe = Array.isArray(e.cwe) ? e.cwe.filter((c): c is string => typeof c === 'string') : undefined;
  return {
    description,
    category: isCategory(e.category) ? e.category : 'other',
    severity: isSeverity(e.severity) ? e.severity : 'minor',
    source: isSource(e.source) ? e.source : 'import',
    errorType: str(e.errorType),
    errorMessage: str(e.errorMessage),
    codeSnippet: str(e.codeSnippet),
    fixDescription: str(e.fixDescription),
    goodSnippet: str(e.goodSnippet),
    model: str(e.modelName) ?? str(e.model),
    ruleId: str(e.ruleId),
    cwe,
    language: str(e.language),
    externalId: str(e.externalId) ?? (typeof e.id === 'string' ? e.id : typeof e.id === 'number' && !('errorSignature' in e) ? String(e.id) : undefined),
  };
}

export function importedCounts(e: ImportEntry) {
  const frequency = num(e.frequency);
  if (frequency === undefined) return undefined;
  return {
    frequency: Math.max(1, Math.floor(frequency)),
    testFailures: num(e.testFailures) ?? 0,
    userCorrections: num(e.userCorrections) ?? 0,
    firstSeen: num(e.firstSeen),
    lastSeen: num(e.lastSeen),
  };
}

/** What importing needs from the engine: the one record pipeline and the search indexes. */
export interface ImportSink {
  ingest(input: IngestInput): Promise<Ingested>;
  index(pattern: Pattern): Promise<void>;
  now(): number;
}

/** Imports every entry of `text` through the record pipeline, keeping the exported counters. */
export async function importEntries(text: string, sink: ImportSink): Promise<ImportReport> {
  const entries = parseImport(text);
  let imported = 0;
  let merged = 0;
  let skipped = 0;
  for (const entry of entries.items) {
    const candidate = importedCandidate(entry);
    if (!candidate) {
      skipped++;
      continue;
    }
    const signature = typeof entry.errorSignature === 'string' && entry.errorSignature ? entry.errorSignature : undefined;
    const counts = importedCounts(entry);
    const { pattern, created } = await sink.ingest({
      candidate,
      signature,
      timestamp: counts?.lastSeen ?? sink.now(),
      contexts: Array.isArray(entry.contexts) ? entry.contexts.filter((c): c is string => typeof c === 'string') : [],
      counts,
    });
    if (created) imported++;
    else merged++;
    await sink.index(pattern);
  }
  return { imported, merged, skipped, errors: entries.errors.slice(0, 50) };
}

/** Injections, successes and recurrences summed per model, with the success rate of what is decided. */
export function effectivenessByModel(rows: readonly EffectivenessRow[]): Record<string, { injections: number; successes: number; recurred: number; successRate?: number }> {
  const byModel: Record<string, { injections: number; successes: number; recurred: number; successRate?: number }> = {};
  for (const r of rows) {
    const m = (byModel[r.model] ??= { injections: 0, successes: 0, recurred: 0 });
    m.injections += r.injections;
    m.successes += r.successes;
    m.recurred += r.recurred;
  }
  for (const m of Object.values(byModel)) m.successRate = successRate(m.successes, m.recurred);
  return byModel;
}

export function successRate(successes: number, recurred: number): number | undefined {
  const decided = successes + recurred;
  return decided ? successes / decided : undefined;
}
