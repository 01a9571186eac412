import type { VscodeCheckbox, VscodeSingleSelect, VscodeTabs, VscodeTextarea, VscodeTextfield } from '@vscode-elements/elements';
import {
  activeFilterCount,
  DEFAULT_FILTERS,
  FILTER_CHOICES,
  formatAgo,
  formatBytes,
  formatCount,
  formatPercent,
  nextSort,
  occurrencesInLastDays,
  PAGE_SIZE,
  pageInfo,
  restoreUiState,
  topEntries,
  topModels,
  type UiState,
} from '../../src/shared/dashboardModel';
import type {
  ArchivedFilter,
  DashboardCommand,
  Overview,
  PageResult,
  PatternDetail,
  PatternEdit,
  PatternFilters,
  PatternRow,
  SortKey,
} from '../../src/shared/protocol';
import { CHART_IDS, type ChartId, Charts } from './charts';
import { ce, type Child, h, setChildren, setText } from './dom';
import { HostClient, type PushMessage } from './hostClient';
import { ReviewView } from './reviewView';
import type { VsCodeApi } from './vscodeApi';

interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly numeric?: boolean;
}
const COLUMNS: readonly Column[] = [
  { key: 'description', label: 'Description' },
  { key: 'category', label: 'Category' },
  { key: 'severity', label: 'Severity' },
  { key: 'model', label: 'Model' },
  { key: 'frequency', label: 'Seen', numeric: true },
  { key: 'lastSeen', label: 'Last seen' },
  { key: 'alwaysInject', label: 'Always' },
];

const CHART_TITLES: Record<ChartId, string> = {
  overTime: 'Mistakes over time (30 days)',
  byCategory: 'Patterns by category',
  byModel: 'Model comparison: share of recorded mistakes',
  effectiveness: 'Effectiveness: recurrence after injection',
};
const CHART_EMPTY: Record<ChartId, string> = {
  overTime: 'No occurrences in the last 30 days.',
  byCategory: 'No patterns yet.',
  byModel: 'No model has been attributed a mistake yet.',
  effectiveness: 'No injection has been decided yet: a pattern counts once it was injected and the window passed or the mistake recurred.',
};

type ButtonEl = HTMLElement & { disabled: boolean };

const MORE_ACTIONS: ReadonlySet<DashboardCommand> = new Set(['chooseCategories', 'exportData', 'importData', 'clearAllData']);

/**
 * The dashboard UI. Holds no data beyond what the host last sent; the only persisted state is the
 * UiState (tab, filters, sort, page, open pattern) through `setState`.
 */
export class App {
  private ui: UiState;
  private readonly client: HostClient;
  private overview: Overview | undefined;
  private page: PageResult | undefined;
  private editing = false;
  private listSeq = 0;
  private detailSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private charts!: Charts;
  private review!: ReviewView;

  // Elements built once and updated in place (no layout jumps).
  private readonly root: HTMLElement;
  private tabs!: VscodeTabs;
  private captureBadge!: HTMLElement;
  private captureText!: HTMLElement;
  private trackingButton!: ButtonEl;
  private patternsBadge!: HTMLElement;
  private emptyState!: HTMLElement;
  private emptyText!: HTMLElement;
  private overviewBody!: HTMLElement;
  private readonly cards = new Map<string, { value: HTMLElement; detail: HTMLElement }>();
  private patternsSection!: HTMLElement;
  private search!: VscodeTextfield;
  private readonly selects = new Map<keyof PatternFilters, VscodeSingleSelect>();
  private resetButton!: ButtonEl;
  private table!: HTMLTableElement;
  private tbody!: HTMLTableSectionElement;
  private readonly headers = new Map<SortKey, HTMLTableCellElement>();
  private pagerLabel!: HTMLElement;
  private prevButton!: ButtonEl;
  private nextButton!: ButtonEl;
  private detailPane!: HTMLElement;
  private toast!: HTMLElement;

  constructor(private readonly api: VsCodeApi) {
    this.ui = restoreUiState(api.getState());
    this.root = document.getElementById('app') ?? document.body;
    this.client = new HostClient(api, (m) => this.onPush(m));
    this.build();
    this.observeTheme();
    this.client.ready();
    void this.loadPage();
    if (this.ui.selectedId !== undefined) void this.openDetail(this.ui.selectedId, false);
  }

