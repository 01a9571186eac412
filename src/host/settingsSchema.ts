import type { Category } from '../core/types';

/**
 * The `mistakes.*` settings: names, types and defaults, mirroring `contributes.configuration` in
 * package.json (a unit test keeps the two in step). No VS Code import here; `config.ts` reads values.
 */
export const SECTION = 'mistakes';

export type InstructionTarget = 'instructions' | 'agents' | 'claude';
export const INSTRUCTION_TARGETS: readonly InstructionTarget[] = ['instructions', 'agents', 'claude'];

export interface MistakeSettings {
  readonly trackingEnabled: boolean;
  readonly categories: readonly Category[];
  readonly storePath: string;
  readonly modelLocalPath: string;
  readonly modelAllowDownload: boolean;
  readonly retrievalK: number;
  readonly retrievalMinSimilarity: number;
  readonly injectionMaxPatterns: number;
  readonly injectionMaxChars: number;
  readonly unattributed: 'record' | 'skip';
  readonly diagnosticSources: readonly string[];
  readonly junitGlobs: readonly string[];
  readonly captureTerminal: boolean;
  readonly testsCommand: string;
  readonly instructionsSync: boolean;
  readonly instructionTargets: readonly InstructionTarget[];
  /** Offer the `mistakes mcp` server to agent mode (desktop; read by mcpProvider.ts). */
  readonly mcpEnabled: boolean;
  /** Keep `.github/hooks/mistake-memory.json` (VS Code agent hooks for Copilot's agent) in each folder (desktop; read by agentHooks.ts). */
  readonly agentHooksEnabled: boolean;
  /** Chroma server for the vector index; empty: the embedded index only. The token lives in SecretStorage. */
  readonly chromaUrl: string;
  readonly chromaTenant: string;
  readonly chromaDatabase: string;
  readonly chromaPrefix: string;
  /** Ask the chat's language model to confirm an uncertain correction and phrase its lesson (off by default). */
  readonly chatConfirmWithModel: boolean;
}

/** Setting keys relative to the `mistakes` section, one per field. */
export const SETTING_KEYS = {
  trackingEnabled: 'tracking.enabled',
  categories: 'categories',
  storePath: 'storePath',
  modelLocalPath: 'model.localPath',
  modelAllowDownload: 'model.allowDownload',
  retrievalK: 'retrieval.k',
  retrievalMinSimilarity: 'retrieval.minSimilarity',
  injectionMaxPatterns: 'injection.maxPatterns',
  injectionMaxChars: 'injection.maxChars',
  unattributed: 'attribution.unattributed',
  diagnosticSources: 'capture.diagnostics.sources',
  junitGlobs: 'capture.junitGlobs',
  captureTerminal: 'capture.terminal',
  testsCommand: 'tests.command',
  instructionsSync: 'instructions.sync',
  instructionTargets: 'instructions.targets',
  mcpEnabled: 'mcp.enabled',
  agentHooksEnabled: 'agentHooks.enabled',
  chromaUrl: 'chroma.url',
  chromaTenant: 'chroma.tenant',
  chromaDatabase: 'chroma.database',
  chromaPrefix: 'chroma.prefix',
  chatConfirmWithModel: 'chat.confirmWithModel',
} as const satisfies Record<keyof MistakeSettings, string>;

export const DEFAULT_DIAGNOSTIC_SOURCES = [
  'Semgrep', 'sonarqube', 'sonarlint', 'eslint', 'ts', 'Pylance', 'pyright', 'mypy', 'ruff', 'bandit', 'Flake8', 'go', 'staticcheck', 'rust-analyzer', 'rustc', 'clippy',
];
export const DEFAULT_JUNIT_GLOBS = [
  '**/junit*.xml',
  '**/TEST-*.xml',
  '**/test-results/**/*.xml',
  '**/test-report*.xml',
  '**/*.trx',
  '**/TestResults/*.xml',
  '**/TestResult.xml',
  '**/nunit*.xml',
  '**/xunit*.xml',
  '**/rspec*.json',
  '**/dart-test*.json',
  '**/test-results*.json',
];

