/**
 * What each Claude Code hook event does with the memory. Platform-neutral: the CLI reads stdin and
 * the transcript file and passes them in; nothing here touches the file system or the process.
 */
import { correctionToCandidate, detectCorrection } from '../capture/chatCorrection';
import { parseTestOutput, toCandidate } from '../capture/testOutput';
import type { TestFailure } from '../capture/testOutput';
import { UNATTRIBUTED_MODEL } from '../core/types';
import type { MistakeMemory } from '../engineApi';
import type { HookEvent, HookPayload } from './payload';
import { isTestCommand } from './testCommand';
import { lastModel, lastUserTurn, parseTranscript, toolResult, type TranscriptEntry } from './transcript';

export interface HookDeps {
  /** Opens the memory; called only when an event has work to do (most Bash calls are not tests). */
  readonly open: () => Promise<MistakeMemory>;
  /** Reads the end of the transcript (undefined when it cannot be read); `cut` when not from the start. */
  readonly readTranscript?: (path: string) => Promise<{ text: string; cut: boolean } | undefined>;
  /** Used when the transcript names no model (`--model`, $MISTAKES_MODEL, $ANTHROPIC_MODEL). */
  readonly fallbackModel?: string;
  readonly k?: number;
  readonly maxChars?: number;
  /** Most failures recorded from one test run (a broken build can fail thousands of tests). */
  readonly maxFailures?: number;
}

export interface HookResult {
  /** What to print on stdout (Claude Code reads it as the hook's output); empty for nothing. */
  readonly stdout: string;
  /** One line for stderr: what was done or why not. */
  readonly note: string;
  readonly recorded: number;
}

const nothing = (note: string): HookResult => ({ stdout: '', note, recorded: 0 });

async function transcriptOf(p: HookPayload, deps: HookDeps): Promise<TranscriptEntry[]> {
  if (!p.transcriptPath || !deps.readTranscript) return [];
  const t = await deps.readTranscript(p.transcriptPath);
  return t ? parseTranscript(t.text, { fromMiddle: t.cut }) : [];
}

function modelFor(entries: readonly TranscriptEntry[], deps: HookDeps, preferred?: string): string {
  return preferred || lastModel(entries) || deps.fallbackModel || UNATTRIBUTED_MODEL;
}

/** UserPromptSubmit: the relevant patterns, as the context Claude Code adds to the prompt. */
async function onPrompt(p: HookPayload, deps: HookDeps): Promise<HookResult> {
  const prompt = p.prompt?.trim();
  if (!prompt) return nothing('no prompt in the payload');
  // A slash command or a one-word reply carries no task to match.
  if (prompt.startsWith('/') && !prompt.includes(' ')) return nothing('slash command, nothing to look up');
  const memory = await deps.open();
  await memory.refresh();
  const entries = await transcriptOf(p, deps);
  const model = modelFor(entries, deps);
  const k = deps.k ?? 6;
  const { patterns } = await memory.retrieve(prompt.slice(0, 4000), { model: model === UNATTRIBUTED_MODEL ? undefined : model, k });
  const injection = memory.buildInjection(patterns, { maxPatterns: k, maxChars: deps.maxChars ?? 2000 });
  if (!injection.included.length) return nothing('no relevant patterns');
  let note = `added ${injection.included.length} pattern(s)`;
  try {
    // Effectiveness: a pattern that recurs after this injection did not help.
    await memory.noteInjection(`claude-${p.sessionId ?? 'session'}-${Date.now().toString(36)}`, injection.included, model);
    await memory.flush();
  } catch (e) {
    // The context is still worth giving; only the bookkeeping is lost.
    note += ` (injection not noted: ${(e as Error).message})`;
  }
  const output = { hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: injection.text } };
  return { stdout: JSON.stringify(output) + '\n', note, recorded: 0 };
}

/** Some agents wrap the output ("Exit code 1\n..."); the parsers skip lines they do not know. */
function outputOf(p: HookPayload, entries: readonly TranscriptEntry[]): string {
  const direct = [p.stdout, p.stderr, p.error].filter((s): s is string => !!s && s.length > 0).join('\n');
  const recorded = p.toolUseId ? toolResult(entries, p.toolUseId) : undefined;
  // A failure's error string can be a bare "exited with 1"; the transcript holds the whole output.
  return recorded && recorded.length > direct.length ? recorded : direct;
}

/** PostToolUse / PostToolUseFailure on Bash: failures of a test command become patterns. */
async function onToolResult(p: HookPayload, deps: HookDeps): Promise<HookResult> {
  if (p.toolName && p.toolName !== 'Bash') return nothing(`tool ${p.toolName} is not a shell`);
  if (!isTestCommand(p.command)) return nothing('not a test command');
  if (p.interrupted) return nothing('the command was interrupted');
  const entries = await transcriptOf(p, deps);
  const text = outputOf(p, entries);
  if (!text.trim()) return nothing('no output to parse');
  const { format, failures } = parseTestOutput(text);
  const real = failures.filter((f: TestFailure) => !f.aggregate).slice(0, deps.maxFailures ?? 50);
  if (!real.length) return nothing(format === 'unknown' ? 'no test report recognised in the output' : `no failures in the ${format} output`);
  const memory = await deps.open();
  await memory.refresh();
  const model = modelFor(entries, deps);
  let recorded = 0;
  for (const f of real) {
    // Source stays 'test': same signature and counters as failures captured in VS Code or the CLI.
    const outcome = await memory.record(toCandidate(f, { model, projectPath: p.cwd }));
    if (outcome.stored) recorded++;
  }
  if (recorded) await memory.flush();
  return { stdout: '', note: `recorded ${recorded} of ${real.length} ${format} failure(s) for ${model}`, recorded };
}

/** Stop: the person's last message, when it corrects the assistant, becomes a lesson. */
async function onStop(p: HookPayload, deps: HookDeps): Promise<HookResult> {
  if (p.stopHookActive) return nothing('stop hook already active');
  const entries = await transcriptOf(p, deps);
  const turn = lastUserTurn(entries);
  if (!turn) return nothing('no user message in the transcript');
  const result = detectCorrection(turn.text, turn.previous);
  // Uncertain-band messages are recorded for review (pending, never injected until accepted).
  if (!result.isCorrection && !result.uncertain) return nothing(`not a correction (p=${result.confidence})`);
  const model = modelFor(entries, deps, turn.previousModel);
  const memory = await deps.open();
  await memory.refresh();
  const candidate = correctionToCandidate(result, { text: turn.text, previous: turn.previous, model, projectPath: p.cwd });
  const outcome = await memory.record(candidate);
  if (!outcome.stored) return nothing(`correction not recorded: ${outcome.reason}`);
  await memory.flush();
  return { stdout: '', note: `recorded correction #${outcome.pattern.id} for ${model}: ${outcome.pattern.description}`, recorded: 1 };
}

export async function handleHook(event: HookEvent, payload: HookPayload, deps: HookDeps): Promise<HookResult> {
  switch (event) {
    case 'UserPromptSubmit':
      return onPrompt(payload, deps);
    case 'PostToolUse':
    case 'PostToolUseFailure':
      return onToolResult(payload, deps);
    case 'Stop':
      return onStop(payload, deps);
  }
}
