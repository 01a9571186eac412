import type { Candidate, Category, ModelId, Occurrence, Pattern, PatternPatch, Severity, Source } from '../core/types';

/** What `open()` found on disk. `recovered` is set when the main file was unreadable. */
export interface OpenReport {
  readonly created: boolean;
  readonly schemaVersion: number;
  /** Set when the database file was corrupt: where it was moved, and what we started from. */
  readonly recovered?: { readonly movedAsideTo: string; readonly restoredFrom: 'backup' | 'empty' };
}

export interface PatternQuery {
  /** Only these pattern ids. */
  readonly ids?: readonly number[];
  /** Only these error signatures. */
  readonly signatures?: readonly string[];
  readonly models?: readonly ModelId[];
  readonly categories?: readonly Category[];
  readonly severities?: readonly Severity[];
  readonly sources?: readonly Source[];
  readonly includeArchived?: boolean;
  readonly onlyArchived?: boolean;
  readonly alwaysInject?: boolean;
  /** true: only patterns in the review queue; false: only accepted ones; absent: both. */
  readonly pendingReview?: boolean;
  /** Only patterns last seen before this time (epoch ms). */
  readonly lastSeenBefore?: number;
  /** Case-insensitive substring over description, error type, rule id, message. */
  readonly text?: string;
  /** Only patterns recorded for one of these languages ("python", "typescript"...). */
  readonly languages?: readonly string[];
  /** Only patterns with this context entry (case-insensitive, whole entry: a file name, "channel:copilot-agent"). */
  readonly context?: string;
  /** Only patterns with an occurrence recorded in this project folder. */
  readonly projectPath?: string;
  /** `priority`: always-inject patterns first, then by severity, then by frequency. */
  readonly orderBy?: 'frequency' | 'lastSeen' | 'firstSeen' | 'severity' | 'id' | 'priority';
  readonly descending?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** The input of the one write that captures a mistake: upsert the pattern, insert the occurrence. */
export interface RecordOp {
  readonly signature: string;
  /** Already sanitized. */
  readonly candidate: Candidate;
  readonly model: ModelId;
  readonly timestamp: number;
  /** Short context strings to merge into the pattern's distinct contexts (bounded by the store). */
  readonly contexts: readonly string[];
  /**
   * Imports only: the pattern's counters as exported elsewhere. When present the store adds these
   * counts (frequency, test failures, user corrections; keeps the earliest first_seen and the latest
   * last_seen) instead of counting one occurrence, and still inserts one occurrence row.
   */
  readonly counts?: {
    readonly frequency: number;
    readonly testFailures: number;
    readonly userCorrections: number;
    readonly firstSeen?: number;
    readonly lastSeen?: number;
  };
}

export interface RecordResult {
  readonly pattern: Pattern;
  readonly occurrence: Occurrence;
  readonly created: boolean;
}

/** Fields the engine (pattern evolution, dashboard edits) may set directly (defined in core, beside Pattern). */
export type { PatternPatch } from '../core/types';

export interface InjectionRecord {
  readonly requestId: string;
  readonly patternIds: readonly number[];
  readonly model: ModelId;
  readonly timestamp: number;
}

export interface StoreStats {
  readonly patterns: number;
  readonly archivedPatterns: number;
  readonly occurrences: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly byModel: Readonly<Record<string, { patterns: number; occurrences: number }>>;
  readonly bySeverity: Readonly<Record<string, number>>;
  /** Occurrences per UTC day, "YYYY-MM-DD" → count, oldest first. */
  readonly occurrencesPerDay: ReadonlyArray<{ day: string; count: number }>;
  readonly injections: number;
  readonly bytes: number;
}

export interface StoredVector {
  readonly patternId: number;
  readonly vector: Float32Array;
}

/**
 * Patterns, occurrences, injections and (for the embedded index) vectors, in one SQLite file.
 * Every mutation is a replayable operation, so concurrent writers (several windows, the CLI) never
 * lose one another's data: `flush()` takes a lock, reloads the file if another writer changed it,
 * re-applies this writer's pending operations and writes atomically.
 */
/** The fields keyword search reads from a pattern. */
export interface PatternText {
  readonly id: number;
  readonly description: string;
  readonly errorType?: string;
  readonly ruleId?: string;
  readonly cwe?: readonly string[];
  readonly errorMessage?: string;
  readonly fixDescription?: string;
  readonly contexts: readonly string[];
}

export interface MetadataStore {
  open(): Promise<OpenReport>;
  /** Folds any operation log into the database file (a checkpoint); for idle compaction. */
  compact?(): Promise<void>;
  /** The operation log is due a checkpoint that this process deferred (a short-lived process). */
  readonly checkpointDue?: boolean;
  record(op: RecordOp): Promise<RecordResult>;
  getPattern(id: number): Pattern | undefined;
  findBySignature(signature: string): Pattern | undefined;
  findByExternalId(externalId: string): Pattern | undefined;
  listPatterns(query?: PatternQuery): Pattern[];
  /**
   * The searchable text of every pattern not archived, without the rest of the row: what the keyword
   * index is built from (a fraction of the cost of listPatterns on a large store).
   */
  listPatternTexts?(): PatternText[];
  countPatterns(query?: PatternQuery): number;
  updatePattern(id: number, patch: PatternPatch): Promise<Pattern | undefined>;
  deletePattern(id: number): Promise<void>;
  listOccurrences(patternId?: number, limit?: number): Occurrence[];
  /** Record that patterns were injected for a request (feeds effectiveness). */
  recordInjection(record: InjectionRecord): Promise<void>;
  /** Mark injections of a pattern since `since` as followed by a recurrence. Returns how many. */
  markRecurred(patternId: number, since: number): Promise<number>;
  /** Per pattern: injections older than `before` that did not recur (successes), and all injections. */
  effectiveness(before: number): Array<{ patternId: number; model: ModelId; injections: number; successes: number; recurred: number }>;
  putVector(patternId: number, embedderId: string, vector: Float32Array): Promise<void>;
  loadVectors(embedderId: string): StoredVector[];
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string | undefined): Promise<void>;
  stats(): StoreStats;
  /** The distinct model names patterns are attributed to (cheap: an index lookup). */
  models(): string[];
  /** Monotonic counter bumped on every change (own or reloaded), for caches built over the store. */
  readonly version: number;
  /** Reload from disk when another writer changed the file. Returns true when something changed. */
  refresh(): Promise<boolean>;
  /** Persist pending operations (lock, merge, atomic write, backup). */
  flush(): Promise<void>;
  /** Delete every row, vector, backup and journal file. */
  clear(): Promise<void>;
  close(): Promise<void>;
}
