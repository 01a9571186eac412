/**
 * Chat-correction quality report.
 *
 *   npx tsx scripts/chat/eval.ts [--errors] [--lessons] [--per-repo] [--seeds N] [--holdout gd-,ge-]
 *
 * 1. Grouped cross-validation by owner on the new corpus (data/chat): 5 folds of whole owners (all
 *    the repositories of one person together); each fold is scored by a model trained on the other folds plus the development
 *    half (term vocabulary too: built from the training part only, with the shipped options), with its threshold chosen inside the training part (nested grouped CV, precision >= 0.85).
 *    Printed as mean ± sd over folds and pooled out-of-fold. This is the figure for people the
 *    detector has never seen.
 * 2. The same on the development half (../shared/eval/chat), training on the new corpus plus the
 *    other development folds: the no-regression check (it was 0.955 leave-one-repository-out before).
 *    --seeds N repeats (1) with N other assignments of owners to folds, for the shipped options
 *    and the cue-only model: how much the figure owes to one split.
 *    --holdout P1,P2 also scores a fixed held-out part (ids starting with P1 or P2), trained on the rest.
 *    Next to (1): the same out-of-fold scores with the optional second opinion, blind judges standing in
 *    for the chat's model (data/chat/agreement/opinion-*.jsonl; details and weaker models: opinion.ts).
 * 3. The shipped detector (weights.json; trained on both, so in-sample here), its uncertain band, and
 *    the two keyword baselines.
 */
import { detectCorrection } from '../../src/capture/chatCorrection/detect';
import { naiveKeywordBaseline, specPhraseBaseline } from '../../src/capture/chatCorrection/baseline';
import { SHIPPED_MODEL } from '../../src/capture/chatCorrection/model';
import { formatPrf, prf, scoreCorrections, type CorrectionScore, type LabeledPrediction } from '../../src/capture/chatCorrection/score';
import { loadBoth, loadCorpus, type ChatRecord } from './corpus';
import { corpusJudgeFiles, loadVerdicts, replay, shippedCuts } from './opinion';
import { fitWithThreshold, formatCv, groupedCv, meanSd, setRowWeights, type FitOptions } from './cv';
import { CUE_ONLY, CV_FOLDS, describeOptions, doubtWeights, prepare, scoreRecord, shippedOptions } from './train';
import weights from '../../src/capture/chatCorrection/weights.json';

function report(title: string, s: CorrectionScore, perRepo = false): void {
  console.log(`\n${title}`);
  console.log(`  pooled        ${formatPrf(s.pooled)}`);
  for (const [tool, v] of Object.entries(s.byTool)) console.log(`  ${tool.padEnd(13)} ${formatPrf(v)}`);
  if (perRepo) for (const [repo, v] of Object.entries(s.byRepo)) console.log(`    ${repo.padEnd(42)} ${formatPrf(v)}`);
}

function predictions(records: readonly ChatRecord[], predict: (r: ChatRecord, i: number) => boolean): LabeledPrediction[] {
  return records.map((r, i) => ({ predicted: predict(r, i), expected: r.isCorrection, tool: r.tool, repo: r.repo }));
}

/** Scores of the shipped detector on a corpus file, for the project-wide quality report. */
export function chatScores(file: string): CorrectionScore {
  const records = loadCorpus(file);
  return scoreCorrections(predictions(records, (r) => detectCorrection(r.text, r.previous).isCorrection));
}

/**
 * A fixed held-out part of the new corpus: records whose id starts with one of `prefixes` (the
 * gatherers whose messages came in after the features and options were chosen). Trained on the rest of
 * the new corpus plus the development half, threshold by inner grouped CV on the rest; scored once.
 */
