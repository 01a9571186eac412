import { strict as assert } from 'node:assert';
import { detectCorrection, MAX_LESSON_CHARS } from '../../../../src/capture/chatCorrection';
import { SHIPPED_MODEL, type LinearModel } from '../../../../src/capture/chatCorrection/model';
import { CORRECTIONS, NON_CORRECTIONS } from './examples';

function assertLessonShape(lesson: string | null, text: string): void {
  assert.ok(lesson, `no lesson for ${JSON.stringify(text)}`);
  assert.ok(lesson.length > 0 && lesson.length <= MAX_LESSON_CHARS, `lesson length ${lesson.length}: ${lesson}`);
  assert.match(lesson, /^[A-Z]/, `lesson should start with a capital (imperative): ${lesson}`);
  assert.doesNotMatch(lesson, /\?$/, `a lesson is not a question: ${lesson}`);
  assert.doesNotMatch(lesson, /\n/, 'a lesson is one line');
  // Imperative: starts with a verb or a negated verb, never with a pronoun reporting what happened.
  assert.doesNotMatch(lesson, /^(?:I|You|We|It|This|That|The)\b/, `not imperative: ${lesson}`);
}

describe('detectCorrection', () => {
  describe('hand-written corrections of every kind', () => {
    for (const ex of CORRECTIONS) {
      it(`${ex.kind}: ${JSON.stringify(ex.text.slice(0, 60))}`, () => {
        const r = detectCorrection(ex.text, ex.previous);
        // Detected, or at least in the uncertain band (captured for review); either way with a lesson.
        if (r.isCorrection || r.uncertain) assertLessonShape(r.lesson, ex.text);
        if (r.isCorrection) assert.ok(r.confidence >= SHIPPED_MODEL.threshold && r.confidence <= 1);
      });
    }
    it('detects nearly all of them, and sends the rest of most to review', () => {
      const rs = CORRECTIONS.map((ex) => detectCorrection(ex.text, ex.previous));
      const detected = rs.filter((r) => r.isCorrection).length;
      const captured = rs.filter((r) => r.isCorrection || r.uncertain).length;
      assert.ok(detected / rs.length >= 0.85, `${detected}/${rs.length} detected`);
      assert.ok(captured / rs.length >= 0.9, `${captured}/${rs.length} detected or uncertain`);
    });
    it('names the right kind for most of them', () => {
      const right = CORRECTIONS.filter((ex) => detectCorrection(ex.text).kind === ex.kind).length;
      assert.ok(right / CORRECTIONS.length >= 0.8, `${right}/${CORRECTIONS.length} kinds right`);
    });
  });

  describe('hand-written non-corrections of every kind', () => {
    for (const ex of NON_CORRECTIONS) {
      it(JSON.stringify(ex.text.slice(0, 70)), () => {
        const r = detectCorrection(ex.text, ex.previous);
        assert.equal(r.isCorrection, false, `confidence ${r.confidence}`);
        assert.ok(r.confidence >= 0 && r.confidence < SHIPPED_MODEL.threshold);
        if (!r.uncertain && !r.askable) {
          assert.equal(r.lesson, null);
          assert.equal(r.kind, undefined);
        }
      });
    }
    it('sends few of them to the review queue', () => {
      const queued = NON_CORRECTIONS.filter((ex) => detectCorrection(ex.text, ex.previous).uncertain).length;
      assert.ok(queued / NON_CORRECTIONS.length <= 0.1, `${queued}/${NON_CORRECTIONS.length} in the uncertain band`);
    });
  });

  describe('lessons', () => {
    const cases: Array<[string, RegExp]> = [
      ["don't use moment.js, use date-fns", /^Use date-fns instead of moment\.js$/],
      ["Don't use requests here, use httpx instead.", /^Use httpx instead of requests here$/],
      ['instead of string formatting, use parameterized queries in the SQL', /^Use parameterized queries in the SQL instead of string formatting$/],
      ['use `#!/bin/sh` instead of PowerShell', /^Use `#!\/bin\/sh` instead of PowerShell$/],
      ['no, use pnpm not npm', /^Use pnpm instead of npm$/],
      ['you forgot to close the file handle', /^Remember to close the file handle$/],
      ["you didn't register the route", /^Make sure to register the route$/],
      ['please do not create backup files', /^Don't create backup files$/],
      ['you changed the parser, not the lexer', /^Change the lexer, not the parser$/],
      ['you edited the config in the root folder, not the package folder', /^Edit the config in the package folder, not the root folder$/],
      ['why did you rename the exported function?', /^Don't rename the exported function$/],
      ['I never asked for a CLI wrapper', /^Don't add a CLI wrapper unless asked$/],
      ['please revert the changes to package.json', /package\.json/],
      ['please revert', /^Revert /],
    ];
    // The lesson writer is tested apart from the score: every message here is a correction, whatever
    // the threshold of the day (the uncertain ones would get this lesson in the review queue).
    const lenient: LinearModel = { ...SHIPPED_MODEL, threshold: 0.2, band: { low: 0.2, high: 0.2 } };
    for (const [text, re] of cases) {
      it(`rewrites ${JSON.stringify(text)}`, () => {
        const r = detectCorrection(text, undefined, { model: lenient });
        assert.equal(r.isCorrection, true, `confidence ${r.confidence}`);
        assert.match(r.lesson ?? '', re);
      });
    }

    it('quotes the first error line of a pasted error', () => {
      const text = 'after your change:\n\nTraceback (most recent call last):\n  File "main.py", line 3, in <module>\n    import yaml\nModuleNotFoundError: No module named \'yaml\'';
      const r = detectCorrection(text);
      assert.equal(r.kind, 'error-report');
      assert.equal(r.lesson, "Check that the code runs without: ModuleNotFoundError: No module named 'yaml'");
    });

    it('keeps lessons within 200 characters even for huge messages', () => {
      const r = detectCorrection(`you forgot to ${'update the handler and '.repeat(200)}`);
      assert.ok(r.lesson && r.lesson.length <= MAX_LESSON_CHARS);
      assert.match(r.lesson, /^Remember to update the handler/);
    });

    it('speaks of the user in the third person', () => {
      const r = detectCorrection("don't make me run the migration by hand");
      assert.equal(r.lesson, "Don't make the user run the migration by hand");
    });
  });

  describe('context', () => {
    it('returns a short excerpt of the previous assistant turn', () => {
      const previous = `Here is the change:\n\n\`\`\`python\n${'x = 1\n'.repeat(100)}\`\`\`\n\nThis uses f-strings to build the SQL query.`;
      const r = detectCorrection('use parameterized queries instead of f-strings', previous);
      assert.ok(r.isCorrection || r.uncertain, `confidence ${r.confidence}`);
      assert.ok(r.context && r.context.length <= 200);
      assert.match(r.context, /f-strings to build the SQL query\.$/);
    });
    it('has no context without a previous turn', () => {
      assert.equal(detectCorrection('that is wrong').context, undefined);
    });
    it('is not confused by quoted assistant text', () => {
      const r = detectCorrection('you said "this does not work on Windows and will fail with an error" — is this true?');
      assert.equal(r.isCorrection, false);
    });
  });
});

describe('second-opinion range (askable)', () => {
  // A model that scores every message sigmoid(bias), to put a message anywhere on the score scale.
  const at = (bias: number): LinearModel => ({ ...SHIPPED_MODEL, terms: undefined, weights: SHIPPED_MODEL.weights.map(() => 0), bias, threshold: 0.6, band: { low: 0.5, high: 0.9 }, askLow: 0.2 });
  const logit = (p: number): number => Math.log(p / (1 - p));
  it('is askable with a lesson below the band, down to askLow, and not a correction nor uncertain there', () => {
    const r = detectCorrection('it still breaks when I click save', undefined, { model: at(logit(0.3)) });
    assert.equal(r.isCorrection, false);
    assert.equal(r.uncertain, undefined);
    assert.equal(r.askable, true);
    assert.ok(r.lesson);
  });
  it('is askable and uncertain inside the band, neither below askLow, not askable above the band', () => {
    const inBand = detectCorrection('it still breaks', undefined, { model: at(logit(0.55)) });
    assert.equal(inBand.uncertain, true);
    assert.equal(inBand.askable, true);
    const below = detectCorrection('it still breaks', undefined, { model: at(logit(0.1)) });
    assert.equal(below.askable, undefined);
    assert.equal(below.lesson, null);
    const above = detectCorrection('it still breaks', undefined, { model: at(logit(0.95)) });
    assert.equal(above.isCorrection, true);
    assert.equal(above.askable, undefined);
  });
  it('ships a cut at or below the band', () => {
    assert.ok(SHIPPED_MODEL.askLow !== undefined && SHIPPED_MODEL.askLow <= (SHIPPED_MODEL.band?.low ?? SHIPPED_MODEL.threshold));
  });
});
