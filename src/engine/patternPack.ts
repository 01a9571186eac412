/**
 * Pattern packs: team sharing without a server. One person exports a reviewed JSON file of selected
 * patterns; others import it. Deduplication is by error signature (the engine's import merges into an
 * existing pattern with the same signature and adds the pack's counts), so frequencies and model
 * attribution travel with the lessons.
 *
 * A pack carries lessons, never personal context: no occurrences, no project or file paths (absolute
 * paths in messages and snippets are cut to their base names, contexts that are paths are dropped),
 * no local ids, no injection history. Text was sanitized (secrets, hosts, home directories) when it was
 * captured.
 */
import { fnv1a64 } from '../core/hash';
import { type Category, isCategory, type ModelId, type Occurrence, type Pattern } from '../core/types';
import type { ImportReport, MistakeMemory } from './engineApi';

export const PACK_FORMAT = 'mistake-memory-pack';
export const PACK_VERSION = 1;

export interface PackPattern {
  readonly errorSignature: string;
  readonly description: string;
  readonly category: Category;
  readonly severity: Pattern['severity'];
  readonly source: Pattern['source'];
  /** The model the pattern is attributed to. */
  readonly modelName: ModelId;
  /** Occurrences per model, from the exporter's history (attribution detail; informative). */
  readonly models: Readonly<Record<ModelId, number>>;
  readonly frequency: number;
  readonly testFailures: number;
  readonly userCorrections: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly fixDescription?: string;
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly codeSnippet?: string;
  readonly goodSnippet?: string;
  readonly ruleId?: string;
  readonly cwe?: readonly string[];
  readonly language?: string;
  readonly contexts?: readonly string[];
}

export interface PatternPack {
  readonly format: typeof PACK_FORMAT;
  readonly version: typeof PACK_VERSION;
  /** Content hash of the patterns: the same pack imported twice is recognised. */
  readonly packId: string;
  readonly name?: string;
  readonly description?: string;
  readonly createdAt: string;
  readonly patterns: readonly PackPattern[];
}

export interface ExportPackOptions {
  /** Only patterns seen at least this often. */
  readonly minFrequency?: number;
  readonly categories?: readonly Category[];
  readonly models?: readonly ModelId[];
  /** Only these pattern ids (after the other filters). */
  readonly ids?: readonly number[];
  readonly includeArchived?: boolean;
  readonly name?: string;
  readonly description?: string;
  /** Default now. */
  readonly now?: number;
  /** Occurrences read per pattern for the per-model counts. Default 1000. */
  readonly occurrenceLimit?: number;
}

export class PackFormatError extends Error {
  override readonly name = 'PackFormatError';
}

type PackEngine = Pick<MistakeMemory, 'listPatterns' | 'listOccurrences'>;

export function exportPack(engine: PackEngine, options: ExportPackOptions = {}): PatternPack {
  const ids = options.ids ? new Set(options.ids) : undefined;
  const patterns = engine
    .listPatterns({
      includeArchived: options.includeArchived ?? false,
      categories: options.categories,
      models: options.models,
      orderBy: 'frequency',
      descending: true,
    })
    .filter((p) => p.frequency >= (options.minFrequency ?? 1))
    .filter((p) => !ids || ids.has(p.id));
  const packed = patterns.map((p) => packPattern(p, engine.listOccurrences(p.id, options.occurrenceLimit ?? 1000)));
  return {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    packId: packIdOf(packed),
    name: options.name,
    description: options.description,
    createdAt: new Date(options.now ?? Date.now()).toISOString(),
    patterns: packed,
  };
}

function packPattern(p: Pattern, occurrences: readonly Occurrence[]): PackPattern {
  const models: Record<string, number> = {};
  for (const o of occurrences) models[o.model] = (models[o.model] ?? 0) + 1;
  if (!occurrences.length) models[p.modelName] = p.frequency;
  const contexts = p.contexts.filter((c) => !/[\\/]/.test(c)).map((c) => stripPaths(c));
  return dropUndefined({
    errorSignature: p.errorSignature,
    description: stripPaths(p.description),
    category: p.category,
    severity: p.severity,
    source: p.source,
    modelName: p.modelName,
    models,
    frequency: p.frequency,
    testFailures: p.testFailures,
    userCorrections: p.userCorrections,
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    fixDescription: p.fixDescription && stripPaths(p.fixDescription),
    errorType: p.errorType,
    errorMessage: p.errorMessage && stripPaths(p.errorMessage),
    codeSnippet: p.codeSnippet && stripPaths(p.codeSnippet),
    goodSnippet: p.goodSnippet && stripPaths(p.goodSnippet),
    ruleId: p.ruleId,
    cwe: p.cwe?.length ? [...p.cwe] : undefined,
    language: p.language,
    contexts: contexts.length ? contexts : undefined,
  });
}

/**
 * Absolute paths (POSIX with two or more segments, Windows drive or UNC paths) → their base name.
 * URLs are left alone (they were already reduced by the sanitizer).
 */
