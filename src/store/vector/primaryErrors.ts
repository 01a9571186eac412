/** How ResilientVectorIndex classifies the primary's failures, and what of them it may log. */

/** A primary call that took too long (named like the Chroma client's timeouts, so it counts as unreachable). */
export class PrimaryTimeoutError extends Error {
  override readonly name = 'ChromaTimeoutError';
}

export function isUnreachable(e: unknown): boolean {
  const err = e as { name?: string; cause?: { code?: string } };
  return (
    err?.name === 'ChromaConnectionError' ||
    err?.name === 'ChromaTimeoutError' ||
    err?.name === 'AbortError' ||
    err?.name === 'TimeoutError' ||
    err?.cause?.code === 'ECONNREFUSED'
  );
}

export function isDimensionProblem(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err?.name === 'VectorDimensionError' || /expecting embedding with dimension/i.test(err?.message ?? '');
}

/** One line, without anything that looks like a credential. */
export function safeMessage(e: unknown): string {
  const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return m
    .split('\n')[0]
    .replace(/(token|authorization|x-chroma-token|bearer)([=:\s]+)\S+/gi, '$1$2***')
    .slice(0, 300);
}
