/**
 * What the optional second opinion (`mistakes.chat.confirmWithModel`) would do for capture quality.
 * A judge (a model session standing in for the chat's language model) answered the extension's own
 * prompt (src/capture/chatCorrection/secondOpinion.ts) blind, for corpus messages; this script replays
 * the participant's decision on every message of the new corpus, with out-of-fold scores (grouped CV by
 * owner, shipped options) and the shipped band and second-opinion cut:
 *
 *   score >= band.high            -> recorded, straight into injection (no question asked)
 *   askLow <= score < band.high   -> the judge is asked: recorded if it confirms, else nothing
 *                                    (no verdict for the message: the local decision, score >= threshold)
 *   score < askLow                -> nothing
 *
 * and prints precision, recall and F1 against the corpus labels, next to the detector alone, with the
 * share of messages a model would be asked about.
 *
 *   npx tsx scripts/chat/opinion.ts [--dev] [--ask-low X] [--weaker] [--missing FILE] [judge.jsonl ...]    (default: data/chat/agreement/opinion-*.jsonl)
 *
 * --dev does the same on the development half (../shared/eval/chat), its folds trained on the other
 * development folds plus the new corpus: the no-regression check for the whole pipeline.
 * --ask-low replays another second-opinion cut than the shipped one (to see the trade-off).
 * --missing FILE writes the messages in the asking range that no judge has seen, in the judges' batch
 * format ({"id", "previous_assistant_answer_tail", "user_message"} per line), for the next judge.
 * --weaker also replays models weaker than the judges: each verdict is changed with probability q
 * (flipped either way; a model that confirms too readily, turning "no" into "yes"; one that rejects
 * too readily, turning "yes" into "no"), averaged over 20 seeds, with the model's agreement with the
 * labels on the messages asked, and the largest flip rate at which the pipeline still meets
 * F1 >= 0.85 at precision >= 0.85: how good the chat's model must be for the goal.
 *
 * A judge file holds one JSON object per line: {"id", "correction": boolean, ...} (opinion-*.jsonl), or
 * {"id", "is_correction": boolean, ...} (relabel.jsonl, the blind second labeling, which also works as
 * a judge that read the full labeling rules).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatPrf, prf, type PrfScore } from '../../src/capture/chatCorrection/score';
import { rng } from '../../src/core/rng';
import { SHIPPED_MODEL } from '../../src/capture/chatCorrection/model';
import { loadBoth } from './corpus';
import { groupedCv, setRowWeights } from './cv';
import { CV_FOLDS, doubtWeights, prepare, shippedOptions } from './train';
import weights from '../../src/capture/chatCorrection/weights.json';

export interface Cuts {
  readonly threshold: number;
  readonly band: { readonly low: number; readonly high: number };
  readonly askLow: number;
}

export type Decision = 'direct' | 'asked' | 'local' | 'none';

/** The participant's path for one message with the second opinion on, given the judge's verdict. */
export function decide(p: number, cuts: Cuts, verdict: boolean | undefined): { recorded: boolean; via: Decision } {
  if (p >= cuts.band.high) return { recorded: true, via: 'direct' };
  if (p >= Math.min(cuts.askLow, cuts.band.low)) {
    if (verdict !== undefined) return { recorded: verdict, via: 'asked' };
    return { recorded: p >= cuts.threshold, via: 'local' };
  }
  return { recorded: false, via: 'none' };
}

/** The shipped threshold, band and second-opinion cut (weights.json). */
export function shippedCuts(): Cuts {
  const band = SHIPPED_MODEL.band ?? { low: SHIPPED_MODEL.threshold, high: SHIPPED_MODEL.threshold };
  return { threshold: SHIPPED_MODEL.threshold, band, askLow: SHIPPED_MODEL.askLow ?? band.low };
}

const AGREEMENT_DIR = path.resolve(__dirname, '../../data/chat/agreement');

/** The judges' verdict files of the corpus (data/chat/agreement/opinion-*.jsonl). */
export function corpusJudgeFiles(): string[] {
  return readdirSync(AGREEMENT_DIR)
    .filter((n) => /^opinion-.*\.jsonl$/.test(n))
    .map((n) => path.join(AGREEMENT_DIR, n));
}

