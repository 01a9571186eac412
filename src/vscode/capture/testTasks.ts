import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { Candidate } from '../../core/types';
import type { CaptureSink } from '../../host/capture/captureSink';
import { isTestCommand } from '../../host/capture/terminalOutput';

/**
 * Task end events: the API gives the exit code but not the output, so a failed test task is logged and
 * its reports are left to the JUnit watcher (tasks that run in a terminal with shell integration are
 * also seen by the terminal capture).
 */
export function watchTestTasks(logger: Logger, onFailedTestTask: (name: string) => void): vscode.Disposable {
  return vscode.tasks.onDidEndTaskProcess((e) => {
    const task = e.execution.task;
    const exec = task.execution;
    const line = exec instanceof vscode.ShellExecution ? (exec.commandLine ?? String(exec.command ?? '')) : exec instanceof vscode.ProcessExecution ? [exec.process, ...exec.args].join(' ') : '';
    const isTest = task.group?.id === vscode.TaskGroup.Test.id || isTestCommand(line) || /\btest/i.test(task.name);
    if (!isTest || e.exitCode === 0 || e.exitCode === undefined) return;
    logger.info(`test task "${task.name}" failed (exit ${e.exitCode})`);
    onFailedTestTask(task.name);
  });
}

/** The shape of the proposed `testObserver` API that we read; declared here because we never enable the proposal. */
interface TestResultsApi {
  readonly onDidChangeTestResults: vscode.Event<void>;
  readonly testResults: ReadonlyArray<{
    readonly completedAt: number;
    readonly results: ReadonlyArray<TestSnapshot>;
  }>;
}
interface TestSnapshot {
  readonly id: string;
  readonly label: string;
  readonly uri?: vscode.Uri;
  readonly taskStates: ReadonlyArray<{ readonly state: number; readonly messages: ReadonlyArray<{ readonly message: string | vscode.MarkdownString; readonly location?: vscode.Location }> }>;
  readonly children: ReadonlyArray<TestSnapshot>;
}

/**
 * Uses the proposed test-results observer when this VS Code exposes it to us; the property throws or
 * is missing otherwise, which is the normal case for a published extension.
 */
export function watchTestObserver(sink: CaptureSink, logger: Logger): vscode.Disposable | undefined {
  let api: TestResultsApi | undefined;
  try {
    const t = vscode.tests as unknown as Partial<TestResultsApi>;
    if (t.onDidChangeTestResults && Array.isArray(t.testResults)) api = t as TestResultsApi;
  } catch {
    return undefined;
  }
  if (!api) return undefined;
  const observed = api;
  let lastCompleted = 0;
  logger.info('test results observer available: learning from test runs in the Testing view');
  return observed.onDidChangeTestResults(() => {
    const run = observed.testResults[0];
    if (!run || run.completedAt <= lastCompleted || !sink.enabled) return;
    lastCompleted = run.completedAt;
    const failed: TestSnapshot[] = [];
    const walk = (s: TestSnapshot): void => {
      if (failed.length >= 200) return;
      // TestResultState.Failed = 4, Errored = 6
      if (s.taskStates.some((ts) => ts.state === 4 || ts.state === 6)) failed.push(s);
      s.children.forEach(walk);
    };
    run.results.forEach(walk);
    for (const s of failed) {
      const msg = s.taskStates.flatMap((ts) => ts.messages).map((m) => (typeof m.message === 'string' ? m.message : m.message.value))[0] ?? 'Test failed';
      const c: Candidate = {
        description: `Test "${s.label}" fails: ${msg.split('\n')[0]?.slice(0, 160) ?? ''}`,
        category: 'test',
        severity: 'major',
        source: 'test',
        errorMessage: msg.slice(0, 2000),
        testId: s.id,
        filePath: s.uri ? vscode.workspace.asRelativePath(s.uri, false) : undefined,
      };
      void sink.record(c, 'testObserver').catch((e: unknown) => logger.error(`test observer: ${String(e)}`));
    }
  });
}
