/**
 * Chat-correction quality report.
 *
 *   npx tsx scripts/chat/eval.ts [corpus.jsonl|eval dir] [--lessons] [--errors]
 *
 * Prints precision/recall/F1 of the shipped detector on the corpus (in-sample: its weights were trained
 * on this development half), then leave-one-repository-out (LORO: weights retrained without the
 * repository being scored), which simulates the held-out half drawn from other repositories, and the
 * spec phrase list and a naive keyword list as baselines.
 */
import { detectCorrection } from '../../src/capture/chatCorrection/detect';
import { naiveKeywordBaseline, specPhraseBaseline } from '../../src/capture/chatCorrection/baseline';
import { formatPrf, scoreCorrections, type CorrectionScore, type LabeledPrediction } from '../../src/capture/chatCorrection/score';
import { corpusPath, loadCorpus, type ChatRecord } from './corpus';
import { featurize, fit } from './train';

function report(title: string, s: CorrectionScore, perRepo = false): void {
  console.log(`\n${title}`);
  console.log(`  pooled        ${formatPrf(s.pooled)}`);
  for (const [tool, v] of Object.entries(s.byTool)) console.log(`  ${tool.padEnd(13)} ${formatPrf(v)}`);
  if (perRepo) for (const [repo, v] of Object.entries(s.byRepo)) console.log(`    ${repo.padEnd(42)} ${formatPrf(v)}`);
}

function predictions(records: readonly ChatRecord[], predict: (r: ChatRecord) => boolean): LabeledPrediction[] {
  return records.map((r) => ({ predicted: predict(r), expected: r.isCorrection, tool: r.tool, repo: r.repo }));
}

/** Scores of the shipped detector on a corpus file, for the project-wide quality report. */
export function chatScores(file: string): CorrectionScore {
  const records = loadCorpus(file);
  return scoreCorrections(predictions(records, (r) => detectCorrection(r.text, r.previous).isCorrection));
}

function main(): void {
  const argv = process.argv.slice(2);
  const file = corpusPath(argv);
  const records = loadCorpus(file);
  console.log(`corpus: ${file} (${records.length} messages, ${records.filter((r) => r.isCorrection).length} corrections)`);

  const t0 = performance.now();
  const results = records.map((r) => detectCorrection(r.text, r.previous));
  const ms = (performance.now() - t0) / Math.max(1, records.length);
  report('shipped detector (weights trained on the development half: in-sample when this is that half)', scoreCorrections(predictions(records, (r) => results[records.indexOf(r)]!.isCorrection)), true);
  console.log(`  mean time per message: ${ms.toFixed(3)} ms`);

  // LORO: retrain the weights without each repository and score that repository with them.
  const X = featurize(records);
  const loro: boolean[] = new Array<boolean>(records.length).fill(false);
  for (const repo of new Set(records.map((r) => r.repo))) {
    const idx = records.map((r, i) => (r.repo === repo ? -1 : i)).filter((i) => i >= 0);
    const model = fit(idx.map((i) => X[i]!), idx.map((i) => records[i]!.isCorrection));
    records.forEach((r, i) => {
      if (r.repo === repo) loro[i] = detectCorrection(r.text, r.previous, { model }).isCorrection;
    });
  }
  report('leave-one-repository-out (expected held-out performance)', scoreCorrections(predictions(records, (r) => loro[records.indexOf(r)]!)), true);

  report('baseline: spec phrase list', scoreCorrections(predictions(records, (r) => specPhraseBaseline(r.text))));
  report('baseline: naive keyword list', scoreCorrections(predictions(records, (r) => naiveKeywordBaseline(r.text))));

  if (argv.includes('--errors')) {
    console.log('\nLORO errors:');
    records.forEach((r, i) => {
      if (loro[i] !== r.isCorrection) console.log(`  ${r.isCorrection ? 'FN' : 'FP'} ${r.id} ${JSON.stringify(r.text.slice(0, 120))}`);
    });
  }
  if (argv.includes('--lessons')) {
    console.log('\nlessons (shipped detector):');
    records.forEach((r, i) => {
      const res = results[i]!;
      if (!res.isCorrection && !r.isCorrection) return;
      console.log(`  ${r.id} [${r.isCorrection ? 'C' : '-'}${res.isCorrection ? '/C' : '/-'} ${res.kind ?? ''} ${res.confidence}]`);
      console.log(`    ours:  ${res.lesson}`);
      console.log(`    label: ${r.lesson}`);
    });
  }
}

if (require.main === module) main();
