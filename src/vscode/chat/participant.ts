import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { injectFor, newRequestId } from '../../engine/inject';
import type { MistakeMemory } from '../../engine/engineApi';
import type { AttributionService } from '../capture/attribution';
import type { CaptureSink } from '../../host/capture/captureSink';
import { chatCapture, correctionCandidate } from '../../capture/entry';
import { secondOpinion } from './secondOpinion';
import type { MistakeSettings } from '../config';
import { isCancellation } from '../errors';
import { patternUri } from './patternDocuments';

export const PARTICIPANT_ID = 'mistakes.participant';
const MAX_HISTORY_TURNS = 12;

/** What each answer remembers in its ChatResult, read back from history and feedback. */
export interface AnswerMetadata {
  readonly requestId: string;
  readonly model?: string;
  readonly injected: readonly number[];
  readonly command?: string;
}

export interface ParticipantDeps {
  readonly engine: () => Promise<MistakeMemory>;
  readonly sink: CaptureSink;
  readonly attribution: AttributionService;
  readonly settings: () => MistakeSettings;
  readonly logger: Logger;
  readonly extensionUri: vscode.Uri;
}

/** The model name patterns are recorded and retrieved under. */
export function modelName(model: vscode.LanguageModelChat): string {
  return model.id || model.family || model.name;
}

function metadataOf(result: vscode.ChatResult | undefined): AnswerMetadata | undefined {
  const m = result?.metadata as Partial<AnswerMetadata> | undefined;
  return m && typeof m.requestId === 'string' ? { requestId: m.requestId, model: m.model, injected: Array.isArray(m.injected) ? m.injected : [], command: m.command } : undefined;
}

function responseText(turn: vscode.ChatResponseTurn): string {
  return turn.response
    .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
    .join('')
    .slice(0, 50_000);
}

export function registerParticipant(deps: ParticipantDeps): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => handle(deps, request, context, stream, token));
  participant.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
  participant.followupProvider = {
    provideFollowups(result) {
      const m = metadataOf(result);
      const out: vscode.ChatFollowup[] = [];
      if (m?.injected.length) out.push({ prompt: 'Why were these lessons used?', command: 'why', label: 'Why these lessons?' });
      if (!m?.command) out.push({ prompt: '', command: 'patterns', label: 'Show the learned patterns' });
      return out;
    },
  };
  const feedback = participant.onDidReceiveFeedback((f) => {
    const m = metadataOf(f.result);
    if (!m?.injected.length) return;
    void deps
      .engine()
      .then((e) => e.noteFeedback(m.requestId, f.kind === vscode.ChatResultFeedbackKind.Helpful))
      .catch((e: unknown) => deps.logger.error(`chat feedback: ${String(e)}`));
  });
  return vscode.Disposable.from(participant, feedback);
}

async function handle(
  deps: ParticipantDeps,
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const requestId = newRequestId('participant');
  const model = modelName(request.model);
  try {
    switch (request.command) {
      case 'patterns':
        return await listPatterns(deps, request, stream, requestId);
      case 'stats':
        return await showStats(deps, stream, requestId);
      case 'why':
        return await explain(deps, request, context, stream, requestId);
      case 'record':
        return await recordFromPrompt(deps, request, context, stream, requestId);
      default:
        return await answer(deps, request, context, stream, token, requestId, model);
    }
  } catch (e) {
    if (isCancellation(e) || token.isCancellationRequested) return { metadata: { requestId, model, injected: [] } };
    if (e instanceof vscode.LanguageModelError) {
      const why =
        e.code === vscode.LanguageModelError.NoPermissions.name
          ? 'Mistake Memory is not allowed to use this model. Allow it when VS Code asks, or pick another model.'
          : e.code === vscode.LanguageModelError.Blocked.name
            ? 'The model refused the request or its quota is used up. Try again later or pick another model.'
            : e.code === vscode.LanguageModelError.NotFound.name
              ? 'The selected model is not available. Pick another model in the chat model picker.'
              : `The model reported an error: ${e.message}`;
      deps.logger.warn(`chat: ${e.code}: ${e.message}`);
      stream.markdown(why);
      return { errorDetails: { message: why }, metadata: { requestId, model, injected: [] } };
    }
    const message = e instanceof Error ? e.message : String(e);
    deps.logger.error(`chat request failed: ${message}`);
    return { errorDetails: { message: `Mistake Memory could not answer: ${message}` }, metadata: { requestId, model, injected: [] } };
  }
}

/** The last `@mistakes` answer in this conversation and what it recorded about itself. */
function previousAnswer(context: vscode.ChatContext): { text: string; meta?: AnswerMetadata } | undefined {
  for (let i = context.history.length - 1; i >= 0; i--) {
    const turn = context.history[i];
    if (turn instanceof vscode.ChatResponseTurn && turn.participant === PARTICIPANT_ID) return { text: responseText(turn), meta: metadataOf(turn.result) };
  }
  return undefined;
}

