import * as vscode from 'vscode';

/** The parts of the extension's API (activate's return value) the tests use. */
export interface PatternLike {
  readonly id: number;
  readonly description: string;
  readonly category: string;
  readonly modelName: string;
  readonly source: string;
  readonly frequency: number;
  readonly fixApplied: number;
  readonly ruleId?: string;
  readonly testId?: string;
  readonly errorMessage?: string;
  readonly pendingReview?: boolean;
}
export interface EngineLike {
  listPatterns(query?: { sources?: string[]; limit?: number; includeArchived?: boolean; pendingReview?: boolean }): PatternLike[];
  deletePattern(id: number): Promise<void>;
  updatePattern(id: number, patch: { pendingReview?: boolean; description?: string }): Promise<PatternLike | undefined>;
  countPatterns(query?: { includeArchived?: boolean }): number;
  getPattern(id: number): PatternLike | undefined;
  readonly trackingEnabled: boolean;
  stats(): Promise<{ readonly injections: number }>;
  effectiveness(): Array<{ readonly model: string; readonly injections: number }>;
}
export interface ApiLike {
  engine(): Promise<EngineLike>;
  settled(): Promise<void>;
  statusText(): string;
  vectorStatus(): { kind: 'embedded' | 'chroma'; url?: string; state?: 'connected' | 'degraded' | 'offline'; backlog?: number; lastError?: string; setupError?: string };
}
export interface TestLmApi {
  readonly received: Array<{ model: string; messages: Array<{ role: number; text: string }> }>;
  readonly model: { id: string };
  /** How the test model answers second-opinion requests (see the test-lm fixture). */
  readonly opinion: { reply: string; fail: boolean };
}

export const EXTENSION_ID = 'mistake-memory.mistake-memory';

export async function api(): Promise<ApiLike> {
  const ext = vscode.extensions.getExtension<ApiLike>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export async function testLm(): Promise<TestLmApi> {
  const ext = vscode.extensions.getExtension<TestLmApi>('testing.test-lm');
  if (!ext) throw new Error('testing.test-lm is not installed');
  return ext.activate();
}

/** Polls until `probe` returns a value (not undefined/false), or fails with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}
