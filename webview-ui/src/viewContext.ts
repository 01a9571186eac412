/**
 * What every dashboard view gets from the app shell: the typed host client, the persisted UiState,
 * the last overview the host pushed, and the toast. Views hold no data beyond that.
 */
import type { UiState } from '../../src/shared/dashboardModel';
import type { DashboardCommand, Overview } from '../../src/shared/protocol';
import { ce } from './dom';
import type { HostClient } from './hostClient';

export type ButtonEl = HTMLElement & { disabled: boolean };

export interface ViewContext {
  readonly client: HostClient;
  /** The current UiState (tab, filters, sort, page, open pattern). */
  ui(): UiState;
  /** Updates the UiState and persists it through `setState`. */
  setUi(patch: Partial<UiState>): void;
  /** The overview the host last pushed, if any. */
  overview(): Overview | undefined;
  showToast(text: string, error: boolean): void;
}

/** A button that runs one of the extension's commands; disabled while the command runs. */
export function commandButton(ctx: Pick<ViewContext, 'client' | 'showToast'>, command: DashboardCommand, label: string, secondary: boolean): ButtonEl {
  const b = ce<ButtonEl>('vscode-button', { attrs: { secondary, 'data-command': command } }, label);
  b.addEventListener('click', () => void runCommand(ctx, command, b));
  return b;
}

async function runCommand(ctx: Pick<ViewContext, 'client' | 'showToast'>, command: DashboardCommand, button?: ButtonEl): Promise<void> {
  if (button) button.disabled = true;
  try {
    await ctx.client.request('runCommand', { command });
  } catch (e) {
    ctx.showToast((e as Error).message, true);
  } finally {
    if (button) button.disabled = false;
  }
}
