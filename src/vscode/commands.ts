import * as vscode from 'vscode';
import { CATEGORIES, type Category, isCategory, type ScoredPattern, SEVERITIES, type Severity, UNATTRIBUTED_MODEL } from '../core/types';
import type { ImportReport } from '../engine/engineApi';
import { unreadableMessage } from '../capture/testOutput';
import { createChromaIndex, MIGRATION_CHROMA_TIMEOUT_MS } from '../store/vector/backend';
import { describeMigration, type MigrationDirection, runVectorMigration } from '../engine/vectorMigration';
import { CHROMA_TOKEN_SECRET } from '../host/chromaStatus';
import { COMMANDS } from '../host/commandIds';
import { patternUri } from './chat/patternDocuments';
import { learnFromTestOutput } from './capture/testResults';
import { updateSetting } from './config';
import { UserCancelledError, UserFacingError } from './errors';
import { syncInstructionFiles, type SyncReport } from './instructions/sync';
import type { Services } from './services';

/*
 * Commands take optional arguments so other extensions, keybindings and the integration tests can run
 * them without prompts; without arguments they ask through the UI.
 */
export interface RecordArgs {
  readonly description?: string;
  readonly category?: Category;
  readonly severity?: Severity;
  readonly fix?: string;
  readonly model?: string;
}
export interface ExportArgs {
  readonly format?: 'json' | 'jsonl';
  readonly uri?: vscode.Uri;
}

/** Registers every command except Open Dashboard, which the dashboard module owns. */
export function registerCommands(s: Services): vscode.Disposable {
  const reg = <A extends unknown[], R>(id: string, title: string, fn: (...args: A) => Promise<R> | R): vscode.Disposable =>
    vscode.commands.registerCommand(id, s.boundary.wrap(title, fn));
  return vscode.Disposable.from(
    reg(COMMANDS.recordMistake, 'Record Mistake', (args?: RecordArgs) => recordMistake(s, args)),
    reg(COMMANDS.runTestsAndLearn, 'Run Tests and Learn', (args?: { command?: string }) => runTestsAndLearn(s, args)),
    reg(COMMANDS.showRelevantPatterns, 'Show Relevant Patterns', (args?: { query?: string }) => showRelevant(s, args)),
    reg(COMMANDS.exportData, 'Export', (args?: ExportArgs) => exportData(s, args)),
    reg(COMMANDS.importData, 'Import', (args?: { uri?: vscode.Uri }) => importData(s, args)),
    reg(COMMANDS.clearAllData, 'Clear All Data', (args?: { confirmed?: boolean }) => clearAll(s, args)),
    reg(COMMANDS.toggleTracking, 'Toggle Tracking', async (args?: { enabled?: boolean }) => {
      const enabled = typeof args?.enabled === 'boolean' ? args.enabled : !s.settings().trackingEnabled;
      await updateSetting('trackingEnabled', enabled);
      vscode.window.setStatusBarMessage(`Mistake Memory: capture ${enabled ? 'on' : 'off'}`, 3000);
      return enabled;
    }),
    reg(COMMANDS.chooseCategories, 'Choose Categories', (args?: { categories?: readonly string[] }) => chooseCategories(s, args)),
    // The setting itself, in the Settings editor: the person reads what it sends before turning it on.
    reg(COMMANDS.configureSecondOpinion, 'Configure Second Opinion', () => vscode.commands.executeCommand('workbench.action.openSettings', 'mistakes.chat.confirmWithModel')),
    reg(COMMANDS.syncInstructionFiles, 'Sync Instruction Files', () => syncAll(s, true)),
    reg(COMMANDS.showLog, 'Show Log', () => s.channel.show(true)),
    reg(COMMANDS.setChromaToken, 'Set Chroma Token', (args?: { token?: string }) => setChromaToken(s, args)),
    reg(COMMANDS.migrateVectors, 'Migrate Vectors', (args?: MigrateArgs) => migrateVectorsCommand(s, args)),
  );
}