async function learnFromCorrection(deps: ParticipantDeps, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream): Promise<boolean> {
  const prev = previousAnswer(context);
  if (!prev || !deps.sink.enabled) return false;
  // The correction is about the previous answer, so it belongs to the model that wrote that answer.
  const answeredBy = prev.meta?.model ?? modelName(request.model);
  const confirmWithModel = deps.settings().chatConfirmWithModel;
  const capture = chatCapture(request.prompt, prev.text, { model: answeredBy, projectPath: vscode.workspace.workspaceFolders?.[0]?.uri.toString() }, { secondOpinion: confirmWithModel });
  if (!capture) return false;
  let candidate = capture.candidate;
  // Uncertain: optionally ask the chat's model (tracking is on: checked above), else wait for review.
  if (candidate.reviewPending && confirmWithModel) {
    const opinion = await secondOpinion(request.model, request.prompt, prev.text, candidate, deps.logger);
    if (opinion.kind === 'rejected') return false;
    if (opinion.kind === 'confirmed') candidate = opinion.candidate;
    // Below the review band, only a confirmation records anything.
    else if (capture.confirmOnly) return false;
  }
  const outcome = await deps.sink.record(candidate, 'chat', { attributed: true });
  if (outcome?.stored) {
    const verb = outcome.pattern.pendingReview ? 'Queued a possible correction for review' : 'Noted a correction';
    stream.progress(`${verb} for ${answeredBy}: ${outcome.pattern.description.slice(0, 120)}`);
    return true;
  }
  return false;
}

