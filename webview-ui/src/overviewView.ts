/** The Overview tab: summary cards and charts, or the empty state while nothing is recorded. */
import { FILTER_CHOICES, formatBytes, formatCount, occurrencesInLastDays, topEntries, topModels } from '../../src/shared/dashboardModel';
import type { Overview } from '../../src/shared/protocol';
import { ChartsView } from './chartsView';
import { type Child, h, setChildren, setText } from './dom';
import { EmptyState } from './emptyState';
import type { ViewContext } from './viewContext';

const CARDS: ReadonlyArray<[string, string]> = [
  ['patterns', 'Patterns'],
  ['week', 'This week'],
  ['categories', 'Top categories'],
  ['models', 'Most affected models'],
  ['capture', 'Capture'],
];

export class OverviewView {
  readonly element: HTMLElement;
  private readonly emptyState: EmptyState;
  private readonly body: HTMLElement;
  private readonly cards = new Map<string, { value: HTMLElement; detail: HTMLElement }>();
  private readonly charts: ChartsView;

  constructor(ctx: ViewContext) {
    this.emptyState = new EmptyState(ctx);
    const cards = h('div', { class: 'cards' });
    for (const [key, title] of CARDS) {
      const value = h('div', { class: key === 'categories' || key === 'models' ? 'card-value name' : 'card-value', text: '—' });
      const detail = h('div', { class: 'card-detail', text: '' });
      this.cards.set(key, { value, detail });
      cards.append(h('section', { class: `card card-${key}`, attrs: { 'aria-label': title } }, h('h3', { class: 'card-title', text: title }), value, detail));
    }
    this.charts = new ChartsView();
    this.body = h('div', { class: 'overview-body' }, cards, this.charts.element);
    this.element = h('div', { class: 'overview' }, this.emptyState.element, this.body);
  }

  render(o: Overview): void {
    const { stats, capture } = o;
    const hasData = stats.patterns + stats.archivedPatterns > 0;
    this.emptyState.render(hasData, capture.tracking);
    this.body.hidden = !hasData;

    const list = (entries: ReadonlyArray<{ key: string; value: number }>, unit: string): HTMLElement =>
      h('ol', { class: 'toplist' }, ...entries.map((e) => h('li', {}, h('span', { class: 'toplist-key', text: e.key, attrs: { title: e.key } }), h('span', { class: 'toplist-value', text: `${formatCount(e.value)}${unit}` }))));

    this.card('patterns', formatCount(stats.patterns), `${formatCount(stats.archivedPatterns)} archived · ${formatCount(stats.occurrences)} occurrences`);
    this.card('week', formatCount(occurrencesInLastDays(stats.occurrencesPerDay, o.now, 7)), 'occurrences in the last 7 days');
    const cats = topEntries(stats.byCategory, 3);
    this.card('categories', cats[0]?.key ?? '—', cats.length ? list(cats, '') : 'none yet');
    const models = topModels(stats.byModel, 3);
    this.card('models', models[0]?.key ?? '—', models.length ? list(models, '') : 'none yet');
    this.card(
      'capture',
      capture.tracking ? 'On' : 'Paused',
      h('div', { text: `${capture.retrievalMode === 'hybrid' ? 'Hybrid' : 'Lexical-only'} retrieval · ${capture.vectorIndex} index` }),
      ...(capture.vectorStore
        ? [
            h('div', {
              class: `vector-store vector-${capture.vectorStore.state}`,
              text: `Chroma ${capture.vectorStore.summary} · ${capture.vectorStore.url}`,
              attrs: { title: capture.vectorStore.lastError ? `Last error: ${capture.vectorStore.lastError}` : capture.vectorStore.url },
            }),
          ]
        : []),
      h('div', { class: 'store', text: `${formatBytes(capture.storeBytes)} · ${capture.storeLocation}`, attrs: { title: capture.storeLocation } }),
      h('div', { text: `${capture.enabledCategories.length} of ${FILTER_CHOICES.categories.length} categories captured` }),
    );
    if (hasData) this.charts.update(o);
  }

  retheme(): void {
    this.charts.retheme();
  }

  private card(key: string, value: string, ...detail: Child[]): void {
    const c = this.cards.get(key);
    if (!c) return;
    setText(c.value, value);
    c.value.title = value;
    setChildren(c.detail, ...detail);
  }
}
