/**
 * Adapters from what VS Code gives us to the platform-neutral capture parsers (src/capture). Kept in
 * one file so the rest of the extension does not depend on the parsers' exact shapes.
 */
import { classifyDiagnostic, diagnosticToCandidate } from '../../capture/diagnostics';
import { parseTestOutput, toCandidate } from '../../capture/testOutput';
import { correctionToCandidate, detectCorrection } from '../../capture/chatCorrection';
import type { Candidate } from '../../core/types';

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

export function testOutputCandidates(text: string, who: Attributed): { format: string; items: TestFailureCandidate[] } {
  try {
    const parsed = parseTestOutput(text);
    const items: TestFailureCandidate[] = [];
    for (const f of parsed.failures.slice(0, 500)) {
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

export function correctionCandidate(prompt: string, previousAnswer: string, who: Attributed): Candidate | undefined {
  try {
    const detection = detectCorrection(prompt, previousAnswer);
    // Uncertain-band messages become candidates too: they go to the review queue (reviewPending).
    if (!detection || (!detection.isCorrection && !detection.uncertain)) return undefined;
    return correctionToCandidate(detection, { model: who.model, projectPath: who.projectPath, text: prompt, previous: previousAnswer }) ?? undefined;
  } catch {
    return undefined;
  }
}
