/**
 * Pure view-model logic of the dashboard, shared by the host (paging, sorting the store cannot do)
 * and the webview (UI state, chart series, labels). No DOM, no VS Code, no Node: unit-tested in Node.
 */
import type { Category, Pattern, Severity, Source } from '../core/types';
import { CATEGORIES, SEVERITIES, SOURCES } from '../core/types';
import type { PatternQuery } from '../store/types';
import {
  ARCHIVED_FILTERS,
  type DashboardStats,
  MAX_PAGE_SIZE,
  type ModelEffectiveness,
  type PageRequest,
  type PageResult,
  type PatternFilters,
  type PatternRow,
  SORT_KEYS,
  type SortKey,
  type SortSpec,
} from './protocol';

// ---- UI state (the only thing the webview persists with setState) --------------------------

export const DASHBOARD_TABS = ['overview', 'patterns'] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];

export const PAGE_SIZE = 50;

export interface UiState {
  readonly tab: DashboardTab;
  readonly filters: PatternFilters;
  readonly sort: SortSpec;
  readonly offset: number;
  /** The pattern whose detail is open. */
  readonly selectedId?: number;
}

export const DEFAULT_FILTERS: PatternFilters = { text: '', archived: 'active' };
export const DEFAULT_SORT: SortSpec = { key: 'lastSeen', descending: true };
export const DEFAULT_UI_STATE: UiState = { tab: 'overview', filters: DEFAULT_FILTERS, sort: DEFAULT_SORT, offset: 0 };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const member = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : undefined;

/**
 * Reads what `getState()` returned. It may come from an older version of the webview or be
 * anything at all, so every field is checked and falls back to its default on its own.
 */
export function restoreUiState(saved: unknown): UiState {
  if (!isRecord(saved)) return DEFAULT_UI_STATE;
  const f = isRecord(saved.filters) ? saved.filters : {};
  const s = isRecord(saved.sort) ? saved.sort : {};
  const filters: PatternFilters = {
    text: typeof f.text === 'string' ? f.text.slice(0, 500) : '',
    model: typeof f.model === 'string' && f.model ? f.model : undefined,
    category: member(CATEGORIES, f.category),
    severity: member(SEVERITIES, f.severity),
    source: member(SOURCES, f.source),
    archived: member(ARCHIVED_FILTERS, f.archived) ?? 'active',
  };
  const key = member(SORT_KEYS, s.key);
  const sort: SortSpec = key ? { key, descending: typeof s.descending === 'boolean' ? s.descending : defaultDescending(key) } : DEFAULT_SORT;
  const offset = typeof saved.offset === 'number' && Number.isInteger(saved.offset) && saved.offset >= 0 ? saved.offset : 0;
  const selectedId = typeof saved.selectedId === 'number' && Number.isInteger(saved.selectedId) ? saved.selectedId : undefined;
  return { tab: member(DASHBOARD_TABS, saved.tab) ?? 'overview', filters, sort, offset, selectedId };
}

/** Numbers and dates read best largest/newest first; text A→Z. */
export function defaultDescending(key: SortKey): boolean {
  return key !== 'description' && key !== 'category' && key !== 'model';
}

/** Clicking a column header: same column flips the direction, a new column starts at its default. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: defaultDescending(key) };
}

export function filtersEqual(a: PatternFilters, b: PatternFilters): boolean {
  return a.text === b.text && a.model === b.model && a.category === b.category && a.severity === b.severity && a.source === b.source && a.archived === b.archived;
}

export function activeFilterCount(f: PatternFilters): number {
  return [f.text.trim(), f.model, f.category, f.severity, f.source].filter(Boolean).length + (f.archived === 'active' ? 0 : 1);
}

// ---- filtering, sorting, paging (mirrors the store's PatternQuery semantics) --------------

/** The filters as a store query (without order and page). */
export function toPatternQuery(f: PatternFilters): PatternQuery {
  const text = f.text.trim();
  return {
    models: f.model ? [f.model] : undefined,
    categories: f.category ? [f.category] : undefined,
    severities: f.severity ? [f.severity] : undefined,
    sources: f.source ? [f.source] : undefined,
    includeArchived: f.archived === 'all',
    onlyArchived: f.archived === 'archived',
    text: text || undefined,
  };
}

/** Sort keys the store can order by itself (then only one page is read from it). */
export const STORE_ORDER: Partial<Record<SortKey, NonNullable<PatternQuery['orderBy']>>> = {
  frequency: 'frequency',
  lastSeen: 'lastSeen',
  severity: 'severity',
};

