import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { type Candidate, isCategory, isSeverity } from '../../core/types';
import { injectFor } from '../../engine/inject';
import type { MistakeMemory } from '../../engine/engineApi';
import type { CaptureSink } from '../../host/capture/captureSink';
import type { MistakeSettings } from '../config';

export const FIND_RELEVANT_TOOL = 'mistakes_findRelevant';
export const RECORD_MISTAKE_TOOL = 'mistakes_recordMistake';

export interface FindRelevantInput {
  readonly task: string;
  readonly model?: string;
  readonly maxResults?: number;
}

export interface RecordMistakeInput {
  readonly description: string;
  readonly category?: string;
  readonly severity?: string;
  readonly errorMessage?: string;
  readonly badCode?: string;
  readonly fix?: string;
  readonly goodCode?: string;
  readonly filePath?: string;
  readonly model?: string;
}

export interface ToolDeps {
  readonly engine: () => Promise<MistakeMemory>;
  readonly sink: CaptureSink;
  readonly settings: () => MistakeSettings;
  readonly logger: Logger;
}

const text = (s: string): vscode.LanguageModelToolResult => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(s)]);

class FindRelevantTool implements vscode.LanguageModelTool<FindRelevantInput> {
  constructor(private readonly deps: ToolDeps) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<FindRelevantInput>): vscode.PreparedToolInvocation {
    return { invocationMessage: `Looking up mistakes learned for "${String(options.input.task ?? '').slice(0, 60)}"` };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<FindRelevantInput>): Promise<vscode.LanguageModelToolResult> {
    const task = typeof options.input.task === 'string' ? options.input.task.slice(0, 4000) : '';
    if (!task.trim()) return text('Give a short description of the task in "task".');
    const s = this.deps.settings();
    const engine = await this.deps.engine();
    const k = Math.min(20, Math.max(1, Math.round(Number(options.input.maxResults) || s.retrievalK)));
    const injection = await injectFor(engine, task, {
      channel: 'tool',
      model: typeof options.input.model === 'string' ? options.input.model.slice(0, 200) : undefined,
      k,
      minSimilarity: s.retrievalMinSimilarity,
      categories: s.categories,
      maxPatterns: Math.min(k, s.injectionMaxPatterns),
      maxChars: s.injectionMaxChars,
    });
    if (!injection.included.length) return text('No previously seen mistakes match this task.');
    if (injection.noteError) this.deps.logger.warn(`tool ${FIND_RELEVANT_TOOL}: could not note the injection: ${injection.noteError}`);
    this.deps.logger.info(`tool ${FIND_RELEVANT_TOOL}: ${injection.included.length} pattern(s) for "${task.slice(0, 60)}"`);
    return text(injection.text);
  }
}

class RecordMistakeTool implements vscode.LanguageModelTool<RecordMistakeInput> {
  constructor(private readonly deps: ToolDeps) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<RecordMistakeInput>): vscode.PreparedToolInvocation {
    const i = options.input;
    const md = new vscode.MarkdownString();
    md.appendText(`Remember this mistake so it is avoided next time?\n\n${String(i.description ?? '').slice(0, 300)}`);
    if (i.fix) md.appendText(`\n\nFix: ${String(i.fix).slice(0, 300)}`);
    return { invocationMessage: 'Recording a mistake', confirmationMessages: { title: 'Record mistake', message: md } };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<RecordMistakeInput>): Promise<vscode.LanguageModelToolResult> {
    const i = options.input;
    const description = typeof i.description === 'string' ? i.description.trim().slice(0, 500) : '';
    if (!description) return text('Nothing recorded: "description" is required.');
    const c: Candidate = {
      description,
      category: isCategory(i.category) ? i.category : 'logic',
      severity: isSeverity(i.severity) ? i.severity : 'minor',
      source: 'tool',
      errorMessage: str(i.errorMessage, 2000),
      codeSnippet: str(i.badCode, 2000),
      fixDescription: str(i.fix, 1000),
      goodSnippet: str(i.goodCode, 2000),
      filePath: str(i.filePath, 500),
      model: str(i.model, 100),
    };
    const outcome = await this.deps.sink.record(c, 'tool');
    if (!outcome?.stored) return text(`Not recorded (${outcome && !outcome.stored ? outcome.reason : 'skipped'}).`);
    return text(`Recorded as pattern #${outcome.pattern.id} (${outcome.created ? 'new' : `seen ${outcome.pattern.frequency} times`}).`);
  }
}

function str(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined;
}

export function registerTools(deps: ToolDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.lm.registerTool(FIND_RELEVANT_TOOL, new FindRelevantTool(deps)),
    vscode.lm.registerTool(RECORD_MISTAKE_TOOL, new RecordMistakeTool(deps)),
  );
}
