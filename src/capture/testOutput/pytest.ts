import { locate } from './frames';
import { Buf, clip, dedent, leadingErrorType, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * pytest terminal output. Failure details come from the FAILURES/ERRORS sections (one "____ name ____"
 * block per test); node ids come from the short test summary ("FAILED path::id - msg") or verbose
 * lines ("path::id FAILED"), matched to the blocks by name. Summary entries without a block (e.g.
 * `--tb=no`) still count.
 */

const SECTION = /^=+ (.*?) =+$/;
const BLOCK = /^_+ (.*?\S) _+$/;
const SUMMARY = /^(?:\[gw\d+\] (?:\[\s*\d+%\] )?)?(FAILED|ERROR) (\S(?:.*?\S)?)(?: - (.*))?$/;
const VERBOSE = /^(?:\[gw\d+\] (?:\[\s*\d+%\] )?)?(\S+::\S.*?) (FAILED|ERROR)(?:\s+\[\s*\d+%\])?\s*$/;
const LOCATION = /^((?:[A-Za-z]:)?[^\s:][^:]*?):(\d+)(?::(?: (.*))?)?$/;
const CAPTURED = /^-+ Captured (?:stdout|stderr|log) /;

interface Block {
  kind: 'FAILED' | 'ERROR';
  header: string;
  name: string;
  lines: string[];
}

interface SummaryEntry {
  kind: 'FAILED' | 'ERROR';
  id: string;
  message: string;
  used: boolean;
}

export function parsePytest(text: string): TestFailure[] {
  const lines = toLines(text);
  const blocks: Block[] = [];
  const summary: SummaryEntry[] = [];
  const seenIds = new Set<string>();
  let section = '';
  let block: Block | null = null;
  let blockBytes = 0;

  for (const line of lines) {
    const sec = SECTION.exec(line);
    if (sec && !/^_/.test(line)) {
      section = sec[1]!.trim().toLowerCase();
      block = null;
      continue;
    }
    if (section === 'failures' || section === 'errors') {
      const b = BLOCK.exec(line);
      if (b && !/^[_ ]+$/.test(b[1]!)) {
        const header = b[1]!;
        const kind = section === 'errors' ? 'ERROR' : 'FAILED';
        const name = header.replace(/^ERROR (?:at (?:setup|teardown|call) of|collecting) /, '');
        block = { kind, header, name, lines: [] };
        blockBytes = 0;
        if (blocks.length < LIMITS.maxFailures) blocks.push(block);
        continue;
      }
      if (block && blockBytes < LIMITS.maxStackLength * 4) {
        block.lines.push(line);
        blockBytes += line.length + 1;
      }
      continue;
    }
    const s = SUMMARY.exec(line) ?? verboseAsSummary(line);
    if (s && (section.includes('short test summary') || section === '' || section === 'test session starts')) {
      const id = s[2]!;
      const key = `${s[1]} ${id}`;
      if (!seenIds.has(key) && summary.length < LIMITS.maxFailures) {
        seenIds.add(key);
        summary.push({ kind: s[1] as 'FAILED' | 'ERROR', id, message: s[3] ?? '', used: false });
      } else if (s[3]) {
        const prev = summary.find((e) => `${e.kind} ${e.id}` === key);
        if (prev && !prev.message) prev.message = s[3];
      }
    }
  }

  const failures: TestFailure[] = [];
  const ctx = summaryIndex(blocks, summary);
  for (const b of blocks) {
    const entry = matchSummary(b, ctx);
    failures.push(fromBlock(b, entry));
  }
  for (const e of summary) {
    if (e.used) continue;
    failures.push({
      test: clip(e.id, LIMITS.maxTestIdLength),
      errorType: leadingErrorType(e.message),
      message: clip(e.message, LIMITS.maxMessageLength),
      file: null,
      line: null,
      format: 'pytest',
      outcome: e.kind === 'ERROR' ? 'error' : 'failed',
    });
  }
  return failures.slice(0, LIMITS.maxFailures);
}

function verboseAsSummary(line: string): [string, string, string, undefined] | null {
  const v = VERBOSE.exec(line);
  return v ? [line, v[2]!, v[1]!, undefined] : null;
}

/** "a/test_db.py::TestX::test_y[1]" ends with the block name "TestX.test_y[1]". */
function idMatches(id: string, name: string): boolean {
  const dotted = id.replace(/::/g, '.');
  if (dotted === name || id === name) return true;
  if (dotted.endsWith('.' + name) || id.endsWith('/' + name) || id.endsWith('::' + name)) return true;
  const last = id.split('::').pop() ?? id;
  // Custom items (YAML tests etc.) print their own header, e.g. "usecase: hello" for "x.yaml::hello".
  return last.length > 0 && name.endsWith(' ' + last);
}

interface SummaryIndex {
  byKind: Record<'FAILED' | 'ERROR', SummaryEntry[]>;
  cursor: Record<'FAILED' | 'ERROR', number>;
  sameCount: Record<'FAILED' | 'ERROR', boolean>;
  /** Entries by the last "::" part of their id, for large reports printed out of order. */
  byLast: Map<string, SummaryEntry[]>;
}

/** "TestX.test_y[a.b]" → "test_y[a.b]": the part a node id ends with. */
function lastPart(name: string): string {
  const bracket = name.indexOf('[');
  const base = bracket === -1 ? name : name.slice(0, bracket);
  const params = bracket === -1 ? '' : name.slice(bracket);
  return base.slice(base.lastIndexOf('.') + 1) + params;
}

function summaryIndex(blocks: readonly Block[], summary: readonly SummaryEntry[]): SummaryIndex {
  const byKind = { FAILED: summary.filter((e) => e.kind === 'FAILED'), ERROR: summary.filter((e) => e.kind === 'ERROR') };
  const count = (k: 'FAILED' | 'ERROR'): number => blocks.filter((b) => b.kind === k).length;
  const byLast = new Map<string, SummaryEntry[]>();
  for (const e of summary) {
    const k = `${e.kind} ${e.id.split('::').pop()}`;
    const list = byLast.get(k);
    if (list) list.push(e);
    else byLast.set(k, [e]);
  }
  return { byKind, byLast, cursor: { FAILED: 0, ERROR: 0 }, sameCount: { FAILED: count('FAILED') === byKind.FAILED.length, ERROR: count('ERROR') === byKind.ERROR.length } };
}

/**
 * The summary lists failures in the order of the blocks, so the search starts where the last match
 * was (linear overall); a full scan is the fallback for reordered or partial summaries.
 */
function matchSummary(b: Block, ctx: SummaryIndex): SummaryEntry | undefined {
  const list = ctx.byKind[b.kind];
  const start = ctx.cursor[b.kind];
  let hit: SummaryEntry | undefined;
  for (let k = start; k < Math.min(list.length, start + 50) && !hit; k++) {
    if (!list[k]!.used && idMatches(list[k]!.id, b.name)) hit = list[k];
  }
  if (!hit) hit = ctx.byLast.get(`${b.kind} ${lastPart(b.name)}`)?.find((e) => !e.used && idMatches(e.id, b.name));
  if (!hit && list.length <= 5000) hit = list.find((e) => !e.used && idMatches(e.id, b.name));
  // Same number of blocks and summary lines of this kind: they are printed in the same order.
  if (!hit && ctx.sameCount[b.kind]) {
    for (let k = start; k < list.length && !hit; k++) if (!list[k]!.used) hit = list[k];
  }
  if (hit) {
    hit.used = true;
    const at = list.indexOf(hit, start);
    if (at !== -1) ctx.cursor[b.kind] = at + 1;
  }
  return hit;
}

/**
 * No summary line names this block (e.g. `-rfs` hides errors): rebuild the node id from the first
 * traceback entry's file, which is the test module, and the block's "Class.test" name.
 */
function nodeIdGuess(b: Block): string {
  if (/[/\\]|\.py$/.test(b.name)) return b.name;
  for (const line of b.lines) {
    const loc = LOCATION.exec(line);
    if (loc && !/^\s/.test(line) && /\.py$/.test(loc[1]!) && !/^(?:[A-Za-z]:)?[/\\]/.test(loc[1]!)) {
      return `${loc[1]}::${b.name.split('.').join('::')}`;
    }
  }
  return b.name;
}

function fromBlock(b: Block, entry: SummaryEntry | undefined): TestFailure {
  const errLines: string[] = [];
  let lastLoc: RegExpExecArray | null = null;
  const frameText = new Buf(LIMITS.maxStackLength * 4);
  let captured = false;
  for (const line of b.lines) {
    if (CAPTURED.test(line)) captured = true;
    if (captured) continue;
    frameText.push(line);
    if (/^E(?:\s|$)/.test(line)) {
      errLines.push(line);
      continue;
    }
    const loc = LOCATION.exec(line);
    if (loc && !/^\s/.test(line)) lastLoc = loc;
  }
  // Error type: pytest prints it after the crash location ("test_x.py:6: AssertionError").
  let errorType: string | null = null;
  const tail = lastLoc?.[3]?.trim() ?? '';
  if (tail && !/\s/.test(tail) && !tail.startsWith('in')) errorType = tail;
  if (!errorType && errLines.length) errorType = leadingErrorType(errLines[0]!.slice(1));
  if (!errorType && entry?.message) errorType = leadingErrorType(entry.message);

  let message = '';
  if (errLines.length) {
    const first = errLines[0]!.slice(1);
    const base = first.length - first.trimStart().length;
    message = errLines
      .map((l) => {
        const rest = l.slice(1);
        const ws = rest.length - rest.trimStart().length;
        return rest.slice(Math.min(ws, base)).trimEnd();
      })
      .join('\n')
      .trim();
  } else if (entry?.message) {
    message = entry.message;
  } else {
    message = dedent(b.lines.filter((l) => !CAPTURED.test(l)).slice(0, 20));
  }

  const where = locate(frameText.toString(), { pytest: true });
  const kindOutcome = b.kind === 'ERROR' ? 'error' : 'failed';
  return {
    test: clip(entry?.id ?? nodeIdGuess(b), LIMITS.maxTestIdLength),
    errorType,
    message: clip(message, LIMITS.maxMessageLength),
    file: where?.file ?? null,
    line: where?.line ?? null,
    format: 'pytest',
    outcome: kindOutcome,
    stack: clip(frameText.toString(), LIMITS.maxStackLength),
  };
}
