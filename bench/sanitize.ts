/**
 * Sanitizer throughput: the sync regex layer and the full async path (secretlint preset + sync layer)
 * over a realistic mix of code, test output and logs with a few fake secrets.
 *   npx tsx bench/sanitize.ts
 */
import { sanitize, sanitizeAsync, sanitizeCandidateAsync } from '../src/core/sanitizer';
import { createSecretlintDetector } from '../src/core/secretlintAdapter';
import { fmt, timeAsync, timeIt } from './benchUtil';

const j = (...p: string[]): string => p.join('');
const chunk = [
  'def list_users(db):\n    rows = db.fetch_all("SELECT * FROM users WHERE id = %s" % user_id)\n    return rows\n',
  'E   AssertionError: assert 3 == 4\nE    +  where 3 = compute(/home/alice/proj/src/math.py)\n',
  `requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.acme.io', port=443): https://api.acme.io/v1/users?token=${j('abc', '123')}\n`,
  `const client = new Client({ token: "${j('ghp_', 'R4nd0mL00kingT0kenValue', '1234567890abc')}" });\n`,
  `DATABASE_URL=${j('postgres://', 'app:', 'S3cr3t', '@db:5432/app')}\n`,
  '    at Object.<anonymous> (/Users/bob/code/app/test/users.test.ts:42:17)\n',
  'export async function handler(req: Request): Promise<Response> { return json(await load(req.params.id)); }\n',
].join('');
const text = chunk.repeat(Math.ceil(4096 / chunk.length)).slice(0, 4096); // 4 KiB, a large candidate

async function main(): Promise<void> {
  const sync = timeIt(() => sanitize(text), 2000, 200);
  console.log(fmt('sanitize (sync, 4 KiB)', sync));
  console.log(`  sync throughput: ${((text.length / (sync.medianUs / 1e6)) / 1e6).toFixed(2)} MB/s (median)`);
  const det = createSecretlintDetector();
  await det.detect('warm up');
  const as = await timeAsync(() => sanitizeAsync(text, { detector: det }), 300, 30);
  console.log(fmt('sanitizeAsync (secretlint + sync, 4 KiB)', as));
  console.log(`  async throughput: ${((text.length / (as.medianUs / 1e6)) / 1e6).toFixed(2)} MB/s (median)`);
  const small = 'TypeError: Cannot read properties of undefined (reading \'map\') at /home/alice/app.ts:3:5';
  console.log(fmt('sanitize (sync, one error line)', timeIt(() => sanitize(small))));
  console.log(fmt('sanitizeAsync (one error line)', await timeAsync(() => sanitizeAsync(small, { detector: det }))));
  const cand = {
    description: 'Endpoint does not await the database call',
    category: 'async' as const,
    severity: 'major' as const,
    source: 'test' as const,
    errorType: 'RuntimeWarning',
    errorMessage: "coroutine 'fetch_all' was never awaited",
    codeSnippet: chunk,
    filePath: '/home/alice/proj/api/users.py',
  };
  console.log(fmt('sanitizeCandidateAsync (typical candidate)', await timeAsync(() => sanitizeCandidateAsync(cand, { detector: det }))));
}

void main();
