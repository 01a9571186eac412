import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseTestOutput, resolveFormatName, TEST_FORMATS, unreadableMessage } from '../../capture/testOutput';
import type { TestFailure } from '../../capture/testOutput';
import { type Command, InputError, stringOpt, UsageError } from '../command';

/** Test output files are often written by Windows shells in UTF-16; everything else is read as UTF-8. */
function decode(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('utf8');
}

function jsonFailure(f: TestFailure): Record<string, unknown> {
  return {
    test: f.test,
    errorType: f.errorType,
    message: f.message,
    file: f.file,
    line: f.line,
    format: f.format,
    outcome: f.outcome,
    ...(f.aggregate ? { aggregate: true } : {}),
  };
}

function human(path: string, format: string, failures: readonly TestFailure[]): string {
  const lines = [`${path}: ${format}, ${failures.length} failure${failures.length === 1 ? '' : 's'}`];
  for (const f of failures) {
    const first = f.message.split('\n').find((l) => l.trim())?.trim() ?? '';
    const msg = first.length > 120 ? `${first.slice(0, 119)}…` : first;
    const where = f.file ? ` (${f.file}${f.line != null ? `:${f.line}` : ''})` : '';
    const tag = f.outcome === 'failed' ? '' : ` [${f.outcome}]`;
    const agg = f.aggregate ? ' [subtest failed]' : '';
    lines.push(`  ✗ ${f.test}${tag}${agg}${where}`);
    const type = f.errorType && !msg.startsWith(f.errorType) ? `${f.errorType}: ` : '';
    if (msg || type) lines.push(`      ${type}${msg}`);
  }
  return lines.join('\n') + '\n';
}

export const parseTestsCommand: Command = {
  name: 'parse-tests',
  summary: 'List the failed tests in test-runner output or a report (JUnit, TRX, NUnit, xUnit, RSpec, Dart...; format auto-detected).',
  usage: 'mistakes parse-tests <file>... [--format <name>] [--json]',
  options: { format: { type: 'string' } },
  allowPositionals: true,
  async run(ctx) {
    if (!ctx.positionals.length) throw new UsageError('give at least one file to parse');
    const formatArg = stringOpt(ctx, 'format');
    const format = formatArg === undefined ? undefined : resolveFormatName(formatArg);
    if (formatArg !== undefined && !format) {
      throw new UsageError(`unknown --format "${formatArg}"; one of: ${TEST_FORMATS.join(', ')}`);
    }
    const paths = ctx.positionals.map((p) => resolve(ctx.io.cwd, p));
    // Check every file first so a typo in the last one does not leave half the output printed.
    for (let i = 0; i < paths.length; i++) {
      try {
        await access(paths[i]!);
      } catch {
        throw new InputError(`cannot read "${ctx.positionals[i]}": no such file`);
      }
    }
    let unreadable = 0;
    for (let i = 0; i < paths.length; i++) {
      let bytes: Buffer;
      try {
        bytes = await readFile(paths[i]!);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
        throw new InputError(`cannot read "${ctx.positionals[i]}": ${why}`);
      }
      const text = decode(bytes);
      const result = parseTestOutput(text, { format });
      if (result.format === 'unknown') {
        // Not an empty success: say what the file looks like and what we read, then fail the run.
        ctx.io.stderr(`${ctx.positionals[i]}: ${unreadableMessage(text)}\n`);
        unreadable++;
        continue;
      }
      if (ctx.values.json) ctx.io.stdout(JSON.stringify({ failures: result.failures.map(jsonFailure) }) + '\n');
      else ctx.io.stdout(human(ctx.positionals[i]!, result.format, result.failures));
    }
    return unreadable ? 1 : 0;
  },
};