async function recordMistake(s: Services, args?: RecordArgs): Promise<number | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).slice(0, 4000) : undefined;
  const line = editor?.selection.start.line;
  const diag = editor && line !== undefined ? vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.range.contains(editor.selection.start)) : undefined;
  const description =
    args?.description ??
    (await vscode.window.showInputBox({
      title: 'Record Mistake',
      prompt: 'What was wrong? One line an assistant can act on.',
      value: diag?.message.split('\n')[0] ?? '',
      validateInput: (v) => (v.trim() ? undefined : 'Describe the mistake'),
    }));
  if (!description?.trim()) throw new UserCancelledError();
  const category =
    args?.category ??
    ((await vscode.window.showQuickPick([...CATEGORIES], { title: 'Category', placeHolder: 'What kind of mistake?' })) as Category | undefined);
  if (!category) throw new UserCancelledError();
  const who = editor && line !== undefined ? s.attribution.attribute(editor.document.uri, line) : { ai: false, model: undefined };
  const outcome = await s.sink.record(
    {
      description: description.trim(),
      category,
      severity: args?.severity && SEVERITIES.includes(args.severity) ? args.severity : 'major',
      source: 'manual',
      codeSnippet: selection,
      fixDescription: args?.fix,
      errorMessage: diag?.message,
      filePath: editor ? vscode.workspace.asRelativePath(editor.document.uri, false) : undefined,
      line: line !== undefined ? line + 1 : undefined,
      language: editor?.document.languageId,
      model: args?.model ?? who.model ?? UNATTRIBUTED_MODEL,
    },
    'command',
  );
  if (!outcome?.stored) {
    void vscode.window.showWarningMessage(`Mistake Memory: not recorded (${outcome && !outcome.stored ? outcome.reason : 'skipped'}).`);
    return undefined;
  }
  vscode.window.setStatusBarMessage(`Mistake Memory: recorded pattern #${outcome.pattern.id}`, 4000);
  return outcome.pattern.id;
}

async function runTestsAndLearn(s: Services, args?: { command?: string }): Promise<{ failures: number; stored: number } | undefined> {
  const runner = s.platform.testRunner;
  if (!runner) {
    // Not a failure: the browser cannot spawn processes. Say what still works instead of an error.
    void vscode.window.showInformationMessage('Mistake Memory: running tests needs VS Code desktop. In the browser, test reports written in the workspace (JUnit, TRX, NUnit, xUnit, RSpec, Dart JSON) are still learned from.');
    s.logger.info('Run Tests and Learn: no process runner in this host (VS Code for the Web)');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) throw new UserFacingError('open a folder first.');
  let command = args?.command ?? (s.settings().testsCommand || (await runner.guessCommand(folder.uri.fsPath)));
  if (!args?.command && !s.settings().testsCommand) {
    command = await vscode.window.showInputBox({ title: 'Run Tests and Learn', prompt: 'Test command (set mistakes.tests.command to skip this)', value: command ?? '' });
  }
  if (!command?.trim()) throw new UserCancelledError();
  const cmd = command.trim();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Mistake Memory: ${cmd}`, cancellable: true },
    async (progress, token) => {
      s.logger.info(`running tests: ${cmd} (in ${folder.uri.fsPath})`);
      let lines = 0;
      const r = await runner.run(cmd, folder.uri.fsPath, token, (chunk) => {
        lines += chunk.split('\n').length - 1;
        progress.report({ message: `${lines} lines of output` });
      });
      if (r.cancelled) throw new UserCancelledError();
      s.logger.info(`tests ended: exit ${r.exitCode ?? '?'}${r.timedOut ? ' (timed out)' : ''}, ${r.output.length} chars`);
      const learned = await learnFromTestOutput(r.output, 'testRun', { ...s, projectPath: folder.uri.fsPath });
      const msg =
        learned.failures === 0
          ? r.exitCode === 0
            ? 'tests passed; nothing to learn.'
            : learned.format === 'unknown'
              ? `the command failed (exit ${r.exitCode ?? '?'}); its output is ${unreadableMessage(r.output)}.`
              : `the command failed (exit ${r.exitCode ?? '?'}) but no test failures were recognised (${learned.format}).`
          : `${learned.failures} failure(s), ${learned.stored} recorded.`;
      void vscode.window.showInformationMessage(`Mistake Memory: ${msg}`);
      return { failures: learned.failures, stored: learned.stored };
    },
  );
}

async function showRelevant(s: Services, args?: { query?: string }): Promise<readonly ScoredPattern[]> {
  const editor = vscode.window.activeTextEditor;
  let query = args?.query;
  if (query === undefined && editor) {
    query = editor.selection.isEmpty ? editor.document.lineAt(editor.selection.active.line).text : editor.document.getText(editor.selection);
    query = query.trim().slice(0, 2000);
  }
  if (!query && args === undefined) query = await vscode.window.showInputBox({ title: 'Show Relevant Patterns', prompt: 'Describe the task or paste code' });
  if (!query?.trim()) throw new UserCancelledError();
  const engine = await s.engineHost.get();
  const st = s.settings();
  const r = await engine.retrieve(query, { k: st.retrievalK, minSimilarity: st.retrievalMinSimilarity, categories: st.categories });
  if (args !== undefined) return r.patterns;
  if (!r.patterns.length) {
    void vscode.window.showInformationMessage('Mistake Memory: no learned mistakes match.');
    return r.patterns;
  }
  const picked = await vscode.window.showQuickPick(
    r.patterns.map((sp) => ({
      label: sp.pattern.description,
      description: `${sp.pattern.category} · ${sp.pattern.modelName} · seen ${sp.pattern.frequency}×`,
      detail: sp.pattern.fixDescription,
      sp,
    })),
    { title: `Relevant patterns (${r.mode})`, matchOnDescription: true, matchOnDetail: true },
  );
  if (picked) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(patternUri(picked.sp.pattern)), { preview: true });
  return r.patterns;
}

async function exportData(s: Services, args?: ExportArgs): Promise<vscode.Uri | undefined> {
  const format =
    args?.format ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'JSON', description: 'every pattern with its occurrences (can be imported again)', format: 'json' as const },
          { label: 'Fine-tuning JSONL', description: 'chat-format training examples for patterns with a known fix', format: 'jsonl' as const },
        ],
        { title: 'Export learned mistakes' },
      )
    )?.format;
  if (!format) throw new UserCancelledError();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = format === 'json' ? 'mistakes-export.json' : 'mistakes-finetune.jsonl';
  const uri =
    args?.uri ??
    (await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'json' ? { JSON: ['json'] } : { 'JSON Lines': ['jsonl'] },
    }));
  if (!uri) throw new UserCancelledError();
  const engine = await s.engineHost.get();
  const text = format === 'json' ? JSON.stringify(await engine.exportJson(), null, 2) : await engine.exportFineTuning();
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  s.logger.info(`exported ${format} to ${uri.toString(true)} (${text.length} chars)`);
  if (!args?.uri) void vscode.window.showInformationMessage(`Mistake Memory: exported to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}

