/** Loads the labeled chat corpus (messages.jsonl) for training and evaluation scripts. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface ChatRecord {
  readonly id: string;
  readonly text: string;
  readonly isCorrection: boolean;
  readonly lesson: string | null;
  readonly repo: string;
  /**
   * The repository's owner: the unit of grouping. One person's several repositories share their
   * habits of speech, so they are never split between a fold's training and test parts.
   */
  readonly owner: string;
  readonly tool: string;
  readonly previous: string;
  /** The labeler marked the label as genuinely unsure. */
  readonly doubt: boolean;
}

export function corpusPath(argv: readonly string[] = process.argv.slice(2)): string {
  const arg = argv.find((a) => !a.startsWith('-'));
  const shared = process.env.SHARED_DIR ?? path.resolve(__dirname, '../../../shared');
  if (!arg) return path.join(shared, 'eval/chat/messages.jsonl');
  return arg.endsWith('.jsonl') ? arg : path.join(arg, arg.replace(/\/+$/, '').endsWith('chat') ? '' : 'chat', 'messages.jsonl');
}

/** The exporters cut long texts and mark the cut with " …[truncated]": not the user's words. */
const TRUNCATED = /\s*…\[truncated\]\s*$/;

export function stripTruncated(text: string): string {
  return text.replace(TRUNCATED, '');
}

/** `owner/name` → `owner` (case-insensitive, as GitHub treats owners). */
export const ownerOf = (repo: string): string => (repo.split('/')[0] ?? repo).toLowerCase();

export function loadCorpus(file: string): ChatRecord[] {
  const out: ChatRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as {
      id: string;
      text: string;
      is_correction: boolean;
      lesson: string | null;
      source?: { repo?: string; tool?: string };
      context_prev_assistant_tail?: string;
      doubt?: boolean;
    };
    out.push({
      id: r.id,
      text: stripTruncated(r.text),
      isCorrection: r.is_correction,
      lesson: r.lesson,
      repo: r.source?.repo ?? 'unknown',
      owner: ownerOf(r.source?.repo ?? 'unknown'),
      tool: r.source?.tool ?? 'unknown',
      previous: stripTruncated(r.context_prev_assistant_tail ?? ''),
      doubt: r.doubt === true,
    });
  }
  return out;
}

/** The project's training corpus (data/chat, repositories never in the development half). */
export const NEW_CORPUS = path.resolve(__dirname, '../../data/chat/messages.jsonl');

export interface BothCorpora {
  /** New corpus first, then the development half; `isNew(i)` tells them apart. */
  readonly records: ChatRecord[];
  readonly nNew: number;
  readonly newFile: string;
  readonly devFile: string;
}

/** Loads data/chat (or `newFile`) and ../shared/eval/chat; refuses a repository present in both. */
export function loadBoth(newFile = NEW_CORPUS, devFile = corpusPath([])): BothCorpora {
  const fresh = loadCorpus(newFile);
  const dev = loadCorpus(devFile);
  const devRepos = new Set(dev.map((r) => r.repo));
  const shared = [...new Set(fresh.map((r) => r.repo))].filter((r) => devRepos.has(r));
  if (shared.length > 0) throw new Error(`repositories in both corpora: ${shared.join(', ')}`);
  return { records: [...fresh, ...dev], nNew: fresh.length, newFile, devFile };
}
