/**
 * What each agent hook event (Claude Code, VS Code / Copilot agent mode) does with the memory. Platform-neutral: the CLI reads stdin and
 * the transcript file and passes them in; nothing here touches the file system or the process.
 */
import { detectCorrectionCandidate, isTestCommand, testOutputCandidates } from '../capture/entry';
import { type Pattern, UNATTRIBUTED_MODEL } from '../core/types';
import { INJECTION_DEFAULTS, injectFor, type InjectionOutcome, injectPatterns, newRequestId } from '../engine/inject';
import type { MistakeMemory } from '../engine/engineApi';
import { fileBaseName, languageOfPath, patternsForFiles, patternsForSession } from './fileContext';
import { channelOf, type HookEvent, type HookPayload } from './payload';
import { lastAssistantTurn, lastModel, lastUserTurn, parseTranscript, toolResult, type TranscriptEntry } from './transcript';

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
  /** Epoch ms (tests pin it). */
  readonly now?: () => number;
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

/** Opens the memory for an event that has work; undefined when tracking is off (then nothing runs). */
async function openTracked(deps: HookDeps): Promise<MistakeMemory | undefined> {
  const memory = await deps.open();
  await memory.refresh();
  return memory.trackingEnabled ? memory : undefined;
}

/** Collects query results by id: the candidate sets below are unions of small, indexed queries. */
function union(lists: readonly Pattern[][]): Pattern[] {
  const byId = new Map<number, Pattern>();
  for (const list of lists) for (const p of list) byId.set(p.id, p);
  return [...byId.values()];
}

/**
 * What the session ranking can choose from, without reading every pattern (a hook runs in a fresh
 * process on every event, on stores of 10k patterns and more): always-inject ones, this workspace's,
 * the highest by priority (always-inject, severity, frequency) and the most recent. Review-pending patterns and categories the
 * person turned off stay out, as in retrieval.
 */
function sessionCandidates(memory: MistakeMemory, project: readonly Pattern[]): Pattern[] {
  const base = { categories: memory.enabledCategories, pendingReview: false } as const;
  return union([
    [...project],
    memory.listPatterns({ ...base, orderBy: 'priority', descending: true, limit: 120 }),
    memory.listPatterns({ ...base, orderBy: 'lastSeen', descending: true, limit: 60 }),
  ]);
}

/** The patterns that can match the files an edit touches: by file name in contexts or text, and by language. */
function fileCandidates(memory: MistakeMemory, paths: readonly string[]): Pattern[] {
  const base = { categories: memory.enabledCategories, pendingReview: false } as const;
  const lists: Pattern[][] = [];
  const languages = new Set<string>();
  for (const path of paths.slice(0, 5)) {
    const name = fileBaseName(path).toLowerCase();
    if (name) lists.push(memory.listPatterns({ ...base, context: name, orderBy: 'frequency', descending: true, limit: 60 }));
    if (name.length > 3) lists.push(memory.listPatterns({ ...base, text: name, orderBy: 'frequency', descending: true, limit: 60 }));
    const language = languageOfPath(path);
    if (language) languages.add(language);
  }
  if (languages.size) lists.push(memory.listPatterns({ ...base, languages: [...languages], orderBy: 'priority', descending: true, limit: 100 }));
  return union(lists);
}

/** VS Code reads `continue`; Claude Code's existing output stays exactly as it was. */
function contextOutput(p: HookPayload, event: HookEvent, text: string): string {
  const specific = { hookEventName: event, additionalContext: text };
  const out = p.harness === 'vscode' ? { continue: true, hookSpecificOutput: specific } : { hookSpecificOutput: specific };
  return JSON.stringify(out) + '\n';
}

/** The injection budget of one event: the person's settings, capped where an event needs less. */
function budgetOf(p: HookPayload, event: string, deps: HookDeps, cap?: { k: number; maxChars: number }) {
  const k = deps.k ?? INJECTION_DEFAULTS.k;
  const maxChars = deps.maxChars ?? INJECTION_DEFAULTS.maxChars;
  return {
    channel: 'hook',
    // The channel and the session in the request id: the dashboard can tell where lessons were given.
    requestId: newRequestId(`${channelOf(p.harness)}-${event}`, p.sessionId?.replace(/[^\w.-]/g, '').slice(0, 40)),
    k: cap ? Math.min(k, cap.k) : k,
    maxPatterns: cap ? Math.min(k, cap.k) : k,
    maxChars: cap ? Math.min(maxChars, cap.maxChars) : maxChars,
    // A hook runs in a short-lived process: the note is written before it exits.
    flush: true,
  } as const;
}

