import { strict as assert } from 'node:assert';
import * as nodePath from 'node:path';
import { decodeVector, encodeVector, fromHalf, toHalf } from '../../../src/store/sqljs/vectorCodec';
import { cleanupTempDirs, openStore, recordOp, tempDir } from './helpers';

describe('vector encodings', () => {
  afterEach(cleanupTempDirs);

  it('float16 conversion is exact where it can be, rounds to nearest even, saturates and underflows', () => {
    for (const v of [0, 1, -1, 0.5, 2, 65504, -65504, 2 ** -14, 2 ** -24, 1 + 2 ** -10]) assert.equal(fromHalf(toHalf(v)), v, String(v));
    assert.equal(fromHalf(toHalf(1 + 2 ** -11)), 1, 'halfway rounds to even (down)');
    assert.equal(fromHalf(toHalf(1 + 3 * 2 ** -11)), 1 + 2 * 2 ** -10, 'halfway rounds to even (up)');
    assert.equal(fromHalf(toHalf(1e6)), Infinity);
    assert.equal(fromHalf(toHalf(2 ** -30)), 0);
    assert.ok(Number.isNaN(fromHalf(toHalf(NaN))));
    assert.equal(Object.is(fromHalf(toHalf(-0)), -0), true);
  });

  it('float16 keeps a normalized embedding within 2^-11 relative per component at half the bytes', () => {
    const v = new Float32Array(384).map(() => Math.random() * 2 - 1);
    const norm = Math.hypot(...v);
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    const bytes = encodeVector(v, 'float16');
    assert.equal(bytes.byteLength, 768);
    const back = decodeVector(bytes, 384);
    assert.ok(back);
    for (let i = 0; i < v.length; i++) assert.ok(Math.abs(back[i] - v[i]) <= Math.abs(v[i]) * 2 ** -11 + 2 ** -25, `component ${i}`);
    assert.deepEqual(decodeVector(encodeVector(v, 'float32'), 384), v);
    assert.equal(decodeVector(new Uint8Array(100), 384), undefined);
  });

  it('a store writing float16 and one writing float32 read each other', async () => {
    const path = nodePath.join(await tempDir(), 'm.db');
    const half = await openStore(path, { vectorEncoding: 'float16' });
    const id = (await half.record(recordOp('s'))).pattern.id;
    await half.putVector(id, 'e', new Float32Array([0.5, -0.25, 1]));
    await half.close();
    const full = await openStore(path);
    assert.deepEqual(full.loadVectors('e'), [{ patternId: id, vector: new Float32Array([0.5, -0.25, 1]) }]);
    await full.close();
  });
});
