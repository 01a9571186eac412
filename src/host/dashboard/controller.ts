import type { Logger } from '../../core/ports';
import type { Disposable, EngineEvent, MistakeMemory } from '../../engine/engineApi';
import { clampLimit, clampOffset, pageOf, STORE_ORDER, toPatternQuery, toRow } from '../../shared/dashboardModel';
import { applyReview, reviewQueue } from './review';
import {
  type CaptureState,
  type ChangeReason,
  DETAIL_OCCURRENCES,
  type HostToWebview,
  type ModelEffectiveness,
  type Overview,
  type PageRequest,
  type PageResult,
  type PatternDetail,
  type PatternEdit,
  parseWebviewMessage,
  PROTOCOL_VERSION,
  requestHeader,
  type RequestMessage,
  type ResponseMessage,
} from '../../shared/protocol';

/** What the dashboard needs from VS Code, behind an interface so the controller runs in plain Node tests. */
export interface DashboardEnvironment {
  /** Runs `mistakes.<name>` and resolves when the command finished. */
  executeCommand(command: string): Promise<unknown>;
  /** A modal confirmation; true when the person chose `action`. */
  confirm(message: string, action: string): Promise<boolean>;
  copyToClipboard(text: string): Promise<void>;
  captureState(): Omit<CaptureState, 'enabledCategories'>;
}

export interface DashboardControllerDeps {
  readonly getEngine: () => Promise<MistakeMemory>;
  readonly env: DashboardEnvironment;
  readonly logger: Logger;
  /** Delivers a message to this controller's webview; false or a rejection when it is gone. */
  readonly post: (message: HostToWebview) => PromiseLike<boolean> | boolean;
  /** Coalesces bursts of engine events (a test run records many mistakes at once). */
  readonly changeDelayMs?: number;
  readonly now?: () => number;
  /** Called after an overview reached the webview (what the person now sees). */
  readonly onOverviewDelivered?: (overview: Overview) => void;
}

export const MAX_DESCRIPTION = 500;
export const MAX_FIX = 4000;

/** Refused edits are reported to the webview with this message, not logged as failures. */
export class InvalidEditError extends Error {
  override readonly name = 'InvalidEditError';
}

/**
 * One per webview (the sidebar view and the editor panel each get their own): answers the webview's
 * requests from the engine and pushes `changed` + `overview` when the engine's data changes.
 */
export class DashboardController implements Disposable {
  private engineSub: Disposable | undefined;
  private subscribed: MistakeMemory | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pendingReason: ChangeReason | undefined;
  private disposed = false;
  private ready = false;

  constructor(private readonly deps: DashboardControllerDeps) {}

