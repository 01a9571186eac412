import { strict as assert } from 'node:assert';
describe('smoke', () => { it('adds', () => assert.equal(1 + 1, 2)); });
