import { dashboardVectorFields } from '../host/chromaStatus';
import { type DashboardRegistration, registerDashboard } from './dashboard';
import type { Services } from './services';

/** Hooks the dashboard (sidebar view and editor panel, src/vscode/dashboard) into activation. */
export function registerDashboardView(s: Services): DashboardRegistration {
  return registerDashboard(s.context, {
    getEngine: () => s.engineHost.get(),
    getCaptureState: () => {
      const engine = s.engineHost.peek();
      const store = s.engineHost.storeLocation;
      return {
        tracking: s.settings().trackingEnabled,
        retrievalMode: engine?.retrievalMode ?? 'lexical-only',
        storeLocation: store ? (store.scheme === 'file' ? store.fsPath : store.toString(true)) : 'not opened yet',
        ...dashboardVectorFields(s.engineHost.vectorStatus()),
      };
    },
    onDidChangeCaptureState: s.engineHost.onDidChangeVectorStatus,
    logger: s.logger,
  });
}
