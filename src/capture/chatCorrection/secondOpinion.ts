/**
 * The optional second opinion on an uncertain chat correction: the prompt sent to the chat's language
 * model and the parser of its reply. Platform-neutral; src/vscode/chat/secondOpinion.ts does the call.
 * Every reply is untrusted: anything that is not the requested JSON is "no opinion", never a verdict.
 */
import { clip } from './lesson';

/** Marks the request so logs (and the test model) can tell it from a normal chat request. */
export const OPINION_MARKER = 'MISTAKE-MEMORY-SECOND-OPINION';
const MAX_MESSAGE = 2000;
const MAX_PREVIOUS = 1500;

export interface SecondOpinion {
  readonly isCorrection: boolean;
  /** The model's phrasing of the lesson (imperative, ≤ 200 chars), for corrections. */
  readonly lesson?: string;
}

export function opinionPrompt(message: string, previousAnswer: string): string {
  const msg = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) + ' …' : message;
  const prev = previousAnswer.length > MAX_PREVIOUS ? '… ' + previousAnswer.slice(-MAX_PREVIOUS) : previousAnswer;
  return [
    `${OPINION_MARKER}`,
    'You judge whether a user message to a coding assistant is a CORRECTION of the assistant\'s previous answer (shown below).',
    'It is a correction when the message does any of these:',
    '- says the answer or code is wrong, did not work, had no effect, or did the opposite;',
    '- reports an error, a failing build or test, or pastes output that shows a failure, from running what the assistant just wrote or changed;',
    '- says something that was asked for was left out;',
    '- rejects an approach or tool the assistant chose and asks for another, or asks to revert its change;',
    '- says the assistant broke an instruction: edited the wrong file, changed what it was told to leave alone, acted without approval, or added things nobody asked for.',
    'It is NOT a correction when it is: a new request or next step (also one that only adds new requirements); thanks, "continue",',
    '"commit"; a question asking for an explanation or a check without saying anything is wrong; extra information or sample data;',
    'the user changing their own mind about something they had chosen themselves; a new problem the user presents as separate from',
    'the assistant\'s last change.',
    'If it is a correction, write the lesson: one short imperative sentence telling the assistant what to do differently next time,',
    'naming the concrete library, file or convention when the message gives one.',
    'Reply with JSON only, no prose: {"correction": true, "lesson": "..."} or {"correction": false}',
    '',
    '<previous_assistant_answer_tail>',
    prev,
    '</previous_assistant_answer_tail>',
    '<user_message>',
    msg,
    '</user_message>',
  ].join('\n');
}

/** The first JSON object in the reply with a boolean `correction`; undefined for anything else. */
export function parseOpinion(reply: unknown): SecondOpinion | undefined {
  if (typeof reply !== 'string') return undefined;
  const text = reply.slice(0, 20_000);
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  // Try each closing brace from the first candidate object outwards (replies may wrap it in a fence).
  for (let end = text.indexOf('}', start); end >= 0; end = text.indexOf('}', end + 1)) {
    let v: unknown;
    try {
      v = JSON.parse(text.slice(start, end + 1));
    } catch {
      continue;
    }
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as { correction?: unknown; lesson?: unknown };
    if (typeof o.correction !== 'boolean') return undefined;
    if (!o.correction) return { isCorrection: false };
    const lesson = typeof o.lesson === 'string' ? clip(o.lesson.replace(/\s+/g, ' ').trim()) : '';
    return lesson ? { isCorrection: true, lesson } : { isCorrection: true };
  }
  return undefined;
}
