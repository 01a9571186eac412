/**
 * Label agreement: a second labeler relabeled a random sample of the new corpus blind (without the
 * first labels, by the same rules). Prints how often the two agree, Cohen's kappa and the F1 of one
 * labeler scored against the other: the ceiling any detector can be measured at on this corpus. Then the
 * detector's out-of-fold F1 (grouped CV by owner, shipped options) against each labeler and on the
 * messages both labelers agree on.
 *
 *   npx tsx scripts/chat/agreement.ts [data/chat/agreement/relabel.jsonl]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatPrf, prf } from '../../src/capture/chatCorrection/score';
import { loadBoth } from './corpus';
import { groupedCv, setRowWeights } from './cv';
import { CV_FOLDS, doubtWeights, prepare, shippedOptions } from './train';
import weights from '../../src/capture/chatCorrection/weights.json';

export interface SecondLabel {
  readonly id: string;
  readonly isCorrection: boolean;
  readonly doubt: boolean;
}

export function loadSecondLabels(file: string): SecondLabel[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; is_correction: boolean; doubt?: boolean })
    .map((r) => ({ id: r.id, isCorrection: r.is_correction === true, doubt: r.doubt === true }));
}

/** Cohen's kappa of two boolean labelings of the same items. */
export function cohensKappa(a: readonly boolean[], b: readonly boolean[]): number {
  const n = a.length;
  if (n === 0 || n !== b.length) return Number.NaN;
  let agree = 0;
  let pa = 0;
  let pb = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    if (a[i]) pa++;
    if (b[i]) pb++;
  }
  const po = agree / n;
  const pe = (pa / n) * (pb / n) + (1 - pa / n) * (1 - pb / n);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
}

function main(): void {
  const file = process.argv[2] ?? path.resolve(__dirname, '../../data/chat/agreement/relabel.jsonl');
  const second = new Map(loadSecondLabels(file).map((s) => [s.id, s]));
  const { records, nNew } = loadBoth();
  const idx = records.map((r, i) => (i < nNew && second.has(r.id) ? i : -1)).filter((i) => i >= 0);
  const a = idx.map((i) => records[i]!.isCorrection);
  const b = idx.map((i) => second.get(records[i]!.id)!.isCorrection);
  const agree = a.filter((v, j) => v === b[j]).length;
  console.log(`sample: ${idx.length} messages of the new corpus (${second.size} relabeled), ${new Set(idx.map((i) => records[i]!.repo)).size} repositories`);
  console.log(`first labels: ${a.filter(Boolean).length} corrections; second labels: ${b.filter(Boolean).length}`);
  console.log(`agreement ${(agree / Math.max(1, idx.length)).toFixed(3)}, Cohen's kappa ${cohensKappa(a, b).toFixed(3)}`);
  console.log(`second labeler scored against the first:  ${formatPrf(prf(idx.map((_, j) => ({ predicted: b[j]!, expected: a[j]! }))))}`);
  const sure = idx.map((i, j) => (!records[i]!.doubt && !second.get(records[i]!.id)!.doubt ? j : -1)).filter((j) => j >= 0);
  console.log(`  on the ${sure.length} neither labeler doubted: ${formatPrf(prf(sure.map((j) => ({ predicted: b[j]!, expected: a[j]! }))))}`);

  const data = prepare(records);
  setRowWeights(doubtWeights(records));
  const cv = groupedCv(records, data, (r) => records.indexOf(r) < nNew, () => true, CV_FOLDS, { ...shippedOptions(weights), innerK: 4 });
  const det = idx.map((i) => cv.predicted[i] ?? false);
  console.log(`detector (out-of-fold, grouped CV) against the first labels:  ${formatPrf(prf(det.map((p, j) => ({ predicted: p, expected: a[j]! }))))}`);
  console.log(`detector (out-of-fold, grouped CV) against the second labels: ${formatPrf(prf(det.map((p, j) => ({ predicted: p, expected: b[j]! }))))}`);
  const both = idx.map((_, j) => (a[j] === b[j] ? j : -1)).filter((j) => j >= 0);
  console.log(`detector on the ${both.length} messages both labelers agree on:  ${formatPrf(prf(both.map((j) => ({ predicted: det[j]!, expected: a[j]! }))))}`);
  console.log(`detector on the ${sure.length} neither labeler doubted:       ${formatPrf(prf(sure.map((j) => ({ predicted: det[j]!, expected: a[j]! }))))}`);
  // The whole corpus: what the first labeler's doubt flags are worth.
  const all = records.map((_, i) => i).filter((i) => i < nNew);
  const firm = all.filter((i) => !records[i]!.doubt);
  console.log(`detector on the whole new corpus without the first labeler's ${all.length - firm.length} doubtful labels: ${formatPrf(prf(firm.map((i) => ({ predicted: cv.predicted[i] ?? false, expected: records[i]!.isCorrection }))))}`);
}

if (require.main === module) main();
