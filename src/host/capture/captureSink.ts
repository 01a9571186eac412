import { skipReason } from '../../capture/entry';
import type { Logger } from '../../core/ports';
import { type Candidate, UNATTRIBUTED_MODEL } from '../../core/types';
import type { MistakeMemory, RecordOutcome } from '../../engine/engineApi';
import type { MistakeSettings } from '../settingsSchema';

export type CaptureOrigin = 'diagnostics' | 'junit' | 'terminal' | 'task' | 'testRun' | 'testObserver' | 'chat' | 'tool' | 'command';

/**
 * The one way automatic capture reaches the engine: applies the opt-out and the per-category and
 * attribution settings before anything is loaded, so a disabled extension never opens the store.
 */
export class CaptureSink {
  private readonly counts = new Map<CaptureOrigin, number>();

  constructor(
    private readonly engine: () => Promise<MistakeMemory>,
    private readonly settings: () => MistakeSettings,
    private readonly logger: Logger,
  ) {}

  /** Whether automatic capture should run at all (checked before doing any work). */
  get enabled(): boolean {
    return this.settings().trackingEnabled;
  }

  async record(candidate: Candidate, origin: CaptureOrigin, options: { readonly attributed?: boolean } = {}): Promise<RecordOutcome | undefined> {
    const s = this.settings();
    // The engine's own rule, applied early with the settings so a disabled capture never opens the store.
    const skip = skipReason(candidate, { trackingEnabled: s.trackingEnabled, enabledCategories: s.categories });
    if (skip) return { stored: false, reason: skip };
    const model = candidate.model && candidate.model !== UNATTRIBUTED_MODEL ? candidate.model : undefined;
    if (!model && !options.attributed && s.unattributed === 'skip' && origin !== 'command' && origin !== 'tool') {
      this.logger.debug(`skipped unattributed ${origin} candidate: ${candidate.description.slice(0, 80)}`);
      return undefined;
    }
    const engine = await this.engine();
    const outcome = await engine.record({ ...candidate, model: model ?? UNATTRIBUTED_MODEL });
    if (outcome.stored) {
      this.counts.set(origin, (this.counts.get(origin) ?? 0) + 1);
      this.logger.info(`${origin}: ${outcome.created ? 'new' : 'repeat'} pattern #${outcome.pattern.id} (${outcome.pattern.category}, ${outcome.pattern.modelName}): ${outcome.pattern.description.slice(0, 100)}`);
    } else {
      this.logger.debug(`${origin}: not stored (${outcome.reason})`);
    }
    return outcome;
  }

  /** Candidates recorded per origin in this session (status bar tooltip). */
  snapshot(): ReadonlyMap<CaptureOrigin, number> {
    return this.counts;
  }
}
