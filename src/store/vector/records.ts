import type { VectorMetadata, VectorRecord } from '../../core/ports';
import { type Candidate, isCategory, isSeverity, type Pattern } from '../../core/types';

/**
 * Vector records are keyed by the pattern's error signature, not its row id: signatures are the same
 * in every store (several windows, a teammate's machine), so a shared Chroma collection holds one
 * record per mistake, and row ids renumbered by a merge never orphan a vector.
 */
export function patternVectorRecord(p: Pattern, vector: Float32Array): VectorRecord {
  return { id: p.errorSignature, vector, metadata: patternVectorMetadata(p), document: portableDocument(p) };
}

export function patternVectorMetadata(p: Pattern): VectorMetadata {
  return { model: p.modelName, category: p.category, severity: p.severity, frequency: p.frequency, archived: p.archived };
}

/** What another store needs to recreate the pattern: no paths, occurrences or local ids. */
interface PortablePattern {
  readonly v: 1;
  readonly description: string;
  readonly category: string;
  readonly severity: string;
  readonly model: string;
  readonly frequency: number;
  readonly lastSeen: number;
  readonly firstSeen: number;
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly ruleId?: string;
  readonly cwe?: readonly string[];
  readonly fixDescription?: string;
  readonly codeSnippet?: string;
  readonly goodSnippet?: string;
}

export function portableDocument(p: Pattern): string {
  const doc: PortablePattern = {
    v: 1,
    description: p.description,
    category: p.category,
    severity: p.severity,
    model: p.modelName,
    frequency: p.frequency,
    lastSeen: p.lastSeen,
    firstSeen: p.firstSeen,
    errorType: p.errorType,
    errorMessage: p.errorMessage?.slice(0, 500),
    ruleId: p.ruleId,
    cwe: p.cwe,
    fixDescription: p.fixDescription,
    codeSnippet: p.codeSnippet?.slice(0, 600),
    goodSnippet: p.goodSnippet?.slice(0, 600),
  };
  return JSON.stringify(doc);
}

/** A pattern another store shared, as a candidate plus its counts; undefined for anything malformed. */
export function candidateFromDocument(
  document: string | undefined,
): { candidate: Candidate; model: string; counts: { frequency: number; testFailures: number; userCorrections: number; firstSeen?: number; lastSeen?: number } } | undefined {
  if (!document) return undefined;
  let d: Partial<PortablePattern>;
  try {
    d = JSON.parse(document) as Partial<PortablePattern>;
  } catch {
    return undefined;
  }
  if (!d || d.v !== 1 || typeof d.description !== 'string' || !d.description.trim()) return undefined;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const model = str(d.model) ?? 'unattributed';
  return {
    candidate: {
      description: d.description,
      category: isCategory(d.category) ? d.category : 'other',
      severity: isSeverity(d.severity) ? d.severity : 'minor',
      source: 'import',
      errorType: str(d.errorType),
      errorMessage: str(d.errorMessage),
      ruleId: str(d.ruleId),
      cwe: Array.isArray(d.cwe) ? d.cwe.filter((c): c is string => typeof c === 'string') : undefined,
      fixDescription: str(d.fixDescription),
      codeSnippet: str(d.codeSnippet),
      goodSnippet: str(d.goodSnippet),
      model,
    },
    model,
    counts: { frequency: Math.max(1, Math.floor(num(d.frequency) ?? 1)), testFailures: 0, userCorrections: 0, firstSeen: num(d.firstSeen), lastSeen: num(d.lastSeen) },
  };
}
