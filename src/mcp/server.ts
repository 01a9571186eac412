/**
 * The MCP face of the memory: the same engine and store as the extension and the CLI, reached by any
 * MCP client (VS Code agent mode, Claude Code, Cursor...). Platform-neutral: the transport (stdio in
 * the CLI) is connected by the caller.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { categorizeError } from '../capture/categorize';
import type { Logger } from '../core/ports';
import { nullLogger } from '../core/ports';
import { CATEGORIES, type Candidate, type Category, type Pattern, type ScoredPattern, SEVERITIES } from '../core/types';
import { INJECTION_DEFAULTS, injectFor, injectPatterns } from '../engine/inject';
import type { MistakeMemory } from '../engine/engineApi';

export const MCP_SERVER_NAME = 'mistake-memory';
export const TOP_PATTERNS_URI = 'mistakes://patterns/top';
export const AVOID_PROMPT = 'avoid-mistakes';
export const TOOL_NAMES = { find: 'find_relevant_mistakes', record: 'record_mistake', list: 'list_patterns' } as const;

export interface McpServerOptions {
  readonly version?: string;
  readonly logger?: Logger;
  /** Patterns in the top-patterns resource and the prompt without a task (default 10). */
  readonly topCount?: number;
  /** Character budget of an injection block (default: INJECTION_DEFAULTS.maxChars, as in VS Code). */
  readonly maxChars?: number;
}

/** What tools return about a pattern: enough to act on, nothing the agent cannot use. */
export interface PatternSummary {
  readonly id: number;
  readonly description: string;
  readonly fix?: string;
  readonly category: Category;
  readonly severity: string;
  readonly model: string;
  readonly frequency: number;
  readonly lastSeen: string;
  readonly score?: number;
}

export function summarize(p: Pattern, score?: number): PatternSummary {
  return {
    id: p.id,
    description: p.description,
    ...(p.fixDescription ? { fix: p.fixDescription } : {}),
    category: p.category,
    severity: p.severity,
    model: p.modelName,
    frequency: p.frequency,
    lastSeen: new Date(p.lastSeen).toISOString(),
    ...(score === undefined ? {} : { score: Math.round(score * 10_000) / 10_000 }),
  };
}

const patternShape = {
  id: z.number(),
  description: z.string(),
  fix: z.string().optional(),
  category: z.string(),
  severity: z.string(),
  model: z.string(),
  frequency: z.number(),
  lastSeen: z.string(),
  score: z.number().optional(),
};

const MAX_TEXT = 20_000;
const optionalText = (max: number, description: string) => z.string().max(max).optional().describe(description);

/** Runs tool bodies one at a time: a refresh must not interleave with another request's write. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
  /** Resolves when everything queued so far has finished. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}

export interface MistakeMcpServer {
  readonly server: McpServer;
  /** Resolves when no request is being served (call before closing the memory). */
  idle(): Promise<void>;
}

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Builds the server with its tools, the top-patterns resource and the avoid-mistakes prompt. Every
 * read refreshes from the store first (other windows and the CLI write to it); every write is
 * flushed at once. Failures become tool errors (`isError: true`); nothing here throws at the client.
 */
