/**
 * Optional second opinion (setting `mistakes.chat.confirmWithModel`, off by default): when the local
 * detector puts a chat message in its uncertain band, ask the chat's own language model whether it is
 * a correction and how to phrase the lesson. The caller checks that tracking is on before calling.
 * Any failure (no model, no permission, error, timeout, an unparseable reply) keeps the local verdict:
 * the capture stays pending in the review queue.
 */
import * as vscode from 'vscode';
import { opinionPrompt, parseOpinion } from '../../capture/chatCorrection';
import type { Candidate } from '../../core/types';
import type { Logger } from '../../core/ports';

export const OPINION_TIMEOUT_MS = 10_000;
const MAX_REPLY_CHARS = 4000;

export type OpinionOutcome =
  /** The model confirmed it: record as a normal (accepted) correction with its lesson. */
  | { readonly kind: 'confirmed'; readonly candidate: Candidate }
  /** The model says it is not a correction: record nothing. */
  | { readonly kind: 'rejected' }
  /** No usable opinion: keep the pending candidate (review queue). */
  | { readonly kind: 'unavailable'; readonly reason: string };

async function ask(model: vscode.LanguageModelChat, prompt: string, token: vscode.CancellationToken): Promise<string> {
  const response = await model.sendRequest(
    [vscode.LanguageModelChatMessage.User(prompt)],
    { justification: 'Mistake Memory asks whether your message corrects the previous answer (setting mistakes.chat.confirmWithModel).' },
    token,
  );
  let text = '';
  for await (const part of response.text) {
    text += part;
    if (text.length > MAX_REPLY_CHARS) break;
  }
  return text;
}

export async function secondOpinion(
  model: vscode.LanguageModelChat | undefined,
  message: string,
  previousAnswer: string,
  pending: Candidate,
  logger: Logger,
  timeoutMs = OPINION_TIMEOUT_MS,
): Promise<OpinionOutcome> {
  if (!model) return { kind: 'unavailable', reason: 'no language model' };
  const cts = new vscode.CancellationTokenSource();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cts.cancel();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const reply = await Promise.race([ask(model, opinionPrompt(message, previousAnswer), cts.token), timeout]);
    const opinion = parseOpinion(reply);
    if (!opinion) return { kind: 'unavailable', reason: 'the model did not answer with the requested JSON' };
    if (!opinion.isCorrection) return { kind: 'rejected' };
    const lesson = opinion.lesson ?? pending.description;
    const { reviewPending: _pending, ...rest } = pending;
    return { kind: 'confirmed', candidate: { ...rest, description: lesson, fixDescription: lesson } };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    logger.warn(`chat: second opinion unavailable (${reason}); the capture waits for review`);
    return { kind: 'unavailable', reason };
  } finally {
    if (timer) clearTimeout(timer);
    cts.dispose();
  }
}
