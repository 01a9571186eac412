import { strict as assert } from 'node:assert';
import { prf, scoreCorrections, toolFamily } from '../../../../src/capture/chatCorrection';

describe('correction scorer', () => {
  it('computes precision, recall and F1', () => {
    const s = prf([
      { predicted: true, expected: true },
      { predicted: true, expected: false },
      { predicted: false, expected: true },
      { predicted: false, expected: false },
      { predicted: true, expected: true },
    ]);
    assert.deepEqual([s.tp, s.fp, s.fn, s.tn, s.n], [2, 1, 1, 1, 5]);
    assert.equal(s.precision, 2 / 3);
    assert.equal(s.recall, 2 / 3);
    assert.ok(Math.abs(s.f1 - 2 / 3) < 1e-12);
    assert.equal(s.accuracy, 3 / 5);
  });

  it('scores an empty or all-negative set without dividing by zero', () => {
    const s = prf([{ predicted: false, expected: false }]);
    assert.equal(s.precision, 1);
    assert.equal(s.recall, 1);
    assert.equal(s.f1, 1);
    assert.equal(prf([{ predicted: false, expected: true }]).f1, 0);
    assert.equal(prf([]).n, 0);
  });

  it('splits by tool family and by repository', () => {
    const s = scoreCorrections([
      { predicted: true, expected: true, tool: 'aider', repo: 'a/x' },
      { predicted: false, expected: true, tool: 'cursor(specstory)', repo: 'b/y' },
      { predicted: true, expected: true, tool: 'cursor(specstory)', repo: 'b/y' },
    ]);
    assert.deepEqual(Object.keys(s.byTool), ['aider', 'cursor']);
    assert.equal(s.byTool.aider!.recall, 1);
    assert.equal(s.byTool.cursor!.recall, 0.5);
    assert.equal(s.byRepo['b/y']!.n, 2);
    assert.equal(s.pooled.n, 3);
    assert.equal(toolFamily(undefined), 'unknown');
  });
});
