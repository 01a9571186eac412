/**
 * Learning curve: grouped 5-fold CV on data/chat (folds by owner, every test fold whole), with the
 * training part cut to a random fraction of its owners (the development half always trains).
 * Shows whether more repositories would still raise F1, and by how much.
 *
 *   npx tsx scripts/chat/curve.ts [--seeds N]
 */
import { prf } from '../../src/capture/chatCorrection/score';
import { rng } from '../../src/core/rng';
import { loadBoth } from './corpus';
import { apartFrom, fitWithThreshold, meanSd, ownerFolds, setRowWeights } from './cv';
import { CV_FOLDS, doubtWeights, prepare, scoreRecord, shippedOptions } from './train';
import weights from '../../src/capture/chatCorrection/weights.json';

function main(): void {
  const argv = process.argv.slice(2);
  const seeds = Number(argv[argv.indexOf('--seeds') + 1] ?? 0) || 3;
  const { records, nNew } = loadBoth();
  const data = prepare(records);
  const y = records.map((r) => r.isCorrection);
  setRowWeights(doubtWeights(records));
  const o = { ...shippedOptions(weights), innerK: 4 };
  const testIdx = records.map((_, i) => i).filter((i) => i < nNew);
  const extra = records.map((_, i) => i).filter((i) => i >= nNew);
  const folds = ownerFolds(testIdx.map((i) => records[i]!), CV_FOLDS, 7);
  for (const frac of [0.25, 0.5, 0.75, 1]) {
    const f1s: number[] = [];
    for (let s = 0; s < (frac === 1 ? 1 : seeds); s++) {
      const rand = rng(100 + s);
      const keep = new Map<string, boolean>();
      for (const r of records.slice(0, nNew)) if (!keep.has(r.owner)) keep.set(r.owner, rand() < frac);
      const outcomes: { predicted: boolean; expected: boolean }[] = [];
      for (let f = 0; f < CV_FOLDS; f++) {
        const te = testIdx.filter((_, j) => folds[j] === f);
        const tr = testIdx.filter((i, j) => folds[j] !== f && keep.get(records[i]!.owner));
        const m = fitWithThreshold(records, data, y, tr, apartFrom(records, extra, te), o);
        for (const i of te) outcomes.push({ predicted: scoreRecord(m, data, i) >= m.threshold, expected: y[i] ?? false });
      }
      f1s.push(prf(outcomes).f1);
    }
    const { mean, sd } = meanSd(f1s);
    const owners = Math.round(new Set(records.slice(0, nNew).map((r) => r.owner)).size * frac * 0.8);
    console.log(`training on ~${String(owners).padStart(3)} owners (${frac * 100}% of each training part): pooled F1 ${mean.toFixed(3)} ± ${sd.toFixed(3)} over ${f1s.length} draws`);
  }
}

main();
