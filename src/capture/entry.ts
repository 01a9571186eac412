/**
 * The one capture entry: what every source (the VS Code watchers, the participant, the agent hooks,
 * the CLI) calls to turn raw text into candidates, so they cannot drift apart. Each function is
 * total: malformed or hostile input gives nothing, never an exception. Whether a candidate is then
 * stored (tracking, categories) is decided in one place too: `skipReason` below, which the engine
 * applies to every record and the faces may apply early to avoid opening the store.
 */
import { classifyDiagnostic, diagnosticToCandidate } from './diagnostics';
import { parseTestOutput, toCandidate } from './testOutput';
import { correctionToCandidate, detectCorrection } from './chatCorrection';
import type { Candidate, Category } from '../core/types';

export { isTestCommand } from './testCommand';

/** Why a candidate is not stored. */
export type SkipReason = 'tracking-off' | 'category-off' | 'empty';

export interface CapturePolicy {
  readonly trackingEnabled: boolean;
  readonly enabledCategories: readonly Category[];
}

/** The storing rule, for every source: nothing while tracking is off, nothing of a category turned off, nothing empty. */
export function skipReason(candidate: Pick<Candidate, 'category' | 'description'>, policy: CapturePolicy): SkipReason | undefined {
  if (!policy.trackingEnabled) return 'tracking-off';
  if (!policy.enabledCategories.includes(candidate.category)) return 'category-off';
  if (!candidate.description?.trim()) return 'empty';
  return undefined;
}

export interface DiagnosticFacts {
  readonly source: string;
  readonly code?: string;
  readonly codeHref?: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly filePath?: string;
  /** 1-based. */
  readonly line?: number;
  readonly snippet?: string;
  readonly language?: string;
}

export interface Attributed {
  readonly model?: string;
  readonly projectPath?: string;
}

export function diagnosticCandidate(facts: DiagnosticFacts, who: Attributed): Candidate | undefined {
  try {
    const input = {
      source: facts.source,
      code: facts.code === undefined ? undefined : facts.codeHref ? { value: facts.code, target: facts.codeHref } : facts.code,
      message: facts.message,
      severity: facts.severity,
      file: facts.filePath,
      line: facts.line,
      snippet: facts.snippet,
      language: facts.language,
    };
    const classification = classifyDiagnostic(input);
    if (!classification) return undefined;
    return diagnosticToCandidate(input, classification, { model: who.model, projectPath: who.projectPath }) ?? undefined;
  } catch {
    return undefined;
  }
}

export interface TestFailureCandidate {
  readonly candidate: Candidate;
  readonly filePath?: string;
  readonly line?: number;
}

/**
 * The failures in a test run's output, as candidates: at most `max` (a broken build can fail
 * thousands of tests), aggregate parents left out.
 */
export function testOutputCandidates(text: string, who: Attributed, opts: { readonly max?: number } = {}): { format: string; items: TestFailureCandidate[] } {
  const max = opts.max ?? 500;
  try {
    const parsed = parseTestOutput(text);
    const items: TestFailureCandidate[] = [];
    for (const f of parsed.failures) {
      if (items.length >= max) break;
      // A parent that failed only because a subtest failed would count the same mistake twice.
      if (f.aggregate) continue;
      const candidate = toCandidate(f, { model: who.model, projectPath: who.projectPath });
      items.push({ candidate, filePath: f.file ?? candidate.filePath, line: f.line ?? candidate.line });
    }
    return { format: String(parsed.format), items };
  } catch {
    return { format: 'unknown', items: [] };
  }
}

/** A chat message that corrects the previous answer, with the detector's confidence either way. */
export function detectCorrectionCandidate(prompt: string, previousAnswer: string | undefined, who: Attributed): { candidate?: Candidate; confidence: number } {
  try {
    const detection = detectCorrection(prompt, previousAnswer);
    // Uncertain-band messages become candidates too: they go to the review queue (reviewPending).
    if (!detection || (!detection.isCorrection && !detection.uncertain)) return { confidence: detection?.confidence ?? 0 };
    const candidate = correctionToCandidate(detection, { model: who.model, projectPath: who.projectPath, text: prompt, previous: previousAnswer });
    return { candidate, confidence: detection.confidence };
  } catch {
    return { confidence: 0 };
  }
}

export function correctionCandidate(prompt: string, previousAnswer: string, who: Attributed): Candidate | undefined {
  return chatCapture(prompt, previousAnswer, who, { secondOpinion: false })?.candidate;
}

/** A chat capture to record, possibly only once a second opinion confirms it. */
export interface ChatCapture {
  readonly candidate: Candidate;
  /**
   * The detector would not capture it at all (it scores below the review band) but a second opinion
   * is worth asking: record it only if the model confirms it, never into the review queue.
   */
  readonly confirmOnly?: boolean;
}

/**
 * What a chat message gives to record. With `secondOpinion` (a language model may be asked), messages
 * scoring just below the review band come too, pending and `confirmOnly`: most missed corrections
 * score there, and the model is the one to tell them from the rest.
 */
export function chatCapture(prompt: string, previousAnswer: string, who: Attributed, opts: { readonly secondOpinion: boolean }): ChatCapture | undefined {
  try {
    const detection = detectCorrection(prompt, previousAnswer);
    const captured = detection.isCorrection || detection.uncertain === true;
    if (!captured && !(opts.secondOpinion && detection.askable)) return undefined;
    const candidate = correctionToCandidate(captured ? detection : { ...detection, uncertain: true }, { model: who.model, projectPath: who.projectPath, text: prompt, previous: previousAnswer });
    return captured ? { candidate } : { candidate, confirmOnly: true };
  } catch {
    return undefined;
  }
}
