/**
 * The review queue and the optional second opinion, in the real workbench: a message the detector is
 * unsure about is stored pending and never injected until accepted; with mistakes.chat.confirmWithModel
 * on, the chat's model (the registered test model) is asked and its verdict and lesson are used; an
 * unusable answer or a model error leaves the capture pending; with tracking off nothing is sent.
 */
import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, sleep, testLm, waitFor } from './helpers';

/** src/capture/chatCorrection/secondOpinion.ts (this bundle cannot import src/). */
const OPINION_MARKER = 'MISTAKE-MEMORY-SECOND-OPINION';
/** src/core/injection.ts */
const INJECTION_HEADER = 'CRITICAL: Avoid these common mistakes:';

/**
 * Corrections in spirit, short enough for the shipped detector to be unsure after the test model's
 * answer (scores in its uncertain band: checked offline with detectCorrection, and here by the pattern
 * being pending).
 */
const UNCERTAIN = [
  'Use httpx instead of requests',
  'Use dataclasses instead of dicts for the user',
  'Use fetchall instead of fetchone',
  'Should the name not be a parameter?',
  'Use a placeholder for the name instead',
];

/**
 * Scored just below the uncertain band but above the second-opinion cut (askLow) after the test
 * model's answer: never recorded with the setting off, asked about with it on.
 */
const BELOW_BAND = ['fetchone only gives the first user', 'This is open to SQL injection'];

async function ask(query: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.chat.open', { query, isPartialQuery: false, modelSelector: { vendor: 'mistakes-test' } });
}

const opinionRequests = (lm: { received: Array<{ messages: Array<{ text: string }> }> }, from: number): number =>
  lm.received.slice(from).filter((r) => r.messages.some((m) => m.text.startsWith(OPINION_MARKER))).length;

/** The lessons block the participant puts first in a request ('' when none). */
function injectedBlock(r: { messages: Array<{ text: string }> }): string {
  const first = r.messages[0]?.text ?? '';
  return first.includes(INJECTION_HEADER) ? first : '';
}

const setting = (key: string, value: boolean | undefined): Thenable<void> => vscode.workspace.getConfiguration('mistakes').update(key, value, vscode.ConfigurationTarget.Global);

