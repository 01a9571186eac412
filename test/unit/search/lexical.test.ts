import { strict as assert } from 'node:assert';
import { LexicalIndex } from '../../../src/search/lexical';
import { ConceptMatcher, defaultConceptMatcher } from '../../../src/search/thesaurus';
import { splitCamel, stem, tokenize } from '../../../src/search/tokenizer';

describe('tokenizer', () => {
  it('splits camelCase and keeps the error class name whole', () => {
    const t = tokenize('UnboundLocalError raised');
    assert.ok(t.includes('unboundlocalerror'));
    assert.ok(t.includes('unbound') && t.includes('local') && t.includes('error'));
    assert.deepEqual(splitCamel('parseHTTPResponse2'), ['parse', 'HTTP', 'Response', '2']);
  });

  it('splits snake_case, kebab-case and dotted rule ids, and keeps the whole id', () => {
    const t = tokenize('python.lang.security.audit.dangerous-subprocess-use and no_mutable_default');
    assert.ok(t.includes('python.lang.security.audit.dangerous-subprocess-use'));
    for (const w of ['python', 'lang', 'security', 'audit', 'dangerous', 'subprocess', 'mutabl', 'default']) assert.ok(t.includes(w), `${w} in ${t.join(' ')}`);
    const ts = tokenize('@typescript-eslint/no-floating-promises');
    assert.ok(ts.includes('typescript-eslint/no-floating-promises') && ts.includes(stem('floating')) && ts.includes('promis'), ts.join(' '));
  });

  it('reads CWE ids as cwe + number + a joined term', () => {
    assert.deepEqual(tokenize('CWE-89'), ['cwe', '89', 'cwe89']);
    assert.deepEqual(tokenize('cwe89'), ['cwe', '89', 'cwe89']);
  });

  it('drops stopwords and catalog boilerplate, stems lightly', () => {
    assert.deepEqual(tokenize('Checks for the use of a promise'), ['promis']);
    assert.equal(stem('awaited'), stem('awaiting'));
    assert.equal(stem('awaits'), stem('await'));
    assert.equal(stem('concatenation'), stem('concatenated'));
    assert.equal(stem('definition'), stem('defined'));
    assert.equal(stem('queries'), stem('query'));
    assert.equal(stem('uses'), stem('used'));
  });

  it('never throws on garbage and bounds huge input', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize(undefined as unknown as string), []);
    assert.ok(tokenize('\u0000\uffff💥--..//__').length >= 0);
    assert.ok(tokenize('word '.repeat(100000)).length <= 4000);
  });
});

describe('concept matcher', () => {
  const m = new ConceptMatcher([
    ['missing await', 'not awaited', 'floating promise'],
    ['sql injection', 'parameterized query', 'cwe 89'],
  ]);

  it('gives different phrasings of one mistake the same concept', () => {
    const a = m.match('The coroutine was not awaited');
    const b = m.match('@typescript-eslint/no-floating-promises: Require Promise-like statements to be handled');
    assert.equal(a.length, 1);
    assert.deepEqual(a, b);
    assert.deepEqual(m.match('CWE-89: Improper Neutralization'), m.match('use a parameterized query instead'));
    assert.notDeepEqual(a, m.match('use a parameterized query'));
  });

  it('tolerates a couple of words inside a phrase, but not far-apart words', () => {
    assert.equal(m.match('a promise that is floating').length, 0, 'order matters');
    assert.equal(m.match('result not properly awaited').length, 1);
    assert.equal(m.match('not a single thing here was ever awaited').length, 0);
  });

  it('the default thesaurus loads and links common synonyms', () => {
    const d = defaultConceptMatcher();
    const overlap = (x: string, y: string) => d.match(x).some((c) => d.match(y).includes(c));
    assert.ok(overlap('mutable default argument', 'dangerous default value'));
    assert.ok(overlap('bare except', 'catch all exceptions'));
    assert.ok(overlap('sql injection', 'CWE-89'));
    assert.ok(!overlap('sql injection', 'bare except'));
  });
});

