/**
 * The Patterns tab's list: search and filters, the sortable table (one page at a time, rows fetched
 * from the host), the pager, and roving keyboard focus over the rows.
 */
import type { VscodeSingleSelect, VscodeTextfield } from '@vscode-elements/elements';
import { activeFilterCount, DEFAULT_FILTERS, FILTER_CHOICES, formatAgo, formatCount, nextSort, PAGE_SIZE, pageInfo } from '../../src/shared/dashboardModel';
import type { ArchivedFilter, PageResult, PatternFilters, PatternRow, SortKey } from '../../src/shared/protocol';
import { ce, h, setChildren, setText } from './dom';
import type { ButtonEl, ViewContext } from './viewContext';

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

export class TableView {
  /** Filters, table and pager. */
  readonly element: HTMLElement;
  private page: PageResult | undefined;
  private listSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly search: VscodeTextfield;
  private readonly selects = new Map<keyof PatternFilters, VscodeSingleSelect>();
  private readonly resetButton: ButtonEl;
  private readonly table: HTMLTableElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly headers = new Map<SortKey, HTMLTableCellElement>();
  private readonly pagerLabel: HTMLElement;
  private readonly prevButton: ButtonEl;
  private readonly nextButton: ButtonEl;

  constructor(
    private readonly ctx: ViewContext,
    /** A row was clicked or activated from the keyboard. */
    private readonly onOpen: (id: number, focus: boolean) => void,
  ) {
    const f = ctx.ui().filters;
    this.search = ce<VscodeTextfield>('vscode-textfield', {
      class: 'search',
      attrs: { placeholder: 'Search descriptions, errors, rules', 'aria-label': 'Search patterns', type: 'search', value: f.text },
    });
    this.search.addEventListener('input', () => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.applyFilters({ ...this.ctx.ui().filters, text: this.search.value }), 200);
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

    this.element = h('div', { class: 'list' }, filters, h('div', { class: 'table-wrap' }, this.table), h('div', { class: 'pager' }, this.prevButton, this.pagerLabel, this.nextButton));
    this.renderSortHeaders();
    this.renderResetButton();
  }

  /** Marks the open pattern's row (none when `id` is undefined). */
  markSelected(id: number | undefined): void {
    if (id === undefined) {
      for (const tr of this.tbody.querySelectorAll('tr[aria-selected="true"]')) tr.setAttribute('aria-selected', 'false');
      return;
    }
    for (const tr of this.tbody.querySelectorAll('tr[data-id]')) tr.setAttribute('aria-selected', String(Number((tr as HTMLElement).dataset.id) === id));
  }

  /** Focus back on a pattern's row, or on the row that holds the roving focus. */
  focusRow(id: number | undefined): void {
    const row = this.tbody.querySelector<HTMLElement>(`tr[data-id="${id ?? -1}"]`) ?? this.tbody.querySelector<HTMLElement>('tr[tabindex="0"]');
    row?.focus();
  }

  /** Model names come from the data: rebuild the options, keeping the current choice. */
  syncModelOptions(models: readonly string[]): void {
    const s = this.selects.get('model');
    if (!s) return;
    const current = this.ctx.ui().filters.model;
    const wanted = current && !models.includes(current) ? [...models, current] : [...models];
    const existing = [...s.querySelectorAll('vscode-option')].slice(1).map((o) => o.getAttribute('value') ?? '');
    if (existing.length === wanted.length && existing.every((v, i) => v === wanted[i])) return;
    setChildren(s, ce('vscode-option', { attrs: { value: '', selected: !current } }, 'All models'), ...wanted.map((m) => ce('vscode-option', { attrs: { value: m, selected: m === current } }, m)));
  }

