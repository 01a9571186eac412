import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { frequencyFactor, modelFactor, modelMatches, normalizeModel, rankCandidates } from '../../../src/core/ranking';
import { DAY, NOW, pattern } from './fixtures';

const base = { k: 10, now: NOW };

describe('core/ranking', () => {
  describe('modelMatches', () => {
    const same: Array<[string, string]> = [
      ['claude-sonnet-4', 'claude-sonnet-4-20250514'],
      ['copilot/claude-sonnet-4', 'claude-sonnet-4'],
      ['Claude-Sonnet-4', 'claude-sonnet-4'],
      ['gpt-4o', 'gpt-4o-2024-08-06'],
      ['gpt-4o', 'openai/gpt-4o'],
      ['gpt-4', 'gpt-4-0613'],
      ['claude-3.5-sonnet', 'claude-3-5-sonnet-latest'],
      ['anthropic.claude-3-sonnet-20240229-v1:0', 'claude-3-sonnet'],
      ['claude-3-5-sonnet@20240620', 'claude-3-5-sonnet'],
    ];
    const different: Array<[string, string]> = [
      ['gpt-4o', 'gpt-4o-mini'],
      ['claude-sonnet-4', 'claude-opus-4'],
      ['claude-sonnet-4', 'claude-sonnet-4.5'],
      ['gpt-4', 'gpt-4o'],
      ['o1', 'o1-mini'],
      ['unattributed', 'unattributed'],
      ['', 'gpt-4o'],
    ];
    for (const [a, b] of same) it(`${a} ~ ${b}`, () => assert.ok(modelMatches(a, b), `${normalizeModel(a)} vs ${normalizeModel(b)}`));
    for (const [a, b] of different) it(`${a} ≁ ${b}`, () => assert.ok(!modelMatches(a, b), `${normalizeModel(a)} vs ${normalizeModel(b)}`));
    it('model factor policy', () => {
      assert.equal(modelFactor('gpt-4o', 'copilot/gpt-4o'), 1);
      assert.equal(modelFactor('unattributed', 'gpt-4o'), 0.8);
      assert.equal(modelFactor('claude-sonnet-4', 'gpt-4o'), 0.6);
      assert.equal(modelFactor('claude-sonnet-4', 'gpt-4o', 0.3), 0.3);
      assert.equal(modelFactor('claude-sonnet-4', undefined), 1, 'unknown requester: no preference');
    });
  });

  it('gates dense similarity at minSimilarity but keeps the lexical signal', () => {
    const a = pattern({ id: 1 });
    const b = pattern({ id: 2 });
    const c = pattern({ id: 3 });
    const out = rankCandidates([{ pattern: a, similarity: 0.9 }, { pattern: b, similarity: 0.5 }, { pattern: c, similarity: 0.5, lexical: 0.8 }], base);
    assert.deepEqual(out.map((s) => s.pattern.id), [1, 3]);
    assert.equal(out[1].similarity, 0.5, 'reports the raw similarity');
  });

  it('fuses with reciprocal ranks: a pattern high in both beats one top in a single list', () => {
    const ps = [1, 2, 3, 4].map((id) => pattern({ id }));
    const out = rankCandidates(
      [
        { pattern: ps[0], similarity: 0.95 }, // dense #1 only
        { pattern: ps[1], similarity: 0.9, lexical: 0.7 }, // dense #2, lexical #2
        { pattern: ps[2], lexical: 0.9 }, // lexical #1 only
        { pattern: ps[3], similarity: 0.8, lexical: 0.1 },
      ],
      base,
    );
    assert.equal(out[0].pattern.id, 2);
    for (const s of out) assert.ok(s.score >= 0 && s.score <= 1);
  });

  it('uses the one signal that exists, as its value', () => {
    const out = rankCandidates([{ pattern: pattern({ id: 1, severity: 'critical', frequency: 30 }), lexical: 0.5 }], base);
    assert.ok(Math.abs(out[0].score - 0.5) < 1e-9, String(out[0].score));
  });

  it('prefers frequent, recent, severe patterns of the same model', () => {
    const mk = (id: number, over: Parameters<typeof pattern>[0]) => ({ pattern: pattern({ id, ...over }), similarity: 0.85 });
    const ranked = (items: ReturnType<typeof mk>[], model = 'claude-sonnet-4') => rankCandidates(items, { ...base, model }).map((s) => s.pattern.id);
    assert.deepEqual(ranked([mk(1, { frequency: 1 }), mk(2, { frequency: 20 })]), [2, 1]);
    assert.deepEqual(ranked([mk(1, { lastSeen: NOW - 120 * DAY }), mk(2, { lastSeen: NOW - DAY })]), [2, 1]);
    assert.deepEqual(ranked([mk(1, { severity: 'minor' }), mk(2, { severity: 'critical' })]), [2, 1]);
    assert.deepEqual(ranked([mk(1, { modelName: 'gpt-4o' }), mk(2, { modelName: 'unattributed' }), mk(3, { modelName: 'claude-sonnet-4-20250514' })]), [3, 2, 1]);
  });

  it('puts always-inject patterns first when relevant or from the same model', () => {
    const top = { pattern: pattern({ id: 1 }), similarity: 0.99 };
    const alwaysSame = { pattern: pattern({ id: 2, alwaysInject: true, modelName: 'gpt-4o' }) }; // no signal at all
    const alwaysOtherRelevant = { pattern: pattern({ id: 3, alwaysInject: true, modelName: 'claude-opus-4' }), similarity: 0.72 };
    const alwaysOtherIrrelevant = { pattern: pattern({ id: 4, alwaysInject: true, modelName: 'claude-opus-4' }) };
    const out = rankCandidates([top, alwaysSame, alwaysOtherRelevant, alwaysOtherIrrelevant], { ...base, model: 'copilot/gpt-4o' });
    assert.deepEqual(out.map((s) => s.pattern.id), [3, 2, 1]);
  });

  it('drops archived patterns, dedupes ids, honours k', () => {
    const p = pattern({ id: 1 });
    const out = rankCandidates(
      [{ pattern: p, similarity: 0.8 }, { pattern: p, lexical: 0.9 }, { pattern: pattern({ id: 2, archived: true }), similarity: 0.99 }, ...[3, 4, 5].map((id) => ({ pattern: pattern({ id }), lexical: 0.1 * id }))],
      { ...base, k: 2 },
    );
    assert.equal(out.length, 2);
    assert.ok(!out.some((s) => s.pattern.id === 2));
    assert.equal(new Set(out.map((s) => s.pattern.id)).size, 2);
    assert.deepEqual(rankCandidates([{ pattern: p, lexical: 1 }], { ...base, k: 0 }), []);
  });

  it('frequency factor is log-scaled and bounded', () => {
    assert.equal(frequencyFactor(0), 0.6);
    assert.ok(frequencyFactor(2) < frequencyFactor(5));
    assert.ok(frequencyFactor(5) - frequencyFactor(2) > frequencyFactor(25) - frequencyFactor(22));
    assert.equal(frequencyFactor(1e6), 1);
  });

  it('scores stay in [0, 1], sorted, length ≤ k (property)', () => {
    const item = fc.record({
      id: fc.integer({ min: 1, max: 30 }),
      similarity: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
      lexical: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: undefined }),
      frequency: fc.integer({ min: 0, max: 1000 }),
      age: fc.integer({ min: 0, max: 400 }),
      always: fc.boolean(),
      model: fc.constantFrom('gpt-4o', 'claude-sonnet-4', 'unattributed'),
      severity: fc.constantFrom('critical' as const, 'major' as const, 'minor' as const),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.integer({ min: 0, max: 12 }), fc.option(fc.constantFrom('gpt-4o', 'claude-sonnet-4-20250514'), { nil: undefined }), (items, k, model) => {
        const out = rankCandidates(
          items.map((i) => ({ pattern: pattern({ id: i.id, frequency: i.frequency, lastSeen: NOW - i.age * DAY, alwaysInject: i.always, modelName: i.model, severity: i.severity }), similarity: i.similarity, lexical: i.lexical })),
          { k, model, now: NOW },
        );
        assert.ok(out.length <= k);
        for (const s of out) assert.ok(s.score >= 0 && s.score <= 1 && Number.isFinite(s.score));
        const firstNonAlways = out.findIndex((s) => !s.pattern.alwaysInject);
        const tail = firstNonAlways < 0 ? [] : out.slice(firstNonAlways);
        for (let i = 1; i < tail.length; i++) assert.ok(tail[i - 1].score >= tail[i].score);
      }),
      { numRuns: 300 },
    );
  });
});
