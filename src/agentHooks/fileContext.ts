/**
 * Which stored patterns concern a file an agent is about to edit (PreToolUse), and which ones a new
 * session in a workspace should start with (SessionStart / SubagentStart). Pure and lexical: a hook
 * must answer in well under 300 ms, so no embedding model is loaded for this path.
 */
import type { Category, Pattern } from '../core/types';

/** Language names as the capture layer writes them (testOutput/candidate.ts). */
const LANGUAGE: Readonly<Record<string, string>> = {
  py: 'python', pyi: 'python',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', kts: 'kotlin', php: 'php', swift: 'swift',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', cs: 'csharp', rb: 'ruby',
  scala: 'scala', sql: 'sql', sh: 'shell', bash: 'shell', dart: 'dart', ex: 'elixir', exs: 'elixir',
};

export function languageOfPath(path: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext ? LANGUAGE[ext] : undefined;
}

export function fileBaseName(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/');
  return parts[parts.length - 1] ?? path;
}

const TEST_FILE = /(?:^|[/\\])(?:tests?|__tests__|spec)[/\\]|[._-](?:test|spec)\.[A-Za-z0-9]+$|(?:^|[/\\])test_[^/\\]+\.py$/i;

/** Categories that matter more for a kind of file: tests for test files, imports/types for code. */
function categoryBoost(path: string, category: Category): number {
  if (TEST_FILE.test(path)) return category === 'test' || category === 'async' || category === 'timeout' ? 1 : 0;
  return category === 'security' || category === 'type' || category === 'import' ? 0.5 : 0;
}

const SEVERITY_WEIGHT = { critical: 1, major: 0.5, minor: 0 } as const;

export interface FileMatch {
  readonly pattern: Pattern;
  readonly score: number;
}

/**
 * Patterns seen in this file (its name among the pattern's contexts, or in the description), in
 * its language, ranked; a pattern matching neither the name nor the language is not relevant.
 */
export function patternsForFiles(patterns: readonly Pattern[], paths: readonly string[], k: number): FileMatch[] {
  const files = paths.slice(0, 20).map((p) => ({ path: p, base: fileBaseName(p).toLowerCase(), language: languageOfPath(p) }));
  if (!files.length) return [];
  const out: FileMatch[] = [];
  for (const pattern of patterns) {
    if (pattern.archived || pattern.pendingReview) continue;
    let best = 0;
    for (const f of files) {
      let s = 0;
      if (f.base && pattern.contexts.some((c) => c.toLowerCase() === f.base)) s += 3;
      else if (f.base.length > 3 && pattern.description.toLowerCase().includes(f.base)) s += 2;
      if (f.language && pattern.language === f.language) s += 2;
      if (s === 0) continue;
      s += categoryBoost(f.path, pattern.category) + SEVERITY_WEIGHT[pattern.severity] + Math.min(1, Math.log10(1 + pattern.frequency) / 2);
      if (s > best) best = s;
    }
    if (best > 0) out.push({ pattern, score: best });
  }
  return out.sort((a, b) => b.score - a.score || b.pattern.lastSeen - a.pattern.lastSeen).slice(0, k);
}

/**
 * What a session starts with: always-inject patterns first, then the ones from this workspace
 * (occurrences recorded with this project path raise them), then by severity, frequency, recency.
 */
export function patternsForSession(patterns: readonly Pattern[], opts: { k: number; projectPatternIds?: ReadonlySet<number>; now: number }): Pattern[] {
  const dayMs = 86_400_000;
  const scored = patterns
    .filter((p) => !p.archived && !p.pendingReview)
    .map((p) => {
      const ageDays = Math.max(0, (opts.now - p.lastSeen) / dayMs);
      const s =
        (p.alwaysInject ? 100 : 0) +
        (opts.projectPatternIds?.has(p.id) ? 5 : 0) +
        SEVERITY_WEIGHT[p.severity] * 2 +
        Math.log10(1 + p.frequency) +
        1 / (1 + ageDays / 30);
      return { p, s };
    });
  return scored.sort((a, b) => b.s - a.s).slice(0, opts.k).map((x) => x.p);
}
