import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectFormat, PARSERS, parseTestOutput, type TestFormat } from '../../../../src/capture/testOutput';
import type { ActualFailure, ExpectedRecord } from '../../../../src/capture/testOutput/score';
import { REPORTS, readReportRecords } from './helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const basename = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/** Every expected failure found with its details, in order, and nothing else (ids compared exactly). */
function assertMatches(record: ExpectedRecord, actual: readonly ActualFailure[]): void {
  assert.deepEqual(
    actual.map((a) => a.test),
    record.failures.map((e) => e.test),
    `${record.file}: failed tests (0 missing, 0 extra)`,
  );
  record.failures.forEach((e, i) => {
    const a = actual[i]!;
    if (e.error_type !== null) assert.equal(a.errorType, e.error_type, `${e.test}: error type`);
    if (e.message_contains !== null) assert.ok(a.message.includes(e.message_contains), `${e.test}: message lacks "${e.message_contains}": ${a.message}`);
    if (e.file !== null) {
      assert.equal(basename(a.file ?? ''), basename(e.file), `${e.test}: file`);
      assert.equal(a.line, e.line, `${e.test}: line`);
    } else assert.equal(a.file, null, `${e.test}: no file expected`);
    if (e.outcome) assert.equal(a.outcome, e.outcome, `${e.test}: outcome`);
  });
}

describe('report corpus (test/fixtures/reports: real files from public repositories)', function () {
  this.timeout(60_000);
  const records = readReportRecords();

  it('has at least 3 files per new format', () => {
    const per = new Map<string, number>();
    for (const r of records) per.set(r.format, (per.get(r.format) ?? 0) + 1);
    for (const f of ['trx', 'nunit-xml', 'xunit-xml', 'rspec-json', 'dart-json', 'nextest']) assert.ok((per.get(f) ?? 0) >= 3, `${f}: ${per.get(f) ?? 0} files`);
  });

  for (const record of records) {
    it(`${record.file}: detected, every failure found, nothing else (parser)`, () => {
      const text = readFileSync(path.join(REPORTS, record.file), 'utf8');
      assert.equal(detectFormat(text), record.format);
      assertMatches(record, parseTestOutput(text).failures);
      // The parser alone (no detection) agrees.
      assertMatches(record, PARSERS[record.format as TestFormat](text));
    });
  }

  it('the real CLI (mistakes parse-tests --json) finds the same failures in every file', () => {
    const files = records.map((r) => path.join(REPORTS, r.file));
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'src/cli/main.ts'), 'parse-tests', ...files, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MISTAKES_HOME: path.join(ROOT, '.no-such-home'), MISTAKES_MODEL_DIR: '' },
    });
    assert.equal(r.status, 0, r.stderr);
    const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { failures: ActualFailure[] });
    assert.equal(docs.length, records.length);
    records.forEach((rec, i) => {
      assertMatches(rec, docs[i]!.failures);
      for (const f of docs[i]!.failures) assert.equal(f.format, rec.format);
    });
  });
});