function holdout(records: readonly ChatRecord[], data: ReturnType<typeof prepare>, nNew: number, prefixes: readonly string[], o: FitOptions): void {
  const held = (i: number): boolean => i < nNew && prefixes.some((p) => records[i]!.id.startsWith(p));
  const all = records.map((_, i) => i);
  const test = all.filter(held);
  if (test.length === 0) {
    console.log(`\nheld-out part: no record id starts with ${prefixes.join(', ')}`);
    return;
  }
  const y = records.map((r) => r.isCorrection);
  const m = fitWithThreshold(records, data, y, all.filter((i) => i < nNew && !held(i)), all.filter((i) => i >= nNew), o);
  const predicted = test.map((i) => scoreRecord(m, data, i) >= m.threshold);
  const s = prf(test.map((i, j) => ({ predicted: predicted[j] ?? false, expected: y[i] ?? false })));
  const repos = new Set(test.map((i) => records[i]!.repo)).size;
  console.log(`\nheld-out part (${prefixes.join(', ')}: ${test.length} messages, ${test.filter((i) => y[i]).length} corrections, ${repos} repositories; threshold ${m.threshold.toFixed(3)} from the rest)`);
  console.log(`  ${formatPrf(s)}`);
  const byRepo = scoreCorrections(test.map((i, j) => ({ predicted: predicted[j] ?? false, expected: y[i] ?? false, tool: records[i]!.tool, repo: records[i]!.repo })));
  for (const [tool, v] of Object.entries(byRepo.byTool)) console.log(`  ${tool.padEnd(13)} ${formatPrf(v)}`);
}

