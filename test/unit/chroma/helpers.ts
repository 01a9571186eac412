/**
 * One real Chroma server shared by the Chroma test files (started on first use, stopped at the end of
 * the run), or the reason there is none: then the suites that need it skip with that reason.
 */
import { tryStartChromaServer, type ChromaTestServer } from '../../chroma-server/server';
import { ChromaVectorIndex, type ChromaIndexOptions } from '../../../src/store/vector/chromaIndex';

let shared: Promise<ChromaTestServer | string> | undefined;
let started: ChromaTestServer | undefined;

/** The shared server (starts it, installing test/chroma-server on first use), or why it is unavailable. */
export function sharedChromaServer(): Promise<ChromaTestServer | string> {
  shared ??= tryStartChromaServer().then((s) => {
    if (typeof s !== 'string') started = s;
    return s;
  });
  return shared;
}

/** Call from a `before` hook: returns the server or skips the whole suite with the reason. */
export async function requireChroma(ctx: Mocha.Context): Promise<ChromaTestServer> {
  ctx.timeout(10 * 60_000); // the first run installs ~420 MB
  const s = await sharedChromaServer();
  if (typeof s === 'string') {
    console.log(`      (skipped: no Chroma server: ${s})`);
    ctx.skip();
  }
  return s as ChromaTestServer;
}

let seq = 0;
/** A collection prefix no other test uses. */
export function uniquePrefix(tag = 't'): string {
  return `${tag}${process.pid}x${++seq}_`;
}

export function chromaIndex(server: { url: string }, options: ChromaIndexOptions = {}): ChromaVectorIndex {
  return new ChromaVectorIndex({ url: server.url, prefix: uniquePrefix(), timeoutMs: 5000, ...options });
}

/** Root hook: stop the shared server once every file ran. */
after(async () => {
  if (started) await started.dispose();
});
