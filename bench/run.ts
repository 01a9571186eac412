/**
 * Runs every benchmark in turn and prints their figures (nothing is asserted):
 *   npm run bench [-- --quick]
 * --quick uses smaller sizes so the whole run takes a few minutes on two cores.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const runs: Array<[string, string[]]> = [
  ['engine.ts', quick ? ['--sizes', '1000,10000', '--queries', '100'] : []],
  ['store.ts', []],
  ['persistence.ts', quick ? ['--sizes', '1000,10000'] : []],
  ['vector.ts', []],
  ['retrieval.ts', []],
  ['injection.ts', []],
  ['sanitize.ts', []],
  ['chatDetect.ts', []],
  ['chroma.ts', quick ? ['--sizes', '1000,10000', '--queries', '100'] : ['--sizes', '1000,10000,100000']],
];
let failed = 0;
for (const [file, args] of runs) {
  process.stdout.write(`\n==================== bench/${file} ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, file), ...args], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
