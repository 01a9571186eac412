/**
 * The dashboard's review queue: low-confidence captures (chat messages in the detector's uncertain
 * band) wait here, excluded from injection, until the person accepts (optionally with an edited
 * lesson) or discards them. No VS Code import: the controller calls these with its engine.
 */
import type { MistakeMemory } from '../../engine/engineApi';
import type { RequestParams, RequestResult, ReviewItem } from '../../shared/protocol';
import { MAX_REVIEW_LESSON_CHARS } from '../../shared/protocol';

const MAX_MESSAGE = 600;
/** A queue longer than this is counted no further (the view shows "10000+"). */
const MAX_COUNTED = 10_000;

export function reviewQueue(engine: MistakeMemory, limit: number): RequestResult<'listReview'> {
  const all = engine.listPatterns({ pendingReview: true, orderBy: 'lastSeen', descending: true, limit: MAX_COUNTED });
  const rows: ReviewItem[] = all.slice(0, Math.max(1, Math.min(200, Math.trunc(limit)))).map((p) => ({
    id: p.id,
    lesson: p.fixDescription || p.description,
    ...(p.errorMessage ? { message: p.errorMessage.length > MAX_MESSAGE ? `${p.errorMessage.slice(0, MAX_MESSAGE - 1)}…` : p.errorMessage } : {}),
    category: p.category,
    model: p.modelName,
    lastSeen: p.lastSeen,
    frequency: p.frequency,
  }));
  return { rows, total: all.length };
}

/** Accept or discard one pending capture; `done: false` when it is gone or was already reviewed. */
export async function applyReview(engine: MistakeMemory, params: RequestParams<'reviewPattern'>): Promise<RequestResult<'reviewPattern'>> {
  const p = engine.getPattern(params.id);
  if (!p?.pendingReview) return { done: false };
  if (params.action === 'discard') {
    await engine.deletePattern(p.id);
    return { done: true };
  }
  const lesson = params.lesson?.replace(/\s+/g, ' ').trim().slice(0, MAX_REVIEW_LESSON_CHARS);
  const updated = await engine.updatePattern(p.id, { pendingReview: false, ...(lesson ? { description: lesson, fixDescription: lesson } : {}) });
  return { done: updated !== undefined };
}
