import { strict as assert } from 'node:assert';
import type { CliIO, CommandContext } from '../../../../src/cli/command';
import { detectCorrectionCommand } from '../../../../src/cli/commands/detectCorrection';

async function run(input: string, json = true): Promise<{ code: number; lines: string[] }> {
  let out = '';
  const io: CliIO = {
    stdout: (t) => {
      out += t;
    },
    stderr: () => undefined,
    readStdin: async () => input,
    stdinLines: async function* () {
      yield* input.split('\n');
    },
    env: {},
    cwd: '/',
  };
  const ctx: CommandContext = { positionals: [], values: json ? { json: true } : {}, io };
  const code = await detectCorrectionCommand.run(ctx);
  return { code, lines: out.split('\n').filter((l) => l.length > 0) };
}

describe('mistakes detect-correction', () => {
  it('prints one result per input line, in order, with exactly the documented keys', async () => {
    const input = [
      JSON.stringify({ text: "no, don't use requests, use httpx", previous: 'import requests' }),
      JSON.stringify({ text: 'thanks, looks good' }),
      JSON.stringify({ text: 'TypeError: x is not a function\n    at run (app.js:3:5)' }),
    ].join('\n');
    const { code, lines } = await run(input);
    assert.equal(code, 0);
    assert.equal(lines.length, 3);
    const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const r of rows) assert.deepEqual(Object.keys(r), ['isCorrection', 'lesson', 'confidence']);
    assert.deepEqual(rows.map((r) => r.isCorrection), [true, false, true]);
    assert.equal(rows[0]!.lesson, 'Use httpx instead of requests');
    assert.equal(rows[1]!.lesson, null);
    assert.ok(typeof rows[2]!.confidence === 'number');
  });

  it('reports malformed lines in place and exits 1 at the end', async () => {
    const input = ['{"text": "that is wrong"}', '{not json', '[1,2]', '{"text": 5}', '{"text": "ok", "previous": 3}', '{"text": "great"}'].join('\n');
    const { code, lines } = await run(input);
    assert.equal(code, 1);
    assert.equal(lines.length, 6);
    const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(rows[0]!.isCorrection, true);
    for (const i of [1, 2, 3, 4]) assert.equal(typeof rows[i]!.error, 'string', lines[i]);
    assert.equal(rows[5]!.isCorrection, false);
  });

  it('skips blank lines and accepts a null previous', async () => {
    const { code, lines } = await run('\n{"text": "you forgot to add the import", "previous": null}\n\n');
    assert.equal(code, 0);
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0]!) as { lesson: string }).lesson, 'Remember to add the import');
  });

  it('prints a readable line without --json', async () => {
    const { lines } = await run('{"text": "please revert that"}', false);
    assert.match(lines[0]!, /^correction \(\d\.\d\d, revert\): Revert /);
  });
});
