import type * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { AttributionService } from './capture/attribution';
import type { CaptureSink } from '../host/capture/captureSink';
import type { MistakeSettings } from './config';
import type { EngineHost, HostPlatform } from './engineHost';
import type { ErrorBoundary } from './errors';
import type { StatusBar } from './statusBar';

/** Runs a shell command and returns its output (desktop host only). */
export interface TestCommandRunner {
  run(command: string, cwd: string, token: vscode.CancellationToken, onOutput: (chunk: string) => void): Promise<{ exitCode: number | undefined; output: string; timedOut: boolean; cancelled: boolean }>;
  /** A test command guessed from the files in the folder (package.json → npm test...). */
  guessCommand(folderPath: string): Promise<string | undefined>;
}

/** Everything command handlers and capture wiring share; created once in activate(). */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly platform: HostPlatform & { readonly testRunner?: TestCommandRunner };
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly boundary: ErrorBoundary;
  readonly settings: () => MistakeSettings;
  readonly engineHost: EngineHost;
  readonly sink: CaptureSink;
  readonly attribution: AttributionService;
  readonly statusBar: StatusBar;
}
