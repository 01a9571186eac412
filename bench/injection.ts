/**
 * Micro-benchmark of the pure core on the request path: buildInjection for 10 patterns (target ≤ 1 ms),
 * plus ranking of 20 candidates and error signatures, for context.
 *   npx tsx bench/injection.ts
 */
import { buildInjection, buildInstructionsMarkdown } from '../src/core/injection';
import { rankCandidates } from '../src/core/ranking';
import { errorSignature } from '../src/core/signature';
import type { Pattern } from '../src/core/types';
import { fmt, timeIt } from './benchUtil';

const now = Date.now();
const patterns: Pattern[] = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  modelName: i % 3 ? 'claude-sonnet-4' : 'gpt-4o',
  errorSignature: `sig${i}`,
  category: 'async',
  severity: i % 2 ? 'major' : 'critical',
  frequency: 3 + i * 2,
  firstSeen: now - 90 * 86_400_000,
  lastSeen: now - i * 86_400_000,
  fixApplied: 0,
  userCorrections: 0,
  testFailures: i,
  archived: false,
  description: `Endpoint ${i} calls the async database driver from a sync function and never awaits the result`,
  fixDescription: `ALWAYS use 'async def' for endpoint functions and 'await' for database calls (case ${i})`,
  contexts: ['api/users.py', 'tests/test_users.py::test_list'],
  codeSnippet: `@app.get("/users/${i}")\ndef list_users():\n    rows = db.fetch_all(query)\n    return rows\n`,
  goodSnippet: `@app.get("/users/${i}")\nasync def list_users():\n    rows = await db.fetch_all(query)\n    return rows\n`,
  source: 'test',
  alwaysInject: i < 2,
  injectedCount: 0,
  recurredAfterInjection: 0,
  successCount: 0,
  errorType: 'RuntimeWarning',
  errorMessage: `coroutine 'fetch_all' was never awaited (line ${i + 10})`,
}));
const ten = patterns.slice(0, 10);

const inj = buildInjection(ten, { maxPatterns: 10, maxChars: 4000 });
console.log(`buildInjection output: ${inj.text.length} chars, ${inj.included.length} patterns`);
console.log(fmt('buildInjection (10 patterns, 4000 chars)', timeIt(() => buildInjection(ten, { maxPatterns: 10, maxChars: 4000 }))));
console.log(fmt('buildInjection (10 patterns, default budget)', timeIt(() => buildInjection(ten))));
console.log(fmt('buildInstructionsMarkdown (10 patterns)', timeIt(() => buildInstructionsMarkdown(ten, { maxPatterns: 10 }))));
const items = patterns.map((p, i) => ({ pattern: p, similarity: 0.95 - i * 0.01, lexical: i % 4 ? 0.2 + (i % 5) / 10 : undefined }));
console.log(fmt('rankCandidates (20 items, k=8, hybrid)', timeIt(() => rankCandidates(items, { model: 'copilot/claude-sonnet-4', k: 8, now }))));
console.log(fmt('errorSignature (test candidate)', timeIt(() => errorSignature({ ...patterns[3], source: 'test', testId: 'tests/test_users.py::test_list' }))));
