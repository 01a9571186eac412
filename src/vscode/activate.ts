import * as vscode from 'vscode';
import type { MistakeMemory } from '../engine/engineApi';
import { AttributionService } from './capture/attribution';
import { CaptureSink } from '../host/capture/captureSink';
import { DiagnosticsCapture } from './capture/diagnosticsCapture';
import { watchTestObserver, watchTestTasks } from './capture/testTasks';
import { JUnitWatcher } from './capture/testResults';
import { registerPatternDocuments } from './chat/patternDocuments';
import { registerParticipant } from './chat/participant';
import { registerTools } from './chat/tools';
import { registerAgentHooks } from './agentHooks';
import { registerCommands, syncAll } from './commands';
import { type MistakeSettings, onDidChangeSettings, readSettings } from './config';
import { registerDashboardView } from './dashboardView';
import { EngineHost } from './engineHost';
import { createErrorBoundary } from './errors';
import { channelLogger } from './logger';
import type { Services } from './services';
import { StatusBar } from './statusBar';
import type { Embedder } from '../core/ports';
import type { VectorIndexStatus } from '../host/chromaStatus';

/** What `activate()` returns: other extensions (and the integration tests) reach the memory through it. */
export interface MistakeMemoryApi {
  /** The engine, opened on first call. */
  engine(): Promise<MistakeMemory>;
  /** Resolves when queued capture work (diagnostics, reports) has been processed. */
  settled(): Promise<void>;
  /** The status bar text, for checking the visible capture state. */
  statusText(): string;
  /** The vector index and, with Chroma, its connection state (no token). */
  vectorStatus(): VectorIndexStatus;
  /** What the dashboard last delivered to a surface (webviews are opaque to tests and other extensions). */
  dashboard(surface: 'view' | 'panel'): { readonly patterns: number; readonly occurrences: number } | undefined;
}

export interface PlatformWiring {
  readonly platform: Services['platform'];
  /** Lazily creates the embedder for this host (undefined: lexical-only). */
  readonly embedder?: (s: Services) => () => Promise<Embedder | undefined>;
  /** Host-specific capture (terminal shell integration on the desktop). */
  readonly registerCapture?: (s: Services) => vscode.Disposable;
}

/**
 * Registers everything and returns: no store, model or WASM is loaded here. The engine opens on the
 * first capture, chat request or command that needs it.
 */
export function activateExtension(context: vscode.ExtensionContext, wiring: PlatformWiring): MistakeMemoryApi {
  const started = Date.now();
  const channel = vscode.window.createOutputChannel('Mistake Memory', { log: true });
  context.subscriptions.push(channel);
  const logger = channelLogger(channel);
  const boundary = createErrorBoundary(logger, () => channel.show(true));
  let current: MistakeSettings = readSettings();
  const settings = (): MistakeSettings => current;

  // The embedder factory needs Services, which needs the engine host: the closure runs after both exist.
  const makeEmbedder = wiring.embedder;
  const engineHost = new EngineHost({
    context,
    platform: wiring.platform,
    logger: channelLogger(channel, 'store'),
    settings,
    embedder: makeEmbedder ? () => makeEmbedder(services)() : undefined,
  });
  const sink = new CaptureSink(() => engineHost.get(), settings, channelLogger(channel, 'capture'));
  const attribution = new AttributionService(channelLogger(channel, 'attribution'));
  const statusBar = new StatusBar(settings, () => engineHost.vectorStatus());
  const services: Services = { context, platform: wiring.platform, channel, logger, boundary, settings, engineHost, sink, attribution, statusBar };

  const diagnostics = new DiagnosticsCapture(sink, attribution, () => engineHost.peek(), settings, channelLogger(channel, 'diagnostics'));
  const junit = new JUnitWatcher({ sink, attribution, logger: channelLogger(channel, 'junit') }, current.junitGlobs);

  let syncTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleSync = (): void => {
    if (!settings().instructionsSync) return;
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = setTimeout(() => void syncAll(services, false).catch((e: unknown) => boundary.report('Sync Instruction Files', e, { quiet: true })), 5000);
  };

  const dashboard = registerDashboardView(services);
  context.subscriptions.push(
    engineHost,
    attribution,
    statusBar,
    diagnostics,
    junit,
    { dispose: () => syncTimer && clearTimeout(syncTimer) },
    engineHost.onDidChangeVectorStatus(() => statusBar.update()),
    engineHost.onDidCreate((engine) => {
      statusBar.attach(engine);
      context.subscriptions.push(engine.onDidChange((e) => (e.type === 'recorded' || e.type === 'cleared' ? scheduleSync() : undefined)));
    }),
    registerCommands(services),
    registerAgentHooks(services, wiring.platform.hookRunner),
    registerParticipant({ engine: () => engineHost.get(), sink, attribution, settings, logger: channelLogger(channel, 'chat'), extensionUri: context.extensionUri }),
    registerTools({ engine: () => engineHost.get(), sink, settings, logger: channelLogger(channel, 'tools') }),
    registerPatternDocuments(() => engineHost.get()),
    dashboard,
    watchTestTasks(channelLogger(channel, 'tasks'), (name) => logger.info(`reports written by "${name}" are picked up by the JUnit watcher (${current.junitGlobs.join(', ')})`)),
    onDidChangeSettings((s) => {
      const globsChanged = s.junitGlobs.join('\n') !== current.junitGlobs.join('\n');
      current = s;
      statusBar.update();
      if (globsChanged) junit.setGlobs(s.junitGlobs);
      void engineHost.applySettings(s).catch((e: unknown) => boundary.report('Apply settings', e));
    }),
  );
  const observer = watchTestObserver(sink, channelLogger(channel, 'tests'));
  if (observer) context.subscriptions.push(observer);
  if (wiring.registerCapture) context.subscriptions.push(wiring.registerCapture(services));

  logger.info(`activated (${wiring.platform.kind} host) in ${Date.now() - started} ms; capture ${current.trackingEnabled ? 'on' : 'off'}`);
  return {
    engine: () => engineHost.get(),
    settled: async () => {
      await diagnostics.settled();
      await junit.settled();
    },
    statusText: () => statusBar.text,
    vectorStatus: () => engineHost.vectorStatus(),
    dashboard: (surface) => dashboard.lastOverview(surface),
  };
}