describe('review queue and second opinion', () => {
  const uncertain = UNCERTAIN;

  before(async () => {
    const lm = await testLm();
    patternsBefore = new Set((await (await api()).engine()).listPatterns({ includeArchived: true, limit: 10_000 }).map((p) => p.id));
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    const before = lm.received.length;
    await ask('@mistakes Write a Python function that reads a config file next to the script');
    await waitFor('the first answer', () => lm.received[before], 30_000);
  });

  let patternsBefore = new Set<number>();

  after(async () => {
    // Leave the store as the later suites expect it: remove what this suite recorded.
    const engine = await (await api()).engine();
    for (const p of engine.listPatterns({ includeArchived: true, limit: 10_000 })) if (!patternsBefore.has(p.id)) await engine.deletePattern(p.id);
    const lm = await testLm();
    lm.opinion.reply = '{"correction": false}';
    lm.opinion.fail = false;
    await setting('chat.confirmWithModel', undefined);
    await vscode.commands.executeCommand('mistakes.toggleTracking', { enabled: true });
  });

  it('queues an uncertain correction for review, without asking the model, and injects it only once accepted', async () => {
    const lm = await testLm();
    const engine = await (await api()).engine();
    const text = uncertain[0]!;
    const before = lm.received.length;
    await ask(`@mistakes ${text}`);
    const p = await waitFor('a pending pattern', () => engine.listPatterns({ pendingReview: true }).find((x) => x.errorMessage === text), 30_000);
    assert.equal(p.pendingReview, true);
    await waitFor('the answer to the correction', () => lm.received[before], 30_000);
    assert.equal(opinionRequests(lm, before), 0, 'the setting is off: no second opinion');
    // Asked about the same thing, the model does not get the pending lesson in its injected block...
    const question = `write a helper that uses ${text.split(' ')[1]!} for this: ${text.split(' ').slice(1).join(' ')}`;
    const n1 = lm.received.length;
    await ask(`@mistakes ${question}`);
    const r1 = await waitFor('a request after the capture', () => lm.received[n1], 30_000);
    assert.ok(!injectedBlock(r1).includes(p.description), 'a pending lesson is not injected');
    // ...until it is accepted (what the dashboard's Accept does).
    await engine.updatePattern(p.id, { pendingReview: false });
    const n2 = lm.received.length;
    await ask(`@mistakes ${question}`);
    const r2 = await waitFor('a request after accepting', () => lm.received[n2], 30_000);
    assert.ok(injectedBlock(r2).includes(p.description), 'the accepted lesson is injected');
  });

  it("with confirmWithModel on, asks the chat's model and records its confirmed lesson", async () => {
    const lm = await testLm();
    const engine = await (await api()).engine();
    await setting('chat.confirmWithModel', true);
    const lesson = 'Model-phrased lesson: prefer the library the user named over the one you picked';
    lm.opinion.reply = '```json\n' + JSON.stringify({ correction: true, lesson }) + '\n```';
    const before = lm.received.length;
    await ask(`@mistakes ${uncertain[1]!}`);
    const p = await waitFor('the confirmed pattern', () => engine.listPatterns({ sources: ['chat'] }).find((x) => x.description === lesson), 30_000);
    assert.equal(p.pendingReview, undefined, 'a confirmed capture goes straight in');
    assert.equal(opinionRequests(lm, before), 1);
    const asked = lm.received.slice(before).find((r) => r.messages.some((m) => m.text.startsWith(OPINION_MARKER)))!;
    assert.ok(asked.messages.some((m) => m.text.includes(uncertain[1]!)), 'the message was sent for the opinion');
  });

  it('with confirmWithModel on, asks about a message just below the band too: records it if confirmed, nothing otherwise', async () => {
    const lm = await testLm();
    const engine = await (await api()).engine();
    await setting('chat.confirmWithModel', true);
    const lesson = 'Model-phrased lesson: fetch every matching row, not only the first';
    lm.opinion.reply = JSON.stringify({ correction: true, lesson });
    const before = lm.received.length;
    await ask(`@mistakes ${BELOW_BAND[0]!}`);
    const p = await waitFor('the confirmed pattern from below the band', () => engine.listPatterns({ sources: ['chat'] }).find((x) => x.description === lesson), 30_000);
    assert.equal(p.pendingReview, undefined);
    assert.equal(opinionRequests(lm, before), 1);
    // Rejected, or no usable answer: nothing is recorded, not even for review.
    for (const [reply, fail] of [['{"correction": false}', false], ['', true]] as const) {
      lm.opinion.reply = reply;
      lm.opinion.fail = fail;
      const n = lm.received.length;
      const patterns = engine.countPatterns({ includeArchived: true });
      await ask(`@mistakes ${BELOW_BAND[1]!}${fail ? ' really' : ''}`);
      await waitFor('the second opinion request', () => opinionRequests(lm, n) === 1, 30_000);
      await waitFor('the answer', () => lm.received.slice(n).some((r) => !r.messages.some((m) => m.text.startsWith(OPINION_MARKER))), 30_000);
      await sleep(1000);
      assert.equal(engine.countPatterns({ includeArchived: true }), patterns, `nothing recorded (${fail ? 'model error' : 'rejected'})`);
      assert.ok(!engine.listPatterns({ pendingReview: true }).some((x) => x.errorMessage?.startsWith(BELOW_BAND[1]!)), 'not queued for review');
    }
    lm.opinion.fail = false;
  });

  it('with confirmWithModel off, a message just below the band is neither asked about nor recorded', async () => {
    const lm = await testLm();
    const engine = await (await api()).engine();
    await setting('chat.confirmWithModel', false);
    const n = lm.received.length;
    const patterns = engine.countPatterns({ includeArchived: true });
    await ask(`@mistakes ${BELOW_BAND[1]!}, as you can see`);
    await waitFor('the answer', () => lm.received[n], 30_000);
    await sleep(1000);
    assert.equal(opinionRequests(lm, n), 0);
    assert.equal(engine.countPatterns({ includeArchived: true }), patterns);
    await setting('chat.confirmWithModel', true);
  });

  it('keeps the capture pending when the model errors or does not answer with the JSON', async () => {
    const lm = await testLm();
    const engine = await (await api()).engine();
    lm.opinion.fail = true;
    await ask(`@mistakes ${uncertain[2]!}`);
    await waitFor('a pending pattern after a model error', () => engine.listPatterns({ pendingReview: true }).find((x) => x.errorMessage === uncertain[2]), 30_000);
    lm.opinion.fail = false;
    lm.opinion.reply = 'I think so, yes.';
    await ask(`@mistakes ${uncertain[3]!}`);
    await waitFor('a pending pattern after an unusable answer', () => engine.listPatterns({ pendingReview: true }).find((x) => x.errorMessage === uncertain[3]), 30_000);
  });

  it('sends nothing for a second opinion while tracking is off', async () => {
    const lm = await testLm();
    const engine = await (await api()).engine();
    await vscode.commands.executeCommand('mistakes.toggleTracking', { enabled: false });
    await waitFor('the engine to see tracking off', () => !engine.trackingEnabled);
    const patterns = engine.countPatterns({ includeArchived: true });
    const before = lm.received.length;
    await ask(`@mistakes ${uncertain[0]!} please, as I said`);
    await waitFor('the answer while tracking is off', () => lm.received[before], 30_000);
    await sleep(1000);
    assert.equal(opinionRequests(lm, before), 0);
    assert.equal(engine.countPatterns({ includeArchived: true }), patterns);
  });
});
