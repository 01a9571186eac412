/**
 * The review queue: a chat capture in the detector's uncertain band is stored as pending, never
 * injected until accepted, accepted by a later confident capture of the same mistake, and a file
 * written before the review column existed opens with every pattern accepted.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { candidate, openTestEngine, type TestEngine } from './helpers';
import { sqlJs } from '../store/helpers';
import type { Pattern } from '../../../src/core/types';
import type { RecordOutcome } from '../../../src/engine/engineApi';

async function stored(p: Promise<RecordOutcome>): Promise<Pattern> {
  const out = await p;
  assert.ok(out.stored, 'the capture should be stored');
  return out.pattern;
}

const lesson = (over: Record<string, unknown> = {}) =>
  candidate({
    description: 'Use parameterized queries instead of f-strings in the SQL',
    fixDescription: 'Use parameterized queries instead of f-strings in the SQL',
    category: 'security',
    source: 'chat',
    errorType: 'chat-correction:reject-approach',
    errorMessage: 'use parameterized queries instead of f-strings in the SQL',
    ...over,
  });

describe('review queue for low-confidence captures', function () {
  this.timeout(30_000);
  let t: TestEngine;
  beforeEach(async () => {
    t = await openTestEngine();
  });
  afterEach(async () => t.dispose());

  const injectedIds = async (): Promise<number[]> =>
    (await t.engine.retrieve('build the SQL query with f-strings for the user search', { k: 5 })).patterns.map((s) => s.pattern.id);

  it('stores an uncertain capture as pending and never injects it', async () => {
    const pattern = await stored(t.engine.record(lesson({ reviewPending: true })));
    const id = pattern.id;
    assert.equal(pattern.pendingReview, true);
    assert.deepEqual(t.engine.listPatterns({ pendingReview: true }).map((p) => p.id), [id]);
    assert.deepEqual(t.engine.listPatterns({ pendingReview: false }), []);
    assert.ok(!(await injectedIds()).includes(id), 'a pending pattern must not be injected');
  });

  it('injects it once accepted, with the edited lesson, and keeps the state across a reopen', async () => {
    const id = (await stored(t.engine.record(lesson({ reviewPending: true })))).id;
    const edited = 'Use parameterized SQL queries (placeholders), never f-strings';
    const p = await t.engine.updatePattern(id, { pendingReview: false, description: edited, fixDescription: edited });
    assert.equal(p?.pendingReview, undefined);
    assert.equal(p?.description, edited);
    assert.ok((await injectedIds()).includes(id));
    await t.reopen();
    const again = t.engine.listPatterns({ ids: [id] })[0];
    assert.equal(again?.pendingReview, undefined);
    assert.equal(again?.description, edited);
  });

  it('a confident capture of the same mistake accepts the pending pattern; an uncertain one never demotes', async () => {
    const id = (await stored(t.engine.record(lesson({ reviewPending: true })))).id;
    const second = await stored(t.engine.record(lesson()));
    assert.equal(second.id, id);
    assert.equal(second.pendingReview, undefined);
    const third = await stored(t.engine.record(lesson({ reviewPending: true })));
    assert.equal(third.pendingReview, undefined, 'an accepted pattern stays accepted');
    assert.equal(third.frequency, 3);
  });

  it('opens a file written before the review column (schema 1) with every pattern accepted', async () => {
    await t.engine.record(lesson());
    await t.engine.flush();
    const SQL = await sqlJs();
    const db = new SQL.Database(readFileSync(t.dbPath));
    db.exec("DROP INDEX idx_patterns_priority; DROP INDEX idx_occurrences_project; ALTER TABLE mistake_patterns DROP COLUMN review_status; DELETE FROM schema_version WHERE version >= 2;");
    writeFileSync(t.dbPath, db.export());
    db.close();
    const engine = await t.reopen();
    const all = engine.listPatterns({});
    assert.equal(all.length, 1);
    assert.equal(all[0]?.pendingReview, undefined);
    assert.equal(engine.listPatterns({ pendingReview: false }).length, 1);
    // The migration added the column again: a pending capture can be stored.
    const other = await stored(engine.record(lesson({ description: 'Close the file handle after reading', errorMessage: 'you forgot to close the file', reviewPending: true })));
    assert.equal(other.pendingReview, true);
  });
});
