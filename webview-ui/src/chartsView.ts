/** The overview's four charts: a figure per chart (caption, canvas, empty note) around `Charts`. */
import type { Overview } from '../../src/shared/protocol';
import { CHART_IDS, type ChartId, Charts } from './charts';
import { h } from './dom';

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

export class ChartsView {
  readonly element: HTMLElement;
  private readonly charts: Charts;

  constructor() {
    const canvases = new Map<ChartId, { canvas: HTMLCanvasElement; empty: HTMLElement }>();
    this.element = h('div', { class: 'charts' });
    for (const id of CHART_IDS) {
      const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': CHART_TITLES[id], 'data-chart': id } });
      const empty = h('p', { class: 'chart-empty', text: CHART_EMPTY[id], attrs: { hidden: true } });
      canvases.set(id, { canvas, empty });
      this.element.append(h('figure', { class: `chart chart-${id}` }, h('figcaption', { text: CHART_TITLES[id] }), h('div', { class: 'chart-box' }, canvas, empty)));
    }
    this.charts = new Charts(canvases);
  }

  update(o: Overview): void {
    this.charts.update(o);
  }

  /** Re-reads the theme's colours (VS Code changed theme). */
  retheme(): void {
    this.charts.retheme();
  }
}
