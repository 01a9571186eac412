/**
 * The real engine (createEngine: sql.js store, embedded index) on the in-memory file system, filled
 * with deterministic generated data for the dashboard tests (the controller and model unit tests and
 * the Chromium tests' host). Everything goes in through the engine's own API: an import for the
 * patterns, `record` for further occurrences and recurrences, `noteInjection` for effectiveness, and
 * `updatePattern` for archived / always-inject, so what the dashboard shows is what the engine computes.
 */
import { CATEGORIES, type Candidate, type Category, SEVERITIES, type Severity, SOURCES, type Source } from '../../../src/core/types';
import { rng } from '../../../src/core/rng';
import { createEngine, defaultEngineConfig, type MistakeEngine } from '../../../src/engine';
import { loadSqlJsNode } from '../../../src/store/fileSystem.node';
import { MemoryFileSystem } from '../../../src/store/memoryFileSystem';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
export const SAMPLE_NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
export const INJECTION_DESCRIPTION = 'Escape HTML <img src=x onerror="window.__pwned=1"> before <script>window.__pwned=2</script> rendering';
export const MODELS = ['claude-sonnet-4', 'gpt-4o', 'gemini-2.5-pro', 'unattributed'] as const;
const DIR = '/mm';
const STORE = `${DIR}/mistakes.sqlite`;

const SUBJECTS = ['database calls', 'fetch responses', 'file handles', 'user input', 'SQL parameters', 'timers', 'event listeners', 'JSON payloads', 'import paths', 'test fixtures'];
const VERBS = ['Await', 'Validate', 'Close', 'Escape', 'Parameterize', 'Clear', 'Remove', 'Type-check', 'Normalize', 'Reset'];

