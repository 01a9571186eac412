/**
 * What the optional second opinion (`mistakes.chat.confirmWithModel`) would do for capture quality.
 * A judge (a model session standing in for the chat's language model) answered the extension's own
 * prompt (src/capture/chatCorrection/secondOpinion.ts) blind, for corpus messages; this script replays
 * the participant's decision on every message of the new corpus, with out-of-fold scores (grouped CV by
 * repository, shipped options) and the shipped band and second-opinion cut:
 *
 *   score >= band.high            -> recorded, straight into injection (no question asked)
 *   askLow <= score < band.high   -> the judge is asked: recorded if it confirms, else nothing
 *                                    (no verdict for the message: the local decision, score >= threshold)
 *   score < askLow                -> nothing
 *
 * and prints precision, recall and F1 against the corpus labels, next to the detector alone, with the
 * share of messages a model would be asked about.
 *
 *   npx tsx scripts/chat/opinion.ts [--ask-low X] [judge.jsonl ...]    (default: data/chat/agreement/opinion-*.jsonl)
 *
 * --ask-low replays another second-opinion cut than the shipped one (to see the trade-off).
 *
 * A judge file holds one JSON object per line: {"id", "correction": boolean, ...} (opinion-*.jsonl), or
 * {"id", "is_correction": boolean, ...} (relabel.jsonl, the blind second labeling, which also works as
 * a judge that read the full labeling rules).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatPrf, prf, type PrfScore } from '../../src/capture/chatCorrection/score';
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

function main(): void {
  const dir = path.resolve(__dirname, '../../data/chat/agreement');
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--ask-low');
  const askOverride = at >= 0 ? Number(argv[at + 1]) : undefined;
  const args = argv.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
  const files = args.length ? args : readdirSync(dir).filter((n) => /^opinion-.*\.jsonl$/.test(n)).map((n) => path.join(dir, n));
  const verdicts = loadVerdicts(files);
  const { records, nNew } = loadBoth();
  const data = prepare(records);
  setRowWeights(doubtWeights(records));
  const cv = groupedCv(records, data, (r) => records.indexOf(r) < nNew, () => true, CV_FOLDS, { ...shippedOptions(weights), innerK: 4 });
  const band = SHIPPED_MODEL.band ?? { low: SHIPPED_MODEL.threshold, high: SHIPPED_MODEL.threshold };
  const cuts: Cuts = { threshold: SHIPPED_MODEL.threshold, band, askLow: askOverride !== undefined && Number.isFinite(askOverride) ? askOverride : (SHIPPED_MODEL.askLow ?? band.low) };
  const fresh = records.slice(0, nNew);
  const judged = fresh.filter((r) => verdicts.has(r.id));
  console.log(`judge: ${verdicts.size} verdicts from ${files.map((f) => path.basename(f)).join(', ')}; ${judged.length} on messages of the new corpus`);
  if (judged.length) {
    const s = prf(judged.map((r) => ({ predicted: verdicts.get(r.id)!, expected: r.isCorrection })));
    console.log(`judge alone, on the messages it saw: ${formatPrf(s)}`);
  }
  console.log(`cuts: threshold ${cuts.threshold}, band [${band.low}, ${band.high}), second opinion from ${cuts.askLow}`);
  const line = (name: string, s: PrfScore): void => console.log(`${name.padEnd(44)} ${formatPrf(s)}`);
  // Out-of-fold: each fold's own threshold decides the detector alone; the shipped cuts route the rest.
  line('detector alone (out-of-fold)', prf(fresh.map((r, i) => ({ predicted: cv.predicted[i] ?? false, expected: r.isCorrection }))));
  const paths = fresh.map((r, i) => decide(cv.p[i] ?? 0, cuts, verdicts.get(r.id)));
  line('detector + second opinion', prf(fresh.map((r, i) => ({ predicted: paths[i]!.recorded, expected: r.isCorrection }))));
  const count = (v: Decision): number => paths.filter((x) => x.via === v).length;
  console.log(
    `of ${fresh.length} messages: ${count('direct')} recorded without asking, ${count('asked')} asked, ` +
      `${count('local')} in the asking range without a verdict (local decision), ${count('none')} below it`,
  );
}

if (require.main === module) main();