/** Same text the store searches: description, error type, rule id, error message. */
export function matchesFilters(p: Pattern, f: PatternFilters): boolean {
  if (f.archived === 'active' && p.archived) return false;
  if (f.archived === 'archived' && !p.archived) return false;
  if (f.model && p.modelName !== f.model) return false;
  if (f.category && p.category !== f.category) return false;
  if (f.severity && p.severity !== f.severity) return false;
  if (f.source && p.source !== f.source) return false;
  const text = f.text.trim().toLowerCase();
  if (text) {
    const hay = [p.description, p.errorType ?? '', p.ruleId ?? '', p.errorMessage ?? ''].join(' ').toLowerCase();
    if (!hay.includes(text)) return false;
  }
  return true;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 3, major: 2, minor: 1 };

function primary(key: SortKey, a: Pattern, b: Pattern): number {
  switch (key) {
    case 'description':
      return a.description.localeCompare(b.description, undefined, { sensitivity: 'base' });
    case 'category':
      return a.category.localeCompare(b.category);
    case 'severity':
      return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
    case 'model':
      return a.modelName.localeCompare(b.modelName, undefined, { sensitivity: 'base' });
    case 'frequency':
      return a.frequency - b.frequency;
    case 'lastSeen':
      return a.lastSeen - b.lastSeen;
    case 'alwaysInject':
      return Number(a.alwaysInject) - Number(b.alwaysInject);
    default: {
      const never: never = key;
      return never;
    }
  }
}

/** Ties break on id in the same direction, like the store, so pages never overlap or skip. */
export function comparePatterns(sort: SortSpec): (a: Pattern, b: Pattern) => number {
  const dir = sort.descending ? -1 : 1;
  return (a, b) => dir * (primary(sort.key, a, b) || a.id - b.id);
}

export function toRow(p: Pattern): PatternRow {
  return {
    id: p.id,
    description: p.description,
    category: p.category,
    severity: p.severity,
    model: p.modelName,
    source: p.source,
    frequency: p.frequency,
    lastSeen: p.lastSeen,
    alwaysInject: p.alwaysInject,
    archived: p.archived,
  };
}

export function clampLimit(limit: number): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
}

/** An offset past the end (rows were deleted meanwhile) moves to the start of the last page. */
export function clampOffset(offset: number, total: number, limit: number): number {
  if (total <= 0) return 0;
  const lastStart = Math.floor((total - 1) / limit) * limit;
  const aligned = Math.floor(Math.max(0, offset) / limit) * limit;
  return Math.min(aligned, lastStart);
}

/** Filter, sort and slice an in-memory list: the host's path for sorts the store cannot do. */
export function pageOf(patterns: readonly Pattern[], req: PageRequest): PageResult {
  const limit = clampLimit(req.limit);
  const matching = patterns.filter((p) => matchesFilters(p, req.filters)).sort(comparePatterns(req.sort));
  const offset = clampOffset(req.offset, matching.length, limit);
  return { rows: matching.slice(offset, offset + limit).map(toRow), total: matching.length, offset };
}

export interface PageInfo {
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
  /** "1–50 of 10,000", or "No patterns". */
  readonly label: string;
}

export function pageInfo(offset: number, shown: number, total: number, limit: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  const label = total === 0 ? 'No patterns' : `${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`;
  return { page, pages, hasPrevious: offset > 0, hasNext: offset + shown < total, label };
}

// ---- overview figures -----------------------------------------------------------------------

const DAY_MS = 24 * 3600 * 1000;

/** "YYYY-MM-DD" of an epoch-ms instant, in UTC like the store's per-day counts. */
export function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Occurrences in the `days` UTC days ending today (today included). */
export function occurrencesInLastDays(perDay: DashboardStats['occurrencesPerDay'], now: number, days = 7): number {
  const first = utcDay(now - (days - 1) * DAY_MS);
  const last = utcDay(now);
  return perDay.reduce((sum, d) => (d.day >= first && d.day <= last ? sum + d.count : sum), 0);
}

export interface Entry {
  readonly key: string;
  readonly value: number;
}

/** Largest first, ties alphabetical; zero entries dropped. */
export function topEntries(values: Readonly<Record<string, number>>, n: number): Entry[] {
  return Object.entries(values)
    .filter(([, v]) => v > 0)
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key))
    .slice(0, n);
}

export function topModels(byModel: DashboardStats['byModel'], n: number): Entry[] {
  return topEntries(Object.fromEntries(Object.entries(byModel).map(([k, v]) => [k, v.occurrences])), n);
}

