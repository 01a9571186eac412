import type { Command } from '../command';
import { engineOptions, openEngine } from '../openEngine';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Counts by category, model and severity; effectiveness of injections.',
  usage: 'mistakes stats [--json]',
  options: { ...engineOptions },
  async run(ctx) {
    const engine = await openEngine(ctx, { embeddings: false });
    try {
      const s = await engine.stats();
      if (ctx.values.json) {
        ctx.io.stdout(JSON.stringify(s) + '\n');
        return 0;
      }
      const out = [
        `Patterns: ${s.patterns} (${s.archivedPatterns} archived), occurrences: ${s.occurrences}, injections: ${s.injections}`,
        `Store: ${(s.bytes / 1024).toFixed(1)} KB, tracking ${s.trackingEnabled ? 'on' : 'off'}`,
        `By category: ${fmt(s.byCategory)}`,
        `By severity: ${fmt(s.bySeverity)}`,
        `By model: ${Object.entries(s.byModel).map(([m, v]) => `${m} ${v.patterns}/${v.occurrences}`).join(', ') || '-'}`,
      ];
      for (const [model, e] of Object.entries(s.effectivenessByModel)) {
        out.push(`Effectiveness ${model}: ${e.successRate === undefined ? 'n/a' : `${Math.round(e.successRate * 100)}%`} (${e.injections} injections)`);
      }
      ctx.io.stdout(out.join('\n') + '\n');
      return 0;
    } finally {
      await engine.close();
    }
  },
};

function fmt(r: Readonly<Record<string, number>>): string {
  return Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
}
