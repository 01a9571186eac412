/**
 * Agent-hook latency through the real CLI process (printed, never asserted): what Copilot's agent
 * (VS Code agent hooks) and Claude Code wait for on every event, process start included, on a store
 * of N patterns. Runs the built bundle `dist/cli.js` (what the extension ships; `npm run build` or
 * `npx webpack --mode production` first), with and without the embedding model.
 *
 *   npx tsx bench/hooks.ts [--sizes 1000,10000] [--runs 20]
 *
 * The target (issue 11) is p95 <= 300 ms per hook at 10k patterns.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CATEGORIES, type Candidate } from '../src/core/types';
import { errorSignature } from '../src/core/signature';
import { createEmbedder } from '../src/embedding/embedderFactory.node';
import { loadSqlJsNode, NodeFileSystem } from '../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../src/store/sqljsStore';
import { randomUnit, rng } from './benchUtil';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000' }, runs: { type: 'string', default: '20' } } });
const sizes = values.sizes!.split(',').map(Number);
const runs = Number(values.runs);
const cli = resolve(__dirname, '../dist/cli.js');
const modelDir = process.env.MISTAKES_TEST_MODEL_DIR ?? resolve(__dirname, '../../shared/models/standin-all-MiniLM-L6-v2');
const jestFailures = resolve(__dirname, '../../shared/eval/tests/jest/asyncFailures.txt');
const LANGS = ['typescript', 'python', 'go', 'java', 'rust'];
const EXT: Record<string, string> = { typescript: 'ts', python: 'py', go: 'go', java: 'java', rust: 'rs' };
const WORDS = 'async await promise database query cursor sql injection parameter html escape import module path file null undefined type string parse json config secret token request response timeout retry lock race exception test mock assert'.split(' ');

function candidate(i: number, r: () => number): Candidate {
  const w = () => WORDS[Math.floor(r() * WORDS.length)];
  const language = LANGS[i % LANGS.length];
  return {
    description: `${w()} ${w()} ${w()} mistake ${i}: ${w()} ${w()} ${w()}`,
    category: CATEGORIES[i % CATEGORIES.length],
    severity: (['critical', 'major', 'minor'] as const)[i % 3],
    source: 'test',
    errorType: `${w()}Error`,
    errorMessage: `${w()} ${w()} ${w()} ${i}`,
    filePath: `src/module${i % 500}.${EXT[language]}`,
    language,
    model: 'gpt-4o',
  };
}

async function buildStore(path: string, n: number, embedderId: string): Promise<void> {
  const r = rng(7);
  const store = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path, loadSqlJs: loadSqlJsNode, vectorEncoding: 'float16' });
  await store.open();
  for (let i = 0; i < n; i++) {
    const c = candidate(i, r);
    const res = await store.record({ signature: errorSignature(c), candidate: c, model: 'gpt-4o', timestamp: Date.now() - i * 60_000, contexts: [`module${i % 500}.${EXT[c.language!]}`] });
    await store.putVector(res.pattern.id, embedderId, randomUnit(r));
  }
  await store.flush();
  await store.close();
}

function runHook(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null; stdout: string }> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.on('close', (code) => done({ ms: performance.now() - t0, code, stdout }));
    child.stdin.end(input);
  });
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function main(): Promise<void> {
  if (!existsSync(cli)) {
    console.error(`bench/hooks.ts: ${cli} is missing; build it first (npm run build)`);
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mm-bench-hooks-'));
  const env = { PATH: process.env.PATH, HOME: dir, MISTAKES_DB: '' } as NodeJS.ProcessEnv;
  const transcript = join(dir, 'transcript.jsonl');
  writeFileSync(transcript, JSON.stringify({ type: 'assistant.message', data: { content: 'I added get_user with db.fetch_user(id).', model: 'gpt-4o' } }) + '\n');
  const embedder = await createEmbedder({ modelDir, allowDownload: false });
  const embedderId = embedder?.id ?? 'none';
  const common = (event: string) => ({ timestamp: new Date().toISOString(), cwd: dir, sessionId: 'bench', hookEventName: event, transcript_path: transcript });
  const events: Array<[string, string, unknown]> = [
    ['SessionStart', 'SessionStart', { ...common('SessionStart'), source: 'new' }],
    ['UserPromptSubmit (ordinary prompt)', 'UserPromptSubmit', { ...common('UserPromptSubmit'), prompt: 'Add a paginated endpoint listing the users' }],
    ['PreToolUse edit (patterns for the file)', 'PreToolUse', { ...common('PreToolUse'), tool_name: 'replace_string_in_file', tool_input: { filePath: join(dir, 'src/module7.go') } }],
    ['PreToolUse read_file (not ours)', 'PreToolUse', { ...common('PreToolUse'), tool_name: 'read_file', tool_input: { filePath: join(dir, 'a.ts') } }],
    ['PostToolUse run_in_terminal (not a test)', 'PostToolUse', { ...common('PostToolUse'), tool_name: 'run_in_terminal', tool_input: { command: 'ls -la' }, tool_response: 'total 0' }],
    // The events that write: a correction typed to Copilot, and failing tests in the terminal.
    ['UserPromptSubmit (a correction: records)', 'UserPromptSubmit', { ...common('UserPromptSubmit'), prompt: 'No, that is wrong: use parameterized queries instead of string concatenation in get_user.' }],
    ...(existsSync(jestFailures)
      ? ([['PostToolUse run_in_terminal (failing jest: records)', 'PostToolUse', { ...common('PostToolUse'), tool_name: 'run_in_terminal', tool_input: { command: 'npx jest' }, tool_response: readFileSync(jestFailures, 'utf8') }]] as Array<[string, string, unknown]>)
      : []),
    // Claude Code's prompt hook looks the prompt up (hybrid retrieval when a model is available).
    ['UserPromptSubmit, Claude Code (retrieval)', 'UserPromptSubmit', { session_id: 'bench', transcript_path: transcript, cwd: dir, hook_event_name: 'UserPromptSubmit', prompt: 'Add a paginated endpoint that queries the database for users' }],
  ];
  console.log(`# Agent hooks through the real CLI process (node ${process.version}, ${runs} runs per hook, dist/cli.js)`);
  const startup = [] as number[];
  for (let i = 0; i < runs; i++) startup.push((await runHook(['--version'], '', env)).ms);
  console.log(`process start alone (mistakes --version): p50 ${pct(startup, 0.5).toFixed(0)} ms, p95 ${pct(startup, 0.95).toFixed(0)} ms`);
  try {
    for (const n of sizes) {
      const db = join(dir, `hooks-${n}.db`);
      const t0 = performance.now();
      await buildStore(db, n, embedderId);
      console.log(`\n## ${n} patterns (store built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      for (const embeddings of [false, true]) {
        const extra = embeddings ? ['--model-dir', modelDir] : ['--no-embeddings'];
        console.log(embeddings ? '### with the stand-in embedding model available (--model-dir)' : '### lexical only (--no-embeddings)');
        for (const [name, event, payload] of events) {
          const times: number[] = [];
          let bytes = 0;
          for (let i = 0; i < runs; i++) {
            const r = await runHook(['hook', event, '--db', db, ...extra], JSON.stringify(payload), env);
            if (r.code !== 0) throw new Error(`${name}: exit ${r.code}`);
            times.push(r.ms);
            bytes = r.stdout.length;
          }
          console.log(`${name.padEnd(44)} p50 ${pct(times, 0.5).toFixed(0).padStart(5)} ms   p95 ${pct(times, 0.95).toFixed(0).padStart(5)} ms   (${bytes} bytes out)`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
