import { runVectorIndexConformance } from '../vector/conformance';
import { chromaIndex, sharedChromaServer } from './helpers';
import type { ChromaTestServer } from '../../chroma-server/server';

describe('Chroma server', function () {
  let server: ChromaTestServer;
  before(async function () {
    this.timeout(10 * 60_000);
    const s = await sharedChromaServer();
    if (typeof s === 'string') {
      console.log(`      (skipped: no Chroma server: ${s})`);
      this.skip();
    }
    server = s as ChromaTestServer;
  });

  runVectorIndexConformance('chroma (real server)', async () => {
    const index = chromaIndex(server);
    return Object.assign(index, { dispose: () => index.drop() });
  });
});
