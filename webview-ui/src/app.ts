import type { VscodeTabs } from '@vscode-elements/elements';
import { formatCount, restoreUiState, type UiState } from '../../src/shared/dashboardModel';
import type { DashboardCommand, Overview } from '../../src/shared/protocol';
import { DetailView } from './detailView';
import { ce, h, setChildren, setText } from './dom';
import { HostClient, type PushMessage } from './hostClient';
import { OverviewView } from './overviewView';
import { ReviewView } from './reviewView';
import { TableView } from './tableView';
import { type ButtonEl, commandButton, type ViewContext } from './viewContext';
import type { VsCodeApi } from './vscodeApi';

const MORE_ACTIONS: ReadonlySet<DashboardCommand> = new Set(['chooseCategories', 'exportData', 'importData', 'clearAllData']);

/**
 * The dashboard UI's shell: the top bar, the tabs and the toast, with one view per tab (overview,
 * patterns table and detail, review). Holds no data beyond what the host last sent; the only
 * persisted state is the UiState (tab, filters, sort, page, open pattern) through `setState`.
 */
export class App {
  private ui: UiState;
  private readonly client: HostClient;
  private overview: Overview | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly ctx: ViewContext;
  private overviewView!: OverviewView;
  private table!: TableView;
  private detail!: DetailView;
  private review!: ReviewView;

  // Elements built once and updated in place (no layout jumps).
  private readonly root: HTMLElement;
  private tabs!: VscodeTabs;
  private captureBadge!: HTMLElement;
  private captureText!: HTMLElement;
  private trackingButton!: ButtonEl;
  private patternsBadge!: HTMLElement;
  private toast!: HTMLElement;

  constructor(private readonly api: VsCodeApi) {
    this.ui = restoreUiState(api.getState());
    this.root = document.getElementById('app') ?? document.body;
    this.client = new HostClient(api, (m) => this.onPush(m));
    this.ctx = {
      client: this.client,
      ui: () => this.ui,
      setUi: (patch) => this.setUi(patch),
      overview: () => this.overview,
      showToast: (text, error) => this.showToast(text, error),
    };
    this.build();
    this.observeTheme();
    this.client.ready();
    void this.table.loadPage();
    if (this.ui.selectedId !== undefined) void this.detail.open(this.ui.selectedId, false);
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
          this.detail.close(false);
          this.setUi({ offset: 0 });
        }
        void this.table.loadPage();
        void this.review.refresh();
        if (this.ui.selectedId !== undefined && !this.detail.editing) void this.detail.open(this.ui.selectedId, false);
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
      const b = commandButton(this.ctx, command, label, secondary);
      if (command === 'toggleTracking') this.trackingButton = b;
      (fold && MORE_ACTIONS.has(command) ? more : actionBar).append(b);
    }
    if (fold) actionBar.append(h('details', { class: 'more-actions' }, h('summary', { text: 'More actions' }), more));
    this.captureBadge = ce('vscode-badge', { attrs: { variant: 'default' }, text: '…' });
    this.captureText = h('span', { class: 'capture-text', text: 'Loading…' });
    const topbar = h('header', { class: 'topbar' }, h('div', { class: 'capture', attrs: { role: 'status', 'aria-live': 'polite' } }, this.captureBadge, this.captureText), actionBar);

    this.tabs = ce<VscodeTabs>('vscode-tabs', { attrs: { panel: true } });
    this.patternsBadge = ce('vscode-badge', { attrs: { variant: 'counter' }, text: '0' });
    this.overviewView = new OverviewView(this.ctx);
    this.tabs.append(
      ce('vscode-tab-header', { attrs: { slot: 'header', 'data-tab': 'overview' } }, 'Overview'),
      ce('vscode-tab-panel', {}, this.overviewView.element),
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

  /** The Patterns tab: the table and the detail pane side by side (stacked when narrow). */
  private buildPatterns(): HTMLElement {
    this.table = new TableView(this.ctx, (id, focus) => void this.detail.open(id, focus));
    this.detail = new DetailView(this.ctx, {
      showPatternsTab: () => {
        if (this.tabs.selectedIndex !== 1) this.tabs.selectedIndex = 1;
      },
      markSelected: (id) => this.table.markSelected(id),
      focusRow: (id) => this.table.focusRow(id),
      layout: (open) => {
        section.dataset.detail = open ? 'open' : 'closed';
      },
      reload: () => void this.table.loadPage(),
    });
    const section = h('div', { class: 'patterns', attrs: { 'data-detail': 'closed' } }, this.table.element, this.detail.element);
    // The layout reacts to this wrapper's width (a container cannot query itself).
    return h('div', { class: 'patterns-container' }, section);
  }

  // ---- overview ------------------------------------------------------------------------------

  private renderOverview(): void {
    const o = this.overview;
    if (!o) return;
    const { stats, capture } = o;
    setText(this.captureBadge, capture.tracking ? 'Capture on' : 'Capture paused');
    this.captureBadge.classList.toggle('off', !capture.tracking);
    setText(this.captureText, capture.retrievalMode === 'hybrid' ? 'Hybrid retrieval (embedding model loaded)' : 'Lexical-only retrieval');
    setText(this.trackingButton, capture.tracking ? 'Pause capture' : 'Resume capture');
    setText(this.patternsBadge, formatCount(stats.patterns));
    this.table.syncModelOptions(o.models);
    this.overviewView.render(o);
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
        this.overviewView.retheme();
      });
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  }
}
