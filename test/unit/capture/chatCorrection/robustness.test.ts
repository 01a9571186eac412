import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { correctionToCandidate, detectCorrection, MAX_LESSON_CHARS, type CorrectionResult } from '../../../../src/capture/chatCorrection';
import { isCategory } from '../../../../src/core/types';

const KINDS = new Set(['wrong', 'error-report', 'forgot', 'reject-approach', 'revert', 'broke-constraint']);

function assertWellFormed(r: CorrectionResult): void {
  assert.equal(typeof r.isCorrection, 'boolean');
  assert.ok(Number.isFinite(r.confidence) && r.confidence >= 0 && r.confidence <= 1, `confidence ${r.confidence}`);
  if (r.isCorrection || r.uncertain || r.askable) {
    assert.equal(typeof r.lesson, 'string');
    assert.ok(r.lesson!.length > 0 && r.lesson!.length <= MAX_LESSON_CHARS, `lesson length ${r.lesson!.length}`);
    assert.ok(r.kind && KINDS.has(r.kind));
    if (r.context !== undefined) assert.ok(r.context.length <= 201);
  } else {
    assert.equal(r.lesson, null);
  }
}

/** Words that trigger many patterns at once, to reach deep into the rules. */
const CUE_WORDS = [
  'you', 'not', "don't", 'use', 'instead', 'of', 'still', 'error', 'Error:', 'revert', 'why', 'did', 'forgot', 'to', ',', '.', '?',
  'no', 'the', 'file', 'in', 'wrong', 'should', 'be', 'at foo (a.js:1:2)', '\n', '`', '"', '❯', 'Traceback (most recent call last):',
  'would', 'we', 'want', 'never', 'asked', 'for', 'I', 'specifically', 'meant', 'removed', 'without', 'asking', 'if', 'when',
];
const cueText = fc.array(fc.constantFrom(...CUE_WORDS), { maxLength: 300 }).map((ws) => ws.join(' '));

describe('detectCorrection robustness', function () {
  // Thousands of generated inputs: generous, but a hang would still fail.
  this.timeout(120_000);

  it('never throws and stays within bounds on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }), (text, previous) => {
        assertWellFormed(detectCorrection(text, previous));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on full-unicode and binary-like strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => assertWellFormed(detectCorrection(text, text))),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        assertWellFormed(detectCorrection(text));
      }),
      { numRuns: 500 },
    );
  });

  it('handles dense combinations of cue words', () => {
    fc.assert(
      fc.property(cueText, fc.option(cueText, { nil: undefined }), (text, previous) => {
        const r = detectCorrection(text, previous);
        assertWellFormed(r);
        const c = correctionToCandidate(r, { text, previous });
        assert.ok(isCategory(c.category));
        assert.ok(c.description.length > 0 && c.description.length <= MAX_LESSON_CHARS);
      }),
      { numRuns: 1000 },
    );
  });

  it('handles huge and repetitive inputs', () => {
    const big = 2_000_000;
    const inputs = [
      'x'.repeat(big),
      '\n'.repeat(big),
      ' '.repeat(big) + 'that is wrong',
      ','.repeat(big),
      '@'.repeat(200_000),
      'you edited the file in the a, not '.repeat(20_000),
      'Error: boom\n    at f (a.js:1:1)\n'.repeat(50_000),
      "don't use a, use b ".repeat(50_000),
      '\u0000\u0001\uffff\ud800'.repeat(100_000),
    ];
    for (const text of inputs) assertWellFormed(detectCorrection(text, text));
  });

  it('tolerates values that are not strings (untyped callers)', () => {
    for (const v of [undefined, null, 42, {}, [], Symbol.iterator]) {
      assertWellFormed(detectCorrection(v as unknown as string, v as unknown as string));
    }
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(cueText, (text) => assert.deepEqual(detectCorrection(text), detectCorrection(text))),
      { numRuns: 200 },
    );
  });
});