function injectedNote(outcome: InjectionOutcome, what: string): string {
  // The context is still worth giving when only the bookkeeping failed.
  return `added ${outcome.included.length} pattern(s)${what}` + (outcome.noteError ? ` (injection not noted: ${outcome.noteError})` : '');
}

/**
 * UserPromptSubmit from VS Code: the prompt itself may correct the previous answer ("no, use
 * parameterized queries"); the previous assistant turn and the model come from the transcript when
 * it has them. VS Code shows `systemMessage` to the person, so a recorded lesson is visible.
 */
async function onVsCodePrompt(p: HookPayload, prompt: string, deps: HookDeps): Promise<HookResult> {
  const entries = await transcriptOf(p, deps);
  const previous = lastAssistantTurn(entries);
  const model = modelFor(entries, deps, previous.model);
  // Uncertain-band prompts go to the review queue (pending, never injected until accepted).
  const { candidate, confidence } = detectCorrectionCandidate(prompt, previous.text, { model, projectPath: p.cwd });
  if (!candidate) return nothing(`not a correction (p=${confidence})`);
  const memory = await openTracked(deps);
  if (!memory) return nothing('tracking is off');
  const outcome = await memory.record({ ...candidate, channel: channelOf(p.harness) });
  if (!outcome.stored) return nothing(`correction not recorded: ${outcome.reason}`);
  await memory.flush();
  const said = candidate.reviewPending ? 'queued a possible lesson for review' : 'recorded a lesson';
  const out = { continue: true, systemMessage: `Mistake Memory ${said} (#${outcome.pattern.id}): ${outcome.pattern.description}`.slice(0, 300) };
  return { stdout: JSON.stringify(out) + '\n', note: `recorded correction #${outcome.pattern.id} for ${model}`, recorded: 1 };
}

/** UserPromptSubmit: the relevant patterns, as the context Claude Code adds to the prompt. */
async function onPrompt(p: HookPayload, deps: HookDeps): Promise<HookResult> {
  const prompt = p.prompt?.trim();
  if (!prompt) return nothing('no prompt in the payload');
  // A slash command or a one-word reply carries no task to match.
  if (prompt.startsWith('/') && !prompt.includes(' ')) return nothing('slash command, nothing to look up');
  if (p.harness === 'vscode') return onVsCodePrompt(p, prompt, deps);
  const memory = await openTracked(deps);
  if (!memory) return nothing('tracking is off');
  const entries = await transcriptOf(p, deps);
  const model = modelFor(entries, deps);
  const outcome = await injectFor(memory, prompt.slice(0, 4000), { ...budgetOf(p, 'prompt', deps), model });
  if (!outcome.included.length) return nothing('no relevant patterns');
  return { stdout: contextOutput(p, 'UserPromptSubmit', outcome.text), note: injectedNote(outcome, ''), recorded: 0 };
}

/** SessionStart / SubagentStart: the top patterns for this workspace as the session's context. */
async function onSessionStart(event: HookEvent, p: HookPayload, deps: HookDeps): Promise<HookResult> {
  const memory = await openTracked(deps);
  if (!memory) return nothing('tracking is off');
  const budget = budgetOf(p, event, deps);
  // This workspace's patterns (an occurrence recorded here), the most frequent first.
  const project = p.cwd ? memory.listPatterns({ categories: memory.enabledCategories, pendingReview: false, projectPath: p.cwd, orderBy: 'frequency', descending: true, limit: 200 }) : [];
  const projectIds = new Set(project.map((x) => x.id));
  const chosen = patternsForSession(sessionCandidates(memory, project), { k: budget.k, projectPatternIds: projectIds, now: (deps.now ?? Date.now)() });
  const outcome = await injectPatterns(memory, chosen, { ...budget, model: deps.fallbackModel });
  if (!outcome.included.length) return nothing('no patterns stored');
  return { stdout: contextOutput(p, event, outcome.text), note: injectedNote(outcome, ''), recorded: 0 };
}

