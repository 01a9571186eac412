/**
 * One writer process of the concurrency test (not a test file itself): opens the store at argv[2] and
 * records `count` occurrences with explicit uids, flushing as configured, then exits. Started several
 * times at once by sqljsStore.concurrency.test.ts.
 *
 *   node --require tsx/cjs concurrentWriter.ts <db> <writerId> <count> <flushEvery> [checkpointBytes] [close|exit]
 *
 * `exit` ends the process after the last flush without closing the store (no checkpoint: what was
 * written stays in the operation log); `checkpointBytes` is passed to the store.
 *
 * It prints "ready" once the store is open and starts recording when a line arrives on stdin, so the
 * parent can release all writers at the same moment.
 */
import { NodeFileSystem, loadSqlJsNode } from '../../../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../../../src/store/sqljsStore';

export function signatureFor(writer: number, i: number): string {
  return i % 5 === 0 ? `only-w${writer}-${i}` : `shared-${i % 8}`;
}

async function main(): Promise<void> {
  const [path, writerArg, countArg, flushEveryArg, checkpointArg, endArg] = process.argv.slice(2);
  const writer = Number(writerArg);
  const count = Number(countArg);
  const flushEvery = Number(flushEveryArg);
  const checkpointBytes = checkpointArg ? Number(checkpointArg) : undefined;
  const store = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path, loadSqlJs: () => loadSqlJsNode(), checkpointBytes });
  await store.open();
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  for (let i = 0; i < count; i++) {
    const signature = signatureFor(writer, i);
    const { pattern } = await store.record({
      uid: `w${writer}-o${i}`,
      signature,
      candidate: { description: `mistake ${signature}`, category: 'logic', severity: 'minor', source: i % 2 ? 'test' : 'chat', filePath: `w${writer}.ts` },
      model: `model-${writer}`,
      timestamp: Date.now(),
      contexts: [`w${writer}.ts`],
    });
    if (signature.startsWith('only-')) await store.putVector(pattern.id, 'test-embedder', new Float32Array([writer, i, 1]));
    if ((i + 1) % flushEvery === 0) {
      await store.flush();
      process.stdout.write(`flushed ${i + 1}\n`);
    }
    if (i % 10 === 3) await store.refresh();
  }
  await store.setMeta(`writer-${writer}`, 'done');
  if (endArg === 'exit') {
    await store.flush();
    process.exit(0);
  }
  await store.close();
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`writer failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
