/**
 * The shipped detector on labeled messages it was never trained on (a prospective test: messages
 * gathered after the weights were frozen, kept out of data/chat/messages.jsonl until the next retrain),
 * alone and with the second opinion, blind judges standing in for the chat's model.
 *
 *   npx tsx scripts/chat/prospective.ts <messages.jsonl> [more.jsonl ...] [--verdicts judge.jsonl ...] [--batch FILE] [--weaker]
 *
 * Prints the figures per file and for all files together, and again without the owners who also have
 * repositories in the training corpus (not new people).
 *
 * --weaker replays models weaker than the judges on all the files together (as opinion.ts --weaker).
 * --batch FILE writes the messages the participant would ask the model about (askLow <= score < the
 * band's top), in the judges' batch format, for a blind judge.
 * The figures hold for the weights they were measured with: once these messages join the training data
 * they are in-sample.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectCorrection } from '../../src/capture/chatCorrection/detect';
import { formatPrf, prf, type PrfScore } from '../../src/capture/chatCorrection/score';
import { rng } from '../../src/core/rng';
import { loadCorpus, NEW_CORPUS, type ChatRecord } from './corpus';
import { decide, judgeBatch, loadVerdicts, printWeaker, shippedCuts, type Cuts } from './opinion';

export interface ProspectiveScores {
  readonly alone: PrfScore;
  /** Without the records the labeler marked doubtful. */
  readonly aloneClear: PrfScore;
  /** Records the participant would ask the model about. */
  readonly askable: readonly ChatRecord[];
  /** With the verdicts (a message in the asking range without one gets the local decision). */
  readonly withOpinion: PrfScore;
  readonly withoutVerdict: number;
  /** Share of the asked messages on which the verdict matches the label (NaN when none was asked). */
  readonly agreement: number;
  /** Per record, in input order: its owner, the label and both decisions (for the bootstrap). */
  readonly outcomes: ReadonlyArray<{ owner: string; expected: boolean; alone: boolean; withOpinion: boolean }>;
}

function agreementOn(asked: readonly ChatRecord[], verdicts: ReadonlyMap<string, boolean>): number {
  return asked.length ? asked.filter((r) => verdicts.get(r.id) === r.isCorrection).length / asked.length : Number.NaN;
}

/** A 95% interval (2.5th and 97.5th percentiles). */
export type Interval = readonly [number, number];

/**
 * Cluster bootstrap by owner: resamples whole owners (people) with replacement, `reps` times, and
 * returns the 95% percentile intervals of F1 and precision for the decisions `pick` reads. Owners, not
 * messages, are the unit: one person's messages are alike, so resampling messages would understate the
 * spread.
 */
export function ownerBootstrap(
  outcomes: ProspectiveScores['outcomes'],
  pick: (o: ProspectiveScores['outcomes'][number]) => boolean,
  reps = 2000,
  seed = 1,
): { f1: Interval; precision: Interval } {
  const byOwner = new Map<string, Array<{ predicted: boolean; expected: boolean }>>();
  for (const o of outcomes) {
    let xs = byOwner.get(o.owner);
    if (!xs) byOwner.set(o.owner, (xs = []));
    xs.push({ predicted: pick(o), expected: o.expected });
  }
  const groups = [...byOwner.values()];
  const rand = rng(seed);
  const f1s: number[] = [];
  const ps: number[] = [];
  for (let b = 0; b < reps; b++) {
    const sample: Array<{ predicted: boolean; expected: boolean }> = [];
    for (let i = 0; i < groups.length; i++) sample.push(...groups[Math.floor(rand() * groups.length)]!);
    const s = prf(sample);
    f1s.push(s.f1);
    ps.push(s.precision);
  }
  const ci = (xs: number[]): Interval => {
    const sorted = xs.sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))] ?? Number.NaN;
    return [at(0.025), at(0.975)];
  };
  return { f1: ci(f1s), precision: ci(ps) };
}

export function scoreProspective(records: readonly ChatRecord[], verdicts: ReadonlyMap<string, boolean>, cuts: Cuts): ProspectiveScores {
  const scored = records.map((r) => ({ r, p: detectCorrection(r.text, r.previous).confidence }));
  const alone = (xs: typeof scored): PrfScore => prf(xs.map((x) => ({ predicted: x.p >= cuts.threshold, expected: x.r.isCorrection })));
  const paths = scored.map((x) => decide(x.p, cuts, verdicts.get(x.r.id)));
  return {
    alone: alone(scored),
    aloneClear: alone(scored.filter((x) => !x.r.doubt)),
    askable: scored.filter((_, i) => paths[i]!.via === 'asked' || paths[i]!.via === 'local').map((x) => x.r),
    withOpinion: prf(scored.map((x, i) => ({ predicted: paths[i]!.recorded, expected: x.r.isCorrection }))),
    withoutVerdict: paths.filter((p) => p.via === 'local').length,
    agreement: agreementOn(scored.map((x) => x.r).filter((_, i) => paths[i]!.via === 'asked'), verdicts),
    outcomes: scored.map((x, i) => ({ owner: x.r.owner, expected: x.r.isCorrection, alone: x.p >= cuts.threshold, withOpinion: paths[i]!.recorded })),
  };
}

