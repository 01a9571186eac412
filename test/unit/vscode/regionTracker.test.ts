import { strict as assert } from 'node:assert';
import { looksGenerated, normaliseCode, RegionTracker } from '../../../src/host/capture/regionTracker';

describe('AI region tracker', () => {
  it('finds the model of a line inside a region', () => {
    const t = new RegionTracker();
    t.add('a.py', 10, 14, 'gpt-4o', 1);
    assert.equal(t.find('a.py', 12)?.model, 'gpt-4o');
    assert.equal(t.find('a.py', 15), undefined);
    assert.equal(t.find('b.py', 12), undefined);
  });

  it('shifts regions below an edit that adds lines, and leaves regions above alone', () => {
    const t = new RegionTracker();
    t.add('a.py', 1, 2, 'm1', 1);
    t.add('a.py', 10, 12, 'm2', 1);
    t.applyEdit('a.py', 5, 5, 4); // one line replaced by four: +3
    assert.equal(t.find('a.py', 2)?.model, 'm1');
    assert.equal(t.find('a.py', 10), undefined);
    assert.equal(t.find('a.py', 13)?.model, 'm2');
    assert.equal(t.find('a.py', 15)?.model, 'm2');
  });

  it('shrinks a region when lines inside it are deleted', () => {
    const t = new RegionTracker();
    t.add('a.py', 10, 20, 'm', 1);
    t.applyEdit('a.py', 12, 15, 1); // four lines become one: -3
    assert.equal(t.find('a.py', 17)?.model, 'm');
    assert.equal(t.find('a.py', 18), undefined);
  });

  it('lets a newer region replace an overlapping older one', () => {
    const t = new RegionTracker();
    t.add('a.py', 1, 10, 'old', 1);
    t.add('a.py', 5, 6, 'new', 2);
    assert.equal(t.find('a.py', 5)?.model, 'new');
    assert.equal(t.find('a.py', 2), undefined);
  });

  it('stays bounded', () => {
    const t = new RegionTracker({ maxDocuments: 2, maxRegionsPerDocument: 3 });
    for (let i = 0; i < 10; i++) t.add('a', i * 10, i * 10 + 1, `m${i}`, i);
    assert.equal(t.find('a', 0), undefined);
    assert.equal(t.find('a', 90)?.model, 'm9');
    t.add('b', 0, 1, 'x', 1);
    t.add('c', 0, 1, 'y', 1);
    assert.equal(t.find('a', 90), undefined);
    assert.equal(t.find('c', 0)?.model, 'y');
  });

  it('tells generated multi-line insertions from typing', () => {
    assert.equal(looksGenerated('a'), false);
    assert.equal(looksGenerated('x'.repeat(200)), false);
    assert.equal(looksGenerated('def f(x):\n    y = x * 2\n    return compute(y, x, "some longer text here to pass")\n'), true);
  });

  it('normalises code for comparison', () => {
    assert.equal(normaliseCode('  a  \r\nb\t\n'), 'a\nb');
  });
});
