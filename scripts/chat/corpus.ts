/** Loads the labeled chat corpus (messages.jsonl) for training and evaluation scripts. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface ChatRecord {
  readonly id: string;
  readonly text: string;
  readonly isCorrection: boolean;
  readonly lesson: string | null;
  readonly repo: string;
  readonly tool: string;
  readonly previous: string;
}

export function corpusPath(argv: readonly string[] = process.argv.slice(2)): string {
  const arg = argv.find((a) => !a.startsWith('-'));
  const shared = process.env.SHARED_DIR ?? path.resolve(__dirname, '../../../shared');
  if (!arg) return path.join(shared, 'eval/chat/messages.jsonl');
  return arg.endsWith('.jsonl') ? arg : path.join(arg, arg.replace(/\/+$/, '').endsWith('chat') ? '' : 'chat', 'messages.jsonl');
}

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
    };
    out.push({
      id: r.id,
      text: r.text,
      isCorrection: r.is_correction,
      lesson: r.lesson,
      repo: r.source?.repo ?? 'unknown',
      tool: r.source?.tool ?? 'unknown',
      previous: r.context_prev_assistant_tail ?? '',
    });
  }
  return out;
}