function main(): void {
  const argv = process.argv.slice(2);
  const perRepo = argv.includes('--per-repo');
  const { records, nNew, newFile, devFile } = loadBoth();
  const fresh = records.slice(0, nNew);
  const dev = records.slice(nNew);
  const count = (rs: readonly ChatRecord[]): string =>
    `${rs.length} messages, ${rs.filter((r) => r.isCorrection).length} corrections, ${new Set(rs.map((r) => r.repo)).size} repositories, ${new Set(rs.map((r) => r.owner)).size} owners`;
  console.log(`new corpus: ${newFile} (${count(fresh)})`);
  console.log(`development half: ${devFile} (${count(dev)})`);
  const options = shippedOptions(weights);
  const nTerms = SHIPPED_MODEL.terms?.size ?? 0;
  console.log(`model: logistic, ${SHIPPED_MODEL.features.length} cue features + ${nTerms} terms (${describeOptions(options)}), doubtful labels weigh ${weights.doubtWeight ?? 1}`);

  const data = prepare(records);
  setRowWeights(doubtWeights(records));
  const opts = { ...options, innerK: 4 };
  const onNew = groupedCv(records, data, (r) => records.indexOf(r) < nNew, () => true, CV_FOLDS, opts);
  console.log(`\ngrouped ${CV_FOLDS}-fold CV by owner, new corpus (train: other folds + development half)`);
  console.log(formatCv(onNew));
  const verdicts = loadVerdicts(corpusJudgeFiles());
  const withOpinion = replay(fresh, onNew.p, shippedCuts(), verdicts);
  const asked = withOpinion.paths.filter((x) => x.via === 'asked').length;
  console.log(`  with the second opinion, blind judges standing in for the chat's model (opinion.ts): ${formatPrf(withOpinion.score)}; asked about ${asked} messages`);
  const onDev = groupedCv(records, data, (r) => records.indexOf(r) >= nNew, () => true, CV_FOLDS, opts);
  console.log(`\ngrouped ${CV_FOLDS}-fold CV by owner, development half (train: other folds + new corpus)`);
  console.log(formatCv(onDev));
  const devOpinion = replay(records.slice(nNew), onDev.p.slice(nNew), shippedCuts(), verdicts);
  const devAsked = devOpinion.paths.filter((x) => x.via === 'asked').length;
  console.log(`  with the second opinion (opinion.ts --dev): ${formatPrf(devOpinion.score)}; asked about ${devAsked} messages`);
  const seeds = Number(argv[argv.indexOf('--seeds') + 1] ?? 0);
  if (argv.includes('--seeds') && seeds > 0) {
    console.log(`\nthe same with other fold assignments (seeds 1..${seeds}), shipped options vs cue features only:`);
    for (let seed = 1; seed <= seeds; seed++) {
      for (const [name, o] of [
        ['shipped', options],
        ['cues only', { ...CUE_ONLY, l2: options.l2 }],
      ] as const) {
        const cv = groupedCv(records, data, (r) => records.indexOf(r) < nNew, () => true, CV_FOLDS, { ...o, innerK: 4 }, seed);
        const { mean, sd } = meanSd(cv.folds.map((f) => f.f1));
        console.log(`  seed ${seed} ${name.padEnd(9)} folds F1 ${mean.toFixed(3)} ± ${sd.toFixed(3)}  pooled F1 ${cv.pooled.f1.toFixed(3)} P ${cv.pooled.precision.toFixed(3)} R ${cv.pooled.recall.toFixed(3)}`);
      }
    }
  }
  const holdAt = argv.indexOf('--holdout');
  if (holdAt >= 0) holdout(records, data, nNew, (argv[holdAt + 1] ?? '').split(',').filter(Boolean), opts);
  if (perRepo) report('  out-of-fold, new corpus, by tool and repository', scoreCorrections(predictions(fresh, (_, i) => onNew.predicted[i] ?? false)), true);

  const results = records.map((r) => detectCorrection(r.text, r.previous));
  const band = SHIPPED_MODEL.band ?? { low: SHIPPED_MODEL.threshold, high: SHIPPED_MODEL.threshold };
  console.log(`\nshipped detector: threshold ${SHIPPED_MODEL.threshold}, uncertain band [${band.low}, ${band.high})`);
  report('shipped detector on the new corpus (in-sample: trained on it)', scoreCorrections(predictions(fresh, (_, i) => results[i]!.isCorrection)));
  report('shipped detector on the development half (in-sample: trained on it)', scoreCorrections(predictions(dev, (_, i) => results[nNew + i]!.isCorrection)));
  // What the band does out-of-fold on the new corpus: share sent to review, precision of what goes straight in.
  const oof = fresh.map((r, i) => ({ p: onNew.p[i] ?? 0, y: r.isCorrection }));
  const direct = prf(oof.map((s) => ({ predicted: s.p >= band.high, expected: s.y })));
  const inBand = oof.filter((s) => s.p >= band.low && s.p < band.high);
  const caught = prf(oof.map((s) => ({ predicted: s.p >= band.low, expected: s.y })));
  console.log(
    `\nuncertain band, out-of-fold on the new corpus: straight to injection P ${direct.precision.toFixed(3)} R ${direct.recall.toFixed(3)} (${direct.tp + direct.fp} msgs); ` +
      `review queue ${inBand.length} msgs (${inBand.filter((s) => s.y).length} corrections); captured at all R ${caught.recall.toFixed(3)}`,
  );

  report('baseline: spec phrase list (new corpus)', scoreCorrections(predictions(fresh, (r) => specPhraseBaseline(r.text))));
  report('baseline: naive keyword list (new corpus)', scoreCorrections(predictions(fresh, (r) => naiveKeywordBaseline(r.text))));

  if (argv.includes('--errors')) {
    console.log('\nout-of-fold errors, new corpus:');
    fresh.forEach((r, i) => {
      if (onNew.predicted[i] !== r.isCorrection) console.log(`  ${r.isCorrection ? 'FN' : 'FP'} ${(onNew.p[i] ?? 0).toFixed(2)} ${r.id}${r.doubt ? ' (doubt)' : ''} ${JSON.stringify(r.text.slice(0, 120))}`);
    });
  }
  if (argv.includes('--lessons')) {
    console.log('\nlessons (shipped detector, new corpus):');
    fresh.forEach((r, i) => {
      const res = results[i]!;
      if (!res.isCorrection && !r.isCorrection) return;
      console.log(`  ${r.id} [${r.isCorrection ? 'C' : '-'}${res.isCorrection ? '/C' : '/-'} ${res.kind ?? ''} ${res.confidence}]`);
      console.log(`    ours:  ${res.lesson}`);
      console.log(`    label: ${r.lesson}`);
    });
  }
}

if (require.main === module) main();