async function importData(s: Services, args?: { uri?: vscode.Uri }): Promise<ImportReport> {
  const uri =
    args?.uri ??
    (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Mistake exports': ['json', 'jsonl'] }, title: 'Import learned mistakes' }))?.[0];
  if (!uri) throw new UserCancelledError();
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > 100 * 1024 * 1024) throw new UserFacingError(`${vscode.workspace.asRelativePath(uri)} is larger than 100 MB.`);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const report = await (await s.engineHost.get()).importData(text);
  s.logger.info(`import ${uri.toString(true)}: ${report.imported} new, ${report.merged} merged, ${report.skipped} skipped, ${report.errors.length} error(s)`);
  for (const e of report.errors.slice(0, 20)) s.logger.warn(`import: ${e}`);
  const msg = `Mistake Memory: imported ${report.imported} new and merged ${report.merged} pattern(s)${report.skipped ? `, skipped ${report.skipped}` : ''}.`;
  if (!args?.uri) {
    if (report.errors.length) {
      void vscode.window.showWarningMessage(`${msg} ${report.errors.length} line(s) could not be read.`, 'Show Log').then((a) => a && s.channel.show());
    } else void vscode.window.showInformationMessage(msg);
  }
  return report;
}

async function clearAll(s: Services, args?: { confirmed?: boolean }): Promise<boolean> {
  const engine = await s.engineHost.get();
  const n = engine.countPatterns({ includeArchived: true });
  if (args?.confirmed !== true) {
    const answer = await vscode.window.showWarningMessage(
      `Delete all ${n} learned mistake pattern(s), their occurrences, vectors and backups?`,
      { modal: true, detail: 'This cannot be undone. Export first to keep a copy.' },
      'Delete Everything',
    );
    if (answer !== 'Delete Everything') throw new UserCancelledError();
  }
  await engine.clear();
  s.logger.info(`cleared the store (${n} pattern(s) deleted)`);
  return true;
}

async function chooseCategories(s: Services, args?: { categories?: readonly string[] }): Promise<readonly Category[]> {
  let chosen: Category[];
  if (args?.categories) chosen = args.categories.filter(isCategory);
  else {
    const current = new Set(s.settings().categories);
    const picked = await vscode.window.showQuickPick(
      CATEGORIES.map((c) => ({ label: c, picked: current.has(c) })),
      { canPickMany: true, title: 'Capture these kinds of mistakes' },
    );
    if (!picked) throw new UserCancelledError();
    chosen = picked.map((p) => p.label);
  }
  await updateSetting('categories', chosen);
  return chosen;
}

/** Syncs every workspace folder; `explicit` when the user asked (then it runs even if auto sync is off). */
export async function syncAll(s: Services, explicit: boolean): Promise<SyncReport[]> {
  const settings = s.settings();
  if (!explicit && !settings.instructionsSync) return [];
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    if (explicit) throw new UserFacingError('open a folder first: instruction files live in the workspace.');
    return [];
  }
  const engine = await s.engineHost.get();
  const reports: SyncReport[] = [];
  for (const f of folders) reports.push(await syncInstructionFiles(engine, settings, f.uri, s.logger));
  if (explicit) {
    const written = reports.flatMap((r) => r.written);
    vscode.window.setStatusBarMessage(`Mistake Memory: ${written.length ? `updated ${written.join(', ')}` : 'instruction files already up to date'}`, 4000);
  }
  return reports;
}

