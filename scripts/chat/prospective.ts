/**
 * The shipped detector on labeled messages it was never trained on (a prospective test: messages
 * gathered after the weights were frozen, kept out of data/chat/messages.jsonl until the next retrain),
 * alone and with the second opinion, blind judges standing in for the chat's model.
 *
 *   npx tsx scripts/chat/prospective.ts <messages.jsonl> [--verdicts judge.jsonl ...] [--batch FILE]
 *
 * --batch FILE writes the messages the participant would ask the model about (askLow <= score < the
 * band's top), in the judges' batch format, for a blind judge.
 * The figures hold for the weights they were measured with: once these messages join the training data
 * they are in-sample.
 */
import { writeFileSync } from 'node:fs';
import { detectCorrection } from '../../src/capture/chatCorrection/detect';
import { formatPrf, prf, type PrfScore } from '../../src/capture/chatCorrection/score';
import { loadCorpus, type ChatRecord } from './corpus';
import { decide, judgeBatch, loadVerdicts, shippedCuts, type Cuts } from './opinion';

export interface ProspectiveScores {
  readonly alone: PrfScore;
  /** Without the records the labeler marked doubtful. */
  readonly aloneClear: PrfScore;
  /** Records the participant would ask the model about. */
  readonly askable: readonly ChatRecord[];
  /** With the verdicts (a message in the asking range without one gets the local decision). */
  readonly withOpinion: PrfScore;
  readonly withoutVerdict: number;
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
  };
}

function main(): void {
  const argv = process.argv.slice(2);
  const file = argv[0];
  if (!file || file.startsWith('--')) {
    console.error('usage: npx tsx scripts/chat/prospective.ts <messages.jsonl> [--verdicts judge.jsonl ...] [--batch FILE]');
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
  const records = loadCorpus(file);
  const cuts = shippedCuts();
  const { band } = cuts;
  const s = scoreProspective(records, loadVerdicts(vFiles), cuts);
  const repos = new Set(records.map((r) => r.repo)).size;
  console.log(`${records.length} messages (${records.filter((r) => r.isCorrection).length} corrections), ${repos} repositories; shipped cuts: threshold ${cuts.threshold}, band [${band.low}, ${band.high}), second opinion from ${cuts.askLow}`);
  console.log(`shipped detector alone                      ${formatPrf(s.alone)}`);
  console.log(`  without the labeler's doubtful labels     ${formatPrf(s.aloneClear)}`);
  if (vFiles.length) console.log(`with the second opinion (judge verdicts)     ${formatPrf(s.withOpinion)}; ${s.withoutVerdict} in the asking range without a verdict`);
  console.log(`in the asking range: ${s.askable.length} messages`);
  if (batch) {
    writeFileSync(batch, judgeBatch(s.askable));
    console.log(`wrote them to ${batch}`);
  }
}

if (require.main === module) main();
