import type { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Command } from '../command';
import { engineOptions, openEngine, stderrLogger } from '../openEngine';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Longest wait for answers to requests read before stdin closed. */
const DRAIN_MS = 15_000;

/**
 * Stdout carries the protocol and nothing else: libraries that print (model loaders, wasm runtimes)
 * are sent to stderr for the life of the server.
 */
function keepStdoutForProtocol(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  return () => Object.assign(console, saved);
}

type Id = string | number;
const requestId = (m: JSONRPCMessage): Id | undefined => ('id' in m && 'method' in m ? m.id : undefined);
const responseId = (m: JSONRPCMessage): Id | undefined => ('id' in m && !('method' in m) ? m.id : undefined);

/**
 * Counts requests received and answered, so that a client that writes its requests and closes stdin
 * (a script, `mcp < requests.jsonl`) still gets every answer before the store closes.
 */
function trackRequests(transport: StdioServerTransport): () => Promise<void> {
  const pending = new Set<Id>();
  let wake: (() => void) | undefined;
  const onmessage = transport.onmessage;
  transport.onmessage = (message) => {
    const id = requestId(message);
    if (id !== undefined) pending.add(id);
    onmessage?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message) => {
    try {
      await send(message);
    } finally {
      const id = responseId(message);
      if (id !== undefined && pending.delete(id) && !pending.size) wake?.();
    }
  };
  return async () => {
    if (!pending.size) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, DRAIN_MS);
    });
    clearTimeout(timer);
  };
}

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Run the stdio MCP server (tools find_relevant_mistakes, record_mistake, list_patterns) over the store.',
  usage: 'mistakes mcp [--db PATH] [--no-embeddings] [--verbose]',
  options: { ...engineOptions },
  async run(ctx) {
    const restore = keepStdoutForProtocol();
    const logger = stderrLogger(ctx, ctx.values.verbose === true);
    const engine = await openEngine(ctx);
    // Loaded here, not at start: the MCP SDK (and its schemas) would cost every other command, hooks included, its start-up time.
    const [{ createMistakeMcpServer }, { StdioServerTransport: Transport }] = await Promise.all([import('../../mcp/server.js'), import('@modelcontextprotocol/sdk/server/stdio.js')]);
    const { server, idle } = createMistakeMcpServer(engine, { version: VERSION, logger });
    // The same class: the dynamic import resolves the SDK's ESM typings, the static type its CommonJS ones.
    const transport = new Transport() as unknown as StdioServerTransport;
    try {
      // The client ends the session by closing our stdin (or by asking the transport to close).
      const closed = new Promise<void>((resolve) => {
        transport.onclose = () => resolve();
        process.stdin.once('end', resolve);
        process.stdin.once('close', resolve);
      });
      await server.connect(transport);
      const drained = trackRequests(transport);
      logger.info('MCP server ready on stdio.');
      await closed;
      await drained();
      await idle();
      return 0;
    } finally {
      await server.close().catch(() => undefined);
      // Writes were saved as they happened; a failure here is reported, not thrown at the client.
      await engine.flush().catch((e: Error) => logger.error(`Could not save the store: ${e.message}`));
      await engine.close().catch((e: Error) => logger.error(`Could not close the store: ${e.message}`));
      restore();
    }
  },
};
