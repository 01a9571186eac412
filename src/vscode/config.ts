import * as vscode from 'vscode';
import { CATEGORIES, isCategory } from '../core/types';
import { INJECTION_DEFAULTS } from '../engine/inject';
import {
  DEFAULT_DIAGNOSTIC_SOURCES,
  DEFAULT_JUNIT_GLOBS,
  INSTRUCTION_TARGETS,
  type InstructionTarget,
  type MistakeSettings,
  SECTION,
  SETTING_KEYS,
} from '../host/settingsSchema';

export { SECTION, SETTING_KEYS, INSTRUCTION_TARGETS, DEFAULT_DIAGNOSTIC_SOURCES, DEFAULT_JUNIT_GLOBS } from '../host/settingsSchema';
export type { MistakeSettings, InstructionTarget } from '../host/settingsSchema';

function clampInt(v: unknown, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

function strings(v: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim().length > 0) : fallback;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

export function readSettings(scope?: vscode.ConfigurationScope): MistakeSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const cats = c.get<unknown>(SETTING_KEYS.categories);
  const sim = c.get<unknown>(SETTING_KEYS.retrievalMinSimilarity);
  const targets = strings(c.get(SETTING_KEYS.instructionTargets), ['instructions']).filter((t): t is InstructionTarget =>
    (INSTRUCTION_TARGETS as readonly string[]).includes(t),
  );
  return {
    trackingEnabled: c.get<boolean>(SETTING_KEYS.trackingEnabled) !== false,
    categories: Array.isArray(cats) ? cats.filter(isCategory) : [...CATEGORIES],
    storePath: (c.get<string>(SETTING_KEYS.storePath) ?? '').trim(),
    modelLocalPath: (c.get<string>(SETTING_KEYS.modelLocalPath) ?? '').trim(),
    modelAllowDownload: c.get<boolean>(SETTING_KEYS.modelAllowDownload) !== false,
    retrievalK: clampInt(c.get(SETTING_KEYS.retrievalK), INJECTION_DEFAULTS.k, 1, 50),
    retrievalMinSimilarity: typeof sim === 'number' && sim >= 0 && sim <= 1 ? sim : INJECTION_DEFAULTS.minSimilarity,
    injectionMaxPatterns: clampInt(c.get(SETTING_KEYS.injectionMaxPatterns), INJECTION_DEFAULTS.maxPatterns, 1, 50),
    injectionMaxChars: clampInt(c.get(SETTING_KEYS.injectionMaxChars), INJECTION_DEFAULTS.maxChars, 200, 100_000),
    unattributed: c.get<string>(SETTING_KEYS.unattributed) === 'skip' ? 'skip' : 'record',
    diagnosticSources: strings(c.get(SETTING_KEYS.diagnosticSources), DEFAULT_DIAGNOSTIC_SOURCES),
    junitGlobs: strings(c.get(SETTING_KEYS.junitGlobs), DEFAULT_JUNIT_GLOBS),
    captureTerminal: c.get<boolean>(SETTING_KEYS.captureTerminal) !== false,
    testsCommand: (c.get<string>(SETTING_KEYS.testsCommand) ?? '').trim(),
    instructionsSync: c.get<boolean>(SETTING_KEYS.instructionsSync) === true,
    instructionTargets: targets.length ? targets : ['instructions'],
    mcpEnabled: c.get<boolean>(SETTING_KEYS.mcpEnabled) === true,
    agentHooksEnabled: c.get<boolean>(SETTING_KEYS.agentHooksEnabled) === true,
    chromaUrl: text(c.get(SETTING_KEYS.chromaUrl)),
    chromaTenant: text(c.get(SETTING_KEYS.chromaTenant)),
    chromaDatabase: text(c.get(SETTING_KEYS.chromaDatabase)),
    chromaPrefix: text(c.get(SETTING_KEYS.chromaPrefix)),
    chatConfirmWithModel: c.get<boolean>(SETTING_KEYS.chatConfirmWithModel) === true,
  };
}

/** Fires with fresh settings whenever any `mistakes.*` setting changes. */
export function onDidChangeSettings(listener: (s: MistakeSettings, e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) listener(readSettings(), e);
  });
}

export async function updateSetting<K extends keyof MistakeSettings>(key: K, value: MistakeSettings[K] | undefined): Promise<void> {
  // User-level: tracking and categories are personal choices, not project settings.
  await vscode.workspace.getConfiguration(SECTION).update(SETTING_KEYS[key], value, vscode.ConfigurationTarget.Global);
}
