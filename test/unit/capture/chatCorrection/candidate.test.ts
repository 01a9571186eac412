import { strict as assert } from 'node:assert';
import { categorize, correctionToCandidate, detectCorrection } from '../../../../src/capture/chatCorrection';

describe('correctionToCandidate', () => {
  it('maps a correction to a chat candidate with the lesson as description and fix', () => {
    const text = 'use parameterized queries instead of f-strings in the SQL';
    const r = detectCorrection(text, 'cursor.execute(f"SELECT * FROM users WHERE id = {uid}")');
    const c = correctionToCandidate(r, { text, model: 'gpt-4o', projectPath: '/p' });
    assert.equal(c.source, 'chat');
    assert.equal(c.severity, 'major');
    assert.equal(c.category, 'security');
    assert.equal(c.description, 'Use parameterized queries instead of f-strings in the SQL');
    assert.equal(c.fixDescription, c.description);
    assert.equal(c.errorMessage, text);
    assert.equal(c.model, 'gpt-4o');
    assert.equal(c.projectPath, '/p');
    assert.equal(c.errorType, 'chat-correction:reject-approach');
  });

  it('truncates the user text kept as the error message', () => {
    const text = `you forgot to await the fetch call. ${'details '.repeat(500)}`;
    const c = correctionToCandidate(detectCorrection(text), { text });
    assert.ok(c.errorMessage && c.errorMessage.length <= 500);
    assert.equal(c.category, 'async');
    assert.equal(c.model, undefined);
  });

  it('still yields a usable description for a result without lesson', () => {
    const c = correctionToCandidate({ isCorrection: false, confidence: 0.1, lesson: null }, { text: 'thanks' });
    assert.ok(c.description.length > 0);
  });

  const cats: Array<[string, string]> = [
    ['never build SQL with string concatenation, use prepared statements', 'security'],
    ['you forgot to await the promise', 'async'],
    ["Module not found: Can't resolve 'lodash'", 'import'],
    ["TypeError: Cannot read properties of undefined (reading 'x')", 'type'],
    ['SyntaxError: Unexpected token }', 'syntax'],
    ['the test still hangs and times out', 'timeout'],
    ['the assertion in the unit test fails', 'test'],
    ['eslint complains about no-unused-vars', 'lint'],
    ['that markdown is malformatted', 'style'],
    ['the total is off by one', 'logic'],
  ];
  for (const [text, cat] of cats) {
    it(`categorizes ${JSON.stringify(text)} as ${cat}`, () => assert.equal(categorize(text), cat));
  }
});
