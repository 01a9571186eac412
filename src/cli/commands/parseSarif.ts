import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSarifLog } from '../../capture/diagnostics';
import type { SarifResult } from '../../capture/diagnostics';
import { type Command, InputError, UsageError } from '../command';

/** The CLI's contract: exactly these keys, in this order. */
export function sarifResultJson(r: SarifResult): Record<string, unknown> {
  return {
    ruleId: r.ruleId,
    level: r.level,
    uri: r.uri,
    startLine: r.startLine,
    message: r.message,
    suppressed: r.suppressed,
    category: r.category,
    severity: r.severity,
    cwe: r.cwe,
  };
}

function readInput(path: string, cwd: string): Uint8Array {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? (e as Error).message})`);
  }
}

export const parseSarifCommand: Command = {
  name: 'parse-sarif',
  summary: 'Read SARIF files (Semgrep, CodeQL, ESLint...) and classify each result (category, severity, CWE).',
  usage: 'mistakes parse-sarif <file>... [--json]',
  options: {},
  allowPositionals: true,
  async run({ positionals, values, io }) {
    if (!positionals.length) throw new UsageError('give at least one SARIF file');
    for (const path of positionals) {
      const parsed = parseSarifLog(readInput(path, io.cwd));
      if (parsed.error) throw new InputError(`${path}: ${parsed.error}`);
      if (values.json) {
        io.stdout(JSON.stringify({ results: parsed.results.map(sarifResultJson) }) + '\n');
        continue;
      }
      const shown = parsed.results.filter((r) => !r.suppressed);
      io.stdout(`${path}: ${parsed.results.length} result(s), ${parsed.results.length - shown.length} suppressed\n`);
      for (const r of parsed.results) {
        const where = `${r.uri ?? '?'}${r.startLine !== null ? `:${r.startLine}` : ''}`;
        const cwe = r.cwe.length ? ` ${r.cwe.join(',')}` : '';
        const mark = r.suppressed ? ' (suppressed)' : '';
        io.stdout(`  ${where} ${r.level} ${r.category}/${r.severity}${cwe} ${r.ruleId}${mark}\n    ${r.description ?? r.message}\n`);
      }
    }
    return 0;
  },
};