  /** For window.onerror: unexpected errors reach the extension's log. */
  reportError(message: string): void {
    this.client.log('error', message);
  }

  // ---- state ---------------------------------------------------------------------------------

  private setUi(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.api.setState(this.ui);
  }

  private onPush(m: PushMessage): void {
    switch (m.type) {
      case 'overview':
        this.overview = m.overview;
        this.renderOverview();
        return;
      case 'changed':
        if (m.reason === 'cleared') {
          this.closeDetail(false);
          this.setUi({ offset: 0 });
        }
        void this.loadPage();
        void this.review.refresh();
        if (this.ui.selectedId !== undefined && !this.editing) void this.openDetail(this.ui.selectedId, false);
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  // ---- skeleton ------------------------------------------------------------------------------

  private build(): void {
    const actions: Array<[DashboardCommand, string, boolean]> = [
      ['recordMistake', 'Record mistake', false],
      ['runTestsAndLearn', 'Run tests and learn', false],
      ['toggleTracking', 'Pause capture', true],
      ['chooseCategories', 'Categories…', true],
      ['exportData', 'Export…', true],
      ['importData', 'Import…', true],
      ['clearAllData', 'Clear all…', true],
    ];
    const actionBar = h('div', { class: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Mistake Memory actions' } });
    // In the narrow sidebar the data-management actions fold into a disclosure to save vertical space.
    const fold = document.body.dataset.surface === 'view';
    const more = h('div', { class: 'more-actions-body' });
    for (const [command, label, secondary] of actions) {
      const b = this.commandButton(command, label, secondary);
      if (command === 'toggleTracking') this.trackingButton = b;
      (fold && MORE_ACTIONS.has(command) ? more : actionBar).append(b);
    }
    if (fold) actionBar.append(h('details', { class: 'more-actions' }, h('summary', { text: 'More actions' }), more));
    this.captureBadge = ce('vscode-badge', { attrs: { variant: 'default' }, text: '…' });
    this.captureText = h('span', { class: 'capture-text', text: 'Loading…' });
    const topbar = h('header', { class: 'topbar' }, h('div', { class: 'capture', attrs: { role: 'status', 'aria-live': 'polite' } }, this.captureBadge, this.captureText), actionBar);

    this.tabs = ce<VscodeTabs>('vscode-tabs', { attrs: { panel: true } });
    this.patternsBadge = ce('vscode-badge', { attrs: { variant: 'counter' }, text: '0' });
    this.tabs.append(
      ce('vscode-tab-header', { attrs: { slot: 'header', 'data-tab': 'overview' } }, 'Overview'),
      ce('vscode-tab-panel', {}, this.buildOverview()),
      ce('vscode-tab-header', { attrs: { slot: 'header', 'data-tab': 'patterns' } }, 'Patterns ', this.patternsBadge),
      ce('vscode-tab-panel', {}, this.buildPatterns()),
    );
    // No counter badge: in the narrow sidebar a third badge makes the tab row overflow (the count is in the tab's summary line).
    const reviewHeader = ce('vscode-tab-header', { attrs: { slot: 'header', 'data-tab': 'review' } }, 'Review');
    this.review = new ReviewView(this.client, (text, error) => this.showToast(text, error), (n) => reviewHeader.setAttribute('title', `${n} waiting for review`));
    this.tabs.append(reviewHeader, ce('vscode-tab-panel', {}, this.review.element));
    void this.review.refresh();
    this.tabs.selectedIndex = this.ui.tab === 'patterns' ? 1 : 0;
    this.tabs.addEventListener('vsc-tabs-select', (e: Event) => {
      const index = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      this.setUi({ tab: index === 1 ? 'patterns' : 'overview' });
    });

    this.toast = h('div', { class: 'toast', attrs: { role: 'status', 'aria-live': 'polite', hidden: true } });
    this.root.removeAttribute('aria-busy');
    setChildren(this.root, topbar, this.tabs, this.toast);
  }

  private commandButton(command: DashboardCommand, label: string, secondary: boolean): ButtonEl {
    const b = ce<ButtonEl>('vscode-button', { attrs: { secondary, 'data-command': command } }, label);
    b.addEventListener('click', () => void this.runCommand(command, b));
    return b;
  }

  private async runCommand(command: DashboardCommand, button?: ButtonEl): Promise<void> {
    if (button) button.disabled = true;
    try {
      await this.client.request('runCommand', { command });
    } catch (e) {
      this.showToast((e as Error).message, true);
    } finally {
      if (button) button.disabled = false;
    }
  }

  private buildOverview(): HTMLElement {
    const start = (label: string, command: DashboardCommand, secondary: boolean): HTMLElement => this.commandButton(command, label, secondary);
    this.emptyText = h('p', {});
    this.emptyState = h(
      'section',
      { class: 'empty', attrs: { hidden: true, 'aria-labelledby': 'empty-title' } },
      h('h2', { attrs: { id: 'empty-title' }, text: 'No mistakes recorded yet' }),
      this.emptyText,
      h(
        'ul',
        {},
        h('li', {}, h('strong', { text: 'Failing tests' }), ' — run your tests through Mistake Memory, or let it read JUnit reports your test tasks write.'),
        h('li', {}, h('strong', { text: 'Scanner and linter findings' }), ' — diagnostics in code an assistant just wrote (Semgrep, ESLint, compilers…).'),
        h('li', {}, h('strong', { text: 'Chat corrections' }), ' — when you tell an assistant it got something wrong.'),
      ),
      h('div', { class: 'empty-actions' }, start('Record a first mistake', 'recordMistake', false), start('Run tests and learn', 'runTestsAndLearn', true), start('Import…', 'importData', true)),
    );

    const cardDefs: Array<[string, string]> = [
      ['patterns', 'Patterns'],
      ['week', 'This week'],
      ['categories', 'Top categories'],
      ['models', 'Most affected models'],
      ['capture', 'Capture'],
    ];
    const cards = h('div', { class: 'cards' });
    for (const [key, title] of cardDefs) {
      const value = h('div', { class: key === 'categories' || key === 'models' ? 'card-value name' : 'card-value', text: '—' });
      const detail = h('div', { class: 'card-detail', text: '' });
      this.cards.set(key, { value, detail });
      cards.append(h('section', { class: `card card-${key}`, attrs: { 'aria-label': title } }, h('h3', { class: 'card-title', text: title }), value, detail));
    }

    const canvases = new Map<ChartId, { canvas: HTMLCanvasElement; empty: HTMLElement }>();
    const charts = h('div', { class: 'charts' });
    for (const id of CHART_IDS) {
      const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': CHART_TITLES[id], 'data-chart': id } });
      const empty = h('p', { class: 'chart-empty', text: CHART_EMPTY[id], attrs: { hidden: true } });
      canvases.set(id, { canvas, empty });
      charts.append(h('figure', { class: `chart chart-${id}` }, h('figcaption', { text: CHART_TITLES[id] }), h('div', { class: 'chart-box' }, canvas, empty)));
    }
    this.charts = new Charts(canvases);
    this.overviewBody = h('div', { class: 'overview-body' }, cards, charts);
    return h('div', { class: 'overview' }, this.emptyState, this.overviewBody);
  }

  private buildPatterns(): HTMLElement {
    const f = this.ui.filters;
    this.search = ce<VscodeTextfield>('vscode-textfield', {
      class: 'search',
      attrs: { placeholder: 'Search descriptions, errors, rules', 'aria-label': 'Search patterns', type: 'search', value: f.text },
    });
    this.search.addEventListener('input', () => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.applyFilters({ ...this.ui.filters, text: this.search.value }), 200);
    });

    const select = (key: keyof PatternFilters, label: string, options: Array<[string, string]>, value: string | undefined): VscodeSingleSelect => {
      const s = ce<VscodeSingleSelect>('vscode-single-select', { class: `filter filter-${key}`, attrs: { 'aria-label': label, 'data-filter': key } });
      for (const [v, text] of options) s.append(ce('vscode-option', { attrs: { value: v, selected: v === (value ?? '') } }, text));
      s.addEventListener('change', () => this.onSelect(key, s.value));
      this.selects.set(key, s);
      return s;
    };
    const all = (what: string): [string, string] => ['', `All ${what}`];
    const filters = h(
      'div',
      { class: 'filters', attrs: { role: 'search' } },
      this.search,
      select('model', 'Model', [all('models')], f.model),
      select('category', 'Category', [all('categories'), ...FILTER_CHOICES.categories.map((c): [string, string] => [c, c])], f.category),
      select('severity', 'Severity', [all('severities'), ...FILTER_CHOICES.severities.map((c): [string, string] => [c, c])], f.severity),
      select('source', 'Source', [all('sources'), ...FILTER_CHOICES.sources.map((c): [string, string] => [c, c])], f.source),
      select('archived', 'Archived', [['active', 'Active'], ['archived', 'Archived'], ['all', 'Active and archived']], f.archived),
    );
    this.resetButton = ce<ButtonEl>('vscode-button', { attrs: { secondary: true }, class: 'reset' }, 'Reset filters');
    this.resetButton.addEventListener('click', () => this.resetFilters());
    filters.append(this.resetButton);

    const headRow = h('tr');
    for (const col of COLUMNS) {
      const button = h('button', { class: 'sort', attrs: { type: 'button', 'data-sort': col.key } }, col.label, h('span', { class: 'sort-indicator', attrs: { 'aria-hidden': 'true' } }));
      button.addEventListener('click', () => this.sortBy(col.key));
      const th = h('th', { class: `col-${col.key}${col.numeric ? ' num' : ''}`, attrs: { scope: 'col' } }, button);
      this.headers.set(col.key, th);
      headRow.append(th);
    }
    this.tbody = h('tbody');
    this.tbody.addEventListener('keydown', (e) => this.onTableKey(e));
    this.table = h('table', { class: 'patterns-table', attrs: { 'aria-label': 'Learned mistake patterns', 'aria-rowcount': -1 } }, h('thead', {}, headRow), this.tbody);

    this.prevButton = ce<ButtonEl>('vscode-button', { attrs: { secondary: true, 'aria-label': 'Previous page' } }, 'Previous');
    this.nextButton = ce<ButtonEl>('vscode-button', { attrs: { secondary: true, 'aria-label': 'Next page' } }, 'Next');
    this.prevButton.addEventListener('click', () => this.goPage(-1));
    this.nextButton.addEventListener('click', () => this.goPage(1));
    this.pagerLabel = h('span', { class: 'pager-label', attrs: { 'aria-live': 'polite' }, text: '' });

    this.detailPane = h('aside', { class: 'detail', attrs: { 'aria-label': 'Pattern detail', hidden: true } });
    this.patternsSection = h(
      'div',
      { class: 'patterns', attrs: { 'data-detail': 'closed' } },
      h('div', { class: 'list' }, filters, h('div', { class: 'table-wrap' }, this.table), h('div', { class: 'pager' }, this.prevButton, this.pagerLabel, this.nextButton)),
      this.detailPane,
    );
    this.renderSortHeaders();
    this.renderResetButton();
    // The layout reacts to this wrapper's width (a container cannot query itself).
    return h('div', { class: 'patterns-container' }, this.patternsSection);
  }

  // ---- overview ------------------------------------------------------------------------------

  private card(key: string, value: string, ...detail: Child[]): void {
    const c = this.cards.get(key);
    if (!c) return;
    setText(c.value, value);
    c.value.title = value;
    setChildren(c.detail, ...detail);
  }

  private renderOverview(): void {
    const o = this.overview;
    if (!o) return;
    const { stats, capture } = o;
    const hasData = stats.patterns + stats.archivedPatterns > 0;

    setText(this.captureBadge, capture.tracking ? 'Capture on' : 'Capture paused');
    this.captureBadge.classList.toggle('off', !capture.tracking);
    setText(this.captureText, capture.retrievalMode === 'hybrid' ? 'Hybrid retrieval (embedding model loaded)' : 'Lexical-only retrieval');
    setText(this.trackingButton, capture.tracking ? 'Pause capture' : 'Resume capture');
    setText(this.patternsBadge, formatCount(stats.patterns));

    this.emptyState.hidden = hasData;
    this.overviewBody.hidden = !hasData;
    setText(
      this.emptyText,
      capture.tracking
        ? 'Capture is on. Mistakes are learned automatically from these sources, and the lessons are added to your assistants’ requests:'
        : 'Capture is paused, so nothing is being learned. Resume capture with the button above; mistakes are then learned from:',
    );

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

    this.syncModelOptions(o.models);
    if (hasData) this.charts.update(o);
  }

  /** Model names come from the data: rebuild the options, keeping the current choice. */
  private syncModelOptions(models: readonly string[]): void {
    const s = this.selects.get('model');
    if (!s) return;
    const current = this.ui.filters.model;
    const wanted = current && !models.includes(current) ? [...models, current] : [...models];
    const existing = [...s.querySelectorAll('vscode-option')].slice(1).map((o) => o.getAttribute('value') ?? '');
    if (existing.length === wanted.length && existing.every((v, i) => v === wanted[i])) return;
    setChildren(s, ce('vscode-option', { attrs: { value: '', selected: !current } }, 'All models'), ...wanted.map((m) => ce('vscode-option', { attrs: { value: m, selected: m === current } }, m)));
  }

  // ---- patterns list ---------------------------------------------------------------------------

  private onSelect(key: keyof PatternFilters, value: string): void {
    const f = this.ui.filters;
    switch (key) {
      case 'archived':
        this.applyFilters({ ...f, archived: value as ArchivedFilter });
        return;
      case 'model':
      case 'category':
      case 'severity':
      case 'source':
        this.applyFilters({ ...f, [key]: value || undefined });
        return;
      case 'text':
        return;
      default: {
        const never: never = key;
        return never;
      }
    }
  }

  private applyFilters(filters: PatternFilters): void {
    this.setUi({ filters, offset: 0 });
    this.renderResetButton();
    void this.loadPage();
  }

  private resetFilters(): void {
    this.search.value = '';
    for (const [key, s] of this.selects) s.value = key === 'archived' ? 'active' : '';
    this.applyFilters(DEFAULT_FILTERS);
  }

  private renderResetButton(): void {
    const n = activeFilterCount(this.ui.filters);
    this.resetButton.disabled = n === 0;
    setText(this.resetButton, n ? `Reset filters (${n})` : 'Reset filters');
  }

  private sortBy(key: SortKey): void {
    this.setUi({ sort: nextSort(this.ui.sort, key), offset: 0 });
    this.renderSortHeaders();
    void this.loadPage();
  }

  private renderSortHeaders(): void {
    for (const [key, th] of this.headers) {
      const active = this.ui.sort.key === key;
      th.setAttribute('aria-sort', active ? (this.ui.sort.descending ? 'descending' : 'ascending') : 'none');
      const indicator = th.querySelector('.sort-indicator');
      if (indicator) setText(indicator, active ? (this.ui.sort.descending ? ' ▼' : ' ▲') : '');
    }
  }

  private goPage(delta: number): void {
    const total = this.page?.total ?? 0;
    const offset = Math.max(0, Math.min(this.ui.offset + delta * PAGE_SIZE, Math.max(0, total - 1)));
    this.setUi({ offset: Math.floor(offset / PAGE_SIZE) * PAGE_SIZE });
    void this.loadPage();
  }

  private async loadPage(): Promise<void> {
    const seq = ++this.listSeq;
    this.table.setAttribute('aria-busy', 'true');
    try {
      const page = await this.client.request('listPatterns', { filters: this.ui.filters, sort: this.ui.sort, offset: this.ui.offset, limit: PAGE_SIZE });
      if (seq !== this.listSeq) return; // a newer request is on its way; drop this answer
      this.page = page;
      if (page.offset !== this.ui.offset) this.setUi({ offset: page.offset });
      this.renderRows(page);
    } catch (e) {
      if (seq === this.listSeq) this.showToast(`Could not load patterns: ${(e as Error).message}`, true);
    } finally {
      if (seq === this.listSeq) this.table.removeAttribute('aria-busy');
    }
  }

  private renderRows(page: PageResult): void {
    const hadFocus = this.tbody.contains(document.activeElement);
    if (!page.rows.length) {
      const empty = this.overview && this.overview.stats.patterns + this.overview.stats.archivedPatterns === 0;
      setChildren(
        this.tbody,
        h(
          'tr',
          { class: 'empty-row' },
          h('td', { attrs: { colspan: COLUMNS.length } }, empty ? 'No patterns yet. Record a mistake or run your tests to start.' : 'No patterns match these filters.'),
        ),
      );
    } else {
      setChildren(this.tbody, ...page.rows.map((r, i) => this.row(r, i === 0)));
    }
    this.table.setAttribute('aria-rowcount', String(page.total + 1));
    const info = pageInfo(page.offset, page.rows.length, page.total, PAGE_SIZE);
    setText(this.pagerLabel, info.label);
    this.prevButton.disabled = !info.hasPrevious;
    this.nextButton.disabled = !info.hasNext;
    if (hadFocus) this.tbody.querySelector<HTMLElement>('tr[tabindex="0"]')?.focus();
  }

  private row(r: PatternRow, first: boolean): HTMLTableRowElement {
    const now = this.overview?.now ?? Date.now();
    const selected = r.id === this.ui.selectedId;
    const tr = h(
      'tr',
      {
        class: `${r.archived ? 'archived' : ''}`,
        attrs: { tabindex: first ? 0 : -1, 'data-id': r.id, 'aria-selected': selected ? 'true' : 'false', 'aria-rowindex': this.ui.offset + 2 },
      },
      h('td', { class: 'col-description' }, h('span', { class: 'desc', text: r.description, attrs: { title: r.description } })),
      h('td', { class: 'col-category', text: r.category }),
      h('td', { class: 'col-severity' }, h('span', { class: `sev sev-${r.severity}`, text: r.severity })),
      h('td', { class: 'col-model' }, h('span', { class: 'model', text: r.model, attrs: { title: r.model } })),
      h('td', { class: 'col-frequency num', text: formatCount(r.frequency) }),
      h('td', { class: 'col-lastSeen', text: formatAgo(r.lastSeen, now), attrs: { title: new Date(r.lastSeen).toISOString() } }),
      h('td', { class: 'col-alwaysInject', text: r.alwaysInject ? '✓' : '', attrs: { 'aria-label': r.alwaysInject ? 'always injected' : 'not always injected' } }),
    );
    tr.addEventListener('click', () => void this.openDetail(r.id, true));
    return tr;
  }

  /** Roving focus: arrows move between rows, Enter/Space opens, Home/End jump. */
  private onTableKey(e: KeyboardEvent): void {
    const rows = [...this.tbody.querySelectorAll<HTMLTableRowElement>('tr[data-id]')];
    const i = rows.findIndex((r) => r === document.activeElement);
    if (i < 0) return;
    let target: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        target = Math.min(rows.length - 1, i + 1);
        break;
      case 'ArrowUp':
        target = Math.max(0, i - 1);
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = rows.length - 1;
        break;
      case 'PageDown':
        if (!this.nextButton.disabled) this.goPage(1);
        e.preventDefault();
        return;
      case 'PageUp':
        if (!this.prevButton.disabled) this.goPage(-1);
        e.preventDefault();
        return;
      case 'Enter':
      case ' ': {
        const id = Number(rows[i]?.dataset.id);
        e.preventDefault();
        void this.openDetail(id, true);
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    for (const r of rows) r.tabIndex = -1;
    const next = rows[target];
    if (next) {
      next.tabIndex = 0;
      next.focus();
    }
  }

  // ---- detail --------------------------------------------------------------------------------

  private async openDetail(id: number, focus: boolean): Promise<void> {
    const seq = ++this.detailSeq;
    this.setUi({ selectedId: id, tab: 'patterns' });
    if (this.tabs.selectedIndex !== 1) this.tabs.selectedIndex = 1;
    for (const tr of this.tbody.querySelectorAll('tr[data-id]')) tr.setAttribute('aria-selected', String(Number((tr as HTMLElement).dataset.id) === id));
    try {
      const detail = await this.client.request('getPattern', { id });
      if (seq !== this.detailSeq) return;
      if (!detail) {
        this.closeDetail(false);
        this.showToast('That pattern no longer exists.', false);
        return;
      }
      this.editing = false;
      this.renderDetail(detail);
      if (focus) this.detailPane.querySelector<HTMLElement>('h2')?.focus();
    } catch (e) {
      if (seq === this.detailSeq) this.showToast(`Could not load the pattern: ${(e as Error).message}`, true);
    }
  }

  private closeDetail(restoreFocus: boolean): void {
    const id = this.ui.selectedId;
    this.detailSeq++;
    this.editing = false;
    this.setUi({ selectedId: undefined });
    this.detailPane.hidden = true;
    this.detailPane.replaceChildren();
    this.patternsSection.dataset.detail = 'closed';
    for (const tr of this.tbody.querySelectorAll('tr[aria-selected="true"]')) tr.setAttribute('aria-selected', 'false');
    if (restoreFocus) {
      const row = this.tbody.querySelector<HTMLElement>(`tr[data-id="${id ?? -1}"]`) ?? this.tbody.querySelector<HTMLElement>('tr[tabindex="0"]');
      row?.focus();
    }
  }

  private button(label: string, onClick: (b: ButtonEl) => void | Promise<void>, opts: { secondary?: boolean; name?: string } = {}): ButtonEl {
    const b = ce<ButtonEl>('vscode-button', { attrs: { secondary: opts.secondary ?? true, 'data-action': opts.name } }, label);
    b.addEventListener('click', () => {
      if (b.disabled) return;
      b.disabled = true;
      void Promise.resolve(onClick(b)).finally(() => {
        if (b.isConnected) b.disabled = false;
      });
    });
    return b;
  }

  private async edit(id: number, edit: PatternEdit, done: string): Promise<void> {
    try {
      const detail = await this.client.request('updatePattern', { id, edit });
      if (!detail) {
        this.closeDetail(false);
        this.showToast('That pattern no longer exists.', false);
        return;
      }
      this.editing = false;
      this.renderDetail(detail);
      this.showToast(done, false);
    } catch (e) {
      this.showToast((e as Error).message, true);
    }
  }

  private renderDetail(d: PatternDetail): void {
    const p = d.pattern;
    const now = this.overview?.now ?? Date.now();
    this.patternsSection.dataset.detail = 'open';
    this.detailPane.hidden = false;

    const back = this.button('← All patterns', () => this.closeDetail(true), { name: 'back' });
    const title = h('h2', { class: 'detail-title', text: p.description, attrs: { tabindex: -1 } });
    const badges = h(
      'div',
      { class: 'badges' },
      ...[p.category, p.severity, p.modelName, `source: ${p.source}`, p.archived ? 'archived' : '', p.alwaysInject ? 'always injected' : '']
        .filter(Boolean)
        .map((t) => ce('vscode-badge', { attrs: { variant: 'default' }, text: t })),
    );

    const stat = (label: string, value: string, title?: string): HTMLElement[] => [h('dt', { text: label }), h('dd', { text: value, attrs: { title } })];
    const stats = h(
      'dl',
      { class: 'stats' },
      ...stat('Seen', `${formatCount(p.frequency)} time${p.frequency === 1 ? '' : 's'}`),
      ...stat('First seen', formatAgo(p.firstSeen, now), new Date(p.firstSeen).toISOString()),
      ...stat('Last seen', formatAgo(p.lastSeen, now), new Date(p.lastSeen).toISOString()),
      ...stat('Injected', `${formatCount(d.effectiveness.injections)} time${d.effectiveness.injections === 1 ? '' : 's'}`),
      ...stat('Success after injection', formatPercent(d.effectiveness.successRate)),
      ...stat('Recurred after injection', formatCount(d.effectiveness.recurred)),
    );

    const section = (heading: string, ...body: Child[]): HTMLElement => h('section', { class: 'detail-section' }, h('h3', { text: heading }), ...body);
    const pre = (text: string, cls = ''): HTMLElement => h('pre', { class: `code ${cls}`, text });

    const alwaysInject = ce<VscodeCheckbox>('vscode-checkbox', { attrs: { checked: p.alwaysInject, 'data-action': 'alwaysInject' } }, 'Always inject into requests');
    alwaysInject.addEventListener('change', () => void this.edit(p.id, { alwaysInject: alwaysInject.checked }, alwaysInject.checked ? 'Will always be injected.' : 'Injected only when relevant.'));

    const actions = h(
      'div',
      { class: 'detail-actions' },
      this.button('Edit', () => this.renderEditor(d), { name: 'edit', secondary: false }),
      this.button(p.archived ? 'Unarchive' : 'Archive', () => this.edit(p.id, { archived: !p.archived }, p.archived ? 'Pattern restored.' : 'Pattern archived.'), { name: 'archive' }),
      this.button('Copy as instruction', async () => {
        try {
          await this.client.request('copyInstruction', { id: p.id });
          this.showToast('Instruction copied to the clipboard.', false);
        } catch (e) {
          this.showToast((e as Error).message, true);
        }
      }, { name: 'copy' }),
      this.button('Delete…', async () => {
        try {
          const { deleted } = await this.client.request('deletePattern', { id: p.id });
          if (deleted) {
            this.closeDetail(false);
            this.showToast('Pattern deleted.', false);
            void this.loadPage();
          }
        } catch (e) {
          this.showToast((e as Error).message, true);
        }
      }, { name: 'delete' }),
      alwaysInject,
    );

    const error = [p.errorType, p.errorMessage].filter(Boolean).join(': ');
    const body: Child[] = [
      h('div', { class: 'detail-head' }, back, h('span', { class: 'detail-id', text: `Pattern #${p.id}` })),
      title,
      badges,
      actions,
      stats,
      section('Fix', p.fixDescription ? h('p', { class: 'fix', text: p.fixDescription }) : h('p', { class: 'muted', text: 'No fix recorded yet. Use Edit to add one: it is what assistants are told to do instead.' })),
      error ? section('Error', pre(error)) : null,
      p.codeSnippet ? section('Code that went wrong', pre(p.codeSnippet, 'bad')) : null,
      p.goodSnippet ? section('Corrected code', pre(p.goodSnippet, 'good')) : null,
      p.contexts.length ? section('Seen in', h('ul', { class: 'chips' }, ...p.contexts.map((c) => h('li', { text: c })))) : null,
      section(
        `Occurrences (${formatCount(p.frequency)})`,
        d.occurrences.length && d.occurrences.length < p.frequency ? h('p', { class: 'muted', text: `The ${d.occurrences.length} most recent:` }) : null,
        this.occurrences(d, now),
      ),
    ];
    setChildren(this.detailPane, ...body);
  }

  private occurrences(d: PatternDetail, now: number): HTMLElement {
    if (!d.occurrences.length) return h('p', { class: 'muted', text: 'No occurrence rows kept (imported pattern).' });
    return h(
      'ol',
      { class: 'occurrences' },
      ...d.occurrences.map((o) => {
        const where = o.filePath ? `${o.filePath}${o.line !== undefined ? `:${o.line}` : ''}` : 'no file';
        return h(
          'li',
          {},
          h(
            'div',
            { class: 'occ-head' },
            h('span', { class: 'occ-time', text: formatAgo(o.timestamp, now), attrs: { title: new Date(o.timestamp).toISOString() } }),
            h('span', { class: 'occ-file', text: where, attrs: { title: where } }),
            h('span', { class: 'occ-model', text: `${o.model} · ${o.source}` }),
          ),
          o.errorMessage ? h('div', { class: 'occ-error', text: o.errorMessage }) : null,
          o.generatedCode ? h('details', {}, h('summary', { text: 'Snippet (sanitized)' }), h('pre', { class: 'code', text: o.generatedCode })) : null,
        );
      }),
    );
  }

  private renderEditor(d: PatternDetail): void {
    const p = d.pattern;
    this.editing = true;
    const description = ce<VscodeTextarea>('vscode-textarea', { class: 'edit-description', attrs: { rows: 2, 'aria-label': 'Description', resize: 'vertical' } });
    description.value = p.description;
    const fix = ce<VscodeTextarea>('vscode-textarea', { class: 'edit-fix', attrs: { rows: 4, 'aria-label': 'Fix', resize: 'vertical', placeholder: 'What an assistant should do instead' } });
    fix.value = p.fixDescription ?? '';
    const form = h(
      'div',
      { class: 'editor' },
      h('label', { text: 'Description (one line an assistant can act on)' }),
      description,
      h('label', { text: 'Fix' }),
      fix,
      h(
        'div',
        { class: 'detail-actions' },
        this.button('Save', () => this.edit(p.id, { description: description.value, fixDescription: fix.value }, 'Pattern saved.'), { name: 'save', secondary: false }),
        this.button('Cancel', () => {
          this.editing = false;
          this.renderDetail(d);
        }, { name: 'cancel' }),
      ),
    );
    const title = this.detailPane.querySelector('.detail-title');
    const actions = this.detailPane.querySelector('.detail-actions');
    title?.replaceWith(form);
    actions?.remove();
    const fixSection = [...this.detailPane.querySelectorAll('.detail-section')].find((s) => s.querySelector('h3')?.textContent === 'Fix');
    fixSection?.remove();
    description.focus();
  }

  // ---- misc ----------------------------------------------------------------------------------

  private showToast(text: string, error: boolean): void {
    setText(this.toast, text);
    this.toast.classList.toggle('error', error);
    this.toast.hidden = false;
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast.hidden = true), error ? 6000 : 2500);
  }

  /** VS Code swaps the theme by changing <body>'s class and <html>'s style variables. */
  private observeTheme(): void {
    let pending = false;
    const observer = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        this.charts.retheme();
      });
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  }
}
