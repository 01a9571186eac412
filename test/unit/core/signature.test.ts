import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fnv1a64 } from '../../../src/core/hash';
import { errorSignature, normalizeErrorType, normalizeLesson, normalizeMessage, normalizeTestName, signatureParts } from '../../../src/core/signature';
import type { Candidate } from '../../../src/core/types';
import { candidate as c } from './fixtures';

const test = (errorType: string, errorMessage: string, over: Partial<Candidate> = {}): Candidate =>
  c({ source: 'test', category: 'logic', errorType, errorMessage, ...over });
const diag = (ruleId: string, errorMessage: string, over: Partial<Candidate> = {}): Candidate =>
  c({ source: 'diagnostic', category: 'security', ruleId, errorMessage, ...over });
const chat = (fixDescription: string, over: Partial<Candidate> = {}): Candidate =>
  c({ source: 'chat', category: 'async', description: 'user correction', fixDescription, ...over });

// Each pair is the same mistake seen twice: the signatures must be equal.
const COLLIDE: Array<[string, Candidate, Candidate]> = [
  ['different line numbers', test('TypeError', "Cannot read properties of undefined (reading 'map') at app.ts:12:5"), test('TypeError', "Cannot read properties of undefined (reading 'map') at app.ts:48:17")],
  ['different absolute paths, same file', test('FileNotFoundError', "No such file: '/home/alice/p/data.csv'"), test('FileNotFoundError', "No such file: '/tmp/ci/build/data.csv'")],
  ['paths to basenames', test('ModuleNotFoundError', 'cannot import from /home/a/proj/src/utils/db.py'), test('ModuleNotFoundError', 'cannot import from C:\\work\\proj\\src\\utils\\db.py')],
  ['memory addresses', test('TypeError', "'NoneType' object at 0x7f3a2b1c9d80 is not callable"), test('TypeError', "'NoneType' object at 0x55d1e2f3a4b0 is not callable")],
  ['UUIDs', test('KeyError', 'order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 not found in cache'), test('KeyError', 'order 9b2d6a1c-0e7f-4c3b-8a5d-2f1e0d9c8b7a not found in cache')],
  ['timestamps', test('TimeoutError', 'request timed out at 2024-05-01T12:00:00Z after 30s'), test('TimeoutError', 'request timed out at 2025-11-02 08:15:42.123+02:00 after 60s')],
  ['numbers', test('ValueError', 'expected 3 columns, got 5'), test('ValueError', 'expected 12 columns, got 7')],
  ['hex ids', test('GitError', 'commit a3f9c2e1b7 not found upstream'), test('GitError', 'commit 0d4e5f6a7b8c9 not found upstream')],
  ['temp dirs', test('PermissionError', 'cannot write /tmp/tmpa8f3k2x/out.json (read-only)'), test('PermissionError', 'cannot write /tmp/tmpzz91qq0/out.json (read-only)')],
  ['quoted literal contents', test('NameError', "name 'foo' is not defined in module scope"), test('NameError', "name 'bar_baz' is not defined in module scope")],
  ['double-quoted contents', test('SyntaxError', 'unexpected token "}" in expression body'), test('SyntaxError', 'unexpected token ")" in expression body')],
  ['type prefix repeated in message', test('TypeError', 'TypeError: x.map is not a function at line 3'), test('TypeError', 'x.map is not a function at line 9')],
  ['qualified error type', test('builtins.RuntimeError', 'event loop is already running now'), test('RuntimeError', 'event loop is already running now')],
  ['ANSI colours and case', test('Error', '\u001b[31mConnection Refused by upstream\u001b[0m'), test('Error', 'connection refused by upstream')],
  ['stack trace lines after the message', test('TypeError', 'undefined is not iterable here\n    at f (/a/b.js:1:2)\n    at g (/a/c.js:3:4)'), test('TypeError', 'undefined is not iterable here\n    at h (/x/y.js:9:9)')],
  ['pytest E prefix', test('AssertionError', 'E   assert 3 == 4', { testId: 'tests/test_math.py::test_add' }), test('AssertionError', 'assert 10 == 11', { testId: 'tests/test_math.py::test_add' })],
  ['parametrized test ids', test('AssertionError', 'assert 0 == 1', { testId: 'tests/t.py::test_div[case-1]' }), test('AssertionError', 'assert 2 == 3', { testId: 'other/t.py::test_div[case-7]' })],
  ['diagnostic in two files', diag('python.lang.security.audit.formatted-sql-query', 'Detected possible SQL injection in f-string', { filePath: 'a.py', line: 3 }), diag('python.lang.security.audit.formatted-sql-query', 'Detected possible SQL injection in f-string', { filePath: 'b.py', line: 90 })],
  ['diagnostic with different identifiers quoted', diag('@typescript-eslint/no-floating-promises', "Promise returned by 'save' must be awaited"), diag('@typescript-eslint/no-floating-promises', "Promise returned by 'loadAll' must be awaited")],
  ['rule id case', diag('S2068', 'Hard-coded credential'), diag('s2068', 'Hard-coded credential')],
  ['same mistake, two models (model is not identity)', test('TypeError', "'coroutine' object is not subscriptable", { model: 'gpt-4o' }), test('TypeError', "'coroutine' object is not subscriptable", { model: 'claude-sonnet-4' })],
  ['same mistake, different projects and files', test('ImportError', 'circular import detected', { projectPath: '/p1', filePath: 'x.py' }), test('ImportError', 'circular import detected', { projectPath: '/p2', filePath: 'y.py' })],
  ['chat lesson, filler words and punctuation', chat('Always await the database call!'), chat('You should always await the database call.')],
  ['chat lesson, "don\'t forget to"', chat("Don't forget to use parameterized queries"), chat('use parameterized queries')],
  ['description only, numbers differ', c({ description: 'Loop runs 3 times too many' }), c({ description: 'loop runs 10 times too many' })],
  ['URL in message', test('HTTPError', '404 for url https://api.acme.io/v1/users/42'), test('HTTPError', '404 for url https://api.acme.io/v1/users/77')],
];

