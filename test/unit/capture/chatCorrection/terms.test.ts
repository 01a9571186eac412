import { strict as assert } from 'node:assert';
import { buildContext } from '../../../../src/capture/chatCorrection/features';
import { detectCorrection } from '../../../../src/capture/chatCorrection';
import { linearScore, SHIPPED_MODEL, type LinearModel } from '../../../../src/capture/chatCorrection/model';
import { extractTerms, MAX_TERM_TOKENS, SENTENCE_START, termOrder, termScore, tokenize } from '../../../../src/capture/chatCorrection/terms';

const norm = (text: string): string => buildContext(text).norm;

describe('chat correction terms', () => {
  it('tokenizes normalised prose into lower-case clauses, each sentence led by the start marker', () => {
    assert.deepEqual(tokenize(norm("No, that's wrong. Use the API instead!")), [
      [SENTENCE_START, 'no'],
      ['that', 'is', 'wrong'],
      [SENTENCE_START, 'use', 'the', 'api', 'instead'],
    ]);
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize('  ...  !!  '), []);
  });

  it('bounds the words it reads', () => {
    const clauses = tokenize(norm('word '.repeat(5000)));
    assert.equal(clauses.flat().filter((w) => w !== SENTENCE_START).length, MAX_TERM_TOKENS);
  });

  it('gives unigrams and bigrams within a clause, never across one', () => {
    const t = extractTerms(norm('You forgot the import, instead of the fix'), { maxOrder: 2, negation: true });
    for (const x of ['you', 'forgot', 'you forgot', `${SENTENCE_START} you`, 'instead of', 'the fix']) assert.ok(t.includes(x), x);
    assert.ok(!t.includes('import instead'), 'a bigram across a comma');
    assert.ok(!t.includes(SENTENCE_START), 'the marker alone is no term');
    assert.ok(!extractTerms(norm('you forgot it'), { maxOrder: 1, negation: true }).includes('you forgot'));
    assert.ok(extractTerms(norm('you forgot it'), { maxOrder: 3, negation: true }).includes('you forgot it'));
  });

  it('marks the words after a negator, with contractions expanded and the scope ending at the clause', () => {
    const t = extractTerms(norm("It doesn't work at all, still fails"), { maxOrder: 2, negation: true });
    for (const x of ['not', 'not work', '!work', '!at', '!all', 'still fails']) assert.ok(t.includes(x), x);
    assert.ok(!t.includes('!still') && !t.includes('!fails'), 'the scope ends at the comma');
    assert.ok(!t.includes('!it'));
    const noNeg = extractTerms(norm("It doesn't work"), { maxOrder: 2, negation: false });
    assert.ok(noNeg.includes('not work') && !noNeg.some((x) => x.startsWith('!')));
    assert.ok(extractTerms(norm('No, do not use npm'), { maxOrder: 2, negation: true }).includes('not use'));
    assert.ok(extractTerms(norm('No, do not use npm'), { maxOrder: 2, negation: true }).includes(`${SENTENCE_START} no`));
  });

  it('counts a term once and knows its order', () => {
    const t = extractTerms(norm('again and again and again'));
    assert.equal(t.filter((x) => x === 'again').length, 1);
    assert.equal(termOrder('again'), 1);
    assert.equal(termOrder('!work'), 1);
    assert.equal(termOrder('not use'), 2);
    assert.equal(termOrder('you did not'), 3);
  });

  it('looks terms up in the vocabulary and ignores unknown ones', () => {
    const vocab = new Map([
      ['still fails', 1.5],
      ['!work', 0.5],
      ['thanks', -1],
    ]);
    assert.equal(termScore(vocab, ['still fails', '!work', 'zyzzyva', 'qwerty uiop']), 2);
    assert.equal(termScore(vocab, ['zyzzyva']), 0);
    assert.equal(termScore(undefined, ['still fails']), 0);
    assert.equal(termScore(new Map(), ['still fails']), 0);
    const model: LinearModel = { features: [], weights: [], bias: 0.25, terms: vocab, threshold: 0.5 };
    assert.equal(linearScore(model, [], ['thanks', 'unknown']), -0.75);
  });

  it('ships a vocabulary of terms seen in several repositories, and uses it', () => {
    const terms = SHIPPED_MODEL.terms;
    assert.ok(terms && terms.size >= 100 && terms.size <= 3000, `${terms?.size} terms`);
    for (const w of terms.values()) assert.ok(Number.isFinite(w) && Math.abs(w) < 5);
    // Unknown words change nothing: a made-up word is not in the vocabulary.
    const a = detectCorrection('that is still broken');
    const b = detectCorrection('that is still broken zyzzyvaqx');
    assert.equal(a.confidence, b.confidence);
  });
});