describe('LexicalIndex', () => {
  function build(): LexicalIndex {
    const idx = new LexicalIndex();
    idx.add('await', { description: 'Await database calls inside async endpoints', errorType: 'RuntimeWarning', message: "coroutine 'fetch_user' was never awaited" });
    idx.add('default', { description: 'Do not use a list as a default parameter value', ruleId: 'B006', fix: 'Use None and create the list inside' });
    idx.add('sqli', { description: 'Build SQL with parameters, not f-strings', ruleId: 'python.lang.security.audit.formatted-sql-query', contexts: ['CWE-89'] });
    idx.add('except', { description: 'Catch specific exceptions', ruleId: 'E722', errorType: 'bare-except' });
    idx.add('keyerr', { description: 'Check the key exists before indexing the dict', errorType: 'KeyError', message: "KeyError: 'user_id'" });
    return idx;
  }

  it('ranks by exact tokens: error classes and rule ids', () => {
    const idx = build();
    assert.equal(idx.search('KeyError raised in handler', 3)[0].id, 'keyerr');
    assert.equal(idx.search('semgrep python.lang.security.audit.formatted-sql-query', 3)[0].id, 'sqli');
    assert.equal(idx.search('E722', 3)[0].id, 'except');
  });

  it('finds a pattern through a concept it never names', () => {
    const idx = build();
    assert.equal(idx.search('mutable default argument in function signature', 3)[0].id, 'default');
    assert.equal(idx.search('this promise is not awaited (floating promise)', 3)[0].id, 'await');
    assert.equal(idx.search('use a parameterized query', 3)[0].id, 'sqli');
    assert.equal(idx.search('catch all exceptions', 3)[0].id, 'except');
  });

  it('returns scores in descending order, at most k, and nothing for an unrelated query', () => {
    const idx = build();
    const hits = idx.search('default list parameter await database', 2);
    assert.equal(hits.length, 2);
    assert.ok(hits[0].score >= hits[1].score);
    assert.deepEqual(idx.search('zebra giraffe', 5), []);
    assert.deepEqual(idx.search('', 5), []);
  });

  it('applies the filter before cutting to k', () => {
    const idx = build();
    const hits = idx.search('await default sql except key', 2, (id) => id === 'keyerr' || id === 'sqli');
    assert.deepEqual(hits.map((h) => h.id).sort(), ['keyerr', 'sqli']);
  });

  it('removes and replaces documents incrementally', () => {
    const idx = build();
    idx.remove('keyerr');
    assert.equal(idx.size, 4);
    assert.ok(!idx.search('KeyError', 5).some((h) => h.id === 'keyerr'));
    idx.add('sqli', { description: 'Totally different now: KeyError on dict access' });
    assert.equal(idx.size, 4);
    assert.equal(idx.search('KeyError', 1)[0].id, 'sqli');
    assert.ok(!idx.search('formatted-sql-query', 5).some((h) => h.id === 'sqli'));
    idx.clear();
    assert.equal(idx.size, 0);
    assert.deepEqual(idx.search('KeyError', 5), []);
  });

  it('stays correct across tombstone compaction', () => {
    const idx = new LexicalIndex();
    for (let i = 0; i < 3000; i++) idx.add(`d${i}`, { description: `pattern number${i} about ${i % 2 ? 'promises' : 'imports'}` });
    for (let i = 0; i < 2500; i++) idx.remove(`d${i}`);
    assert.equal(idx.size, 500);
    const hits = idx.search('number2999 promises', 3);
    assert.equal(hits[0].id, 'd2999');
    assert.ok(hits.every((h) => Number(h.id.slice(1)) >= 2500));
  });

  it('stops early (MaxScore) without changing the top k: the same scores as a full pass', () => {
    // Skewed vocabulary: a few words in every document (near-zero idf), many in a few percent.
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = () => words[Math.floor(rand() ** 2 * words.length)];
    const idx = new LexicalIndex();
    for (let i = 0; i < 4000; i++) {
      idx.add(`d${i}`, { description: `common mistake ${pick()} ${pick()} ${pick()} ${pick()}`, errorType: `${pick()}Error`, message: `${pick()} ${pick()} ${i}` });
    }
    // A few removals leave tombstones in the posting lists.
    for (let i = 0; i < 4000; i += 97) idx.remove(`d${i}`);
    for (let q = 0; q < 60; q++) {
      const query = `common mistake ${pick()} ${pick()} ${pick()} ${pick()} ${pick()}`;
      for (const k of [1, 10, 40]) {
        const fast = idx.search(query, k);
        // A filter that keeps everything takes the exhaustive path.
        const full = idx.search(query, k, () => true);
        assert.deepEqual(
          fast.map((h) => h.score.toFixed(9)),
          full.map((h) => h.score.toFixed(9)),
          `query "${query}", k ${k}`,
        );
        assert.ok(fast.every((h) => Number(h.id.slice(1)) % 97 !== 0), 'no removed document');
      }
    }
  });
});