// Each pair is two different mistakes: the signatures must differ.
const DIFFER: Array<[string, Candidate, Candidate]> = [
  ['different error types', test('TypeError', 'x is not a function'), test('ReferenceError', 'x is not a function')],
  ['different message skeletons', test('TypeError', 'x is not a function'), test('TypeError', 'x is not iterable')],
  ['different categories', test('TypeError', 'x is not a function', { category: 'type' }), test('TypeError', 'x is not a function', { category: 'async' })],
  ['different rules, same message', diag('S2068', 'Hard-coded credential'), diag('S6437', 'Hard-coded credential')],
  ['same rule, different message skeleton', diag('eslint/no-unused-vars', 'variable is assigned but never used'), diag('eslint/no-unused-vars', 'variable is defined but never used')],
  ['rule vs no rule', diag('S1481', 'Remove unused local variable'), test('', 'Remove unused local variable', { category: 'security' })],
  ['assertion in two different tests', test('AssertionError', 'assert 3 == 4', { testId: 't.py::test_add' }), test('AssertionError', 'assert 3 == 4', { testId: 't.py::test_sub' })],
  ['jest expectation in two different tests', test('Error', 'expect(received).toBe(expected)', { testId: 'math > adds' }), test('Error', 'expect(received).toBe(expected)', { testId: 'math > subtracts' })],
  ['two chat lessons', chat('Use async def for endpoints'), chat('Use parameterized SQL queries')],
  ['chat lesson polarity', chat('Always close the file'), chat('Never close the file')],
  ['chat vs test with same text', chat('await the call'), test('', '', { description: 'await the call', category: 'async' })],
  ['different descriptions (no other identity)', c({ description: 'off-by-one in pagination' }), c({ description: 'wrong default timezone' })],
  ['different exception in same message', test('KeyError', "'id'"), test('IndexError', "'id'")],
  ['word order', test('ValueError', 'cannot convert string to float'), test('ValueError', 'cannot convert float to string')],
  ['missing vs extra argument', test('TypeError', 'f() missing 1 required positional argument'), test('TypeError', 'f() takes 1 positional argument but 2 were given')],
  ['sql injection vs xss rule', diag('javascript.express.security.audit.xss.direct-response-write', 'Detected user input in response'), diag('javascript.sequelize.security.audit.sequelize-injection-express', 'Detected user input in query')],
  ['different CWE-level rule id only', diag('bandit.B608', 'Possible SQL injection vector through string-based query construction.'), diag('bandit.B609', 'Possible SQL injection vector through string-based query construction.')],
  ['timeout vs logic category', test('TimeoutError', 'operation timed out', { category: 'timeout' }), test('TimeoutError', 'operation timed out', { category: 'logic' })],
  ['panic kinds', test('panic', 'runtime error: index out of range'), test('panic', 'runtime error: invalid memory address or nil pointer dereference')],
  ['rust borrow errors', diag('E0502', 'cannot borrow as mutable because it is also borrowed as immutable'), diag('E0499', 'cannot borrow as mutable more than once at a time')],
  ['same words different error class module', test('requests.exceptions.ConnectionError', 'connection refused'), test('requests.exceptions.ReadTimeout', 'connection refused')],
  ['informative message, no test id needed but types differ', test('ZeroDivisionError', 'division by zero in compute step'), test('OverflowError', 'division by zero in compute step')],
  ['description vs message-only', c({ description: 'await missing' }), c({ description: 'await missing', errorType: 'RuntimeWarning', errorMessage: 'coroutine was never awaited' })],
];

