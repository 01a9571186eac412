import type { Candidate, Category, ModelId, Occurrence, Pattern, RetrievalMode, ScoredPattern } from '../core/types';
import type { PatternPatch, PatternQuery, StoreStats } from '../store/types';

import type { SkipReason } from '../capture/entry';

/** Why `record()` did not store a candidate (decided by capture/entry.ts `skipReason`). */
export type { SkipReason };

export type RecordOutcome =
  | { readonly stored: true; readonly pattern: Pattern; readonly occurrence: Occurrence; readonly created: boolean }
  | { readonly stored: false; readonly reason: SkipReason };

export interface RetrieveOptions {
  /** The model that will answer; patterns from other models are down-weighted, not dropped. */
  readonly model?: ModelId;
  /** How many patterns to return (default 8). */
  readonly k?: number;
  /** Minimum dense cosine similarity (default 0.70); lexical hits are not gated by it. */
  readonly minSimilarity?: number;
  readonly categories?: readonly Category[];
}

export interface RetrievalResult {
  readonly patterns: readonly ScoredPattern[];
  readonly mode: RetrievalMode;
}

export interface InjectionBudget {
  readonly maxPatterns?: number;
  readonly maxChars?: number;
}

export interface Injection {
  readonly text: string;
  /** Ids of the patterns that fit in the budget. */
  readonly included: readonly number[];
}

export interface EffectivenessRow {
  readonly patternId: number;
  readonly model: ModelId;
  readonly injections: number;
  readonly successes: number;
  readonly recurred: number;
  /** successes / (successes + recurred), undefined when nothing is decided yet. */
  readonly successRate?: number;
}

export interface EngineStats extends StoreStats {
  readonly retrievalMode: RetrievalMode;
  readonly trackingEnabled: boolean;
  readonly enabledCategories: readonly Category[];
  readonly effectivenessByModel: Readonly<Record<string, { injections: number; successes: number; recurred: number; successRate?: number }>>;
}

/** The JSON export format (version 1). */
export interface ExportBundle {
  readonly format: 'mistake-memory';
  readonly version: 1;
  readonly exportedAt: string;
  readonly patterns: ReadonlyArray<Pattern & { readonly occurrences: readonly Occurrence[] }>;
}

export interface ImportReport {
  readonly imported: number;
  readonly merged: number;
  readonly skipped: number;
  readonly errors: readonly string[];
}

export type EngineEvent =
  | { readonly type: 'recorded'; readonly pattern: Pattern; readonly created: boolean }
  | { readonly type: 'changed' }
  | { readonly type: 'cleared' }
  | { readonly type: 'settings' };

export interface Disposable {
  dispose(): void;
}

/**
 * The one API every face (extension, CLI, MCP server, dashboard host) uses. Implemented by
 * `MistakeEngine` in engine.ts.
 */
export interface MistakeMemory {
  record(candidate: Candidate): Promise<RecordOutcome>;
  retrieve(request: string, options?: RetrieveOptions): Promise<RetrievalResult>;
  buildInjection(patterns: readonly (Pattern | ScoredPattern)[], budget?: InjectionBudget): Injection;
  /** Remember which patterns were injected for a request, for effectiveness. */
  noteInjection(requestId: string, patternIds: readonly number[], model: ModelId): Promise<void>;
  /** Explicit feedback on an answer that used injected patterns (thumbs up/down). */
  noteFeedback(requestId: string, helpful: boolean): Promise<void>;
  listPatterns(query?: PatternQuery): Pattern[];
  countPatterns(query?: PatternQuery): number;
  getPattern(id: number): Pattern | undefined;
  listOccurrences(patternId?: number, limit?: number): Occurrence[];
  updatePattern(id: number, patch: PatternPatch): Promise<Pattern | undefined>;
  deletePattern(id: number): Promise<void>;
  effectiveness(): EffectivenessRow[];
  stats(): Promise<EngineStats>;
  exportJson(): Promise<ExportBundle>;
  /** JSONL, one chat-format training example per pattern with a known fix. */
  exportFineTuning(): Promise<string>;
  /** Accepts an ExportBundle, a JSON array of patterns, or JSONL (`{"id","text"}` or full patterns). */
  importData(text: string): Promise<ImportReport>;
  /** Deletes every pattern, occurrence, vector and backup. */
  clear(): Promise<void>;
  readonly trackingEnabled: boolean;
  setTrackingEnabled(enabled: boolean): Promise<void>;
  readonly enabledCategories: readonly Category[];
  setEnabledCategories(categories: readonly Category[]): Promise<void>;
  readonly retrievalMode: RetrievalMode;
  onDidChange(listener: (e: EngineEvent) => void): Disposable;
  /** Pick up what other windows or the CLI wrote. */
  refresh(): Promise<boolean>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
