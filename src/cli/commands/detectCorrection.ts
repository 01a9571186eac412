import { detectCorrection } from '../../capture/chatCorrection';
import type { Command } from '../command';

/** Longest stdin line we parse; longer ones are reported as errors instead of being buffered forever. */
const MAX_LINE_CHARS = 1_000_000;

type LineOutcome = { readonly ok: true; readonly text: string; readonly previous?: string } | { readonly ok: false; readonly error: string };

export function parseCorrectionLine(line: string): LineOutcome {
  if (line.length > MAX_LINE_CHARS) return { ok: false, error: `line longer than ${MAX_LINE_CHARS} characters` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'each line must be a JSON object {"text", "previous"?}' };
  const o = value as Record<string, unknown>;
  if (typeof o.text !== 'string') return { ok: false, error: '"text" must be a string' };
  if (o.previous !== undefined && o.previous !== null && typeof o.previous !== 'string') return { ok: false, error: '"previous" must be a string when given' };
  return typeof o.previous === 'string' ? { ok: true, text: o.text, previous: o.previous } : { ok: true, text: o.text };
}

export const detectCorrectionCommand: Command = {
  name: 'detect-correction',
  summary: 'Read JSON lines {"text","previous"?} on stdin; print whether each user message corrects the assistant, with its lesson.',
  usage: 'mistakes detect-correction [--json] < messages.jsonl',
  options: {},
  allowPositionals: false,
  async run(ctx) {
    let failed = false;
    for await (const raw of ctx.io.stdinLines()) {
      const line = raw.replace(/^\uFEFF/, '');
      if (!line.trim()) continue;
      const parsed = parseCorrectionLine(line);
      if (!parsed.ok) {
        failed = true;
        ctx.io.stdout(ctx.values.json ? JSON.stringify({ error: parsed.error }) + '\n' : `error: ${parsed.error}\n`);
        continue;
      }
      const r = detectCorrection(parsed.text, parsed.previous);
      if (ctx.values.json) {
        ctx.io.stdout(JSON.stringify({ isCorrection: r.isCorrection, lesson: r.lesson, confidence: r.confidence }) + '\n');
      } else {
        ctx.io.stdout(
          r.isCorrection ? `correction (${r.confidence.toFixed(2)}, ${r.kind ?? 'wrong'}): ${r.lesson ?? ''}\n` : `not a correction (${r.confidence.toFixed(2)})\n`,
        );
      }
    }
    return failed ? 1 : 0;
  },
};