/** 1 → "b", 26 → "ba": the id in letters. */
function letters(n: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** One generated pattern: what it is, and the history the engine is then told about. */
export interface SampleSpec {
  readonly id: number;
  readonly candidate: Candidate & { readonly model: string };
  readonly frequency: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly contexts: readonly string[];
  /** Occurrence rows to keep (1–3): the import writes one, `record` the others, a day apart. */
  readonly kept: number;
  readonly archived: boolean;
  readonly alwaysInject: boolean;
  /** Injections the mistake recurred after (noted an hour before its last occurrence). */
  readonly recurred: number;
  /** Injections it did not recur after (noted a day past the effectiveness window, so decided). */
  readonly prevented: number;
}

export function generateSamples(count: number, seed = 42, now = SAMPLE_NOW): SampleSpec[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const specs: SampleSpec[] = [];
  for (let id = 1; id <= count; id++) {
    const model = id % 7 === 0 ? 'unattributed' : pick(MODELS.slice(0, 3));
    const category: Category = pick(CATEGORIES);
    let frequency = 1 + Math.floor(r() * r() * 40);
    const lastSeen = now - 3 * HOUR - Math.floor(r() * 45 * DAY);
    const firstSeen = lastSeen - 2 * DAY - Math.floor(r() * 60 * DAY);
    const injected = r() < 0.4 ? 1 + Math.floor(r() * 12) : 0;
    const recurred = injected ? Math.floor(r() * injected * 0.6) : 0;
    // A recurrence is an occurrence after the injection: at least two occurrences then.
    if (recurred && frequency < 2) frequency = 2;
    const severity: Severity = pick(SEVERITIES);
    const source: Source = pick(SOURCES);
    const description = id === 3 ? INJECTION_DESCRIPTION : `${pick(VERBS)} ${pick(SUBJECTS)} in ${category} code (#${id})`;
    specs.push({
      id,
      candidate: {
        description,
        category,
        severity,
        source,
        model,
        fixDescription: id % 3 === 0 ? undefined : `Use the safe variant; see pattern ${id}.`,
        codeSnippet: id === 3 ? 'el.innerHTML = `<img src=x onerror=alert(1)>`;' : `const x${id} = load();`,
        goodSnippet: id === 3 ? 'el.textContent = text;' : undefined,
        errorType: id % 2 ? 'TypeError' : 'AssertionError',
        // The signature ignores digits: a word made of the id's letters keeps the patterns apart.
        errorMessage: id === 3 ? '<svg onload=alert(1)> expected escaped output' : `expected value ${id} (${letters(id)})`,
        filePath: id === 3 ? 'src/render.test.ts' : `src/file${id % 17}.ts`,
        line: 1 + ((id * 7) % 300),
      },
      frequency,
      firstSeen,
      lastSeen,
      contexts: id === 3 ? ['<b>bold</b>.ts', 'render.test.ts'] : [`file${id % 17}.ts`],
      kept: Math.min(frequency, 3),
      archived: id % 23 === 0,
      alwaysInject: id % 11 === 0,
      recurred,
      prevented: injected - recurred,
    });
  }
  return specs;
}

export interface SampleEngine {
  readonly engine: MistakeEngine;
  readonly fs: MemoryFileSystem;
  /** The engine's clock: `SAMPLE_NOW` unless a test moves it. */
  readonly clock: { now(): number; set(t: number): void };
}

async function open(fs: MemoryFileSystem, t0: number): Promise<SampleEngine> {
  let t = t0;
  const clock = { now: () => t, set: (v: number) => void (t = v) };
  const engine = await createEngine({ fs, storePath: STORE, loadSqlJs: loadSqlJsNode, clock });
  return { engine, fs, clock };
}

/** A real engine holding `specs` (ids 1..n in order), its clock at `now`. */
export async function sampleEngine(specs: readonly SampleSpec[] = [], now = SAMPLE_NOW): Promise<SampleEngine> {
  const fs = new MemoryFileSystem();
  await fs.mkdirp(DIR);
  const s = await open(fs, now);
  const { engine, clock } = s;
  if (specs.length) {
    // The oldest occurrences in one import (counts and dates as an export carries them).
    const entries = specs.map((p) => ({
      ...p.candidate,
      contexts: p.contexts,
      frequency: p.frequency - (p.kept - 1),
      testFailures: p.candidate.source === 'test' ? p.frequency : 0,
      firstSeen: p.firstSeen,
      lastSeen: p.lastSeen - (p.kept - 1) * DAY,
    }));
    const report = await engine.importData(JSON.stringify(entries));
    if (report.imported !== specs.length) throw new Error(`sample import: ${JSON.stringify(report)}`);
    // The later occurrences through record(); the last one after the injections it recurred after.
    for (const p of specs) {
      if (p.recurred) {
        clock.set(p.lastSeen - HOUR);
        for (let i = 0; i < p.recurred; i++) await engine.noteInjection(`recurred-${p.id}-${i}`, [p.id], p.candidate.model);
      }
      for (let k = p.kept - 2; k >= 0; k--) {
        clock.set(p.lastSeen - k * DAY);
        await engine.record({ ...p.candidate, line: (p.candidate.line ?? 0) + k + 1 });
      }
    }
    // Injections not followed by a recurrence, a day past the effectiveness window: one request per
    // model and round, carrying every pattern that has one more to go.
    clock.set(now - defaultEngineConfig.effectivenessWindowMs - DAY);
    const rounds = Math.max(0, ...specs.map((p) => p.prevented));
    for (let round = 0; round < rounds; round++) {
      for (const model of MODELS) {
        const ids = specs.filter((p) => p.candidate.model === model && p.prevented > round).map((p) => p.id);
        await engine.noteInjection(`prevented-${model}-${round}`, ids, model);
      }
    }
    // The engine turns always-inject on for frequent patterns itself; the generated flags win.
    for (const p of specs) {
      const stored = engine.getPattern(p.id);
      if (stored && (stored.archived !== p.archived || stored.alwaysInject !== p.alwaysInject)) await engine.updatePattern(p.id, { archived: p.archived, alwaysInject: p.alwaysInject });
    }
    clock.set(now);
  }
  return s;
}

/** The store files of an engine, to open copies of the same data cheaply (the Chromium tests open one per test). */
export async function snapshot(s: SampleEngine): Promise<Map<string, Uint8Array>> {
  await s.engine.flush();
  const files = new Map<string, Uint8Array>();
  for (const name of await s.fs.list(DIR)) {
    const data = await s.fs.readFile(`${DIR}/${name}`);
    if (data) files.set(name, data);
  }
  return files;
}

/** A fresh engine on a copy of a snapshot: changes do not reach the snapshot or other copies. */
export async function fromSnapshot(files: ReadonlyMap<string, Uint8Array>, now = SAMPLE_NOW): Promise<SampleEngine> {
  const fs = new MemoryFileSystem();
  await fs.mkdirp(DIR);
  for (const [name, data] of files) await fs.writeFileAtomic(`${DIR}/${name}`, data);
  return open(fs, now);
}