async function answer(
  deps: ParticipantDeps,
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
  requestId: string,
  model: string,
): Promise<vscode.ChatResult> {
  const engine = await deps.engine();
  // Learning from a correction may wait on a second opinion from the model: it runs beside the answer
  // (the message itself already tells the model what to fix) and is awaited before the turn ends.
  const learning = learnFromCorrection(deps, request, context, stream).catch((e: unknown) => {
    deps.logger.warn(`chat: could not learn from the message: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  });
  try {
    const s = deps.settings();
    // Retrieval, the block and the note of what was injected: one use-case shared by every entrance.
    const injection = await injectFor(engine, request.prompt, {
      channel: 'participant',
      requestId,
      model,
      k: s.retrievalK,
      minSimilarity: s.retrievalMinSimilarity,
      categories: s.categories,
      maxPatterns: s.injectionMaxPatterns,
      maxChars: s.injectionMaxChars,
    });
    const used = injection.patterns;
    if (injection.noteError) deps.logger.warn(`Could not note the injection: ${injection.noteError}`);
    if (used.length) {
      stream.progress(`Applying ${used.length} lesson${used.length === 1 ? '' : 's'} learned from earlier mistakes`);
      for (const sp of used) stream.reference(patternUri(sp.pattern));
    }

    const messages: vscode.LanguageModelChatMessage[] = [];
    if (injection.text) messages.push(vscode.LanguageModelChatMessage.User(injection.text));
    // The last turns are enough context and keep the request within the model's window.
    for (const turn of context.history.slice(-MAX_HISTORY_TURNS)) {
      if (turn instanceof vscode.ChatRequestTurn && turn.participant === PARTICIPANT_ID && !turn.command) messages.push(vscode.LanguageModelChatMessage.User(turn.prompt));
      else if (turn instanceof vscode.ChatResponseTurn && turn.participant === PARTICIPANT_ID && !metadataOf(turn.result)?.command) {
        const t = responseText(turn);
        if (t) messages.push(vscode.LanguageModelChatMessage.Assistant(t));
      }
    }
    messages.push(vscode.LanguageModelChatMessage.User(request.prompt));

    const response = await request.model.sendRequest(messages, { justification: 'Mistake Memory adds lessons from earlier mistakes to your question.' }, token);
    let text = '';
    for await (const fragment of response.text) {
      if (token.isCancellationRequested) break;
      text += fragment;
      stream.markdown(fragment);
    }
    deps.attribution.noteAnswer(model, text);
    return { metadata: { requestId, model, injected: used.map((sp) => sp.pattern.id) } satisfies AnswerMetadata };
  } finally {
    await learning;
  }
}

async function listPatterns(deps: ParticipantDeps, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, requestId: string): Promise<vscode.ChatResult> {
  const engine = await deps.engine();
  const patterns = request.prompt.trim()
    ? (await engine.retrieve(request.prompt, { k: 20, model: modelName(request.model) })).patterns.map((sp) => sp.pattern)
    : engine.listPatterns({ orderBy: 'frequency', descending: true, limit: 20 });
  if (!patterns.length) {
    stream.markdown('No mistakes learned yet. They are captured from failing tests, scanner findings in the Problems panel, and corrections in `@mistakes` chats.');
  } else {
    stream.markdown(`| # | Mistake | Category | Model | Seen |\n|---|---|---|---|---|\n`);
    for (const p of patterns) {
      stream.markdown(`| ${p.id} | ${escapeCell(p.description)} | ${p.category} | ${escapeCell(p.modelName)} | ${p.frequency} |\n`);
    }
    for (const p of patterns.slice(0, 10)) stream.reference(patternUri(p));
  }
  return { metadata: { requestId, injected: [], command: 'patterns' } satisfies AnswerMetadata };
}

async function showStats(deps: ParticipantDeps, stream: vscode.ChatResponseStream, requestId: string): Promise<vscode.ChatResult> {
  const st = await (await deps.engine()).stats();
  const byModel = Object.entries(st.byModel)
    .sort((a, b) => b[1].occurrences - a[1].occurrences)
    .slice(0, 10)
    .map(([m, v]) => `- ${m}: ${v.patterns} pattern(s), ${v.occurrences} occurrence(s)`);
  const byCat = Object.entries(st.byCategory)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  stream.markdown(
    [
      `**${st.patterns}** pattern(s), **${st.occurrences}** occurrence(s), ${st.injections} injection(s). Retrieval: ${st.retrievalMode}. Tracking: ${st.trackingEnabled ? 'on' : 'off'}.`,
      '',
      byCat ? `By category: ${byCat}` : '',
      '',
      ...byModel,
    ].join('\n'),
  );
  return { metadata: { requestId, injected: [], command: 'stats' } satisfies AnswerMetadata };
}

async function explain(deps: ParticipantDeps, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, requestId: string): Promise<vscode.ChatResult> {
  const engine = await deps.engine();
  let prompt = request.prompt.trim();
  if (!prompt || prompt === 'Why were these lessons used?') {
    for (let i = context.history.length - 1; i >= 0 && !prompt; i--) {
      const t = context.history[i];
      if (t instanceof vscode.ChatRequestTurn && t.participant === PARTICIPANT_ID && !t.command) prompt = t.prompt;
    }
  }
  if (!prompt) {
    stream.markdown('Ask `/why <question>` to see which learned mistakes would be injected for it, and why.');
    return { metadata: { requestId, injected: [], command: 'why' } };
  }
  const s = deps.settings();
  const r = await engine.retrieve(prompt, { model: modelName(request.model), k: s.retrievalK, minSimilarity: s.retrievalMinSimilarity, categories: s.categories });
  if (!r.patterns.length) {
    stream.markdown(`Nothing learned matches "${escapeCell(prompt.slice(0, 100))}" (retrieval: ${r.mode}).`);
  } else {
    stream.markdown(`For "${escapeCell(prompt.slice(0, 100))}" (retrieval: ${r.mode}):\n\n`);
    for (const sp of r.patterns) {
      const parts = [`score ${sp.score.toFixed(2)}`];
      if (sp.similarity !== undefined) parts.push(`similarity ${sp.similarity.toFixed(2)}`);
      if (sp.lexical !== undefined) parts.push(`keywords ${sp.lexical.toFixed(2)}`);
      parts.push(`seen ${sp.pattern.frequency}×`, sp.pattern.modelName, sp.pattern.severity);
      if (sp.pattern.alwaysInject) parts.push('always injected');
      stream.markdown(`- **${escapeCell(sp.pattern.description)}** (${parts.join(', ')})\n`);
      stream.reference(patternUri(sp.pattern));
    }
  }
  return { metadata: { requestId, injected: [], command: 'why' } satisfies AnswerMetadata };
}

async function recordFromPrompt(deps: ParticipantDeps, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, requestId: string): Promise<vscode.ChatResult> {
  const text = request.prompt.trim();
  if (!text) {
    stream.markdown('Describe the mistake after `/record`, for example: `/record used == to compare strings in Java; use equals()`.');
    return { metadata: { requestId, injected: [], command: 'record' } };
  }
  const prev = previousAnswer(context);
  const model = prev?.meta?.model ?? modelName(request.model);
  const detected = prev ? correctionCandidate(text, prev.text, { model }) : undefined;
  // An explicit /record is the user's own verdict: never queued for review.
  const fromCorrection = detected ? { ...detected, reviewPending: undefined } : undefined;
  const outcome = await deps.sink.record(
    fromCorrection ?? { description: text.split('\n')[0]?.slice(0, 300) ?? text, category: 'logic', severity: 'minor', source: 'manual', fixDescription: text.length > 300 ? text : undefined, model },
    'command',
    { attributed: true },
  );
  if (outcome?.stored) {
    stream.markdown(`Recorded pattern #${outcome.pattern.id} for ${outcome.pattern.modelName}: ${escapeCell(outcome.pattern.description)} (seen ${outcome.pattern.frequency}×).`);
    stream.reference(patternUri(outcome.pattern));
  } else {
    stream.markdown(`Not recorded: ${outcome && !outcome.stored ? outcome.reason : 'skipped by settings'}.`);
  }
  return { metadata: { requestId, injected: [], command: 'record' } satisfies AnswerMetadata };
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