  async loadPage(): Promise<void> {
    const seq = ++this.listSeq;
    this.table.setAttribute('aria-busy', 'true');
    try {
      const ui = this.ctx.ui();
      const page = await this.ctx.client.request('listPatterns', { filters: ui.filters, sort: ui.sort, offset: ui.offset, limit: PAGE_SIZE });
      if (seq !== this.listSeq) return; // a newer request is on its way; drop this answer
      this.page = page;
      if (page.offset !== this.ctx.ui().offset) this.ctx.setUi({ offset: page.offset });
      this.renderRows(page);
    } catch (e) {
      if (seq === this.listSeq) this.ctx.showToast(`Could not load patterns: ${(e as Error).message}`, true);
    } finally {
      if (seq === this.listSeq) this.table.removeAttribute('aria-busy');
    }
  }

  // ---- filters and sort ----------------------------------------------------------------------

  private onSelect(key: keyof PatternFilters, value: string): void {
    const f = this.ctx.ui().filters;
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
    this.ctx.setUi({ filters, offset: 0 });
    this.renderResetButton();
    void this.loadPage();
  }

  private resetFilters(): void {
    this.search.value = '';
    for (const [key, s] of this.selects) s.value = key === 'archived' ? 'active' : '';
    this.applyFilters(DEFAULT_FILTERS);
  }

  private renderResetButton(): void {
    const n = activeFilterCount(this.ctx.ui().filters);
    this.resetButton.disabled = n === 0;
    setText(this.resetButton, n ? `Reset filters (${n})` : 'Reset filters');
  }

  private sortBy(key: SortKey): void {
    this.ctx.setUi({ sort: nextSort(this.ctx.ui().sort, key), offset: 0 });
    this.renderSortHeaders();
    void this.loadPage();
  }

  private renderSortHeaders(): void {
    const { sort } = this.ctx.ui();
    for (const [key, th] of this.headers) {
      const active = sort.key === key;
      th.setAttribute('aria-sort', active ? (sort.descending ? 'descending' : 'ascending') : 'none');
      const indicator = th.querySelector('.sort-indicator');
      if (indicator) setText(indicator, active ? (sort.descending ? ' ▼' : ' ▲') : '');
    }
  }

  private goPage(delta: number): void {
    const total = this.page?.total ?? 0;
    const offset = Math.max(0, Math.min(this.ctx.ui().offset + delta * PAGE_SIZE, Math.max(0, total - 1)));
    this.ctx.setUi({ offset: Math.floor(offset / PAGE_SIZE) * PAGE_SIZE });
    void this.loadPage();
  }

  // ---- rows ----------------------------------------------------------------------------------

  private renderRows(page: PageResult): void {
    const hadFocus = this.tbody.contains(document.activeElement);
    if (!page.rows.length) {
      const o = this.ctx.overview();
      const empty = o && o.stats.patterns + o.stats.archivedPatterns === 0;
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
    const now = this.ctx.overview()?.now ?? Date.now();
    const ui = this.ctx.ui();
    const selected = r.id === ui.selectedId;
    const tr = h(
      'tr',
      {
        class: `${r.archived ? 'archived' : ''}`,
        attrs: { tabindex: first ? 0 : -1, 'data-id': r.id, 'aria-selected': selected ? 'true' : 'false', 'aria-rowindex': ui.offset + 2 },
      },
      h('td', { class: 'col-description' }, h('span', { class: 'desc', text: r.description, attrs: { title: r.description } })),
      h('td', { class: 'col-category', text: r.category }),
      h('td', { class: 'col-severity' }, h('span', { class: `sev sev-${r.severity}`, text: r.severity })),
      h('td', { class: 'col-model' }, h('span', { class: 'model', text: r.model, attrs: { title: r.model } })),
      h('td', { class: 'col-frequency num', text: formatCount(r.frequency) }),
      h('td', { class: 'col-lastSeen', text: formatAgo(r.lastSeen, now), attrs: { title: new Date(r.lastSeen).toISOString() } }),
      h('td', { class: 'col-alwaysInject', text: r.alwaysInject ? '✓' : '', attrs: { 'aria-label': r.alwaysInject ? 'always injected' : 'not always injected' } }),
    );
    tr.addEventListener('click', () => this.onOpen(r.id, true));
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
        this.onOpen(id, true);
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
}
