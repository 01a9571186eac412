/**
 * Trains the correction classifier's weights on the labeled chat corpus and reports
 * leave-one-repository-out (LORO) figures, which simulate the held-out split (other repositories).
 *
 *   npx tsx scripts/chat/train.ts [corpus.jsonl|eval dir] [--write] [--dump]
 *
 * --write stores the weights trained on the whole corpus in src/capture/chatCorrection/weights.json.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildContext, extractFeatures, FEATURE_NAMES, FEATURE_PRIORS } from '../../src/capture/chatCorrection/features';
import { linearScore, sigmoid, type LinearModel } from '../../src/capture/chatCorrection/model';
import { formatPrf, scoreCorrections, type LabeledPrediction } from '../../src/capture/chatCorrection/score';
import { corpusPath, loadCorpus, type ChatRecord } from './corpus';
import { trainLogistic } from './logistic';

export const TRAIN_L2 = 0.1;
export const THRESHOLD = 0.5;

export function featurize(records: readonly ChatRecord[]): number[][] {
  return records.map((r) => extractFeatures(buildContext(r.text, r.previous)));
}

export function fit(X: readonly number[][], y: readonly boolean[], l2 = TRAIN_L2): LinearModel {
  const { weights, bias } = trainLogistic(X, y, { l2, balance: true, prior: FEATURE_PRIORS });
  return { features: FEATURE_NAMES, weights, bias, threshold: THRESHOLD };
}

/** Predictions for each record from a model that never saw that record's repository. */
export function leaveOneRepoOut(records: readonly ChatRecord[], X: readonly number[][], l2 = TRAIN_L2): LabeledPrediction[] {
  const out: LabeledPrediction[] = new Array<LabeledPrediction>(records.length);
  const repos = [...new Set(records.map((r) => r.repo))];
  for (const repo of repos) {
    const trainIdx = records.map((r, i) => (r.repo === repo ? -1 : i)).filter((i) => i >= 0);
    const model = fit(
      trainIdx.map((i) => X[i] ?? []),
      trainIdx.map((i) => records[i]?.isCorrection ?? false),
      l2,
    );
    records.forEach((r, i) => {
      if (r.repo !== repo) return;
      const p = sigmoid(linearScore(model, X[i] ?? []));
      out[i] = { predicted: p >= model.threshold, expected: r.isCorrection, tool: r.tool, repo: r.repo };
    });
  }
  return out;
}

function main(): void {
  const argv = process.argv.slice(2);
  const records = loadCorpus(corpusPath(argv));
  const X = featurize(records);
  const y = records.map((r) => r.isCorrection);
  for (const l2 of [0.001, 0.003, 0.01, 0.03, 0.1, 0.3]) {
    const s = scoreCorrections(leaveOneRepoOut(records, X, l2));
    console.log(`LORO l2=${l2}: ${formatPrf(s.pooled)}`);
  }
  const model = fit(X, y);
  const ins = records.map((r, i) => ({
    predicted: sigmoid(linearScore(model, X[i] ?? [])) >= THRESHOLD,
    expected: r.isCorrection,
    tool: r.tool,
    repo: r.repo,
  }));
  console.log(`in-sample l2=${TRAIN_L2}: ${formatPrf(scoreCorrections(ins).pooled)}`);
  const order = FEATURE_NAMES.map((n, i) => ({ n, w: model.weights[i] ?? 0 })).sort((a, b) => b.w - a.w);
  console.log('weights:', order.map((o) => `${o.n}=${o.w.toFixed(2)}`).join(' '), `bias=${model.bias.toFixed(2)}`);
  if (argv.includes('--dump')) {
    const loro = leaveOneRepoOut(records, X);
    records.forEach((r, i) => {
      const p = loro[i];
      if (!p || p.predicted === p.expected) return;
      const fired = FEATURE_NAMES.filter((_, j) => (X[i]?.[j] ?? 0) !== 0).join(',');
      console.log(`${p.expected ? 'FN' : 'FP'} ${r.id} [${fired}] ${JSON.stringify(r.text.slice(0, 140))}`);
    });
  }
  if (argv.includes('--write')) {
    const file = path.resolve(__dirname, '../../src/capture/chatCorrection/weights.json');
    const json = {
      comment: 'Trained by scripts/chat/train.ts on shared/eval/chat (development half); do not edit by hand.',
      l2: TRAIN_L2,
      features: model.features,
      weights: model.weights.map((w) => Math.round(w * 1e4) / 1e4),
      bias: Math.round(model.bias * 1e4) / 1e4,
      threshold: model.threshold,
    };
    writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
    console.log(`wrote ${file}`);
  }
}

if (require.main === module) main();
