import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Pattern } from '../../../src/core/types';
import {
  activeFilterCount,
  categorySeries,
  clampOffset,
  comparePatterns,
  dailySeries,
  DEFAULT_UI_STATE,
  effectivenessSeries,
  formatAgo,
  formatBytes,
  formatCount,
  formatPercent,
  matchesFilters,
  modelComparison,
  nextSort,
  occurrencesInLastDays,
  pageInfo,
  pageOf,
  patternSuccessRate,
  restoreUiState,
  toPatternQuery,
  topEntries,
} from '../../../src/shared/dashboardModel';
import type { PageRequest, PatternFilters } from '../../../src/shared/protocol';
import { generateSamples, SAMPLE_NOW, type SampleEngine, sampleEngine } from './sampleEngine';

const DAY = 24 * 3600 * 1000;
const all: PatternFilters = { text: '', archived: 'all' };

describe('dashboardModel', function () {
  this.timeout(60_000);
  // The real engine (sql.js on the in-memory file system) holding 500 generated patterns.
  let sample: SampleEngine;
  let patterns: readonly Pattern[] = [];
  before(async () => {
    sample = await sampleEngine(generateSamples(500, 7));
    patterns = sample.engine.listPatterns({ includeArchived: true, orderBy: 'id' });
  });
  after(async () => {
    await sample.engine.close();
  });

  describe('restoreUiState', () => {
    it('falls back to defaults for anything that is not a state object', () => {
      for (const v of [undefined, null, 42, 'x', [1, 2]]) assert.deepEqual(restoreUiState(v), DEFAULT_UI_STATE);
    });

    it('keeps valid fields and drops invalid ones one by one', () => {
      const s = restoreUiState({
        tab: 'patterns',
        filters: { text: 'await', model: 'gpt-4o', category: 'nope', severity: 'critical', source: 'test', archived: 'everything' },
        sort: { key: 'frequency', descending: false },
        offset: -5,
        selectedId: 12,
      });
      assert.equal(s.tab, 'patterns');
      assert.deepEqual(s.filters, { text: 'await', model: 'gpt-4o', category: undefined, severity: 'critical', source: 'test', archived: 'active' });
      assert.deepEqual(s.sort, { key: 'frequency', descending: false });
      assert.equal(s.offset, 0);
      assert.equal(s.selectedId, 12);
    });

    it('an unknown sort key gives the default sort', () => {
      assert.deepEqual(restoreUiState({ sort: { key: 'innerHTML', descending: true } }).sort, DEFAULT_UI_STATE.sort);
    });
  });

  describe('sorting', () => {
    it('nextSort flips the same column and starts a new one at its natural direction', () => {
      assert.deepEqual(nextSort({ key: 'frequency', descending: true }, 'frequency'), { key: 'frequency', descending: false });
      assert.deepEqual(nextSort({ key: 'frequency', descending: true }, 'description'), { key: 'description', descending: false });
      assert.deepEqual(nextSort({ key: 'description', descending: false }, 'lastSeen'), { key: 'lastSeen', descending: true });
    });

    it('severity sorts by rank, not alphabetically', () => {
      const sorted = [...patterns].sort(comparePatterns({ key: 'severity', descending: true }));
      const ranks = sorted.map((p) => ({ critical: 3, major: 2, minor: 1 })[p.severity]);
      assert.ok(ranks.every((r, i) => i === 0 || (ranks[i - 1] as number) >= r));
      assert.equal(sorted[0]?.severity, 'critical');
      assert.equal(sorted[sorted.length - 1]?.severity, 'minor');
    });

    it('is a total order: ties break on id in the sort direction', () => {
      const sorted = [...patterns].sort(comparePatterns({ key: 'category', descending: false }));
      for (let i = 1; i < sorted.length; i++) {
        const a = sorted[i - 1] as Pattern;
        const b = sorted[i] as Pattern;
        if (a.category === b.category) assert.ok(a.id < b.id, `ids ${a.id} ${b.id}`);
      }
    });
  });

  describe('filtering', () => {
    it('matchesFilters agrees with the store query built by toPatternQuery', () => {
      const { engine } = sample;
      assert.equal(patterns.length, 500);
      const filters: PatternFilters[] = [
        { text: '', archived: 'active' },
        { text: '', archived: 'archived' },
        { text: 'TIMERS', archived: 'all' },
        { text: 'typeerror', archived: 'active', severity: 'major' },
        { text: '', archived: 'all', model: 'gpt-4o', category: 'async' },
        { text: '  ', archived: 'active', source: 'chat' },
      ];
      for (const f of filters) {
        const mine = patterns.filter((p) => matchesFilters(p, f)).map((p) => p.id);
        const stored = engine.listPatterns({ ...toPatternQuery(f), orderBy: 'id' }).map((p) => p.id);
        assert.deepEqual(stored, mine, JSON.stringify(f));
        assert.equal(engine.countPatterns(toPatternQuery(f)), mine.length, JSON.stringify(f));
      }
    });

    it('toPatternQuery leaves out what is not filtered and trims the text', () => {
      assert.deepEqual(toPatternQuery({ text: '  await ', archived: 'active' }), {
        models: undefined,
        categories: undefined,
        severities: undefined,
        sources: undefined,
        includeArchived: false,
        onlyArchived: false,
        text: 'await',
      });
      assert.equal(toPatternQuery({ text: '', archived: 'all' }).includeArchived, true);
      assert.equal(toPatternQuery({ text: '', archived: 'archived' }).onlyArchived, true);
    });

    it('counts active filters for the reset button', () => {
      assert.equal(activeFilterCount({ text: '', archived: 'active' }), 0);
      assert.equal(activeFilterCount({ text: ' x ', archived: 'all', model: 'm', severity: 'minor' }), 4);
    });
  });

  describe('paging', () => {
    it('pages cover every matching row exactly once', () => {
      const req = (offset: number): PageRequest => ({ filters: all, sort: { key: 'description', descending: false }, offset, limit: 64 });
      const seen: number[] = [];
      let total = 0;
      for (let offset = 0; ; offset += 64) {
        const page = pageOf(patterns, req(offset));
        total = page.total;
        if (offset >= total) break;
        seen.push(...page.rows.map((r) => r.id));
      }
      assert.equal(seen.length, patterns.length);
      assert.equal(new Set(seen).size, patterns.length);
      assert.equal(total, patterns.length);
    });

    it('an offset past the end serves the last page instead of nothing', () => {
      const page = pageOf(patterns, { filters: all, sort: { key: 'frequency', descending: true }, offset: 10_000, limit: 50 });
      assert.equal(page.offset, 450);
      assert.equal(page.rows.length, 50);
    });

    it('clampOffset aligns to the page and stays within [0, last page]', () => {
      fc.assert(
        fc.property(fc.integer({ min: -100, max: 100_000 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 200 }), (offset, total, limit) => {
          const o = clampOffset(offset, total, limit);
          assert.ok(o >= 0);
          assert.equal(o % limit, 0);
          if (total > 0) assert.ok(o < total);
          else assert.equal(o, 0);
        }),
      );
    });

    it('pageInfo labels and flags', () => {
      assert.deepEqual(pageInfo(0, 50, 10_000, 50), { page: 1, pages: 200, hasPrevious: false, hasNext: true, label: '1–50 of 10,000' });
      assert.deepEqual(pageInfo(9_950, 50, 10_000, 50), { page: 200, pages: 200, hasPrevious: true, hasNext: false, label: '9,951–10,000 of 10,000' });
      assert.equal(pageInfo(0, 0, 0, 50).label, 'No patterns');
      assert.equal(pageInfo(0, 0, 0, 50).hasNext, false);
    });
  });

  describe('overview figures', () => {
    const perDay = [
      { day: '2026-11-17', count: 100 },
      { day: '2026-11-19', count: 3 },
      { day: '2026-11-25', count: 4 },
      { day: '2026-11-26', count: 1000 },
    ];

    it('occurrences this week: the 7 UTC days ending today', () => {
      assert.equal(occurrencesInLastDays(perDay, SAMPLE_NOW, 7), 7);
      assert.equal(occurrencesInLastDays(perDay, SAMPLE_NOW, 9), 107);
    });

    it('dailySeries fills missing days with zero and ends today', () => {
      const s = dailySeries(perDay, SAMPLE_NOW, 10);
      assert.equal(s.labels.length, 10);
      assert.equal(s.labels[9], '2026-11-25');
      assert.equal(s.labels[0], '2026-11-16');
      assert.deepEqual(s.values, [0, 100, 0, 3, 0, 0, 0, 0, 0, 4]);
    });

    it('topEntries sorts by value then name and drops zeros', () => {
      assert.deepEqual(topEntries({ b: 2, a: 2, c: 5, z: 0 }, 3), [
        { key: 'c', value: 5 },
        { key: 'a', value: 2 },
        { key: 'b', value: 2 },
      ]);
      assert.deepEqual(categorySeries({ async: 1, type: 3 }), { labels: ['type', 'async'], values: [3, 1] });
    });

    it('modelComparison folds the long tail and gives shares of all occurrences', () => {
      const byModel = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, { patterns: 1, occurrences: 10 - i }]));
      const m = modelComparison(byModel, 3);
      assert.deepEqual(m.labels, ['m0', 'm1', 'm2', '7 other models']);
      assert.deepEqual(m.occurrences, [10, 9, 8, 28]);
      assert.equal(m.share[0], 18.2); // 10 of 55
      assert.equal(Math.round(m.share.reduce((a, b) => a + b, 0)), 100);
    });

    it('effectivenessSeries keeps models with decided injections only', () => {
      const e = effectivenessSeries({
        a: { injections: 10, successes: 6, recurred: 2 },
        b: { injections: 4, successes: 0, recurred: 0 },
        c: { injections: 20, successes: 1, recurred: 3 },
      });
      assert.deepEqual(e.labels, ['c', 'a']);
      assert.deepEqual(e.recurrence, [75, 25]);
      assert.deepEqual(e.prevented, [25, 75]);
    });

    it('patternSuccessRate is undefined until something is decided', () => {
      assert.equal(patternSuccessRate({ successCount: 0, recurredAfterInjection: 0 }), undefined);
      assert.equal(patternSuccessRate({ successCount: 3, recurredAfterInjection: 1 }), 0.75);
    });

    it('formats counts, bytes, percentages and ages', () => {
      assert.equal(formatCount(1234567), '1,234,567');
      assert.equal(formatCount(999), '999');
      assert.equal(formatBytes(512), '512 B');
      assert.equal(formatBytes(8_600_000), '8.2 MB');
      assert.equal(formatBytes(undefined), 'unknown size');
      assert.equal(formatPercent(0.756), '76%');
      assert.equal(formatPercent(undefined), '—');
      assert.equal(formatAgo(SAMPLE_NOW - 30_000, SAMPLE_NOW), 'just now');
      assert.equal(formatAgo(SAMPLE_NOW - 5 * 60_000, SAMPLE_NOW), '5 min ago');
      assert.equal(formatAgo(SAMPLE_NOW - 3 * DAY, SAMPLE_NOW), '3 d ago');
      assert.equal(formatAgo(SAMPLE_NOW - 40 * DAY, SAMPLE_NOW), '2026-10-16');
    });
  });
});
