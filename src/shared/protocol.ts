/**
 * The one message contract between the dashboard host (src/vscode/dashboard) and the webview
 * (webview-ui). Both sides post only these shapes; requests carry an id and are answered by exactly
 * one `response` with the same id and method. Everything here is JSON: no class instances, no Dates.
 */
import type { Category, Occurrence, Pattern, RetrievalMode, Severity, Source } from '../core/types';
import { CATEGORIES, SEVERITIES, SOURCES } from '../core/types';

/** Bumped when a message shape changes incompatibly; the host logs a mismatch on `ready`. */
export const PROTOCOL_VERSION = 1;

// ---- shared shapes -------------------------------------------------------------------------

export const SORT_KEYS = ['description', 'category', 'severity', 'model', 'frequency', 'lastSeen', 'alwaysInject'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const ARCHIVED_FILTERS = ['active', 'archived', 'all'] as const;
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number];

export interface PatternFilters {
  /** Case-insensitive substring; '' matches everything. */
  readonly text: string;
  readonly model?: string;
  readonly category?: Category;
  readonly severity?: Severity;
  readonly source?: Source;
  readonly archived: ArchivedFilter;
}

export interface SortSpec {
  readonly key: SortKey;
  readonly descending: boolean;
}

export interface PageRequest {
  readonly filters: PatternFilters;
  readonly sort: SortSpec;
  readonly offset: number;
  /** At most MAX_PAGE_SIZE rows per request. */
  readonly limit: number;
}
export const MAX_PAGE_SIZE = 200;

/** What the table shows for one pattern: no snippets, so a page stays small. */
export interface PatternRow {
  readonly id: number;
  readonly description: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly model: string;
  readonly source: Source;
  readonly frequency: number;
  readonly lastSeen: number;
  readonly alwaysInject: boolean;
  readonly archived: boolean;
}

export interface PageResult {
  readonly rows: readonly PatternRow[];
  /** Rows matching the filters, all pages together. */
  readonly total: number;
  /** The offset actually served (clamped when the data shrank under the request). */
  readonly offset: number;
}

export interface CaptureState {
  readonly tracking: boolean;
  readonly retrievalMode: RetrievalMode;
  readonly storeLocation: string;
  readonly storeBytes?: number;
  readonly vectorIndex: string;
  /** Present when the vectors live on a Chroma server (with the embedded index as fallback). */
  readonly vectorStore?: VectorStoreState;
  readonly enabledCategories: readonly Category[];
}

/** A Chroma server's connection as the dashboard shows it (never a token). */
export interface VectorStoreState {
  readonly state: 'connected' | 'degraded' | 'offline';
  /** Vector operations queued for the server. */
  readonly backlog: number;
  readonly url: string;
  /** One phrase for people: "connected", "offline — using the embedded index, 3 queued". */
  readonly summary: string;
  readonly lastError?: string;
}

export interface ModelEffectiveness {
  readonly injections: number;
  readonly successes: number;
  readonly recurred: number;
  readonly successRate?: number;
}

export interface DashboardStats {
  readonly patterns: number;
  readonly archivedPatterns: number;
  readonly occurrences: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly byModel: Readonly<Record<string, { readonly patterns: number; readonly occurrences: number }>>;
  readonly bySeverity: Readonly<Record<string, number>>;
  /** Occurrences per UTC day ("YYYY-MM-DD"), oldest first; days without occurrences may be missing. */
  readonly occurrencesPerDay: ReadonlyArray<{ readonly day: string; readonly count: number }>;
  readonly injections: number;
  readonly effectivenessByModel: Readonly<Record<string, ModelEffectiveness>>;
}

export interface Overview {
  readonly stats: DashboardStats;
  readonly capture: CaptureState;
  /** Distinct model names, for the model filter. */
  readonly models: readonly string[];
  /** Host clock (epoch ms) when this was computed; the webview uses it for "this week" and "ago". */
  readonly now: number;
}

export interface PatternDetail {
  readonly pattern: Pattern;
  /** Newest first, at most DETAIL_OCCURRENCES. */
  readonly occurrences: readonly Occurrence[];
  readonly effectiveness: ModelEffectiveness;
}
export const DETAIL_OCCURRENCES = 50;

