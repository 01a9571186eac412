/**
 * The vocabulary every layer shares. No I/O, no platform APIs: this file runs in Node, in a web worker
 * and in the webview bundle alike.
 */

export const CATEGORIES = [
  'security',
  'async',
  'type',
  'import',
  'syntax',
  'logic',
  'test',
  'timeout',
  'lint',
  'style',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where a candidate came from. */
export const SOURCES = ['test', 'diagnostic', 'chat', 'manual', 'import', 'hook', 'tool'] as const;
export type Source = (typeof SOURCES)[number];

/** Model names are free text ("claude-sonnet-4", "gpt-4o"); this one means "nobody known wrote it". */
export const UNATTRIBUTED_MODEL = 'unattributed';
export type ModelId = string;

/**
 * What a capture source produces: one observed mistake, not yet sanitized, deduplicated or stored.
 * Only `description`, `category`, `severity` and `source` are required.
 */
export interface Candidate {
  /** One line a person (or an LLM) can act on: "Await database calls inside async endpoints". */
  readonly description: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly source: Source;
  /** Exception class, panic kind, or diagnostic class: "AssertionError", "TypeError", "panic". */
  readonly errorType?: string;
  readonly errorMessage?: string;
  /** The offending code (sanitized and cut before storage). */
  readonly codeSnippet?: string;
  /** What to do instead: a fix hint or the lesson of a chat correction. */
  readonly fixDescription?: string;
  /** A corrected snippet, when known (before/after pairs feed `successful_fixes`). */
  readonly goodSnippet?: string;
  readonly filePath?: string;
  readonly line?: number;
  /** Model that produced the code; `UNATTRIBUTED_MODEL` or undefined when unknown. */
  readonly model?: ModelId;
  readonly projectPath?: string;
  /** Scanner rule id (Semgrep, ESLint, Sonar...) when the source is a diagnostic. */
  readonly ruleId?: string;
  /** CWE ids as "CWE-89". */
  readonly cwe?: readonly string[];
  readonly testId?: string;
  readonly language?: string;
  /** An id given by whoever imported the pattern (kept for round trips and benchmarks). */
  readonly externalId?: string;
  /** Epoch milliseconds; the engine's clock when absent. */
  readonly timestamp?: number;
  /**
   * Where the lesson came from ("copilot-agent", "claude-code", "participant"...): kept in the
   * pattern's contexts as "channel:<name>" (lower-case letters, digits, dashes; anything else is dropped).
   */
  readonly channel?: string;
  /**
   * A low-confidence capture (a chat message in the detector's uncertain band): a new pattern waits in
   * the review queue, excluded from injection, until someone accepts it.
   */
  readonly reviewPending?: boolean;
}

/** The context entry a candidate's channel becomes, or undefined for a missing or malformed channel. */
export function channelContext(channel: unknown): string | undefined {
  return typeof channel === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(channel) ? `channel:${channel}` : undefined;
}

/** A deduplicated mistake: every candidate with the same error signature lands here. */
export interface Pattern {
  readonly id: number;
  readonly externalId?: string;
  readonly vectorDbId?: string;
  readonly modelName: ModelId;
  readonly errorSignature: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly frequency: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly fixApplied: number;
  readonly userCorrections: number;
  readonly testFailures: number;
  readonly archived: boolean;
  readonly description: string;
  readonly fixDescription?: string;
  /** Distinct short contexts (file names, test ids, rule ids) the mistake was seen in. */
  readonly contexts: readonly string[];
  readonly codeSnippet?: string;
  readonly goodSnippet?: string;
  readonly source: Source;
  readonly alwaysInject: boolean;
  readonly injectedCount: number;
  readonly recurredAfterInjection: number;
  /** Injections not followed by a recurrence within the effectiveness window. */
  readonly successCount: number;
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly ruleId?: string;
  readonly cwe?: readonly string[];
  readonly language?: string;
  /** Waiting in the review queue: never injected until accepted (absent or false: accepted). */
  readonly pendingReview?: boolean;
}

/** Fields the engine (pattern evolution, dashboard edits) may set directly. */
export type PatternPatch = Partial<
  Pick<
    Pattern,
    | 'description'
    | 'fixDescription'
    | 'severity'
    | 'category'
    | 'alwaysInject'
    | 'archived'
    | 'goodSnippet'
    | 'vectorDbId'
    | 'externalId'
    | 'fixApplied'
    | 'pendingReview'
  >
>;

export interface Occurrence {
  readonly id: number;
  readonly patternId: number;
  readonly projectPath?: string;
  readonly filePath?: string;
  readonly line?: number;
  readonly generatedCode?: string;
  readonly errorMessage?: string;
  readonly model: ModelId;
  readonly source: Source;
  readonly timestamp: number;
}

/** A pattern chosen for a request, with why. */
export interface ScoredPattern {
  readonly pattern: Pattern;
  /** Final relevance in [0, 1] after fusion and ranking. */
  readonly score: number;
  /** Dense cosine similarity, when an embedder was available. */
  readonly similarity?: number;
  /** Lexical score normalised to [0, 1]. */
  readonly lexical?: number;
}

export type RetrievalMode = 'hybrid' | 'lexical-only';

export function isCategory(v: unknown): v is Category {
  return typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v);
}
export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}
export function isSource(v: unknown): v is Source {
  return typeof v === 'string' && (SOURCES as readonly string[]).includes(v);
}
