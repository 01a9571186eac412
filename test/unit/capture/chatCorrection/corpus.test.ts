/**
 * Regression floors on the real labeled corpus (shared/eval/chat, development half). The floors sit a
 * little under what was measured (see scripts/chat/eval.ts), so a change that loses real corrections or
 * adds false alarms fails here. Leave-one-repository-out is the figure that predicts held-out quality.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { detectCorrection, MAX_LESSON_CHARS, scoreCorrections, type LabeledPrediction } from '../../../../src/capture/chatCorrection';
import { naiveKeywordBaseline } from '../../../../src/capture/chatCorrection/baseline';
import { loadBoth, loadCorpus, ownerOf, stripTruncated, type ChatRecord } from '../../../../scripts/chat/corpus';
import { apartFrom, groupedCv, ownerFolds, setRowWeights } from '../../../../scripts/chat/cv';
import { doubtWeights, fitModel, prepare, shippedOptions } from '../../../../scripts/chat/train';
import weights from '../../../../src/capture/chatCorrection/weights.json';

const sharedDir = process.env.SHARED_DIR ?? path.resolve(__dirname, '../../../../../shared');
const corpusFile = path.join(sharedDir, 'eval/chat/messages.jsonl');

describe('chat corpus', function () {
  this.timeout(60_000);
  let records: ChatRecord[] = [];

  before(function () {
    if (!existsSync(corpusFile)) this.skip();
    records = loadCorpus(corpusFile);
  });

  const preds = (predict: (r: ChatRecord, i: number) => boolean): LabeledPrediction[] =>
    records.map((r, i) => ({ predicted: predict(r, i), expected: r.isCorrection, tool: r.tool, repo: r.repo }));

  it('has the expected shape', () => {
    assert.ok(records.length >= 100);
    assert.ok(records.some((r) => r.isCorrection) && records.some((r) => !r.isCorrection));
  });

  it('in-sample F1 stays above its floor, for both tools', () => {
    const s = scoreCorrections(preds((r) => detectCorrection(r.text, r.previous).isCorrection));
    assert.ok(s.pooled.f1 >= 0.92, `pooled F1 ${s.pooled.f1.toFixed(3)}`);
    assert.ok(s.pooled.precision >= 0.9, `precision ${s.pooled.precision.toFixed(3)}`);
    for (const [tool, v] of Object.entries(s.byTool)) assert.ok(v.f1 >= 0.85, `${tool} F1 ${v.f1.toFixed(3)}`);
  });

  it('leave-one-repository-out F1 stays above its floor', () => {
    // The shipped options (cue weights and a term vocabulary built without the held-out repository).
    const data = prepare(records);
    const y = records.map((r) => r.isCorrection);
    const predicted = new Array<boolean>(records.length).fill(false);
    for (const repo of new Set(records.map((r) => r.repo))) {
      const idx = records.map((r, i) => (r.repo === repo ? -1 : i)).filter((i) => i >= 0);
      const model = fitModel(data, y, idx, shippedOptions(weights));
      records.forEach((r, i) => {
        if (r.repo === repo) predicted[i] = detectCorrection(r.text, r.previous, { model }).isCorrection;
      });
    }
    const s = scoreCorrections(preds((_, i) => predicted[i]!));
    assert.ok(s.pooled.f1 >= 0.9, `LORO F1 ${s.pooled.f1.toFixed(3)}`);
    for (const [tool, v] of Object.entries(s.byTool)) assert.ok(v.f1 >= 0.82, `LORO ${tool} F1 ${v.f1.toFixed(3)}`);
  });

  it('beats the naive keyword baseline by a wide margin', () => {
    const ours = scoreCorrections(preds((r) => detectCorrection(r.text, r.previous).isCorrection)).pooled.f1;
    const naive = scoreCorrections(preds((r) => naiveKeywordBaseline(r.text))).pooled.f1;
    assert.ok(ours - naive >= 0.2, `ours ${ours.toFixed(3)} vs naive ${naive.toFixed(3)}`);
  });

  it('gives every detected correction a well-formed lesson and every other message none', () => {
    for (const r of records) {
      const res = detectCorrection(r.text, r.previous);
      if (res.isCorrection || res.uncertain || res.askable) {
        assert.ok(res.lesson && res.lesson.length > 0 && res.lesson.length <= MAX_LESSON_CHARS, `${r.id}: ${res.lesson}`);
        assert.match(res.lesson, /^[A-Z]/, `${r.id}: ${res.lesson}`);
        assert.ok(res.context && res.context.length <= 201, r.id);
      } else {
        assert.equal(res.lesson, null, r.id);
      }
    }
  });
});

describe('chat training corpus (data/chat)', function () {
  this.timeout(120_000);
  const file = path.resolve(__dirname, '../../../../data/chat/messages.jsonl');

  it('holds at least 1,000 messages from at least 40 repositories, none of the development half, each with provenance', () => {
    const records = loadCorpus(file);
    assert.ok(records.length >= 1000, `${records.length} messages`);
    assert.ok(new Set(records.map((r) => r.repo)).size >= 40);
    if (existsSync(corpusFile)) {
      const dev = new Set(loadCorpus(corpusFile).map((r) => r.repo));
      assert.deepEqual(records.filter((r) => dev.has(r.repo)).map((r) => r.id), []);
    }
    assert.ok(records.every((r) => r.repo.includes('/') && r.tool !== 'unknown'));
  });

  it('groups folds by owner: all repositories of one person fall in the same fold, and no training part holds a tested owner', () => {
    assert.equal(ownerOf('Monichre/fls'), 'monichre');
    assert.equal(ownerOf('monichre/intentified'), 'monichre');
    const records = loadCorpus(file);
    const folds = ownerFolds(records, 5);
    const foldOf = new Map<string, Set<number>>();
    records.forEach((r, i) => foldOf.set(r.owner, (foldOf.get(r.owner) ?? new Set()).add(folds[i]!)));
    assert.deepEqual([...foldOf].filter(([, f]) => f.size > 1).map(([o]) => o), []);
    const multi = [...new Set(records.map((r) => r.repo))].filter((repo, _, all) => all.filter((x) => ownerOf(x) === ownerOf(repo)).length > 1);
    assert.ok(multi.length >= 4, `${multi.length} repositories share an owner`);
    // The other corpus is always in training, except an owner who is being tested.
    const test = records.map((_, i) => i).filter((i) => folds[i] === 0);
    const extra = records.map((_, i) => i).filter((i) => folds[i] !== 0);
    assert.deepEqual(apartFrom(records, extra, test), extra);
    const one = records.findIndex((r) => r.owner === records[test[0]!]!.owner);
    const kept = apartFrom(records, [...extra, one], test);
    assert.deepEqual(kept, extra);
  });

  it("loads texts and previous-assistant tails without the exporters' truncation marker", () => {
    assert.equal(stripTruncated('the log:\n  at foo (x.js:1) …[truncated]'), 'the log:\n  at foo (x.js:1)');
    assert.equal(stripTruncated('no marker here'), 'no marker here');
    assert.equal(stripTruncated('…[truncated] in the middle, kept'), '…[truncated] in the middle, kept');
    const records = loadCorpus(file);
    assert.deepEqual(records.filter((r) => /\[truncated\]\s*$/.test(r.text) || /\[truncated\]\s*$/.test(r.previous)).map((r) => r.id), []);
  });

  it('grouped cross-validation by owner stays above its floor (precision >= 0.8, F1 >= 0.69 pooled; measured 0.707 on 1,675 messages from 100 owners)', function () {
    if (!existsSync(corpusFile)) this.skip();
    const { records, nNew } = loadBoth(file, corpusFile);
    const data = prepare(records);
    setRowWeights(doubtWeights(records));
    // The shipped options; every fold builds its term vocabulary from its own training part.
    const cv = groupedCv(records, data, (r) => records.indexOf(r) < nNew, () => true, 5, { ...shippedOptions(weights), innerK: 4 });
    setRowWeights(undefined);
    assert.ok(cv.pooled.precision >= 0.8, `precision ${cv.pooled.precision.toFixed(3)}`);
    assert.ok(cv.pooled.f1 >= 0.69, `F1 ${cv.pooled.f1.toFixed(3)}`);
  });
});