/** The fields the dashboard lets people edit. */
export interface PatternEdit {
  readonly description?: string;
  readonly fixDescription?: string;
  readonly alwaysInject?: boolean;
  readonly archived?: boolean;
}

/** A low-confidence capture waiting in the review queue (excluded from injection until accepted). */
export interface ReviewItem {
  readonly id: number;
  /** The lesson as captured (editable before accepting). */
  readonly lesson: string;
  /** What the user wrote (sanitized, cut), when kept. */
  readonly message?: string;
  readonly category: Category;
  readonly model: string;
  readonly lastSeen: number;
  readonly frequency: number;
}

export const REVIEW_ACTIONS = ['accept', 'discard'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
export const MAX_REVIEW_LESSON_CHARS = 500;

/** Extension commands the dashboard buttons run (`mistakes.<name>`); the host owns the prompts. */
export const DASHBOARD_COMMANDS = [
  'recordMistake',
  'runTestsAndLearn',
  'exportData',
  'importData',
  'clearAllData',
  'toggleTracking',
  'chooseCategories',
  'configureSecondOpinion',
] as const;
export type DashboardCommand = (typeof DASHBOARD_COMMANDS)[number];

// ---- requests (webview → host, answered host → webview) ------------------------------------

export interface Requests {
  listPatterns: { params: PageRequest; result: PageResult };
  getPattern: { params: { readonly id: number }; result: PatternDetail | null };
  updatePattern: { params: { readonly id: number; readonly edit: PatternEdit }; result: PatternDetail | null };
  /** The host asks for confirmation; `deleted: false` when the person declined. */
  deletePattern: { params: { readonly id: number }; result: { readonly deleted: boolean } };
  /** The host copies the pattern, phrased as an instruction, to the clipboard. */
  copyInstruction: { params: { readonly id: number }; result: { readonly text: string } };
  runCommand: { params: { readonly command: DashboardCommand }; result: { readonly done: boolean } };
  listReview: { params: { readonly limit: number }; result: { readonly rows: readonly ReviewItem[]; readonly total: number } };
  /** accept (optionally with an edited lesson) or discard (delete) a pending capture. */
  reviewPattern: { params: { readonly id: number; readonly action: ReviewAction; readonly lesson?: string }; result: { readonly done: boolean } };
}
export type RequestMethod = keyof Requests;
export type RequestParams<M extends RequestMethod> = Requests[M]['params'];
export type RequestResult<M extends RequestMethod> = Requests[M]['result'];

export const REQUEST_METHODS = ['listPatterns', 'getPattern', 'updatePattern', 'deletePattern', 'copyInstruction', 'runCommand', 'listReview', 'reviewPattern'] as const satisfies readonly RequestMethod[];
/** Compile-time check that REQUEST_METHODS lists every method (adding one to Requests fails here). */
export const allMethodsListed: Exclude<RequestMethod, (typeof REQUEST_METHODS)[number]> extends never ? true : false = true;

export type RequestMessage = {
  readonly [M in RequestMethod]: { readonly type: 'request'; readonly requestId: number; readonly method: M; readonly params: RequestParams<M> };
}[RequestMethod];

export type ResponseMessage =
  | {
      readonly [M in RequestMethod]: { readonly type: 'response'; readonly requestId: number; readonly method: M; readonly ok: true; readonly result: RequestResult<M> };
    }[RequestMethod]
  | { readonly type: 'response'; readonly requestId: number; readonly method: RequestMethod; readonly ok: false; readonly error: string };

// ---- the two directions --------------------------------------------------------------------

export type WebviewToHost =
  /** First message once the script runs; the host answers with `overview`. Sent again after a reload. */
  | { readonly type: 'ready'; readonly protocolVersion: number }
  | RequestMessage
  /** Unexpected errors in the webview, so they reach the extension's log. */
  | { readonly type: 'log'; readonly level: 'warn' | 'error'; readonly message: string };

export type ChangeReason = 'recorded' | 'changed' | 'cleared' | 'settings';

export type HostToWebview =
  | { readonly type: 'overview'; readonly overview: Overview }
  /** The data changed under the webview: refetch the visible page and the open detail. */
  | { readonly type: 'changed'; readonly reason: ChangeReason }
  | ResponseMessage;

// ---- validation of what crosses the boundary -----------------------------------------------

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isOptStr = (v: unknown): boolean => v === undefined || typeof v === 'string';
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

function isFilters(v: unknown): v is PatternFilters {
  return (
    isObj(v) &&
    typeof v.text === 'string' &&
    isOptStr(v.model) &&
    (v.category === undefined || oneOf(CATEGORIES, v.category)) &&
    (v.severity === undefined || oneOf(SEVERITIES, v.severity)) &&
    (v.source === undefined || oneOf(SOURCES, v.source)) &&
    oneOf(ARCHIVED_FILTERS, v.archived)
  );
}

function isPageRequest(v: unknown): v is PageRequest {
  return (
    isObj(v) &&
    isFilters(v.filters) &&
    isObj(v.sort) &&
    oneOf(SORT_KEYS, v.sort.key) &&
    typeof v.sort.descending === 'boolean' &&
    isInt(v.offset) &&
    v.offset >= 0 &&
    isInt(v.limit) &&
    v.limit > 0 &&
    v.limit <= MAX_PAGE_SIZE
  );
}

function isEdit(v: unknown): v is PatternEdit {
  return (
    isObj(v) &&
    isOptStr(v.description) &&
    isOptStr(v.fixDescription) &&
    (v.alwaysInject === undefined || typeof v.alwaysInject === 'boolean') &&
    (v.archived === undefined || typeof v.archived === 'boolean') &&
    Object.keys(v).every((k) => k === 'description' || k === 'fixDescription' || k === 'alwaysInject' || k === 'archived')
  );
}

const hasId = (p: unknown): boolean => isObj(p) && isInt(p.id);

function paramsValid(method: RequestMethod, p: unknown): boolean {
  switch (method) {
    case 'listPatterns':
      return isPageRequest(p);
    case 'getPattern':
    case 'deletePattern':
    case 'copyInstruction':
      return hasId(p);
    case 'updatePattern':
      return hasId(p) && isObj(p) && isEdit(p.edit);
    case 'runCommand':
      return isObj(p) && oneOf(DASHBOARD_COMMANDS, p.command);
    case 'listReview':
      return isObj(p) && isInt(p.limit) && p.limit >= 1 && p.limit <= 200;
    case 'reviewPattern':
      return (
        hasId(p) &&
        isObj(p) &&
        oneOf(REVIEW_ACTIONS, p.action) &&
        (p.lesson === undefined || (typeof p.lesson === 'string' && p.lesson.trim().length > 0 && p.lesson.length <= MAX_REVIEW_LESSON_CHARS))
      );
    default: {
      const never: never = method;
      return never;
    }
  }
}

/**
 * The host's gate: a message from the webview is trusted only after this check (a compromised or
 * stale webview script must not reach the engine with an unexpected shape).
 */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return isInt(v.protocolVersion) ? (v as WebviewToHost) : undefined;
    case 'log':
      return (v.level === 'warn' || v.level === 'error') && typeof v.message === 'string' ? (v as WebviewToHost) : undefined;
    case 'request':
      return isInt(v.requestId) && oneOf(REQUEST_METHODS, v.method) && paramsValid(v.method, v.params) ? (v as WebviewToHost) : undefined;
    default:
      return undefined;
  }
}

/**
 * For a request whose parameters failed validation: who to answer (with an error) so the webview's
 * promise settles instead of waiting forever.
 */
export function requestHeader(v: unknown): { readonly requestId: number; readonly method: RequestMethod } | undefined {
  return isObj(v) && v.type === 'request' && isInt(v.requestId) && oneOf(REQUEST_METHODS, v.method) ? { requestId: v.requestId, method: v.method } : undefined;
}

/** The webview's gate for host messages (anything else posted to the window is ignored). */
export function isHostMessage(v: unknown): v is HostToWebview {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'overview':
      return isObj(v.overview);
    case 'changed':
      return typeof v.reason === 'string';
    case 'response':
      return isInt(v.requestId) && oneOf(REQUEST_METHODS, v.method) && typeof v.ok === 'boolean';
    default:
      return false;
  }
}