/**
 * Stores the Chroma auth token in SecretStorage (empty input clears it). The engine host hears the
 * change and reopens with the new token. The token is never logged nor shown.
 */
async function setChromaToken(s: Services, args?: { token?: string }): Promise<'set' | 'cleared'> {
  const token =
    args?.token ??
    (await vscode.window.showInputBox({
      title: 'Set Chroma Token',
      prompt: 'Auth token of the Chroma server (Chroma Cloud API key). Kept in VS Code\'s secret storage. Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'ck-…',
    }));
  if (token === undefined) throw new UserCancelledError();
  const value = token.trim();
  if (value) await s.context.secrets.store(CHROMA_TOKEN_SECRET, value);
  else await s.context.secrets.delete(CHROMA_TOKEN_SECRET);
  s.logger.info(`Chroma token ${value ? 'stored' : 'removed'} (secret storage)`);
  if (args?.token === undefined) {
    const hint = s.settings().chromaUrl ? '' : ' Set mistakes.chroma.url to use it.';
    vscode.window.setStatusBarMessage(`Mistake Memory: Chroma token ${value ? 'saved' : 'removed'}.${hint}`, 5000);
  }
  return value ? 'set' : 'cleared';
}

export interface MigrateArgs {
  /** "chroma": the store's vectors to the server; "embedded": the server's vectors into the store. */
  readonly to?: MigrationDirection;
  /** Start over instead of resuming an interrupted run. */
  readonly restart?: boolean;
  readonly batchSize?: number;
}

/** Migrate Vectors…: with a cancellable progress notification; an interrupted run resumes next time. */
async function migrateVectorsCommand(s: Services, args?: MigrateArgs): Promise<{ written: number; skipped: number; cancelled: boolean; resumedFrom: number }> {
  if (!s.settings().chromaUrl) {
    throw new UserFacingError('set mistakes.chroma.url (and, if the server needs one, run "Set Chroma Token…") first: migration copies vectors between this store and a Chroma server.');
  }
  const to =
    args?.to ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'To Chroma', description: 'copy this store\'s vectors to the Chroma server', to: 'chroma' as const },
          { label: 'To embedded', description: 'copy the Chroma server\'s vectors of known patterns into this store', to: 'embedded' as const },
        ],
        { title: 'Migrate Vectors' },
      )
    )?.to;
  if (!to) throw new UserCancelledError();
  const ctx = await s.engineHost.migrationContext();
  if (!ctx.connection || !ctx.chroma) throw new UserFacingError('the Chroma settings could not be used; see the log.');
  if (!ctx.embedderId) throw new UserFacingError('no embedding model is loaded (retrieval is keyword-only), so there are no vectors to migrate.');
  const c = ctx.connection;
  // A longer timeout than the live index: a migration writes large batches.
  const chroma = createChromaIndex(c, { timeoutMs: MIGRATION_CHROMA_TIMEOUT_MS, logger: s.logger });
  const where = to === 'chroma' ? `to Chroma ${chroma.describe().url}` : 'to the embedded index';
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Mistake Memory: migrating vectors ${where}`, cancellable: true },
    async (progress, token) => {
      let last = 0;
      let report;
      try {
        report = await runVectorMigration({
          direction: to,
          store: ctx.store,
          chroma,
          embedderId: ctx.embedderId!,
          live: ctx.chroma!.index,
          flush: () => ctx.engine.flush(),
          batchSize: args?.batchSize,
          restart: args?.restart,
          token,
          onProgress: (p) => {
            const pct = Math.round(p.fraction * 100);
            progress.report({ message: p.message, increment: Math.max(0, pct - last) });
            last = Math.max(last, pct);
          },
        });
      } catch (e) {
        throw new UserFacingError(`the migration stopped (run it again to resume): ${(e as Error).message}`);
      }
      const summary = describeMigration(to, report, chroma.describe());
      s.logger.info(`migrate vectors ${where}: ${summary}`);
      if (args?.to === undefined) {
        if (report.cancelled) void vscode.window.showInformationMessage(`Mistake Memory: ${summary}`);
        else if (to === 'embedded') {
          void vscode.window
            .showInformationMessage(`Mistake Memory: ${summary} To stop using Chroma, clear mistakes.chroma.url.`, 'Use Embedded Only')
            .then((a) => (a ? updateSetting('chromaUrl', '') : undefined));
        } else void vscode.window.showInformationMessage(`Mistake Memory: ${summary}`);
      }
      return { written: report.written, skipped: report.skipped, cancelled: report.cancelled, resumedFrom: report.resumedFrom };
    },
  );
}
