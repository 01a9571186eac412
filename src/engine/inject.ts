/**
 * Retrieval + injection as one use-case: every entrance (the `@mistakes` participant, the LM tool,
 * the MCP server, the agent hooks, `mistakes inject`) asks here for the block to put before a
 * request, and the injection is noted here (effectiveness: a pattern that recurs after it was
 * injected did not help), with one set of defaults.
 */
import { type ModelId, type Pattern, type RetrievalMode, type ScoredPattern, UNATTRIBUTED_MODEL } from '../core/types';
import type { Category } from '../core/types';
import type { MistakeMemory } from './engineApi';

/** The defaults every entrance uses unless the person set otherwise (the VS Code settings' defaults). */
export const INJECTION_DEFAULTS = {
  /** Patterns retrieved for a request (`mistakes.retrieval.k`). */
  k: 8,
  /** Dense similarity gate (`mistakes.retrieval.minSimilarity`). */
  minSimilarity: 0.7,
  /** Patterns in the block (`mistakes.injection.maxPatterns`). */
  maxPatterns: 8,
  /** Characters of the block, header included (`mistakes.injection.maxChars`). */
  maxChars: 4000,
} as const;

/** Where an injection came from: part of its request id, so the dashboard can tell entrances apart. */
export type InjectionChannel = 'participant' | 'tool' | 'mcp' | 'hook' | 'cli';

let counter = 0;

/** A request id unique within this process and, with the time and a random part, across processes. */
export function newRequestId(channel: InjectionChannel | string, detail?: string): string {
  counter = (counter + 1) % 1_679_616;
  const parts = [channel, detail, Date.now().toString(36), counter.toString(36), Math.random().toString(36).slice(2, 8)];
  return parts.filter((p) => !!p).join('-');
}

export interface InjectOptions {
  readonly channel: InjectionChannel;
  /** The model that will answer: its patterns weigh more; noted with the injection. */
  readonly model?: ModelId;
  /** Given when the caller already made one (the participant returns it in its result metadata). */
  readonly requestId?: string;
  readonly k?: number;
  readonly minSimilarity?: number;
  readonly categories?: readonly Category[];
  readonly maxPatterns?: number;
  readonly maxChars?: number;
  /** Write the note to disk at once (short-lived processes: the CLI, hooks, the MCP server). */
  readonly flush?: boolean;
  /** Look but do not note (previews such as `/why`). */
  readonly dryRun?: boolean;
}

export interface InjectionOutcome {
  /** The block to put before the request; empty when nothing fits or nothing matched. */
  readonly text: string;
  /** The patterns in the block, in its order (with scores when they came from retrieval). */
  readonly patterns: readonly ScoredPattern[];
  /** Their ids, in the same order. */
  readonly included: readonly number[];
  readonly mode: RetrievalMode;
  readonly requestId: string;
  /** Why the injection could not be noted (the block is still worth giving). */
  readonly noteError?: string;
}

function asScored(p: Pattern | ScoredPattern): ScoredPattern {
  return 'pattern' in p ? p : { pattern: p, score: 0 };
}

/**
 * Builds the block from patterns the caller chose (the hooks rank by workspace and file, not by a
 * request) and notes the injection.
 */
export async function injectPatterns(
  memory: MistakeMemory,
  chosen: readonly (Pattern | ScoredPattern)[],
  opts: InjectOptions,
  mode: RetrievalMode = memory.retrievalMode,
): Promise<InjectionOutcome> {
  const requestId = opts.requestId ?? newRequestId(opts.channel);
  const injection = memory.buildInjection(chosen, {
    maxPatterns: opts.maxPatterns ?? INJECTION_DEFAULTS.maxPatterns,
    maxChars: opts.maxChars ?? INJECTION_DEFAULTS.maxChars,
  });
  const byId = new Map(chosen.map((p) => [asScored(p).pattern.id, asScored(p)]));
  const patterns = injection.included.map((id) => byId.get(id)).filter((p): p is ScoredPattern => !!p);
  let noteError: string | undefined;
  if (injection.included.length && !opts.dryRun) {
    try {
      await memory.noteInjection(requestId, injection.included, opts.model || UNATTRIBUTED_MODEL);
      if (opts.flush) await memory.flush();
    } catch (e) {
      noteError = (e as Error).message;
    }
  }
  return { text: injection.text, patterns, included: injection.included, mode, requestId, noteError };
}

/** Retrieves the patterns relevant to a request, builds the block within the budget and notes it. */
export async function injectFor(memory: MistakeMemory, request: string, opts: InjectOptions): Promise<InjectionOutcome> {
  const k = opts.k ?? INJECTION_DEFAULTS.k;
  if (!request.trim()) {
    return { text: '', patterns: [], included: [], mode: memory.retrievalMode, requestId: opts.requestId ?? newRequestId(opts.channel) };
  }
  const { patterns, mode } = await memory.retrieve(request, {
    model: opts.model && opts.model !== UNATTRIBUTED_MODEL ? opts.model : undefined,
    k,
    minSimilarity: opts.minSimilarity ?? INJECTION_DEFAULTS.minSimilarity,
    categories: opts.categories,
  });
  return injectPatterns(memory, patterns, opts, mode);
}
