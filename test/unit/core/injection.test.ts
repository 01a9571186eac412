import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildInjection, buildInstructionsMarkdown, INJECTION_HEADER } from '../../../src/core/injection';
import type { Pattern } from '../../../src/core/types';
import { pattern } from './fixtures';

const fastapi = pattern({
  id: 7,
  frequency: 15,
  modelName: 'claude-sonnet-4',
  description: 'Sync endpoint calls the async database driver',
  fixDescription: "ALWAYS use 'async def' for endpoint functions and 'await' for database calls",
  codeSnippet: '@app.get("/users")\ndef list_users():\n    return db.fetch_all(query)\n    # more\n    # lines',
  goodSnippet: '@app.get("/users")\nasync def list_users():\n    return await db.fetch_all(query)',
});

describe('core/injection', () => {
  it('produces the spec block exactly', () => {
    const r = buildInjection([fastapi]);
    assert.equal(
      r.text,
      [
        'CRITICAL: Avoid these common mistakes:',
        '',
        "1. ALWAYS use 'async def' for endpoint functions and 'await' for database calls",
        '   Seen: 15 times | Model: claude-sonnet-4',
        '   Bad:  @app.get("/users")',
        '         def list_users():',
        '             return db.fetch_all(query)',
        '   Good: @app.get("/users")',
        '         async def list_users():',
        '             return await db.fetch_all(query)',
      ].join('\n'),
    );
    assert.deepEqual(r.included, [7]);
  });

  it('uses the description when there is no fix; no Good line without a corrected snippet', () => {
    const p = pattern({ id: 1, frequency: 1, modelName: 'unattributed', description: 'forgot to close the file', codeSnippet: 'f = open(p)' });
    assert.equal(r1(p), '1. Forgot to close the file\n   Seen: 1 time | Model: any\n   Bad:  f = open(p)');
    const q = { ...p, fixDescription: '  ', goodSnippet: '\n  \n' };
    assert.equal(r1(q), '1. Forgot to close the file\n   Seen: 1 time | Model: any\n   Bad:  f = open(p)');
    assert.equal(r1({ ...p, fixDescription: 'close it with a context manager' }).split('\n')[0], '1. Close it with a context manager');
  });

  it('accepts scored patterns, numbers consecutively, skips duplicates, caps maxPatterns', () => {
    const ps = [1, 2, 3, 4].map((id) => pattern({ id, description: `mistake ${id}` }));
    const r = buildInjection([{ pattern: ps[0], score: 0.9 }, ps[1], ps[1], { pattern: ps[2], score: 0.5 }, ps[3]], { maxPatterns: 3 });
    assert.deepEqual(r.included, [1, 2, 3]);
    assert.match(r.text, /^1\. Mistake 1$/m);
    assert.match(r.text, /^3\. Mistake 3$/m);
    assert.ok(!r.text.includes('Mistake 4'));
  });

  it('drops whole patterns that do not fit, keeping later ones that do', () => {
    const big = pattern({ id: 1, description: 'x'.repeat(200), codeSnippet: 'y'.repeat(150) });
    const small = pattern({ id: 2, description: 'short one' });
    const r = buildInjection([big, small], { maxChars: 150 });
    assert.deepEqual(r.included, [2]);
    assert.ok(r.text.startsWith(`${INJECTION_HEADER}\n\n1. Short one\n`));
    assert.ok(r.text.length <= 150);
  });

  it('empty list, zero budget, or header alone → empty', () => {
    assert.deepEqual(buildInjection([]), { text: '', included: [] });
    assert.deepEqual(buildInjection([fastapi], { maxPatterns: 0 }), { text: '', included: [] });
    assert.deepEqual(buildInjection([fastapi], { maxChars: 50 }), { text: '', included: [] });
  });

  it('never exceeds the budget (property)', () => {
    const arbPattern = fc.record({
      id: fc.integer({ min: 1, max: 50 }),
      description: fc.string({ maxLength: 400 }),
      fixDescription: fc.option(fc.string({ maxLength: 400 }), { nil: undefined }),
      codeSnippet: fc.option(fc.string({ maxLength: 600 }), { nil: undefined }),
      goodSnippet: fc.option(fc.string({ maxLength: 600 }), { nil: undefined }),
      frequency: fc.integer({ min: -5, max: 10_000 }),
      modelName: fc.string({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(arbPattern, { maxLength: 20 }), fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 12 }), (raw, maxChars, maxPatterns) => {
        const ps: Pattern[] = raw.map((r) => pattern(r));
        for (const build of [buildInjection, buildInstructionsMarkdown]) {
          const r = build(ps, { maxChars, maxPatterns });
          assert.ok(r.text.length <= maxChars, `${r.text.length} > ${maxChars}`);
          assert.ok(r.included.length <= maxPatterns);
          assert.equal(new Set(r.included).size, r.included.length);
          assert.equal(r.text === '', r.included.length === 0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps each snippet to 3 lines and the first line to one line', () => {
    const p = pattern({ id: 1, description: 'multi\nline\ndescription', codeSnippet: 'a\nb\nc\nd\ne' });
    const lines = r1(p).split('\n');
    assert.equal(lines[0], '1. Multi line description');
    assert.equal(lines.filter((l) => l.startsWith('   Bad:') || l.startsWith('         ')).length, 3);
  });

  describe('buildInstructionsMarkdown', () => {
    it('renders a markdown list with a header and front matter', () => {
      const r = buildInstructionsMarkdown([fastapi, pattern({ id: 8, description: 'No `eval`', category: 'security', ruleId: 'S1523', fixDescription: undefined })], { applyTo: '**' });
      assert.deepEqual(r.included, [7, 8]);
      assert.ok(r.text.startsWith('---\napplyTo: "**"\n---\n\n# Learned mistakes\n'));
      assert.ok(r.text.includes("- **ALWAYS use 'async def' for endpoint functions and 'await' for database calls** (seen 15 times; model claude-sonnet-4; async)"));
      assert.ok(r.text.includes('  - Avoid:\n    ```\n    @app.get("/users")'));
      assert.ok(r.text.includes('  - Prefer:\n    ```\n    @app.get("/users")\n    async def list_users():'));
      assert.ok(r.text.includes('- **No `eval`** (seen 1 time; model claude-sonnet-4; security; rule `S1523`)'));
      assert.ok(r.text.endsWith('\n'));
    });
    it('uses a longer fence when a snippet holds backticks', () => {
      const r = buildInstructionsMarkdown([pattern({ id: 1, codeSnippet: 'const s = ```x```;' })]);
      assert.ok(r.text.includes('    ````\n    const s = ```x```;\n    ````'));
    });
    it('empty list → empty text', () => assert.deepEqual(buildInstructionsMarkdown([]), { text: '', included: [] }));
  });
});

function r1(p: Pattern): string {
  return buildInjection([p]).text.slice(`${INJECTION_HEADER}\n\n`.length);
}
