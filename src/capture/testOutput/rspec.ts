import { normalizePath } from './frames';
import { parseJsonLoose } from './mocha';
import { clip } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * `rspec --format json`: { version, examples: [{ id, full_description, status, file_path,
 * line_number, exception: { class, message, backtrace } }], summary, summary_line }. Only examples
 * with status "failed" count (pending ones that unexpectedly pass are "failed" too, as RSpec says).
 * Errors outside examples (a spec file that does not load) appear in `messages` and the summary's
 * errors_outside_of_examples_count: reported as one error.
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

// "./spec/a_spec.rb:7:in `block (2 levels)'" or "/abs/lib/x.rb:3:in 'X#y'".
const FRAME = /^(.+?\.rb):(\d+)(?::in |$)/;
const NOT_PROJECT = /[/\\](?:gems|rubygems|ruby[/\\]\d[\d.]*|bundler|\.rbenv|\.rvm)[/\\]|^<internal:|WindowsApps[/\\]/i;

function projectFrame(backtrace: unknown): { file: string; line: number } | null {
  if (!Array.isArray(backtrace)) return null;
  for (const raw of backtrace.slice(0, 500)) {
    const m = FRAME.exec(str(raw).trim());
    if (m && !NOT_PROJECT.test(m[1]!)) return { file: normalizePath(m[1]!), line: Number(m[2]) };
  }
  return null;
}

export function parseRspecJson(text: string): TestFailure[] {
  const doc = parseJsonLoose(text.slice(Math.max(0, text.search(/\{\s*"(?:version|examples|seed)"\s*:/))));
  if (!isObj(doc)) return [];
  const failures: TestFailure[] = [];
  const examples = Array.isArray(doc.examples) ? doc.examples : [];
  examples.forEach((ex, index) => {
    if (!isObj(ex) || str(ex.status) !== 'failed' || failures.length >= LIMITS.maxFailures) return;
    const e = isObj(ex.exception) ? ex.exception : {};
    const description = str(ex.description);
    const full = str(ex.full_description).trim();
    // An example without a description ("example at ./spec/x_spec.rb:9") is named by its id.
    const test = /^example at /.test(description) || !full ? str(ex.id) || full || `example[${index}]` : full;
    const where = projectFrame(e.backtrace);
    const file = str(ex.file_path);
    const line = typeof ex.line_number === 'number' && Number.isInteger(ex.line_number) && ex.line_number >= 0 ? ex.line_number : null;
    const backtrace = Array.isArray(e.backtrace) ? e.backtrace.slice(0, 200).map(str).join('\n') : '';
    failures.push({
      test: clip(test, LIMITS.maxTestIdLength),
      errorType: str(e.class) || null,
      message: clip(str(e.message).trim(), LIMITS.maxMessageLength),
      file: where?.file ?? (file ? normalizePath(file) : null),
      line: where ? where.line : file ? line : null,
      format: 'rspec-json',
      outcome: 'failed',
      ...(backtrace ? { stack: clip(backtrace, LIMITS.maxStackLength) } : {}),
    });
  });
  const summary = isObj(doc.summary) ? doc.summary : {};
  const outside = summary.errors_outside_of_examples_count;
  if (typeof outside === 'number' && outside > 0 && failures.length < LIMITS.maxFailures) {
    const messages = Array.isArray(doc.messages) ? doc.messages.map(str).filter(Boolean) : [];
    const body = messages.join('\n');
    const type = /^(\w+(?:::\w+)*(?:Error|Exception)):/m.exec(body)?.[1] ?? /\b((?:\w+::)*\w+(?:Error|Exception))\b/.exec(body)?.[1] ?? null;
    const loc = /^(?:#\s*)?(\.?[\w./-]+\.rb):(\d+)/m.exec(body.replace(/^An error occurred while loading /m, ''));
    failures.push({
      test: clip(/An error occurred while loading (\S+?)\.?$/m.exec(body)?.[1] ?? 'errors outside of examples', LIMITS.maxTestIdLength),
      errorType: type,
      message: clip(body.trim() || `${outside} error(s) occurred outside of examples`, LIMITS.maxMessageLength),
      file: loc ? normalizePath(loc[1]!) : null,
      line: loc ? Number(loc[2]) : null,
      format: 'rspec-json',
      outcome: 'error',
    });
  }
  return failures;
}
