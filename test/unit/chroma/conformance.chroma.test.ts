import { runVectorIndexConformance } from '../vector/conformance';
import { chromaIndex, requireChroma } from './helpers';
import type { ChromaTestServer } from '../../chroma-server/server';

describe('Chroma server', function () {
  let server: ChromaTestServer;
  before(async function () {
    server = await requireChroma(this);
  });

  runVectorIndexConformance('chroma (real server)', async () => {
    const index = chromaIndex(server);
    return Object.assign(index, { dispose: () => index.drop() });
  });
});
