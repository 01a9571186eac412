import { strict as assert } from 'node:assert';
import { MAX_LESSON_CHARS, OPINION_MARKER, opinionPrompt, parseOpinion } from '../../../../src/capture/chatCorrection';

describe('second opinion (prompt and reply parser)', () => {
  it('builds a bounded prompt with the marker, the message and the tail of the previous answer', () => {
    const p = opinionPrompt('x'.repeat(10_000), `${'a'.repeat(5000)}END-OF-ANSWER`);
    assert.ok(p.startsWith(OPINION_MARKER));
    assert.ok(p.includes('END-OF-ANSWER'), 'the tail of the answer is kept');
    // The rules (about 1.5k characters) + at most 2k of the message + 1.5k of the answer.
    assert.ok(p.length < 6000, `prompt length ${p.length}`);
  });

  it('reads a plain, a fenced and a chatty JSON verdict', () => {
    assert.deepEqual(parseOpinion('{"correction": false}'), { isCorrection: false });
    assert.deepEqual(parseOpinion('```json\n{"correction": true, "lesson": "Use httpx instead of requests"}\n```'), { isCorrection: true, lesson: 'Use httpx instead of requests' });
    assert.deepEqual(parseOpinion('Sure! {"correction": true} hope this helps'), { isCorrection: true });
  });

  it('gives no opinion for anything else, and bounds the lesson', () => {
    for (const bad of [undefined, 42, '', 'yes it is a correction', '{"correction": "yes"}', '{not json}', '[true]', '{"lesson": "x"}']) {
      assert.equal(parseOpinion(bad), undefined, JSON.stringify(bad));
    }
    const long = parseOpinion(JSON.stringify({ correction: true, lesson: 'Use the existing logger '.repeat(50) }));
    assert.ok(long?.lesson && long.lesson.length <= MAX_LESSON_CHARS);
  });
});

describe('second opinion prompt (the labeling rules)', () => {
  it('tells the model what counts and what does not, and asks for JSON only', () => {
    const p = opinionPrompt('use httpx instead', 'import requests');
    for (const cue of [/error, a failing build or test/, /left out/, /revert/, /wrong file/, /new request or next step/, /changing their own mind/, /separate from/, /JSON only/]) {
      assert.match(p, cue);
    }
    assert.ok(p.indexOf('<user_message>') > p.indexOf('<previous_assistant_answer_tail>'), 'the answer comes before the message');
  });
});
