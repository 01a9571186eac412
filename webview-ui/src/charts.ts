import { BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, Legend, LinearScale, Tooltip } from 'chart.js';
import { categorySeries, dailySeries, effectivenessSeries, formatCount, modelComparison } from '../../src/shared/dashboardModel';
import type { Overview } from '../../src/shared/protocol';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Colours come from the active VS Code theme (CSS variables on <html>), re-read on theme change. */
interface Palette {
  readonly fg: string;
  readonly muted: string;
  readonly grid: string;
  readonly font: string;
  readonly series: readonly string[];
  readonly good: string;
  readonly bad: string;
  readonly tooltipBg: string;
  readonly tooltipFg: string;
  readonly tooltipBorder: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readPalette(): Palette {
  const s = getComputedStyle(document.documentElement);
  const fg = cssVar(s, '--vscode-foreground', '#cccccc');
  return {
    fg,
    muted: cssVar(s, '--vscode-descriptionForeground', fg),
    grid: cssVar(s, '--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    font: cssVar(s, '--vscode-font-family', 'sans-serif'),
    series: [
      cssVar(s, '--vscode-charts-blue', '#3794ff'),
      cssVar(s, '--vscode-charts-orange', '#d18616'),
      cssVar(s, '--vscode-charts-purple', '#b180d7'),
      cssVar(s, '--vscode-charts-green', '#89d185'),
      cssVar(s, '--vscode-charts-yellow', '#cca700'),
      cssVar(s, '--vscode-charts-red', '#f14c4c'),
    ],
    good: cssVar(s, '--vscode-charts-green', '#89d185'),
    bad: cssVar(s, '--vscode-charts-red', '#f14c4c'),
    tooltipBg: cssVar(s, '--vscode-editorHoverWidget-background', '#252526'),
    tooltipFg: cssVar(s, '--vscode-editorHoverWidget-foreground', fg),
    tooltipBorder: cssVar(s, '--vscode-editorHoverWidget-border', '#454545'),
  };
}

export const CHART_IDS = ['overTime', 'byCategory', 'byModel', 'effectiveness'] as const;
export type ChartId = (typeof CHART_IDS)[number];

type BarConfig = ChartConfiguration<'bar', number[], string>;

function baseOptions(p: Palette, horizontal: boolean, unit: string, stacked = false): BarConfig['options'] {
  const ticks = { color: p.muted, font: { family: p.font, size: 11 } };
  const valueAxis = { beginAtZero: true, stacked, grid: { color: p.grid }, border: { color: p.grid }, ticks: { ...ticks, precision: 0, callback: (v: string | number) => `${v}${unit}` } };
  // Horizontal charts list names (categories, models): show every one; dates may skip.
  const labelAxis = { stacked, grid: { display: false }, border: { color: p.grid }, ticks: { ...ticks, autoSkip: !horizontal, maxRotation: 0 } };
  return {
    indexAxis: horizontal ? 'y' : 'x',
    responsive: true,
    maintainAspectRatio: false,
    // No animation: charts appear in their final state, so nothing moves under the reader (or a test).
    animation: false,
    scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
    plugins: {
      legend: { display: false, labels: { color: p.fg, font: { family: p.font } } },
      tooltip: {
        backgroundColor: p.tooltipBg,
        titleColor: p.tooltipFg,
        bodyColor: p.tooltipFg,
        borderColor: p.tooltipBorder,
        borderWidth: 1,
        titleFont: { family: p.font },
        bodyFont: { family: p.font },
      },
    },
  };
}

/** Builds the four charts' configurations from the overview (pure apart from reading the palette). */
export function chartConfig(id: ChartId, o: Overview, p: Palette): { config: BarConfig; summary: string; empty: boolean } {
  switch (id) {
    case 'overTime': {
      const s = dailySeries(o.stats.occurrencesPerDay, o.now, 30);
      const total = s.values.reduce((a, b) => a + b, 0);
      const config: BarConfig = {
        type: 'bar',
        data: { labels: s.labels.map((d) => d.slice(5)), datasets: [{ label: 'Occurrences', data: [...s.values], backgroundColor: p.series[0], borderRadius: 2 }] },
        options: baseOptions(p, false, ''),
      };
      return { config, summary: `${formatCount(total)} occurrences in the last 30 days`, empty: total === 0 };
    }
    case 'byCategory': {
      const s = categorySeries(o.stats.byCategory);
      const config: BarConfig = {
        type: 'bar',
        data: { labels: [...s.labels], datasets: [{ label: 'Patterns', data: [...s.values], backgroundColor: p.series[1], borderRadius: 2 }] },
        options: baseOptions(p, true, ''),
      };
      return { config, summary: s.labels.map((l, i) => `${l}: ${s.values[i]}`).join(', ') || 'No patterns', empty: s.labels.length === 0 };
    }
    case 'byModel': {
      const m = modelComparison(o.stats.byModel);
      const options = baseOptions(p, true, '%');
      const config: BarConfig = {
        type: 'bar',
        data: { labels: [...m.labels], datasets: [{ label: 'Share of mistakes', data: [...m.share], backgroundColor: p.series[2], borderRadius: 2 }] },
        options: {
          ...options,
          plugins: {
            ...options?.plugins,
            tooltip: {
              ...options?.plugins?.tooltip,
              callbacks: { label: (ctx) => `${ctx.parsed.x}% · ${formatCount(m.occurrences[ctx.dataIndex] ?? 0)} occurrences, ${formatCount(m.patterns[ctx.dataIndex] ?? 0)} patterns` },
            },
          },
        },
      };
      return { config, summary: m.labels.map((l, i) => `${l}: ${m.share[i]}%`).join(', ') || 'No models', empty: m.labels.length === 0 };
    }
    case 'effectiveness': {
      const e = effectivenessSeries(o.stats.effectivenessByModel);
      const options = baseOptions(p, true, '%', true);
      const config: BarConfig = {
        type: 'bar',
        data: {
          labels: [...e.labels],
          datasets: [
            { label: 'Prevented', data: [...e.prevented], backgroundColor: p.good, borderRadius: 2 },
            { label: 'Recurred', data: [...e.recurrence], backgroundColor: p.bad, borderRadius: 2 },
          ],
        },
        options: {
          ...options,
          scales: { ...options?.scales, x: { ...options?.scales?.x, max: 100 } },
          plugins: {
            ...options?.plugins,
            legend: { display: true, position: 'bottom', labels: { color: p.fg, boxWidth: 10, boxHeight: 10, font: { family: p.font } } },
            tooltip: {
              ...options?.plugins?.tooltip,
              callbacks: { footer: (items) => `${formatCount(e.injections[items[0]?.dataIndex ?? 0] ?? 0)} injections` },
            },
          },
        },
      };
      return {
        config,
        summary: e.labels.map((l, i) => `${l}: ${e.recurrence[i]}% recurred after injection`).join(', ') || 'No decided injections yet',
        empty: e.labels.length === 0,
      };
    }
    default: {
      const never: never = id;
      return never;
    }
  }
}

/** Owns the Chart.js instances; re-creates them when the data or the theme changes. */
export class Charts {
  private readonly charts = new Map<ChartId, Chart<'bar', number[], string>>();
  private last: Overview | undefined;

  constructor(private readonly canvases: ReadonlyMap<ChartId, { canvas: HTMLCanvasElement; empty: HTMLElement }>) {}

  update(o: Overview): void {
    this.last = o;
    const palette = readPalette();
    for (const [id, { canvas, empty }] of this.canvases) {
      const { config, summary, empty: isEmpty } = chartConfig(id, o, palette);
      canvas.setAttribute('aria-label', summary);
      empty.hidden = !isEmpty;
      const existing = this.charts.get(id);
      if (existing) {
        existing.data = config.data;
        if (config.options) existing.options = config.options;
        existing.update('none');
      } else {
        this.charts.set(id, new Chart(canvas, config));
      }
    }
  }

  /** Theme changed: colours are baked into configs, so rebuild them from the last data. */
  retheme(): void {
    if (this.last) this.update(this.last);
  }

  destroy(): void {
    for (const c of this.charts.values()) c.destroy();
    this.charts.clear();
  }
}
