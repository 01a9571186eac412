/**
 * Copies the hand-labeled chat corpus from the gatherers' folder into data/chat/messages.jsonl,
 * validating every record and refusing anything that would leak the development half.
 *
 *   npx tsx scripts/chat/importCorpus.ts [source dir, default /work/corpus/chat] [--check]
 *
 * Records keep their fields (id, text, is_correction, lesson, source{repo,path,commit,tool},
 * context_prev_assistant_tail, doubt). Dropped: malformed lines, records without provenance, records
 * from a repository of ../shared/eval/chat, and exact duplicate texts (first kept). Prints counts.
 * --check only validates and prints (no write). The gatherers' *-NOTES.md files are copied beside it.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusPath } from './corpus';

interface RawRecord {
  id: string;
  text: string;
  is_correction: boolean;
  lesson: string | null;
  source: { repo: string; path: string; commit: string; tool: string };
  context_prev_assistant_tail: string;
  doubt?: boolean;
}

const OUT = path.resolve(__dirname, '../../data/chat/messages.jsonl');
const MAX_TEXT = 620; // 600 + the " …[truncated]" marker

function validate(r: unknown): RawRecord | string {
  if (typeof r !== 'object' || r === null) return 'not an object';
  const o = r as Record<string, unknown>;
  const s = o.source as Record<string, unknown> | undefined;
  if (typeof o.id !== 'string' || !o.id) return 'no id';
  if (typeof o.text !== 'string' || !o.text.trim()) return 'no text';
  if (o.text.length > MAX_TEXT) return 'text longer than 600 chars';
  if (typeof o.is_correction !== 'boolean') return 'is_correction not boolean';
  if (o.is_correction && (typeof o.lesson !== 'string' || !o.lesson.trim())) return 'correction without lesson';
  if (!s || typeof s.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(s.repo)) return 'no source.repo';
  if (typeof s.path !== 'string' || typeof s.commit !== 'string' || !/^[0-9a-f]{7,40}$/.test(s.commit)) return 'no source.path/commit';
  return {
    id: o.id,
    text: o.text,
    is_correction: o.is_correction,
    lesson: o.is_correction ? (o.lesson as string) : null,
    source: { repo: s.repo, path: s.path, commit: s.commit, tool: typeof s.tool === 'string' ? s.tool : 'unknown' },
    context_prev_assistant_tail: typeof o.context_prev_assistant_tail === 'string' ? o.context_prev_assistant_tail : '',
    ...(o.doubt === true ? { doubt: true } : {}),
  };
}

function devRepos(): Set<string> {
  const out = new Set<string>(['OdyAsh/odyash-dev.to']);
  for (const line of readFileSync(corpusPath([]), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const repo = (JSON.parse(line) as { source?: { repo?: string } }).source?.repo;
    if (repo) out.add(repo);
  }
  return out;
}

function main(): void {
  const argv = process.argv.slice(2);
  const dir = argv.find((a) => !a.startsWith('-')) ?? '/work/corpus/chat';
  const excluded = devRepos();
  const kept: RawRecord[] = [];
  const texts = new Set<string>();
  const ids = new Set<string>();
  const dropped = new Map<string, number>();
  const drop = (why: string): void => void dropped.set(why, (dropped.get(why) ?? 0) + 1);
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        drop('malformed JSON');
        continue;
      }
      const r = validate(parsed);
      if (typeof r === 'string') drop(r);
      else if (excluded.has(r.source.repo)) drop('repository of the development half');
      else if (texts.has(r.text.trim())) drop('duplicate text');
      else if (ids.has(r.id)) drop('duplicate id');
      else {
        texts.add(r.text.trim());
        ids.add(r.id);
        kept.push(r);
      }
    }
  }
  const repos = new Map<string, { n: number; pos: number; tool: string }>();
  for (const r of kept) {
    const e = repos.get(r.source.repo) ?? { n: 0, pos: 0, tool: r.source.tool };
    e.n++;
    if (r.is_correction) e.pos++;
    repos.set(r.source.repo, e);
  }
  const tools = new Map<string, number>();
  for (const r of kept) tools.set(r.source.tool, (tools.get(r.source.tool) ?? 0) + 1);
  const pos = kept.filter((r) => r.is_correction).length;
  console.log(`${kept.length} messages (${pos} corrections, ${kept.length - pos} not), ${repos.size} repositories, ${kept.filter((r) => r.doubt).length} marked doubt`);
  console.log('by tool:', [...tools].map(([t, n]) => `${t} ${n}`).join(', '));
  console.log('dropped:', [...dropped].map(([w, n]) => `${w} ${n}`).join(', ') || 'none');
  for (const [repo, e] of [...repos].sort()) console.log(`  ${repo.padEnd(48)} ${String(e.n).padStart(3)} (${e.pos} corrections) ${e.tool}`);
  if (argv.includes('--check')) return;
  writeFileSync(OUT, kept.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`wrote ${OUT}`);
  // The gatherers' notes (repositories, sampling seeds, what was dropped and why) travel with the data.
  for (const f of readdirSync(dir).filter((n) => /-NOTES\.md$/.test(n))) {
    copyFileSync(path.join(dir, f), path.join(path.dirname(OUT), f));
    console.log(`copied ${f}`);
  }
}

if (require.main === module) main();
