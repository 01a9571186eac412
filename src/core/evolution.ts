/**
 * Pattern evolution as the product spec states it, as pure functions the engine applies after each
 * record (and periodically for decay/archive):
 * - at `fixThreshold` (5) occurrences a pattern carries a fix description (derived when none was given);
 * - at `alwaysInjectThreshold` (15) its severity goes up one step and it becomes always-inject. The
 *   switch of `alwaysInject` to true is what marks the upgrade as done, so it happens once;
 * - weight decays with time since last seen (half-life 30 days); after 180 days unseen it is archived,
 *   and a pattern seen again after being archived comes back.
 */
import type { Category, Pattern, PatternPatch, Severity } from './types';

export interface EvolutionConfig {
  readonly fixThreshold: number;
  readonly alwaysInjectThreshold: number;
  readonly halfLifeDays: number;
  readonly archiveAfterDays: number;
}

export const DEFAULT_EVOLUTION: EvolutionConfig = {
  fixThreshold: 5,
  alwaysInjectThreshold: 15,
  halfLifeDays: 30,
  archiveAfterDays: 180,
};

const DAY_MS = 86_400_000;

export function upgradeSeverity(s: Severity): Severity {
  return s === 'minor' ? 'major' : 'critical';
}

/** Fields `evolve` reads: a full Pattern fits, and so does a row the store has not yet typed fully. */
export type EvolvablePattern = Pick<
  Pattern,
  'frequency' | 'lastSeen' | 'severity' | 'alwaysInject' | 'archived' | 'fixDescription' | 'description' | 'category'
> &
  Partial<Pick<Pattern, 'errorType' | 'ruleId' | 'cwe' | 'errorMessage'>>;

/** The changes evolution asks for; `{}` when none. */
export function evolve(p: EvolvablePattern, now: number, cfg: Partial<EvolutionConfig> = {}): PatternPatch {
  const c = { ...DEFAULT_EVOLUTION, ...cfg };
  const patch: { -readonly [K in keyof PatternPatch]: PatternPatch[K] } = {};
  if (p.frequency >= c.fixThreshold && !p.fixDescription?.trim()) {
    patch.fixDescription = deriveFixDescription(p);
  }
  if (p.frequency >= c.alwaysInjectThreshold && !p.alwaysInject) {
    patch.alwaysInject = true;
    const up = upgradeSeverity(p.severity);
    if (up !== p.severity) patch.severity = up;
  }
  const archive = shouldArchive(p, now, c.archiveAfterDays);
  if (archive !== p.archived) patch.archived = archive;
  return patch;
}

/** Weight in (0, 1]: 1 when seen now, 0.5 after one half-life. Future timestamps count as now. */
export function decayWeight(p: Pick<Pattern, 'lastSeen'>, now: number, halfLifeDays = DEFAULT_EVOLUTION.halfLifeDays): number {
  if (!Number.isFinite(p.lastSeen) || !Number.isFinite(now)) return 1;
  const ageDays = Math.max(0, now - p.lastSeen) / DAY_MS;
  if (!(halfLifeDays > 0)) return 1;
  return Math.pow(0.5, ageDays / halfLifeDays);
}

export function shouldArchive(p: Pick<Pattern, 'lastSeen'>, now: number, archiveAfterDays = DEFAULT_EVOLUTION.archiveAfterDays): boolean {
  if (!Number.isFinite(p.lastSeen) || !Number.isFinite(now)) return false;
  return now - p.lastSeen > archiveAfterDays * DAY_MS;
}

const CATEGORY_ADVICE: Record<Category, string> = {
  security: 'Treat input as untrusted and use the safe API',
  async: "Await every coroutine and promise, and don't block inside async code",
  type: 'Check types and null/undefined before use',
  import: 'Import only modules that exist and are declared as dependencies',
  syntax: 'Check the syntax before proposing code',
  logic: 'Re-check the logic and edge cases against the expected behaviour',
  test: 'Make the change satisfy the failing test rather than changing the test',
  timeout: 'Avoid unbounded waits and slow loops; add timeouts',
  lint: 'Follow the project lint rule',
  style: 'Follow the project style',
  other: 'Avoid repeating this mistake',
};

/** A fix description from what the pattern knows: category advice, rule id, CWE, error type, description. */
export function deriveFixDescription(p: Pick<Pattern, 'category' | 'description'> & Partial<Pick<Pattern, 'errorType' | 'ruleId' | 'cwe'>>): string {
  const advice = CATEGORY_ADVICE[p.category] ?? CATEGORY_ADVICE.other;
  const why: string[] = [];
  if (p.ruleId) why.push(`rule ${p.ruleId}`);
  if (p.cwe?.length) why.push(p.cwe.slice(0, 3).join(', '));
  if (p.errorType) why.push(p.errorType);
  const desc = (p.description ?? '').replace(/\s+/g, ' ').trim().replace(/[.:;,]+$/, '');
  let text = advice + (why.length ? ` (${why.join('; ')})` : '');
  if (desc) text += `: ${desc.length > 160 ? desc.slice(0, 159) + '…' : desc}`;
  return text + '.';
}