/** Messages in the judges' batch format, one JSON object per line, for a blind judge. */
export function judgeBatch(records: ReadonlyArray<{ id: string; previous: string; text: string }>): string {
  return records.map((r) => JSON.stringify({ id: r.id, previous_assistant_answer_tail: r.previous, user_message: r.text }) + '\n').join('');
}

export function loadVerdicts(files: readonly string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { id?: unknown; correction?: unknown; is_correction?: unknown };
      const v = typeof o.correction === 'boolean' ? o.correction : o.is_correction;
      if (typeof o.id === 'string' && typeof v === 'boolean') out.set(o.id, v);
    }
  }
  return out;
}

/** How a weaker model than the judge errs: either way, by confirming too readily, or by rejecting too readily. */
export type Weakness = 'flip' | 'yes' | 'no';

/** The judge's verdicts as a weaker model would give them: each one changed with probability `q` (seeded). */
export function weaken(verdicts: ReadonlyMap<string, boolean>, kind: Weakness, q: number, seed: number): Map<string, boolean> {
  const rand = rng(seed);
  const out = new Map<string, boolean>();
  // Sorted ids: the same seed changes the same verdicts whatever order the files were read in.
  for (const id of [...verdicts.keys()].sort()) {
    const v = verdicts.get(id)!;
    const hit = rand() < q;
    out.set(id, hit && (kind === 'flip' || (kind === 'yes' && !v) || (kind === 'no' && v)) ? !v : v);
  }
  return out;
}

export interface Replay {
  readonly score: PrfScore;
  /** Share of the asked messages where the verdict matches the label. */
  readonly agreement: number;
}

export function replay(records: ReadonlyArray<{ id: string; isCorrection: boolean }>, p: readonly number[], cuts: Cuts, verdicts: ReadonlyMap<string, boolean>): Replay & { paths: ReturnType<typeof decide>[] } {
  const paths = records.map((r, i) => decide(p[i] ?? 0, cuts, verdicts.get(r.id)));
  const asked = records.filter((_, i) => paths[i]!.via === 'asked');
  const agree = asked.filter((r) => verdicts.get(r.id) === r.isCorrection).length;
  return {
    paths,
    score: prf(records.map((r, i) => ({ predicted: paths[i]!.recorded, expected: r.isCorrection }))),
    agreement: asked.length ? agree / asked.length : 1,
  };
}

/** Mean precision, recall, F1 and agreement over `seeds` weakened replays. */
export function weakerReplay(
  records: ReadonlyArray<{ id: string; isCorrection: boolean }>,
  p: readonly number[],
  cuts: Cuts,
  verdicts: ReadonlyMap<string, boolean>,
  kind: Weakness,
  q: number,
  seeds = 20,
): { precision: number; recall: number; f1: number; agreement: number } {
  const acc = { precision: 0, recall: 0, f1: 0, agreement: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const r = replay(records, p, cuts, weaken(verdicts, kind, q, seed));
    acc.precision += r.score.precision / seeds;
    acc.recall += r.score.recall / seeds;
    acc.f1 += r.score.f1 / seeds;
    acc.agreement += r.agreement / seeds;
  }
  return acc;
}

const GOAL = 0.85;

/** Prints the weaker-model table and the largest flip rate at which the goal still holds. */
export function printWeaker(records: ReadonlyArray<{ id: string; isCorrection: boolean }>, p: readonly number[], cuts: Cuts, verdicts: ReadonlyMap<string, boolean>): void {
  const f = (x: number): string => x.toFixed(3);
  console.log('\nweaker models than the judges (each verdict changed with probability q; mean of 20 seeds):');
  console.log(`  ${'kind'.padEnd(26)} ${'q'.padStart(4)}  agreement   P      R      F1`);
  const names: Record<Weakness, string> = { flip: 'wrong either way', yes: 'confirms too readily', no: 'rejects too readily' };
  for (const kind of ['flip', 'yes', 'no'] as const) {
    for (const q of [0.1, 0.2, 0.3, 0.4]) {
      const r = weakerReplay(records, p, cuts, verdicts, kind, q);
      console.log(`  ${names[kind].padEnd(26)} ${q.toFixed(2).padStart(4)}  ${f(r.agreement).padStart(9)}   ${f(r.precision)}  ${f(r.recall)}  ${f(r.f1)}`);
    }
  }
  let last: { q: number; agreement: number } | undefined;
  for (let k = 0; k <= 50; k++) {
    const q = k / 100;
    const r = weakerReplay(records, p, cuts, verdicts, 'flip', q);
    if (r.f1 < GOAL || r.precision < GOAL) break;
    last = { q, agreement: r.agreement };
  }
  console.log(
    last
      ? `the goal (F1 and precision >= ${GOAL}) holds up to a flip rate of ${last.q.toFixed(2)}: a model that agrees with the labels on ${(last.agreement * 100).toFixed(1)}% of the messages it is asked about`
      : `the goal (F1 and precision >= ${GOAL}) is not met even with the judges' own verdicts`,
  );
}

