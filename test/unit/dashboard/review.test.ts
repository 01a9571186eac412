/** The dashboard's review queue over a real engine (sql.js store), and the validation of its requests. */
import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { applyReview, reviewQueue } from '../../../src/host/dashboard/review';
import { candidate, openTestEngine, type TestEngine } from '../engine/helpers';

const pending = (description: string) =>
  candidate({ description, fixDescription: description, category: 'logic', source: 'chat', errorType: 'chat-correction:wrong', errorMessage: `user said: ${description}`, reviewPending: true });

describe('dashboard review queue', function () {
  this.timeout(30_000);
  let t: TestEngine;
  beforeEach(async () => {
    t = await openTestEngine();
  });
  afterEach(async () => t.dispose());

  it('lists pending captures only, newest first, with the user message', async () => {
    await t.engine.record(candidate({ description: 'An accepted lesson' }));
    await t.engine.record(pending('Use pathlib instead of os.path'));
    t.clock.advance(1000);
    await t.engine.record(pending('Use httpx instead of requests'));
    const q = reviewQueue(t.engine, 50);
    assert.equal(q.total, 2);
    assert.deepEqual(q.rows.map((r) => r.lesson), ['Use httpx instead of requests', 'Use pathlib instead of os.path']);
    assert.equal(q.rows[0]?.message, 'user said: Use httpx instead of requests');
    assert.equal(reviewQueue(t.engine, 1).rows.length, 1);
  });

  it('accepts with an edited lesson, discards, and refuses what is not pending', async () => {
    const a = await t.engine.record(pending('Use pathlib instead of os.path'));
    const b = await t.engine.record(pending('Use httpx instead of requests'));
    const ok = await t.engine.record(candidate({ description: 'An accepted lesson' }));
    assert.ok(a.stored && b.stored && ok.stored);
    assert.deepEqual(await applyReview(t.engine, { id: a.pattern.id, action: 'accept', lesson: '  Use pathlib.Path   for file paths ' }), { done: true });
    const accepted = t.engine.getPattern(a.pattern.id);
    assert.equal(accepted?.pendingReview, undefined);
    assert.equal(accepted?.description, 'Use pathlib.Path for file paths');
    assert.deepEqual(await applyReview(t.engine, { id: b.pattern.id, action: 'discard' }), { done: true });
    assert.equal(t.engine.getPattern(b.pattern.id), undefined);
    assert.deepEqual(await applyReview(t.engine, { id: ok.pattern.id, action: 'discard' }), { done: false }, 'an accepted pattern is not discarded from the queue');
    assert.ok(t.engine.getPattern(ok.pattern.id));
    assert.deepEqual(await applyReview(t.engine, { id: 999_999, action: 'accept' }), { done: false });
    assert.equal(reviewQueue(t.engine, 50).total, 0);
  });

  it('validates the review requests from the webview', () => {
    const req = (method: string, params: unknown) => parseWebviewMessage({ type: 'request', requestId: 1, method, params });
    assert.ok(req('listReview', { limit: 50 }));
    assert.ok(req('reviewPattern', { id: 3, action: 'accept', lesson: 'Use X' }));
    assert.ok(req('reviewPattern', { id: 3, action: 'discard' }));
    for (const bad of [{ limit: 0 }, { limit: 1000 }, { limit: 'x' }, {}]) assert.equal(req('listReview', bad), undefined, JSON.stringify(bad));
    for (const bad of [{ id: 3, action: 'delete' }, { id: 'x', action: 'accept' }, { id: 3, action: 'accept', lesson: '   ' }, { id: 3, action: 'accept', lesson: 'x'.repeat(501) }, { id: 3, action: 'accept', lesson: 5 }]) {
      assert.equal(req('reviewPattern', bad), undefined, JSON.stringify(bad));
    }
  });
});