  /** Entry point for every message the webview posts. Never throws. */
  async handle(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      const header = requestHeader(raw);
      this.deps.logger.warn(`dashboard: ${header ? `invalid parameters for ${header.method}` : 'ignored a malformed message from the webview'}`);
      if (header) await this.send({ type: 'response', ...header, ok: false, error: 'Invalid request parameters.' });
      return;
    }
    switch (msg.type) {
      case 'ready':
        if (msg.protocolVersion !== PROTOCOL_VERSION) {
          this.deps.logger.warn(`dashboard: webview speaks protocol ${msg.protocolVersion}, host ${PROTOCOL_VERSION}`);
        }
        this.ready = true;
        await this.pushOverview();
        return;
      case 'log':
        this.deps.logger[msg.level](`dashboard webview: ${msg.message}`);
        return;
      case 'request':
        await this.answer(msg);
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  /** Called by the host when the engine changed (also wired automatically once the engine exists). */
  notifyChanged(reason: ChangeReason): void {
    if (this.disposed) return;
    // 'cleared' wins over anything else in the same burst: the webview must drop its detail view.
    this.pendingReason = this.pendingReason === 'cleared' ? 'cleared' : reason;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const r = this.pendingReason ?? 'changed';
      this.pendingReason = undefined;
      if (!this.ready) return;
      void this.send({ type: 'changed', reason: r }).then(() => this.pushOverview());
    }, this.deps.changeDelayMs ?? 250);
  }

  dispose(): void {
    this.disposed = true;
    this.engineSub?.dispose();
    if (this.timer) clearTimeout(this.timer);
  }

  private async engine(): Promise<MistakeMemory> {
    const engine = await this.deps.getEngine();
    // The host reopens the engine when the store or the Chroma connection changes: follow the new one.
    if (engine !== this.subscribed && !this.disposed) {
      this.engineSub?.dispose();
      this.subscribed = engine;
      this.engineSub = engine.onDidChange((e: EngineEvent) => this.notifyChanged(e.type));
    }
    return engine;
  }

  private async send(message: HostToWebview): Promise<boolean> {
    if (this.disposed) return false;
    try {
      return (await this.deps.post(message)) !== false;
    } catch (e) {
      // The webview was closed while we answered; nothing to deliver to.
      this.deps.logger.debug(`dashboard: could not post ${message.type}: ${(e as Error).message}`);
      return false;
    }
  }

  private async pushOverview(): Promise<void> {
    try {
      const overview = await this.overview();
      if (await this.send({ type: 'overview', overview })) this.deps.onOverviewDelivered?.(overview);
    } catch (e) {
      this.deps.logger.error(`dashboard: could not compute the overview: ${(e as Error).message}`);
    }
  }

  async overview(): Promise<Overview> {
    const engine = await this.engine();
    const stats = await engine.stats();
    const capture = this.deps.env.captureState();
    return {
      stats: {
        patterns: stats.patterns,
        archivedPatterns: stats.archivedPatterns,
        occurrences: stats.occurrences,
        byCategory: stats.byCategory,
        byModel: stats.byModel,
        bySeverity: stats.bySeverity,
        occurrencesPerDay: stats.occurrencesPerDay,
        injections: stats.injections,
        effectivenessByModel: stats.effectivenessByModel,
      },
      capture: { ...capture, storeBytes: capture.storeBytes ?? stats.bytes, enabledCategories: [...engine.enabledCategories] },
      models: Object.keys(stats.byModel).sort((a, b) => a.localeCompare(b)),
      now: this.deps.now?.() ?? Date.now(),
    };
  }

  private async answer(msg: RequestMessage): Promise<void> {
    let response: ResponseMessage;
    try {
      response = await this.dispatch(msg);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof InvalidEditError) this.deps.logger.debug(`dashboard ${msg.method}: ${message}`);
      else this.deps.logger.error(`dashboard ${msg.method} failed: ${message}`);
      response = { type: 'response', requestId: msg.requestId, method: msg.method, ok: false, error: message };
    }
    await this.send(response);
  }

  private async dispatch(msg: RequestMessage): Promise<ResponseMessage> {
    const { requestId } = msg;
    switch (msg.method) {
      case 'listPatterns':
        return { type: 'response', requestId, method: msg.method, ok: true, result: this.page(await this.engine(), msg.params) };
      case 'getPattern':
        return { type: 'response', requestId, method: msg.method, ok: true, result: await this.detail(msg.params.id) };
      case 'updatePattern': {
        const engine = await this.engine();
        await engine.updatePattern(msg.params.id, toPatch(msg.params.edit));
        return { type: 'response', requestId, method: msg.method, ok: true, result: await this.detail(msg.params.id) };
      }
      case 'deletePattern': {
        const engine = await this.engine();
        const p = engine.getPattern(msg.params.id);
        if (!p) return { type: 'response', requestId, method: msg.method, ok: true, result: { deleted: false } };
        const short = p.description.length > 80 ? `${p.description.slice(0, 79)}…` : p.description;
        const yes = await this.deps.env.confirm(`Delete the pattern "${short}" and its ${p.frequency} occurrence(s)? This cannot be undone.`, 'Delete');
        if (yes) await engine.deletePattern(p.id);
        return { type: 'response', requestId, method: msg.method, ok: true, result: { deleted: yes } };
      }
      case 'copyInstruction': {
        const engine = await this.engine();
        const p = engine.getPattern(msg.params.id);
        if (!p) throw new InvalidEditError(`Pattern ${msg.params.id} no longer exists.`);
        const text = engine.buildInjection([p], { maxPatterns: 1 }).text;
        await this.deps.env.copyToClipboard(text);
        return { type: 'response', requestId, method: msg.method, ok: true, result: { text } };
      }
      case 'runCommand':
        await this.deps.env.executeCommand(`mistakes.${msg.params.command}`);
        return { type: 'response', requestId, method: msg.method, ok: true, result: { done: true } };
      case 'listReview':
        return { type: 'response', requestId, method: msg.method, ok: true, result: reviewQueue(await this.engine(), msg.params.limit) };
      case 'reviewPattern':
        return { type: 'response', requestId, method: msg.method, ok: true, result: await applyReview(await this.engine(), msg.params) };
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  /**
   * One page of the table. Sorts the store supports are pushed down (only `limit` rows are read);
   * the others (description, category, model, always-inject) sort the filtered set in memory.
   */
  private page(engine: MistakeMemory, req: PageRequest): PageResult {
    const query = toPatternQuery(req.filters);
    const limit = clampLimit(req.limit);
    const orderBy = STORE_ORDER[req.sort.key];
    if (!orderBy) return pageOf(engine.listPatterns(query), { ...req, limit });
    const total = engine.countPatterns(query);
    const offset = clampOffset(req.offset, total, limit);
    const rows = engine.listPatterns({ ...query, orderBy, descending: req.sort.descending, offset, limit }).map(toRow);
    return { rows, total, offset };
  }

  private async detail(id: number): Promise<PatternDetail | null> {
    const engine = await this.engine();
    const pattern = engine.getPattern(id);
    if (!pattern) return null;
    const occurrences = engine.listOccurrences(id, DETAIL_OCCURRENCES);
    const rows = engine.effectiveness().filter((r) => r.patternId === id);
    const sum = (k: 'injections' | 'successes' | 'recurred'): number => rows.reduce((s, r) => s + r[k], 0);
    const injections = sum('injections');
    const successes = sum('successes');
    const recurred = sum('recurred');
    const effectiveness: ModelEffectiveness = {
      injections,
      successes,
      recurred,
      successRate: successes + recurred ? successes / (successes + recurred) : undefined,
    };
    return { pattern, occurrences, effectiveness };
  }
}

/** Validates an edit from the webview and turns it into a store patch. */
export function toPatch(edit: PatternEdit): PatternEdit {
  const patch: { -readonly [K in keyof PatternEdit]: PatternEdit[K] } = {};
  if (edit.description !== undefined) {
    const d = edit.description.replace(/\s+/g, ' ').trim();
    if (!d) throw new InvalidEditError('The description cannot be empty.');
    if (d.length > MAX_DESCRIPTION) throw new InvalidEditError(`The description is limited to ${MAX_DESCRIPTION} characters.`);
    patch.description = d;
  }
  if (edit.fixDescription !== undefined) {
    const f = edit.fixDescription.trim();
    if (f.length > MAX_FIX) throw new InvalidEditError(`The fix is limited to ${MAX_FIX} characters.`);
    patch.fixDescription = f;
  }
  if (edit.alwaysInject !== undefined) patch.alwaysInject = edit.alwaysInject;
  if (edit.archived !== undefined) patch.archived = edit.archived;
  if (!Object.keys(patch).length) throw new InvalidEditError('Nothing to change.');
  return patch;
}