export function stripPaths(text: string): string {
  return text
    .replace(/(?<![\w:/.~-])(?:\/[\w.@+~-]+){2,}\/?/g, (m) => baseOf(m))
    .replace(/\b[A-Za-z]:(?:\\{1,2}|\/)(?:[\w .@+~-]+(?:\\{1,2}|\/))*[\w.@+~-]+/g, (m) => baseOf(m))
    .replace(/\\\\[\w.-]+(?:\\[\w .@+~-]+)+/g, (m) => baseOf(m));
}

function baseOf(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function packIdOf(patterns: readonly PackPattern[]): string {
  const canonical = patterns
    .map((p) => `${p.errorSignature}|${p.frequency}|${p.lastSeen}|${p.modelName}`)
    .sort()
    .join('\n');
  return `pack-${fnv1a64(canonical)}`;
}

/** Validates a pack's JSON; throws PackFormatError with the first problem. */
export function parsePack(text: string): PatternPack {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PackFormatError(`not JSON: ${(e as Error).message}`);
  }
  const o = v as Partial<PatternPack> | null;
  if (!o || typeof o !== 'object' || o.format !== PACK_FORMAT) throw new PackFormatError(`not a pattern pack (format must be "${PACK_FORMAT}")`);
  if (o.version !== PACK_VERSION) throw new PackFormatError(`unsupported pack version ${String(o.version)} (this version reads ${PACK_VERSION})`);
  if (!Array.isArray(o.patterns)) throw new PackFormatError('the pack has no "patterns" list');
  o.patterns.forEach((p: Partial<PackPattern>, i: number) => {
    if (!p || typeof p !== 'object') throw new PackFormatError(`pattern ${i + 1} is not an object`);
    if (typeof p.description !== 'string' || !p.description.trim()) throw new PackFormatError(`pattern ${i + 1} has no description`);
    if (typeof p.errorSignature !== 'string' || !p.errorSignature) throw new PackFormatError(`pattern ${i + 1} has no errorSignature`);
    if (!isCategory(p.category)) throw new PackFormatError(`pattern ${i + 1} has an unknown category "${String(p.category)}"`);
    if (typeof p.frequency !== 'number' || !(p.frequency >= 1)) throw new PackFormatError(`pattern ${i + 1} has no valid frequency`);
  });
  const packId = typeof o.packId === 'string' && o.packId ? o.packId : packIdOf(o.patterns);
  return { ...(o as PatternPack), packId };
}

/** Remembers which packs were imported, so importing the same pack twice does not double frequencies. */
export interface PackLedger {
  has(packId: string): Promise<boolean> | boolean;
  add(packId: string): Promise<void> | void;
}

export interface ImportPackResult extends ImportReport {
  readonly packId: string;
  /** True when the ledger already had this pack and `force` was not given: nothing was imported. */
  readonly alreadyImported: boolean;
}

/**
 * Imports a pack through the engine (`importData`: dedup by signature, counts added, model kept).
 * With a ledger, a pack already imported is skipped unless `force`.
 */
export async function importPack(
  engine: Pick<MistakeMemory, 'importData'>,
  pack: string | PatternPack,
  options: { ledger?: PackLedger; force?: boolean } = {},
): Promise<ImportPackResult> {
  const p = typeof pack === 'string' ? parsePack(pack) : pack;
  if (options.ledger && !options.force && (await options.ledger.has(p.packId))) {
    return { imported: 0, merged: 0, skipped: p.patterns.length, errors: [], packId: p.packId, alreadyImported: true };
  }
  // importData reads { patterns: [...] }; our field names are the export format's.
  const report = await engine.importData(JSON.stringify({ patterns: p.patterns.map(({ models: _models, ...rest }) => rest) }));
  if (options.ledger && (report.imported || report.merged)) await options.ledger.add(p.packId);
  return { ...report, packId: p.packId, alreadyImported: false };
}

/** A human review of what a pack contains (printed before sharing it). */
export function reviewPack(pack: PatternPack, top = 10): string {
  const byCategory: Record<string, number> = {};
  const byModel: Record<string, number> = {};
  let occurrences = 0;
  for (const p of pack.patterns) {
    byCategory[p.category] = (byCategory[p.category] ?? 0) + 1;
    for (const [m, n] of Object.entries(p.models)) byModel[m] = (byModel[m] ?? 0) + n;
    occurrences += p.frequency;
  }
  const fmt = (r: Record<string, number>) =>
    Object.entries(r)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '-';
  const lines = [
    `Pack ${pack.name ? `"${pack.name}" ` : ''}(${pack.packId}): ${pack.patterns.length} pattern(s), ${occurrences} occurrence(s) in total`,
    `By category: ${fmt(byCategory)}`,
    `By model (occurrences): ${fmt(byModel)}`,
    `Top patterns:`,
    ...pack.patterns.slice(0, top).map((p) => `  ${String(p.frequency).padStart(4)}×  [${p.category}/${p.severity}] ${p.description.slice(0, 100)}`),
  ];
  if (pack.patterns.length > top) lines.push(`  … and ${pack.patterns.length - top} more`);
  lines.push('Contains no occurrences, project or file paths. Review the code snippets and messages before sharing.');
  return lines.join('\n');
}