/** Share of the corrections that score at or above the second-opinion cut: the most the model can recover. */
export function askReach(records: readonly ChatRecord[], cuts: Cuts): number {
  const pos = records.filter((r) => r.isCorrection);
  return pos.length ? pos.filter((r) => detectCorrection(r.text, r.previous).confidence >= cuts.askLow).length / pos.length : Number.NaN;
}

function report(label: string, records: readonly ChatRecord[], verdicts: ReadonlyMap<string, boolean>, withVerdicts: boolean, cuts: Cuts): ProspectiveScores {
  const s = scoreProspective(records, verdicts, cuts);
  const repos = new Set(records.map((r) => r.repo)).size;
  const owners = new Set(records.map((r) => r.owner)).size;
  console.log(`\n${label}: ${records.length} messages (${records.filter((r) => r.isCorrection).length} corrections), ${repos} repositories, ${owners} owners`);
  console.log(`  shipped detector alone                      ${formatPrf(s.alone)}`);
  console.log(`    without the labeler's doubtful labels     ${formatPrf(s.aloneClear)}`);
  if (withVerdicts) console.log(`  with the second opinion (judge verdicts)     ${formatPrf(s.withOpinion)}; ${s.withoutVerdict} in the asking range without a verdict; the judges agree with the labels on ${(100 * s.agreement).toFixed(1)}% of the messages asked`);
  console.log(`  in the asking range: ${s.askable.length} messages (${((100 * s.askable.length) / Math.max(1, records.length)).toFixed(0)}%); corrections at or above the ask cut: ${(100 * askReach(records, cuts)).toFixed(0)}%`);
  return s;
}

function main(): void {
  const argv = process.argv.slice(2);
  const firstFlag = argv.findIndex((a) => a.startsWith('--'));
  const files = argv.slice(0, firstFlag < 0 ? argv.length : firstFlag);
  if (files.length === 0) {
    console.error('usage: npx tsx scripts/chat/prospective.ts <messages.jsonl> [more.jsonl ...] [--verdicts judge.jsonl ...] [--batch FILE] [--weaker]');
    process.exit(2);
  }
  const batchAt = argv.indexOf('--batch');
  const batch = batchAt >= 0 ? argv[batchAt + 1] : undefined;
  const vAt = argv.indexOf('--verdicts');
  const vFiles: string[] = [];
  if (vAt >= 0) {
    for (const a of argv.slice(vAt + 1)) {
      if (a.startsWith('--')) break;
      vFiles.push(a);
    }
  }
  const cuts = shippedCuts();
  const verdicts = loadVerdicts(vFiles);
  console.log(`shipped cuts: threshold ${cuts.threshold}, band [${cuts.band.low}, ${cuts.band.high}), second opinion from ${cuts.askLow}`);
  const perFile = files.map((f) => loadCorpus(f));
  if (files.length > 1) perFile.forEach((rs, i) => report(path.basename(files[i]!), rs, verdicts, vFiles.length > 0, cuts));
  const all = perFile.flat();
  const s = report(files.length > 1 ? 'all files' : path.basename(files[0]!), all, verdicts, vFiles.length > 0, cuts);
  const fmt = (i: Interval): string => `[${i[0].toFixed(3)}, ${i[1].toFixed(3)}]`;
  const alone = ownerBootstrap(s.outcomes, (o) => o.alone);
  console.log(`  95% intervals, bootstrap over owners (2,000 resamples): detector alone F1 ${fmt(alone.f1)} P ${fmt(alone.precision)}`);
  if (vFiles.length) {
    const w = ownerBootstrap(s.outcomes, (o) => o.withOpinion);
    console.log(`                                                       with the second opinion F1 ${fmt(w.f1)} P ${fmt(w.precision)}`);
  }
  if (argv.includes('--weaker') && vFiles.length) printWeaker(all, all.map((r) => detectCorrection(r.text, r.previous).confidence), cuts, verdicts);
  // An owner who is also in the training corpus is not a new person: the strict figure leaves them out.
  const trained = new Set(loadCorpus(NEW_CORPUS).map((r) => r.owner));
  const seen = [...new Set(all.filter((r) => trained.has(r.owner)).map((r) => r.owner))];
  if (seen.length) report(`without owners also in the training corpus (${seen.join(', ')})`, all.filter((r) => !trained.has(r.owner)), verdicts, vFiles.length > 0, cuts);
  if (batch) {
    writeFileSync(batch, judgeBatch(s.askable));
    console.log(`wrote the ${s.askable.length} messages in the asking range to ${batch}`);
  }
}

if (require.main === module) main();