export function createMistakeMcpServer(memory: MistakeMemory, opts: McpServerOptions = {}): MistakeMcpServer {
  const logger = opts.logger ?? nullLogger;
  const topCount = opts.topCount ?? 10;
  const maxChars = opts.maxChars ?? INJECTION_DEFAULTS.maxChars;
  const serial = new Serial();

  const server = new McpServer(
    { name: MCP_SERVER_NAME, version: opts.version ?? '0.0.0' },
    {
      instructions:
        'Mistake Memory remembers mistakes coding assistants made before (failing tests, scanner findings, user corrections). ' +
        `Call ${TOOL_NAMES.find} with a one-sentence description of the task BEFORE writing code, and follow the guidance. ` +
        `Call ${TOOL_NAMES.record} when you notice, or the user points out, a mistake you made.`,
    },
  );

  const refresh = async () => {
    try {
      await memory.refresh();
    } catch (e) {
      // A stale view is better than no answer: the next request refreshes again.
      logger.warn(`Could not refresh the store: ${(e as Error).message}`);
    }
  };

  /** Wraps a tool body: serialized, and any failure reported as a tool error. */
  const guarded = (name: string, fn: () => Promise<CallToolResult>): Promise<CallToolResult> =>
    serial.run(async () => {
      try {
        return await fn();
      } catch (e) {
        logger.error(`${name} failed: ${(e as Error).message}`);
        return toolError(`${name} failed: ${(e as Error).message}`);
      }
    });

  const topPatterns = (): Pattern[] => memory.listPatterns({ orderBy: 'frequency', descending: true, limit: topCount });

  server.registerTool(
    TOOL_NAMES.find,
    {
      title: 'Find relevant mistakes',
      description:
        'Returns mistakes AI assistants made before in this user\'s projects that are relevant to a task, with how to avoid them. ' +
        'Call it before writing or changing code, with a one-sentence description of the task (language, framework and API names help).',
      inputSchema: {
        task: z.string().trim().min(1).max(MAX_TEXT).describe('What you are about to do, e.g. "add an async FastAPI endpoint that queries Postgres".'),
        model: optionalText(200, 'Your model name if known (e.g. "claude-sonnet-4"), to prefer mistakes recorded for you.'),
        k: z.number().int().min(1).max(50).optional().describe('At most this many patterns (default 8).'),
      },
      outputSchema: { mode: z.string(), text: z.string(), patterns: z.array(z.object(patternShape)) },
      annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ task, model, k }) =>
      guarded(TOOL_NAMES.find, async () => {
        await refresh();
        const limit = k ?? INJECTION_DEFAULTS.k;
        const injection = await injectFor(memory, task, { channel: 'mcp', model, k: limit, maxPatterns: limit, maxChars, flush: true });
        // The answer is still worth giving; only the bookkeeping is lost.
        if (injection.noteError) logger.warn(`Could not note the injection: ${injection.noteError}`);
        const { mode, patterns: chosen } = injection;
        const text = injection.text || 'No relevant mistakes recorded for this task.';
        return {
          content: [{ type: 'text', text }],
          structuredContent: { mode, text: injection.text, patterns: chosen.map((s: ScoredPattern) => summarize(s.pattern, s.score)) },
        };
      }),
  );

  server.registerTool(
    TOOL_NAMES.record,
    {
      title: 'Record a mistake',
      description:
        'Records a mistake you (the assistant) made so it is avoided in future requests: when the user corrects you, when a test or ' +
        'scanner fails because of code you wrote, or when you fix your own error. Give one actionable line saying what to do instead. ' +
        'Secrets in the text are redacted before storage.',
      inputSchema: {
        description: z.string().trim().min(1).max(2000).describe('One actionable line, e.g. "Await database calls inside async endpoints".'),
        error: optionalText(MAX_TEXT, 'The error or failure message, if any.'),
        snippet: optionalText(MAX_TEXT, 'The offending code (a few lines).'),
        fix: optionalText(4000, 'How it was fixed, or what to do instead.'),
        model: optionalText(200, 'Your model name, if known.'),
        category: z.enum(CATEGORIES).optional().describe('Kind of mistake; guessed from the text when absent.'),
        severity: z.enum(SEVERITIES).optional().describe('Default "major".'),
        file: optionalText(1000, 'Project-relative file where it happened.'),
        language: optionalText(50, 'Programming language, e.g. "python".'),
      },
      outputSchema: {
        stored: z.boolean(),
        created: z.boolean().optional(),
        patternId: z.number().optional(),
        frequency: z.number().optional(),
        reason: z.string().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      guarded(TOOL_NAMES.record, async () => {
        await refresh();
        const candidate: Candidate = {
          description: args.description,
          category: args.category ?? guessCategory(args.description, args.error),
          severity: args.severity ?? 'major',
          source: 'tool',
          ...(args.error ? { errorMessage: args.error } : {}),
          ...(args.snippet ? { codeSnippet: args.snippet } : {}),
          ...(args.fix ? { fixDescription: args.fix } : {}),
          ...(args.model ? { model: args.model } : {}),
          ...(args.file ? { filePath: args.file } : {}),
          ...(args.language ? { language: args.language } : {}),
        };
        const outcome = await memory.record(candidate);
        if (!outcome.stored) {
          return {
            content: [{ type: 'text', text: `Not recorded: ${outcome.reason === 'tracking-off' ? 'tracking is turned off' : outcome.reason === 'category-off' ? `category "${candidate.category}" is not tracked` : 'empty description'}.` }],
            structuredContent: { stored: false, reason: outcome.reason },
          };
        }
        await memory.flush();
        const p = outcome.pattern;
        return {
          content: [{ type: 'text', text: `${outcome.created ? 'Recorded new pattern' : 'Seen again:'} #${p.id} (${p.frequency}×): ${p.description}` }],
          structuredContent: { stored: true, created: outcome.created, patternId: p.id, frequency: p.frequency },
        };
      }),
  );

  server.registerTool(
    TOOL_NAMES.list,
    {
      title: 'List learned mistake patterns',
      description: 'Lists stored mistake patterns, most frequent first, optionally for one model or category.',
      inputSchema: {
        model: optionalText(200, 'Only patterns recorded for this model.'),
        category: z.enum(CATEGORIES).optional(),
        limit: z.number().int().min(1).max(200).optional().describe('Default 20.'),
      },
      outputSchema: { total: z.number(), patterns: z.array(z.object(patternShape)) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ model, category, limit }) =>
      guarded(TOOL_NAMES.list, async () => {
        await refresh();
        const query = { models: model ? [model] : undefined, categories: category ? [category] : undefined };
        const patterns = memory.listPatterns({ ...query, orderBy: 'frequency', descending: true, limit: limit ?? 20 });
        const total = memory.countPatterns(query);
        const text = patterns.length
          ? patterns.map((p) => `#${p.id} ${p.frequency}× [${p.category}/${p.severity}] ${p.modelName}: ${p.description}`).join('\n')
          : 'No patterns stored yet.';
        return { content: [{ type: 'text', text }], structuredContent: { total, patterns: patterns.map((p) => summarize(p)) } };
      }),
  );

  server.registerResource(
    'top-patterns',
    TOP_PATTERNS_URI,
    { title: 'Top mistake patterns', description: 'The most frequent learned mistakes, as the block injected into requests.', mimeType: 'text/markdown' },
    (uri): Promise<ReadResourceResult> =>
      serial.run(async () => {
        await refresh();
        const text = memory.buildInjection(topPatterns(), { maxPatterns: topCount, maxChars: maxChars * 2 }).text || 'No mistakes recorded yet.';
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
      }),
  );

  server.registerPrompt(
    AVOID_PROMPT,
    {
      title: 'Avoid known mistakes',
      description: 'Adds the learned mistakes to avoid: the ones relevant to a task when given, else the most frequent ones.',
      argsSchema: { task: z.string().max(MAX_TEXT).optional().describe('What you are about to do (optional).') },
    },
    ({ task }): Promise<GetPromptResult> =>
      serial.run(async () => {
        await refresh();
        // The prompt goes into the conversation: an injection like the tool's, and noted as one.
        const budget = { channel: 'mcp', k: topCount, maxPatterns: topCount, maxChars, flush: true } as const;
        const injection = task?.trim() ? await injectFor(memory, task, budget) : await injectPatterns(memory, topPatterns(), budget);
        if (injection.noteError) logger.warn(`Could not note the injection: ${injection.noteError}`);
        const block = injection.text;
        const text = block
          ? `${block}\n\nKeep these in mind for the rest of this conversation${task?.trim() ? ` while you work on: ${task.trim()}` : ''}.`
          : 'No learned mistakes apply yet; proceed carefully.';
        return { description: 'Learned mistakes to avoid', messages: [{ role: 'user', content: { type: 'text', text } }] };
      }),
  );

  return { server, idle: () => serial.idle() };
}

/** Without a category from the caller, the error text decides; a lesson with no signal is 'other'. */
function guessCategory(description: string, error: string | undefined): Category {
  return categorizeError(undefined, `${error ?? ''}\n${description}`);
}
