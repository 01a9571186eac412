import { strict as assert } from 'node:assert';
import { parseChromaUrl } from '../../../src/store/vector/chromaIndex';

describe('parseChromaUrl', () => {
  it('reads scheme, host and port, with Chroma defaults', () => {
    assert.deepEqual(parseChromaUrl('http://localhost:8000'), { host: 'localhost', port: 8000, ssl: false });
    assert.deepEqual(parseChromaUrl('https://api.trychroma.com'), { host: 'api.trychroma.com', port: 443, ssl: true });
    assert.deepEqual(parseChromaUrl('10.0.0.5:9000'), { host: '10.0.0.5', port: 9000, ssl: false });
    assert.deepEqual(parseChromaUrl('chroma.internal'), { host: 'chroma.internal', port: 8000, ssl: false });
    assert.deepEqual(parseChromaUrl('http://[::1]:8001/'), { host: '::1', port: 8001, ssl: false });
  });
  it('refuses paths', () => {
    assert.throws(() => parseChromaUrl('http://h:1/api'), /path/);
  });
});