/** PreToolUse on a file edit: the patterns about that file (name, language, category), or nothing. */
async function onPreToolUse(p: HookPayload, deps: HookDeps): Promise<HookResult> {
  if (p.toolKind !== 'edit') return nothing(`tool ${p.toolName ?? '(none)'} does not edit files`);
  if (!p.filePaths.length) return nothing('no file path in the tool input');
  const memory = await openTracked(deps);
  if (!memory) return nothing('tracking is off');
  // Before an edit the agent is mid-task: a few patterns about this file, in a smaller block.
  const budget = budgetOf(p, 'edit', deps, { k: 4, maxChars: 1500 });
  const matches = patternsForFiles(fileCandidates(memory, p.filePaths), p.filePaths, budget.k);
  if (!matches.length) return nothing('no patterns for this file');
  const outcome = await injectPatterns(memory, matches.map((m) => m.pattern), { ...budget, model: deps.fallbackModel });
  if (!outcome.included.length) return nothing('no patterns fit the budget');
  return { stdout: contextOutput(p, 'PreToolUse', outcome.text), note: injectedNote(outcome, ` for ${p.filePaths[0]}`), recorded: 0 };
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
  if (p.toolName && p.toolKind !== 'shell') return nothing(`tool ${p.toolName} is not a shell`);
  if (!isTestCommand(p.command)) return nothing('not a test command');
  if (p.interrupted) return nothing('the command was interrupted');
  const entries = await transcriptOf(p, deps);
  const text = outputOf(p, entries);
  if (!text.trim()) return nothing('no output to parse');
  const model = modelFor(entries, deps);
  // The same entry as the VS Code terminal watcher: same candidates, signatures and counters.
  const { format, items } = testOutputCandidates(text, { model, projectPath: p.cwd }, { max: deps.maxFailures ?? 50 });
  if (!items.length) return nothing(format === 'unknown' ? 'no test report recognised in the output' : `no failures in the ${format} output`);
  const memory = await openTracked(deps);
  if (!memory) return nothing('tracking is off');
  let recorded = 0;
  for (const { candidate } of items) {
    const outcome = await memory.record({ ...candidate, channel: channelOf(p.harness) });
    if (outcome.stored) recorded++;
  }
  if (recorded) await memory.flush();
  return { stdout: '', note: `recorded ${recorded} of ${items.length} ${format} failure(s) for ${model}`, recorded };
}

/** Stop: the person's last message, when it corrects the assistant, becomes a lesson. */
async function onStop(p: HookPayload, deps: HookDeps): Promise<HookResult> {
  if (p.stopHookActive) return nothing('stop hook already active');
  // VS Code: corrections are caught at UserPromptSubmit, from the prompt itself.
  if (p.harness === 'vscode') return nothing('corrections are read at UserPromptSubmit');
  const entries = await transcriptOf(p, deps);
  const turn = lastUserTurn(entries);
  if (!turn) return nothing('no user message in the transcript');
  const model = modelFor(entries, deps, turn.previousModel);
  // Uncertain-band messages are recorded for review (pending, never injected until accepted).
  const { candidate, confidence } = detectCorrectionCandidate(turn.text, turn.previous, { model, projectPath: p.cwd });
  if (!candidate) return nothing(`not a correction (p=${confidence})`);
  const memory = await openTracked(deps);
  if (!memory) return nothing('tracking is off');
  const outcome = await memory.record({ ...candidate, channel: channelOf(p.harness) });
  if (!outcome.stored) return nothing(`correction not recorded: ${outcome.reason}`);
  await memory.flush();
  return { stdout: '', note: `recorded correction #${outcome.pattern.id} for ${model}: ${outcome.pattern.description}`, recorded: 1 };
}

export async function handleHook(event: HookEvent, payload: HookPayload, deps: HookDeps): Promise<HookResult> {
  switch (event) {
    case 'SessionStart':
    case 'SubagentStart':
      return onSessionStart(event, payload, deps);
    case 'PreToolUse':
      return onPreToolUse(payload, deps);
    case 'PreCompact':
    case 'SubagentStop':
      return nothing(`${event}: nothing to do`);
    case 'UserPromptSubmit':
      return onPrompt(payload, deps);
    case 'PostToolUse':
    case 'PostToolUseFailure':
      return onToolResult(payload, deps);
    case 'Stop':
      return onStop(payload, deps);
  }
}
