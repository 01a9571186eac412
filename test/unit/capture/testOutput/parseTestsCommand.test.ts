import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InputError, UsageError, type CliIO, type CommandContext } from '../../../../src/cli/command';
import { parseTestsCommand } from '../../../../src/cli/commands/parseTests';
import { FIXTURES } from './helpers';

function ctx(positionals: string[], values: CommandContext['values'] = {}): { c: CommandContext; out: string[] } {
  const out: string[] = [];
  const io: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: () => undefined,
    readStdin: async () => '',
    stdinLines: async function* () {},
    env: {},
    cwd: FIXTURES,
  };
  return { c: { positionals, values, io }, out };
}

describe('mistakes parse-tests', () => {
  it('prints one JSON document per file, in order, with the fixed keys', async () => {
    const { c, out } = ctx(['cargo-old.txt', 'junit-catch2.xml', path.join(FIXTURES, 'node-spec.txt')], { json: true });
    assert.equal(await parseTestsCommand.run(c), 0);
    const docs = out.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as { failures: Record<string, unknown>[] });
    assert.equal(docs.length, 3);
    assert.deepEqual(docs.map((d) => d.failures.length), [3, 2, 4]);
    assert.deepEqual(Object.keys(docs[0]!.failures[0]!), ['test', 'errorType', 'message', 'file', 'line', 'format', 'outcome']);
    assert.equal(docs[0]!.failures[0]!.test, 'tests::it_adds_two');
    assert.equal(docs[1]!.failures[0]!.errorType, 'REQUIRE');
    assert.equal(docs[2]!.failures[1]!.aggregate, true);
  });

  it('uses --format when given', async () => {
    const { c, out } = ctx(['go-v-old.txt'], { json: true, format: 'junit' });
    await parseTestsCommand.run(c);
    assert.equal(out.join('').trim(), '{"failures":[]}');
  });

  it('prints a short human-readable list without --json', async () => {
    const { c, out } = ctx(['mocha-spec.txt']);
    await parseTestsCommand.run(c);
    const text = out.join('');
    assert.match(text, /^mocha-spec\.txt: mocha, 4 failures/);
    assert.match(text, /✗ Test 2 Exception in test \(test\/main\.test\.js:22\)/);
    assert.match(text, /\n {6}TypeError: Cannot read properties of undefined/);
    assert.doesNotMatch(text, /TypeError: TypeError/);
  });

  it('reads UTF-16 files written by Windows shells', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parse-tests-'));
    const file = path.join(dir, 'out.txt');
    const text = '=== RUN   TestA\n    a_test.go:3: boom\n--- FAIL: TestA (0.00s)\nFAIL\tp\t0.1s\n';
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { c, out } = ctx([file], { json: true });
    await parseTestsCommand.run(c);
    assert.equal((JSON.parse(out.join('')) as { failures: { test: string }[] }).failures[0]!.test, 'TestA');
  });

  it('rejects a missing file with an InputError before printing anything', async () => {
    const { c, out } = ctx(['cargo-old.txt', 'nope.txt'], { json: true });
    await assert.rejects(parseTestsCommand.run(c), (e: Error) => e instanceof InputError && /cannot read "nope\.txt"/.test(e.message));
    assert.deepEqual(out, []);
  });

  it('rejects a directory, no files and unknown formats', async () => {
    await assert.rejects(parseTestsCommand.run(ctx(['.'], { json: true }).c), (e: Error) => e instanceof InputError && /directory/.test(e.message));
    await assert.rejects(parseTestsCommand.run(ctx([]).c), UsageError);
    await assert.rejects(parseTestsCommand.run(ctx(['cargo-old.txt'], { format: 'frobnicate' }).c), (e: Error) => e instanceof UsageError && /junit-xml/.test(e.message));
  });
});
