import type { Candidate, ModelId } from '../../core/types';
import { asString, cut, isRecord, prop } from './text';
import type { DiagnosticClassification, DiagnosticInput, SarifResult } from './types';

export interface CandidateContext {
  readonly model?: ModelId;
  readonly projectPath?: string;
}

const MAX_SNIPPET = 4000;
const MAX_MESSAGE = 4000;

function positiveLine(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** A classified diagnostic as an engine candidate (source "diagnostic"). */
export function diagnosticToCandidate(
  input: DiagnosticInput,
  classification: DiagnosticClassification,
  ctx: CandidateContext = {},
): Candidate {
  const message = isRecord(input) ? asString(prop(input, 'message')) : undefined;
  const snippet = isRecord(input) ? asString(prop(input, 'snippet')) : undefined;
  return defined<Candidate>({
    description: classification.description,
    category: classification.category,
    severity: classification.severity,
    source: 'diagnostic',
    errorType: classification.ruleId ?? classification.tool,
    errorMessage: message ? cut(message, MAX_MESSAGE) : undefined,
    codeSnippet: snippet ? cut(snippet, MAX_SNIPPET) : undefined,
    fixDescription: classification.fixHint,
    filePath: isRecord(input) ? asString(prop(input, 'file')) : undefined,
    line: isRecord(input) ? positiveLine(prop(input, 'line')) : undefined,
    model: ctx.model,
    projectPath: ctx.projectPath,
    ruleId: classification.ruleId,
    cwe: classification.cwe.length ? [...classification.cwe] : undefined,
    language: isRecord(input) ? asString(prop(input, 'language')) : undefined,
  });
}

/**
 * A SARIF result as an engine candidate, or undefined when it is not a mistake: suppressed
 * (nosemgrep, `// NOSONAR`, accepted suppressions) or not a failure (kind "pass", level "none").
 */
export function sarifResultToCandidate(result: SarifResult, ctx: CandidateContext = {}): Candidate | undefined {
  if (!result || result.suppressed) return undefined;
  if (result.level === 'none' || (result.kind !== undefined && result.kind !== 'fail')) return undefined;
  return defined<Candidate>({
    description: result.description ?? (result.message || result.ruleId || 'SARIF result'),
    category: result.category,
    severity: result.severity,
    source: 'diagnostic',
    errorType: result.ruleId || result.tool || 'sarif',
    errorMessage: result.message ? cut(result.message, MAX_MESSAGE) : undefined,
    codeSnippet: result.snippet ? cut(result.snippet, MAX_SNIPPET) : undefined,
    fixDescription: result.fixHint,
    filePath: result.uri ?? undefined,
    line: result.startLine ?? undefined,
    model: ctx.model,
    projectPath: ctx.projectPath,
    ruleId: result.ruleId || undefined,
    cwe: result.cwe.length ? [...result.cwe] : undefined,
  });
}
