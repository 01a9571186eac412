/**
 * The record pipeline, written once: sanitize every text field → error signature → one store
 * operation (upsert the pattern, insert the occurrence) → recurrence bookkeeping → pattern
 * evolution. Used by `record` (captures), `importData` (exchange) and the adoption of a teammate's
 * pattern found in a shared index; the facade then indexes the result (lexical and vectors).
 */
import { evolve } from '../core/evolution';
import { sanitizeCandidateAsync, type SecretDetector } from '../core/sanitizer';
import { errorSignature } from '../core/signature';
import { type Candidate, channelContext, type ModelId, type Occurrence, type Pattern, UNATTRIBUTED_MODEL } from '../core/types';
import type { MetadataStore, RecordOp } from '../store/types';

export interface IngestDeps {
  readonly store: MetadataStore;
  readonly secretDetector: SecretDetector;
  readonly now: () => number;
  /** An injected pattern that recurs within this window counts against the injection. */
  readonly effectivenessWindowMs: number;
}

export interface IngestInput {
  readonly candidate: Candidate;
  /** Kept from an export or a shared index; computed from the sanitized candidate otherwise. */
  readonly signature?: string;
  /** Defaults to the candidate's model, else unattributed. */
  readonly model?: ModelId;
  /** Defaults to the candidate's timestamp, else now. */
  readonly timestamp?: number;
  /** Lookup contexts; derived from the candidate (test id, rule id, file name, channel) when absent. */
  readonly contexts?: readonly string[];
  /** Counts carried over from an export or a teammate (merged, not added to). */
  readonly counts?: RecordOp['counts'];
  /** A capture (not an import): a recurrence after an injection marks that injection as not helping. */
  readonly capture?: boolean;
  /** Apply pattern evolution (severity and always-inject rules) after the write. Default true. */
  readonly evolve?: boolean;
}

export interface Ingested {
  readonly pattern: Pattern;
  readonly occurrence: Occurrence;
  readonly created: boolean;
}

export async function ingest(deps: IngestDeps, input: IngestInput): Promise<Ingested> {
  const clean = await sanitizeCandidateAsync(input.candidate, { detector: deps.secretDetector });
  const timestamp = input.timestamp ?? clean.timestamp ?? deps.now();
  const contexts = input.contexts ?? [clean.testId, clean.ruleId, baseName(clean.filePath), channelContext(clean.channel)].filter((c): c is string => !!c);
  const result = await deps.store.record({
    signature: input.signature ?? errorSignature(clean),
    candidate: clean,
    model: input.model ?? (clean.model?.trim() || UNATTRIBUTED_MODEL),
    timestamp,
    contexts: [...contexts],
    counts: input.counts,
  });
  let pattern = result.pattern;
  if (input.capture && !result.created) {
    // A recurrence after an injection means the injection did not prevent it.
    await deps.store.markRecurred(pattern.id, timestamp - deps.effectivenessWindowMs);
  }
  if (input.evolve !== false) {
    // A capture evolves at its own time (a replayed capture keeps its history); an import at today's.
    const patch = evolve(pattern, input.capture ? timestamp : deps.now());
    if (patch && Object.keys(patch).length) pattern = (await deps.store.updatePattern(pattern.id, patch)) ?? pattern;
  }
  return { pattern, occurrence: result.occurrence, created: result.created };
}

function baseName(p: string | undefined): string | undefined {
  if (!p) return undefined;
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || undefined;
}
