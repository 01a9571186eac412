import { classifyDiagnostic, type DiagnosticInput } from '../../capture/diagnostics';
import { type Command } from '../command';

/** One input line → one output object (the CLI's contract: exactly these keys). */
export function classifyLine(line: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, error: 'expected a JSON object' };
  const c = classifyDiagnostic(v as DiagnosticInput);
  return { ok: true, value: { category: c.category, severity: c.severity, cwe: c.cwe, description: c.description } };
}

export const classifyDiagnosticCommand: Command = {
  name: 'classify-diagnostic',
  summary:
    'Classify scanner/linter diagnostics read as JSON lines on stdin ({"source","code","message","severity","file","line","snippet"?}); one answer per line.',
  usage: 'mistakes classify-diagnostic [--json] < diagnostics.jsonl',
  options: {},
  allowPositionals: false,
  async run({ values, io }) {
    let failed = false;
    for await (const raw of io.stdinLines()) {
      const line = raw.trim();
      if (!line) continue;
      const r = classifyLine(line);
      if (!r.ok) failed = true;
      if (values.json) {
        io.stdout(JSON.stringify(r.ok ? r.value : { error: r.error }) + '\n');
      } else if (r.ok) {
        const v = r.value as { category: string; severity: string; cwe: string[]; description: string };
        io.stdout(`${v.category}\t${v.severity}\t${v.cwe.join(',') || '-'}\t${v.description}\n`);
      } else {
        io.stdout(`error\t${r.error}\n`);
      }
    }
    return failed ? 1 : 0;
  },
};
