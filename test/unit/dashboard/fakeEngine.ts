/**
 * An in-memory MistakeMemory for the dashboard tests (unit tests of the controller and the Chromium
 * tests' fake host): deterministic generated data, PatternQuery semantics like the sql.js store.
 */
import { CATEGORIES, type Category, type Occurrence, type Pattern, SEVERITIES, SOURCES } from '../../../src/core/types';
import type {
  EffectivenessRow,
  EngineEvent,
  EngineStats,
  ExportBundle,
  ImportReport,
  Injection,
  MistakeMemory,
  RecordOutcome,
  RetrievalResult,
} from '../../../src/engineApi';
import type { PatternPatch, PatternQuery } from '../../../src/store/types';

const DAY = 24 * 3600 * 1000;
export const FAKE_NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
export const INJECTION_DESCRIPTION = 'Escape HTML <img src=x onerror="window.__pwned=1"> before <script>window.__pwned=2</script> rendering';
export const MODELS = ['claude-sonnet-4', 'gpt-4o', 'gemini-2.5-pro', 'unattributed'] as const;

/** Small deterministic PRNG (mulberry32): the same seed gives the same data in every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = ['database calls', 'fetch responses', 'file handles', 'user input', 'SQL parameters', 'timers', 'event listeners', 'JSON payloads', 'import paths', 'test fixtures'];
const VERBS = ['Await', 'Validate', 'Close', 'Escape', 'Parameterize', 'Clear', 'Remove', 'Type-check', 'Normalize', 'Reset'];

export interface FakeData {
  readonly patterns: Pattern[];
  readonly occurrences: Occurrence[];
  readonly injections: EffectivenessRow[];
}

export function generateData(count: number, seed = 42, now = FAKE_NOW): FakeData {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const patterns: Pattern[] = [];
  const occurrences: Occurrence[] = [];
  const injections: EffectivenessRow[] = [];
  let occId = 1;
  for (let id = 1; id <= count; id++) {
    const model = id % 7 === 0 ? 'unattributed' : pick(MODELS.slice(0, 3));
    const category: Category = pick(CATEGORIES);
    const frequency = 1 + Math.floor(r() * r() * 40);
    const lastSeen = now - Math.floor(r() * 45 * DAY);
    const firstSeen = lastSeen - Math.floor(r() * 60 * DAY);
    const injected = r() < 0.4 ? 1 + Math.floor(r() * 12) : 0;
    const recurred = injected ? Math.floor(r() * injected * 0.6) : 0;
    const description = id === 3 ? INJECTION_DESCRIPTION : `${pick(VERBS)} ${pick(SUBJECTS)} in ${category} code (#${id})`;
    const p: Pattern = {
      id,
      modelName: model,
      errorSignature: `sig-${id}`,
      category,
      severity: pick(SEVERITIES),
      frequency,
      firstSeen,
      lastSeen,
      fixApplied: 0,
      userCorrections: 0,
      testFailures: frequency,
      archived: id % 23 === 0,
      description,
      fixDescription: id % 3 === 0 ? undefined : `Use the safe variant; see pattern ${id}.`,
      contexts: id === 3 ? ['<b>bold</b>.ts', 'render.test.ts'] : [`file${id % 17}.ts`],
      codeSnippet: id === 3 ? 'el.innerHTML = `<img src=x onerror=alert(1)>`;' : `const x${id} = load();`,
      goodSnippet: id === 3 ? 'el.textContent = text;' : undefined,
      source: pick(SOURCES),
      alwaysInject: id % 11 === 0,
      injectedCount: injected,
      recurredAfterInjection: recurred,
      successCount: injected - recurred,
      errorType: id % 2 ? 'TypeError' : 'AssertionError',
      errorMessage: id === 3 ? '<svg onload=alert(1)> expected escaped output' : `expected value ${id}`,
    };
    patterns.push(p);
    const kept = Math.min(frequency, 3);
    for (let k = 0; k < kept; k++) {
      occurrences.push({
        id: occId++,
        patternId: id,
        filePath: `src/file${id % 17}.ts`,
        line: 1 + ((id * 7 + k) % 300),
        generatedCode: id === 3 ? '<iframe src="javascript:alert(1)"></iframe>' : `call${k}();`,
        errorMessage: k === 0 ? p.errorMessage : undefined,
        model,
        source: p.source,
        timestamp: lastSeen - k * DAY,
      });
    }
    if (injected) injections.push({ patternId: id, model, injections: injected, successes: injected - recurred, recurred });
  }
  return { patterns, occurrences, injections };
}

const SEVERITY_RANK = { critical: 3, major: 2, minor: 1 } as const;

export class FakeEngine implements MistakeMemory {
  readonly patterns: Pattern[];
  readonly occurrences: Occurrence[];
  readonly injectionRows: EffectivenessRow[];
  trackingEnabled = true;
  enabledCategories: readonly Category[] = [...CATEGORIES];
  retrievalMode: 'hybrid' | 'lexical-only' = 'lexical-only';
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  /** Every listPatterns query, for asserting what the controller pushed down. */
  readonly queries: PatternQuery[] = [];

  constructor(data: FakeData = generateData(0)) {
    this.patterns = data.patterns;
    this.occurrences = data.occurrences;
    this.injectionRows = data.injections;
  }

  emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Adds a pattern as a capture would, and fires `recorded`. */
  add(p: Omit<Pattern, 'id'>): Pattern {
    const created = { ...p, id: Math.max(0, ...this.patterns.map((x) => x.id)) + 1 };
    this.patterns.push(created);
    this.emit({ type: 'recorded', pattern: created, created: true });
    return created;
  }

  private matching(q: PatternQuery): Pattern[] {
    const text = q.text?.trim().toLowerCase();
    return this.patterns.filter(
      (p) =>
        (!q.models || q.models.includes(p.modelName)) &&
        (!q.categories || q.categories.includes(p.category)) &&
        (!q.severities || q.severities.includes(p.severity)) &&
        (!q.sources || q.sources.includes(p.source)) &&
        (q.onlyArchived ? p.archived : q.includeArchived || !p.archived) &&
        (!text || [p.description, p.errorType ?? '', p.ruleId ?? '', p.errorMessage ?? ''].join(' ').toLowerCase().includes(text)),
    );
  }

  listPatterns(q: PatternQuery = {}): Pattern[] {
    this.queries.push(q);
    const orderBy = q.orderBy ?? 'frequency';
    const desc = q.descending ?? orderBy !== 'id';
    const key = (p: Pattern): number =>
      orderBy === 'severity' ? SEVERITY_RANK[p.severity] : orderBy === 'priority' ? (p.alwaysInject ? 1e12 : 0) + SEVERITY_RANK[p.severity] * 1e9 + p.frequency : orderBy === 'id' ? p.id : p[orderBy];
    const sorted = this.matching(q).sort((a, b) => (desc ? -1 : 1) * (key(a) - key(b) || a.id - b.id));
    const offset = Math.max(0, q.offset ?? 0);
    return q.limit === undefined ? sorted.slice(offset) : sorted.slice(offset, offset + q.limit);
  }

  countPatterns(q: PatternQuery = {}): number {
    return this.matching(q).length;
  }

  getPattern(id: number): Pattern | undefined {
    return this.patterns.find((p) => p.id === id);
  }

  listOccurrences(patternId?: number, limit?: number): Occurrence[] {
    const rows = this.occurrences.filter((o) => patternId === undefined || o.patternId === patternId).sort((a, b) => b.timestamp - a.timestamp || b.id - a.id);
    return limit === undefined ? rows : rows.slice(0, limit);
  }

  async updatePattern(id: number, patch: PatternPatch): Promise<Pattern | undefined> {
    const i = this.patterns.findIndex((p) => p.id === id);
    if (i < 0) return undefined;
    const updated = { ...(this.patterns[i] as Pattern), ...patch };
    this.patterns[i] = updated;
    this.emit({ type: 'changed' });
    return updated;
  }

  async deletePattern(id: number): Promise<void> {
    const i = this.patterns.findIndex((p) => p.id === id);
    if (i >= 0) this.patterns.splice(i, 1);
    this.emit({ type: 'changed' });
  }

  effectiveness(): EffectivenessRow[] {
    return this.injectionRows.map((r) => ({ ...r, successRate: r.successes + r.recurred ? r.successes / (r.successes + r.recurred) : undefined }));
  }

  async stats(): Promise<EngineStats> {
    const active = this.patterns.filter((p) => !p.archived);
    const byCategory: Record<string, number> = {};
    const bySeverity: Record<string, number> = {};
    const byModel: Record<string, { patterns: number; occurrences: number }> = {};
    for (const p of active) {
      byCategory[p.category] = (byCategory[p.category] ?? 0) + 1;
      bySeverity[p.severity] = (bySeverity[p.severity] ?? 0) + 1;
    }
    for (const p of this.patterns) {
      const m = (byModel[p.modelName] ??= { patterns: 0, occurrences: 0 });
      m.patterns++;
      m.occurrences += p.frequency;
    }
    const perDay = new Map<string, number>();
    for (const o of this.occurrences) {
      const day = new Date(o.timestamp).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const effectivenessByModel: Record<string, { injections: number; successes: number; recurred: number; successRate?: number }> = {};
    for (const r of this.injectionRows) {
      const e = (effectivenessByModel[r.model] ??= { injections: 0, successes: 0, recurred: 0 });
      e.injections += r.injections;
      e.successes += r.successes;
      e.recurred += r.recurred;
      e.successRate = e.successes + e.recurred ? e.successes / (e.successes + e.recurred) : undefined;
    }
    return {
      patterns: active.length,
      archivedPatterns: this.patterns.length - active.length,
      occurrences: this.patterns.reduce((s, p) => s + p.frequency, 0),
      byCategory,
      byModel,
      bySeverity,
      occurrencesPerDay: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count })),
      injections: this.injectionRows.reduce((s, r) => s + r.injections, 0),
      bytes: 40_960 + this.patterns.length * 900,
      retrievalMode: this.retrievalMode,
      trackingEnabled: this.trackingEnabled,
      enabledCategories: this.enabledCategories,
      effectivenessByModel,
    };
  }

  buildInjection(patterns: readonly Pattern[]): Injection {
    return { text: patterns.map((p) => `- ${p.description}${p.fixDescription ? ` (fix: ${p.fixDescription})` : ''}`).join('\n'), included: patterns.map((p) => p.id) };
  }

  onDidChange(listener: (e: EngineEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // Not used by the dashboard.
  record(): Promise<RecordOutcome> {
    return Promise.reject(new Error('not used by the dashboard'));
  }
  retrieve(): Promise<RetrievalResult> {
    return Promise.reject(new Error('not used by the dashboard'));
  }
  async noteInjection(): Promise<void> {}
  async noteFeedback(): Promise<void> {}
  exportJson(): Promise<ExportBundle> {
    return Promise.reject(new Error('not used by the dashboard'));
  }
  exportFineTuning(): Promise<string> {
    return Promise.reject(new Error('not used by the dashboard'));
  }
  importData(): Promise<ImportReport> {
    return Promise.reject(new Error('not used by the dashboard'));
  }
  async clear(): Promise<void> {
    this.patterns.splice(0);
    this.occurrences.splice(0);
    this.injectionRows.splice(0);
    this.emit({ type: 'cleared' });
  }
  async setTrackingEnabled(enabled: boolean): Promise<void> {
    this.trackingEnabled = enabled;
    this.emit({ type: 'settings' });
  }
  async setEnabledCategories(categories: readonly Category[]): Promise<void> {
    this.enabledCategories = categories;
    this.emit({ type: 'settings' });
  }
  async refresh(): Promise<boolean> {
    return false;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
