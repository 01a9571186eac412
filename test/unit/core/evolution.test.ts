import { strict as assert } from 'node:assert';
import { decayWeight, deriveFixDescription, evolve, shouldArchive, upgradeSeverity } from '../../../src/core/evolution';
import { DAY, NOW, pattern } from './fixtures';

describe('core/evolution', () => {
  it('changes nothing for a fresh pattern', () => {
    assert.deepEqual(evolve(pattern({ frequency: 1 }), NOW), {});
  });

  it('derives a fix description at 5 occurrences when none exists', () => {
    assert.deepEqual(evolve(pattern({ frequency: 4 }), NOW), {});
    const patch = evolve(pattern({ frequency: 5, category: 'async', errorType: 'RuntimeWarning', description: 'Coroutine never awaited in handler.' }), NOW);
    assert.equal(patch.fixDescription, "Await every coroutine and promise, and don't block inside async code (RuntimeWarning): Coroutine never awaited in handler.");
    assert.deepEqual(Object.keys(patch), ['fixDescription']);
  });

  it('keeps an existing fix description', () => {
    assert.deepEqual(evolve(pattern({ frequency: 9, fixDescription: 'Use async def' }), NOW), {});
    assert.ok(evolve(pattern({ frequency: 9, fixDescription: '   ' }), NOW).fixDescription);
  });

  it('at 15 upgrades severity one step and turns always-inject on, once', () => {
    const p = pattern({ frequency: 15, severity: 'minor', fixDescription: 'x' });
    const patch = evolve(p, NOW);
    assert.deepEqual(patch, { alwaysInject: true, severity: 'major' });
    // Applied: a later evolution does not upgrade again.
    assert.deepEqual(evolve({ ...p, ...patch, frequency: 40 }, NOW), {});
    assert.deepEqual(evolve(pattern({ frequency: 15, severity: 'major', fixDescription: 'x' }), NOW), { alwaysInject: true, severity: 'critical' });
    assert.deepEqual(evolve(pattern({ frequency: 15, severity: 'critical', fixDescription: 'x' }), NOW), { alwaysInject: true });
  });

  it('takes a configurable threshold', () => {
    assert.deepEqual(evolve(pattern({ frequency: 15, fixDescription: 'x' }), NOW, { alwaysInjectThreshold: 20 }), {});
    assert.deepEqual(evolve(pattern({ frequency: 3, fixDescription: 'x', severity: 'minor' }), NOW, { alwaysInjectThreshold: 3 }), { alwaysInject: true, severity: 'major' });
    assert.ok(evolve(pattern({ frequency: 2 }), NOW, { fixThreshold: 2 }).fixDescription);
  });

  it('archives after 180 days unseen and revives when seen again', () => {
    assert.equal(shouldArchive(pattern({ lastSeen: NOW - 180 * DAY }), NOW), false);
    assert.equal(shouldArchive(pattern({ lastSeen: NOW - 181 * DAY }), NOW), true);
    assert.deepEqual(evolve(pattern({ lastSeen: NOW - 200 * DAY }), NOW), { archived: true });
    assert.deepEqual(evolve(pattern({ lastSeen: NOW, archived: true }), NOW), { archived: false });
    assert.equal(shouldArchive(pattern({ lastSeen: NOW - 40 * DAY }), NOW, 30), true);
  });

  it('decays with a half-life', () => {
    assert.equal(decayWeight(pattern({ lastSeen: NOW }), NOW), 1);
    assert.ok(Math.abs(decayWeight(pattern({ lastSeen: NOW - 30 * DAY }), NOW) - 0.5) < 1e-12);
    assert.ok(Math.abs(decayWeight(pattern({ lastSeen: NOW - 60 * DAY }), NOW) - 0.25) < 1e-12);
    assert.ok(Math.abs(decayWeight(pattern({ lastSeen: NOW - 10 * DAY }), NOW, 10) - 0.5) < 1e-12);
    assert.equal(decayWeight(pattern({ lastSeen: NOW + DAY }), NOW), 1, 'future counts as now');
    assert.equal(decayWeight(pattern({ lastSeen: Number.NaN }), NOW), 1);
  });

  it('upgrades severity one step, capped at critical', () => {
    assert.equal(upgradeSeverity('minor'), 'major');
    assert.equal(upgradeSeverity('major'), 'critical');
    assert.equal(upgradeSeverity('critical'), 'critical');
  });

  it('derives fixes from rule ids and CWEs', () => {
    const fix = deriveFixDescription({ category: 'security', description: 'SQL built with f-string', ruleId: 'python.sqlalchemy.security.sqlalchemy-execute-raw-query', cwe: ['CWE-89'] });
    assert.equal(fix, 'Treat input as untrusted and use the safe API (rule python.sqlalchemy.security.sqlalchemy-execute-raw-query; CWE-89): SQL built with f-string.');
    assert.equal(deriveFixDescription({ category: 'other', description: '' }), 'Avoid repeating this mistake.');
    assert.ok(deriveFixDescription({ category: 'logic', description: 'x'.repeat(500) }).length < 260);
  });
});
