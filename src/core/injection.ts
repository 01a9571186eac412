/**
 * The text prepended to a request, and the instruction-file body, built within a budget. Whole
 * patterns only: an entry that does not fit is dropped (a smaller later one may still fit), never cut.
 *
 *   CRITICAL: Avoid these common mistakes:
 *
 *   1. ALWAYS use 'async def' for endpoint functions and 'await' for database calls
 *      Seen: 15 times | Model: claude-sonnet-4
 *      Bad:  <first lines of the bad snippet>
 *      Good: <first lines of the corrected snippet>
 */
import { UNATTRIBUTED_MODEL, type Pattern, type ScoredPattern } from './types';

export interface InjectionBudget {
  /** Default 8. */
  readonly maxPatterns?: number;
  /** Default 2000; the whole text, header included. */
  readonly maxChars?: number;
}

export interface InjectionResult {
  readonly text: string;
  /** Pattern ids in the order they appear. */
  readonly included: number[];
}

export const INJECTION_HEADER = 'CRITICAL: Avoid these common mistakes:';
const INDENT = '   ';
const SNIPPET_LINES = 3;
const SNIPPET_LINE_CHARS = 160;
const INSTRUCTION_CHARS = 240;

function toPattern(x: Pattern | ScoredPattern): Pattern | undefined {
  if (!x || typeof x !== 'object') return undefined;
  return 'pattern' in x && x.pattern && typeof x.pattern === 'object' ? x.pattern : (x as Pattern);
}

function oneLine(s: string | undefined, max: number): string {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : t.slice(0, max - 1).replace(/\s+\S*$/, '') + '…';
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** The first line: the fix or lesson when known (an instruction), else the description. */
export function instructionOf(p: Pattern): { text: string; usedFix: boolean } {
  const fix = oneLine(p.fixDescription, INSTRUCTION_CHARS);
  if (fix) return { text: capitalize(fix), usedFix: true };
  return { text: capitalize(oneLine(p.description, INSTRUCTION_CHARS)), usedFix: false };
}

/** Up to three non-empty lines, each bounded. */
function snippetLines(s: string | undefined): string[] {
  if (!s) return [];
  const lines = s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '');
  const indent = Math.min(...lines.map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  return lines.slice(0, SNIPPET_LINES).map((l) => {
    const d = l.slice(Number.isFinite(indent) ? indent : 0);
    return d.length <= SNIPPET_LINE_CHARS ? d : d.slice(0, SNIPPET_LINE_CHARS - 1) + '…';
  });
}

function modelLabel(model: string | undefined): string {
  return !model || model === UNATTRIBUTED_MODEL ? 'any' : model;
}

function labelled(label: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  const head = `${INDENT}${label}`;
  const pad = ' '.repeat(head.length);
  return lines.map((l, i) => (i === 0 ? head + l : pad + l));
}

function entry(n: number, p: Pattern): string {
  const { text } = instructionOf(p);
  const freq = Math.max(1, Math.trunc(p.frequency) || 1);
  // The fix, when known, is already the first line: Good shows the corrected code only.
  const good = snippetLines(p.goodSnippet);
  return [
    `${n}. ${text}`,
    `${INDENT}Seen: ${freq} ${freq === 1 ? 'time' : 'times'} | Model: ${modelLabel(p.modelName)}`,
    ...labelled('Bad:  ', snippetLines(p.codeSnippet)),
    ...labelled('Good: ', good),
  ].join('\n');
}

function limits(budget: InjectionBudget | undefined): { maxPatterns: number; maxChars: number } {
  const mp = budget?.maxPatterns;
  const mc = budget?.maxChars;
  return {
    maxPatterns: mp !== undefined && Number.isFinite(mp) ? Math.max(0, Math.trunc(mp)) : 8,
    maxChars: mc !== undefined && Number.isFinite(mc) ? Math.max(0, Math.trunc(mc)) : 2000,
  };
}

/** Greedy in the given (ranked) order: each entry is added whole if the total still fits. */
function assemble(
  patterns: readonly (Pattern | ScoredPattern)[],
  budget: InjectionBudget | undefined,
  header: string,
  render: (n: number, p: Pattern) => string,
  separator: string,
): InjectionResult {
  const { maxPatterns, maxChars } = limits(budget);
  if (!Array.isArray(patterns) || patterns.length === 0 || maxPatterns === 0 || header.length > maxChars) return { text: '', included: [] };
  let text = header;
  const included: number[] = [];
  const seen = new Set<number>();
  for (const x of patterns) {
    if (included.length >= maxPatterns) break;
    const p = toPattern(x);
    if (!p || seen.has(p.id)) continue;
    seen.add(p.id);
    const block = render(included.length + 1, p);
    const next = text + (included.length ? separator : '') + block;
    if (next.length > maxChars) continue;
    text = next;
    included.push(p.id);
  }
  return included.length ? { text, included } : { text: '', included: [] };
}

export function buildInjection(patterns: readonly (Pattern | ScoredPattern)[], budget?: InjectionBudget): InjectionResult {
  return assemble(patterns, budget, `${INJECTION_HEADER}\n\n`, entry, '\n\n');
}

export interface InstructionsOptions extends InjectionBudget {
  /** When set, a front matter block with this glob (`.instructions.md` files use `applyTo`). */
  readonly applyTo?: string;
}

/** A fence longer than any backtick run in the content. */
function fenced(lines: string[], indent: string): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(longest + 1);
  return [indent + fence, ...lines.map((l) => indent + l), indent + fence];
}

function markdownEntry(_n: number, p: Pattern): string {
  const { text } = instructionOf(p);
  const freq = Math.max(1, Math.trunc(p.frequency) || 1);
  const meta = [`seen ${freq} ${freq === 1 ? 'time' : 'times'}`, `model ${modelLabel(p.modelName)}`, p.category, ...(p.ruleId ? [`rule \`${p.ruleId.replace(/`/g, '')}\``] : [])];
  const out = [`- **${text.replace(/\*\*/g, '')}** (${meta.join('; ')})`];
  const bad = snippetLines(p.codeSnippet);
  if (bad.length) out.push('  - Avoid:', ...fenced(bad, '    '));
  const good = snippetLines(p.goodSnippet);
  if (good.length) out.push('  - Prefer:', ...fenced(good, '    '));
  return out.join('\n');
}

export const INSTRUCTIONS_TITLE = '# Learned mistakes';

/**
 * Body for `.github/instructions/learned-mistakes.instructions.md` (or AGENTS.md / CLAUDE.md sections):
 * a short header and one list item per pattern, within the same kind of budget. No patterns → ''.
 */
export function buildInstructionsMarkdown(patterns: readonly (Pattern | ScoredPattern)[], budget?: InstructionsOptions): InjectionResult {
  const front = budget?.applyTo ? `---\napplyTo: "${budget.applyTo.replace(/["\\\n]/g, '')}"\n---\n\n` : '';
  const header =
    `${front}${INSTRUCTIONS_TITLE}\n\n` +
    'Mistakes coding assistants made in this workspace, recorded by Mistake Memory. Do not repeat them.\n' +
    '<!-- Generated: edits are overwritten on the next sync. -->\n\n';
  // One character is kept for the closing newline.
  const { maxPatterns, maxChars } = limits({ maxPatterns: budget?.maxPatterns, maxChars: budget?.maxChars ?? 6000 });
  const r = assemble(patterns, { maxPatterns, maxChars: maxChars - 1 }, header, markdownEntry, '\n');
  return r.included.length ? { text: r.text + '\n', included: r.included } : r;
}
