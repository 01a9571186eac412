/**
 * The project's quality report over a corpus laid out like ../shared/eval:
 *
 *   npm run eval -- [<corpus dir>]      (default: ../shared/eval beside the repository)
 *
 * Test failures (parse-tests), security cases and SARIF (classify-diagnostic, parse-sarif), chat
 * corrections (detect-correction) and retrieval (import + search --batch through the real CLI).
 * Prints figures; asserts nothing (the unit tests hold the floors).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatTestScore, scoreTests, type ExpectedRecord } from '../src/capture/testOutput/score';
import { parseTestOutput } from '../src/capture/testOutput';
import { formatSecurityScore, scoreSecurity } from '../src/capture/diagnostics/score';
import { formatPrf } from '../src/capture/chatCorrection/score';
import { chatScores } from './chat/eval';
import { evalRetrieval } from './eval/retrieval';

const dir = resolve(process.argv[2] ?? process.env.MISTAKES_EVAL_DIR ?? join(__dirname, '../../shared/eval'));
if (!existsSync(dir)) {
  console.error(`eval: corpus directory ${dir} not found`);
  process.exit(2);
}
const read = (p: string) => readFileSync(join(dir, p), 'utf8');
const has = (p: string) => existsSync(join(dir, p));
const section = (t: string) => console.log(`\n## ${t}`);

console.log(`Mistake Memory quality report: ${dir}`);

if (has('tests/expected.jsonl')) {
  section('Test failures (parse-tests)');
  const records = read('tests/expected.jsonl').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ExpectedRecord);
  const outputs = new Map(records.map((r) => [r.file, parseTestOutput(read(join('tests', r.file))).failures]));
  console.log(formatTestScore(scoreTests(records, outputs)));
}

if (has('security')) {
  section('Security cases and SARIF (classify-diagnostic, parse-sarif)');
  const sarifFiles: Record<string, string> = {};
  if (has('security/sarif')) {
    for (const f of readdirSync(join(dir, 'security/sarif'))) if (f.endsWith('.sarif')) sarifFiles[f] = read(join('security/sarif', f));
  }
  console.log(
    formatSecurityScore(
      scoreSecurity({
        casesJsonl: has('security/cases.jsonl') ? read('security/cases.jsonl') : undefined,
        sarifFiles,
        sarifExpectedJsonl: has('security/sarif/expected.jsonl') ? read('security/sarif/expected.jsonl') : undefined,
      }),
    ),
  );
}

if (has('chat/messages.jsonl')) {
  section('Chat corrections (detect-correction)');
  const s = chatScores(join(dir, 'chat/messages.jsonl'));
  console.log(`pooled        ${formatPrf(s.pooled)}`);
  for (const [tool, v] of Object.entries(s.byTool)) console.log(`${tool.padEnd(13)} ${formatPrf(v)}`);
}

if (has('retrieval/docs.jsonl') && has('retrieval/queries.jsonl')) {
  section('Retrieval (mistakes import + search --batch, lexical path)');
  const m = evalRetrieval(join(dir, 'retrieval'));
  const f = (x: number) => x.toFixed(3);
  console.log(`queries ${m.queries}: hit@1 ${f(m.hitAt1)}, hit@5 ${f(m.hitAt5)}, MRR@10 ${f(m.mrrAt10)} (strict primary: hit@1 ${f(m.strictHitAt1)}, hit@5 ${f(m.strictHitAt5)})`);
}