export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatPercent(rate: number | undefined): string {
  return rate === undefined || !Number.isFinite(rate) ? '—' : `${Math.round(rate * 100)}%`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the UTC date. */
export function formatAgo(t: number, now: number): string {
  const d = now - t;
  if (d < 60_000) return 'just now';
  if (d < 3600_000) return `${Math.floor(d / 60_000)} min ago`;
  if (d < DAY_MS) return `${Math.floor(d / 3600_000)} h ago`;
  if (d < 30 * DAY_MS) return `${Math.floor(d / DAY_MS)} d ago`;
  return utcDay(t);
}

/** Success after injection for one pattern: injections not followed by a recurrence. */
export function patternSuccessRate(p: Pick<Pattern, 'successCount' | 'recurredAfterInjection'>): number | undefined {
  const decided = p.successCount + p.recurredAfterInjection;
  return decided ? p.successCount / decided : undefined;
}

// ---- chart series ---------------------------------------------------------------------------

export interface Series {
  readonly labels: readonly string[];
  readonly values: readonly number[];
}

/** One point per UTC day over the last `days` days, gaps filled with zero. */
export function dailySeries(perDay: DashboardStats['occurrencesPerDay'], now: number, days = 30): Series {
  const counts = new Map(perDay.map((d) => [d.day, d.count]));
  const labels: string[] = [];
  const values: number[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = utcDay(now - i * DAY_MS);
    labels.push(day);
    values.push(counts.get(day) ?? 0);
  }
  return { labels, values };
}

export function categorySeries(byCategory: Readonly<Record<string, number>>): Series {
  const entries = topEntries(byCategory, CATEGORIES.length + 10);
  return { labels: entries.map((e) => e.key), values: entries.map((e) => e.value) };
}

export interface ModelComparison {
  readonly labels: readonly string[];
  readonly occurrences: readonly number[];
  readonly patterns: readonly number[];
  /** Share of all recorded occurrences, 0..100. */
  readonly share: readonly number[];
}

/** Models by recorded occurrences, the rest folded into "other models" after `max`. */
export function modelComparison(byModel: DashboardStats['byModel'], max = 8): ModelComparison {
  const rows = Object.entries(byModel)
    .map(([model, v]) => ({ model, occurrences: v.occurrences, patterns: v.patterns }))
    .filter((r) => r.occurrences > 0 || r.patterns > 0)
    .sort((a, b) => b.occurrences - a.occurrences || a.model.localeCompare(b.model));
  const head = rows.slice(0, max);
  const tail = rows.slice(max);
  if (tail.length) {
    head.push({
      model: `${tail.length} other model${tail.length === 1 ? '' : 's'}`,
      occurrences: tail.reduce((s, r) => s + r.occurrences, 0),
      patterns: tail.reduce((s, r) => s + r.patterns, 0),
    });
  }
  const total = rows.reduce((s, r) => s + r.occurrences, 0);
  return {
    labels: head.map((r) => r.model),
    occurrences: head.map((r) => r.occurrences),
    patterns: head.map((r) => r.patterns),
    share: head.map((r) => (total ? Math.round((r.occurrences / total) * 1000) / 10 : 0)),
  };
}

export interface EffectivenessSeries {
  readonly labels: readonly string[];
  /** Recurrence after injection, 0..100, per model with decided injections. */
  readonly recurrence: readonly number[];
  readonly prevented: readonly number[];
  readonly injections: readonly number[];
}

/** Only models whose injections are decided (prevented or recurred); the rest have no rate yet. */
export function effectivenessSeries(byModel: Readonly<Record<string, ModelEffectiveness>>): EffectivenessSeries {
  const rows = Object.entries(byModel)
    .map(([model, e]) => ({ model, ...e, decided: e.successes + e.recurred }))
    .filter((r) => r.decided > 0)
    .sort((a, b) => b.injections - a.injections || a.model.localeCompare(b.model));
  const pct = (n: number, d: number): number => Math.round((n / d) * 1000) / 10;
  return {
    labels: rows.map((r) => r.model),
    recurrence: rows.map((r) => pct(r.recurred, r.decided)),
    prevented: rows.map((r) => pct(r.successes, r.decided)),
    injections: rows.map((r) => r.injections),
  };
}

/** Every category, source and severity name, for filter drop-downs. */
export const FILTER_CHOICES: { readonly categories: readonly Category[]; readonly severities: readonly Severity[]; readonly sources: readonly Source[] } = {
  categories: CATEGORIES,
  severities: SEVERITIES,
  sources: SOURCES,
};