function main(): void {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--ask-low');
  const askOverride = at >= 0 ? Number(argv[at + 1]) : undefined;
  const missingAt = argv.indexOf('--missing');
  const missingFile = missingAt >= 0 ? argv[missingAt + 1] : undefined;
  const args = argv.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1) && (missingAt < 0 || i !== missingAt + 1));
  const files = args.length ? args : corpusJudgeFiles();
  const verdicts = loadVerdicts(files);
  const { records, nNew } = loadBoth();
  const data = prepare(records);
  setRowWeights(doubtWeights(records));
  // --dev: the development half is the tested set (trained on its other folds plus the new corpus).
  const dev = argv.includes('--dev');
  const tested = (i: number): boolean => (dev ? i >= nNew : i < nNew);
  const cvAll = groupedCv(records, data, (r) => tested(records.indexOf(r)), () => true, CV_FOLDS, { ...shippedOptions(weights), innerK: 4 });
  const from = dev ? nNew : 0;
  const cv = { p: cvAll.p.slice(from), predicted: cvAll.predicted.slice(from) };
  const shipped = shippedCuts();
  const { band } = shipped;
  const cuts: Cuts = askOverride !== undefined && Number.isFinite(askOverride) ? { ...shipped, askLow: askOverride } : shipped;
  const fresh = dev ? records.slice(nNew) : records.slice(0, nNew);
  const judged = fresh.filter((r) => verdicts.has(r.id));
  console.log(`judge: ${verdicts.size} verdicts from ${files.map((f) => path.basename(f)).join(', ')}; ${judged.length} on messages of the ${dev ? 'development half' : 'new corpus'}`);
  if (judged.length) {
    const s = prf(judged.map((r) => ({ predicted: verdicts.get(r.id)!, expected: r.isCorrection })));
    console.log(`judge alone, on the messages it saw: ${formatPrf(s)}`);
  }
  console.log(`cuts: threshold ${cuts.threshold}, band [${band.low}, ${band.high}), second opinion from ${cuts.askLow}`);
  const line = (name: string, s: PrfScore): void => console.log(`${name.padEnd(44)} ${formatPrf(s)}`);
  // Out-of-fold: each fold's own threshold decides the detector alone; the shipped cuts route the rest.
  line('detector alone (out-of-fold)', prf(fresh.map((r, i) => ({ predicted: cv.predicted[i] ?? false, expected: r.isCorrection }))));
  const { paths, score, agreement } = replay(fresh, cv.p, cuts, verdicts);
  line('detector + second opinion', score);
  const count = (v: Decision): number => paths.filter((x) => x.via === v).length;
  console.log(
    `of ${fresh.length} messages: ${count('direct')} recorded without asking, ${count('asked')} asked, ` +
      `${count('local')} in the asking range without a verdict (local decision), ${count('none')} below it; ` +
      `the judges agree with the labels on ${(agreement * 100).toFixed(1)}% of the messages asked`,
  );
  if (argv.includes('--weaker')) printWeaker(fresh, cv.p, cuts, verdicts);
  if (missingFile) {
    const rows = fresh.filter((_, i) => paths[i]!.via === 'local');
    writeFileSync(missingFile, judgeBatch(rows));
    console.log(`wrote ${rows.length} messages without a verdict to ${missingFile}`);
  }
}

if (require.main === module) main();
