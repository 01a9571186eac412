import * as vscode from 'vscode';
import { strict as assert } from './assert';
import { api, testLm, waitFor } from './helpers';

export const SQL_LESSON = 'Use parameterized SQL queries instead of formatting user input into SQL strings';

async function ask(query: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.chat.open', { query, isPartialQuery: false, modelSelector: { vendor: 'mistakes-test' } });
}

describe('@mistakes chat participant', () => {
  before(async () => {
    await testLm();
    await waitFor('the test model to be selectable', async () => (await vscode.lm.selectChatModels({ vendor: 'mistakes-test' }))[0], 30_000);
    await vscode.commands.executeCommand('mistakes.recordMistake', { description: SQL_LESSON, category: 'security', severity: 'critical', model: 'test-model-1' });
  });

  it('injects the relevant learned patterns into what the model receives', async () => {
    const lm = await testLm();
    const before = lm.received.length;
    const engine = await (await api()).engine();
    const noted = (await engine.stats()).injections;
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await ask('@mistakes Write a Python function that runs a SQL query to find a user by name');
    const req = await waitFor('the test model to receive the request', () => lm.received[before], 30_000);
    assert.equal(req.model, lm.model.id);
    const all = req.messages.map((m) => m.text).join('\n---\n');
    assert.match(all, /parameterized SQL queries/);
    assert.match(req.messages[req.messages.length - 1]?.text ?? '', /find a user by name/);
    // The injected block comes before the user's question.
    assert.ok(all.indexOf('parameterized SQL queries') < all.indexOf('find a user by name'));
    // Noted for effectiveness, under the model that answers.
    assert.ok((await engine.stats()).injections > noted, 'the participant noted its injection');
    assert.ok(engine.effectiveness().some((r) => r.model === lm.model.id && r.injections > 0));
  });

  it("records a correction in the next turn under the answering model's name", async () => {
    const lm = await testLm();
    const engine = await (await api()).engine();
    const before = lm.received.length;
    await ask("@mistakes No, that's wrong: never build SQL with f-strings. Use placeholders like ? and pass the values separately.");
    const p = await waitFor('a pattern from the chat correction', () => engine.listPatterns({ sources: ['chat'] }).find((x) => x.modelName === lm.model.id), 30_000);
    assert.equal(p.source, 'chat');
    // The second turn was answered too, with the first turn in its history.
    const req = await waitFor('the second request', () => lm.received[before], 30_000);
    assert.ok(req.messages.some((m) => /find a user by name/.test(m.text)), 'history was forwarded');
  });
});