describe('core/signature', () => {
  it('has at least 20 collision and 20 distinction cases', () => {
    assert.ok(COLLIDE.length >= 20 && DIFFER.length >= 20);
  });

  describe('repeats collapse', () => {
    for (const [name, a, b] of COLLIDE) {
      it(name, () => assert.equal(errorSignature(a), errorSignature(b), JSON.stringify([signatureParts(a), signatureParts(b)])));
    }
  });

  describe('different mistakes stay apart', () => {
    for (const [name, a, b] of DIFFER) {
      it(name, () => assert.notEqual(errorSignature(a), errorSignature(b), JSON.stringify([signatureParts(a), signatureParts(b)])));
    }
  });

  it('is 16 hex characters and deterministic', () => {
    const s = errorSignature(test('TypeError', 'x'));
    assert.match(s, /^[0-9a-f]{16}$/);
    assert.equal(errorSignature(test('TypeError', 'x')), s);
  });

  it('never throws on garbage (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.option(fc.string()), (t, m, d, tid) => {
        const sig = errorSignature(c({ errorType: t, errorMessage: m, description: d, testId: tid ?? undefined, source: 'test' }));
        assert.match(sig, /^[0-9a-f]{16}$/);
      }),
      { numRuns: 500 },
    );
  });

  describe('normalizers', () => {
    it('normalizeMessage', () => {
      assert.equal(normalizeMessage("TypeError: Cannot read properties of undefined (reading 'map') at /home/a/src/app.ts:12:5", 'TypeError'), "cannot read properties of undefined (reading '') at app.ts");
      assert.equal(normalizeMessage("can't use 'await' outside async function (line 12)"), "can't use '' outside async function (line <n>)");
      assert.equal(normalizeMessage(undefined), '');
      assert.ok(normalizeMessage('x'.repeat(10_000)).length <= 300);
    });
    it('normalizeErrorType', () => {
      assert.equal(normalizeErrorType('sqlalchemy.exc.IntegrityError'), 'integrityerror');
      assert.equal(normalizeErrorType('  TypeError  '), 'typeerror');
      assert.equal(normalizeErrorType(undefined), '');
    });
    it('normalizeLesson', () => {
      assert.equal(normalizeLesson('Please, ALWAYS use `await`!'), 'always use await');
      assert.equal(normalizeLesson("Don't use eval"), 'never use eval');
    });
    it('normalizeTestName', () => {
      assert.equal(normalizeTestName('tests/test_api.py::TestUsers::test_create[param-3]'), 'testusers::test_create');
      assert.equal(normalizeTestName('src/math.test.ts'), 'math.test.ts');
    });
  });

  it('hash matches FNV-1a 64 reference vectors', () => {
    assert.equal(fnv1a64(''), 'cbf29ce484222325');
    assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  });

  it('hash handles non-ASCII like a UTF-8 FNV-1a (checked against BigInt reference)', () => {
    const ref = (s: string): string => {
      let h = 0xcbf29ce484222325n;
      for (const b of Buffer.from(s, 'utf8')) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => assert.equal(fnv1a64(s), ref(s))), { numRuns: 300 });
  });
});
