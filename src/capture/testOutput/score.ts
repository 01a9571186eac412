/**
 * Scores parsed test failures against hand-written expectations (the eval corpus's expected.jsonl):
 * found/expected, correct test id + error type, correct file + line, message, and false failures.
 * Pure: the caller reads the files and runs the parser.
 */

export interface ExpectedFailure {
  test: string;
  error_type: string | null;
  message_contains: string | null;
  file: string | null;
  line: number | null;
  outcome?: string;
  aggregate?: boolean;
  classname?: string;
}

export interface ExpectedRecord {
  file: string;
  format: string;
  failures: ExpectedFailure[];
}

/** What the parser (or `mistakes parse-tests --json`) reports for one failure. */
export interface ActualFailure {
  test: string;
  errorType: string | null;
  message: string;
  file: string | null;
  line: number | null;
  format?: string;
  outcome?: string;
  aggregate?: boolean;
}

export interface ScoreOptions {
  /** Count Go-style aggregate parents (default true). When false they are neither expected nor false. */
  includeAggregates?: boolean;
  /** Require errorType null where the expectation says null (default false: null means "not checked"). */
  strictNullErrorType?: boolean;
}

export interface Counts {
  files: number;
  expected: number;
  found: number;
  idAndType: number;
  message: number;
  /** Expectations that give a file. */
  locatable: number;
  fileLine: number;
  falseFailures: number;
}

export interface FileScore extends Counts {
  file: string;
  format: string;
  missed: string[];
  wrongType: { test: string; expected: string | null; actual: string | null }[];
  wrongMessage: { test: string; expected: string }[];
  wrongLocation: { test: string; expected: string; actual: string }[];
  extra: string[];
}

export interface TestScore {
  totals: Counts;
  byFormat: Record<string, Counts>;
  files: FileScore[];
}

const SEPARATORS = /^(?:::|[:>›/.\s#\\(|-])$/;

function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** How well an actual test id names the expected one: 3 exact, 2 suffix at a separator, 1 same last part, 0 no. */
export function testIdMatch(expected: string, actual: string): number {
  const e = norm(expected);
  const a = norm(actual);
  if (!e || !a) return 0;
  if (e === a) return 3;
  const [long, short] = e.length > a.length ? [e, a] : [a, e];
  if (long.endsWith(short)) {
    const before = long[long.length - short.length - 1] ?? '';
    if (SEPARATORS.test(before)) return 2;
  }
  const last = (s: string): string => s.split(/::| > | › |\/|\\/).pop()!.trim();
  return last(e) && last(e) === last(a) ? 1 : 0;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function typeOk(e: ExpectedFailure, a: ActualFailure, strict: boolean): boolean {
  if (e.error_type === null || e.error_type === undefined) return strict ? a.errorType === null : true;
  return a.errorType === e.error_type;
}

function messageOk(e: ExpectedFailure, a: ActualFailure): boolean {
  return e.message_contains === null || e.message_contains === undefined || (a.message ?? '').includes(e.message_contains);
}

function locationOk(e: ExpectedFailure, a: ActualFailure): boolean {
  if (!e.file) return true;
  return !!a.file && basename(a.file) === basename(e.file) && (a.line ?? null) === (e.line ?? null);
}

function zero(): Counts {
  return { files: 0, expected: 0, found: 0, idAndType: 0, message: 0, locatable: 0, fileLine: 0, falseFailures: 0 };
}

function add(into: Counts, c: Counts): void {
  for (const k of Object.keys(into) as (keyof Counts)[]) into[k] += c[k];
}

export function scoreTestFile(record: ExpectedRecord, actual: readonly ActualFailure[], opts: ScoreOptions = {}): FileScore {
  const includeAgg = opts.includeAggregates ?? true;
  const strict = opts.strictNullErrorType ?? false;
  const exp = record.failures.filter((e) => includeAgg || !e.aggregate);
  const act = actual.filter((a) => includeAgg || !a.aggregate);
  // Greedy one-to-one assignment, best id match first, then the pair that also agrees on type and message.
  const pairs: { e: number; a: number; q: number }[] = [];
  exp.forEach((e, i) =>
    act.forEach((a, j) => {
      const m = testIdMatch(e.test, a.test);
      if (m) pairs.push({ e: i, a: j, q: m * 100 + (typeOk(e, a, strict) ? 10 : 0) + (messageOk(e, a) ? 5 : 0) + (locationOk(e, a) ? 2 : 0) });
    }),
  );
  pairs.sort((x, y) => y.q - x.q || Math.abs(x.e - x.a) - Math.abs(y.e - y.a));
  const ofE = new Map<number, number>();
  const usedA = new Set<number>();
  for (const p of pairs) {
    if (ofE.has(p.e) || usedA.has(p.a)) continue;
    ofE.set(p.e, p.a);
    usedA.add(p.a);
  }
  const s: FileScore = {
    ...zero(),
    files: 1,
    file: record.file,
    format: record.format,
    missed: [],
    wrongType: [],
    wrongMessage: [],
    wrongLocation: [],
    extra: [],
  };
  exp.forEach((e, i) => {
    s.expected++;
    if (e.file) s.locatable++;
    const j = ofE.get(i);
    if (j === undefined) {
      s.missed.push(e.test);
      return;
    }
    const a = act[j]!;
    s.found++;
    if (typeOk(e, a, strict)) s.idAndType++;
    else s.wrongType.push({ test: e.test, expected: e.error_type, actual: a.errorType });
    if (messageOk(e, a)) s.message++;
    else s.wrongMessage.push({ test: e.test, expected: e.message_contains ?? '' });
    if (e.file) {
      if (locationOk(e, a)) s.fileLine++;
      else s.wrongLocation.push({ test: e.test, expected: `${e.file}:${e.line}`, actual: `${a.file}:${a.line}` });
    }
  });
  act.forEach((a, j) => {
    if (!usedA.has(j)) {
      s.falseFailures++;
      s.extra.push(a.test);
    }
  });
  return s;
}

/** Scores every record; `outputs` maps a record's `file` to what the parser returned for it. */
export function scoreTests(
  records: readonly ExpectedRecord[],
  outputs: ReadonlyMap<string, readonly ActualFailure[]> | Readonly<Record<string, readonly ActualFailure[]>>,
  opts: ScoreOptions = {},
): TestScore {
  const get = (f: string): readonly ActualFailure[] =>
    (outputs instanceof Map ? outputs.get(f) : (outputs as Readonly<Record<string, readonly ActualFailure[]>>)[f]) ?? [];
  const files = records.map((r) => scoreTestFile(r, get(r.file), opts));
  const totals = zero();
  const byFormat: Record<string, Counts> = {};
  for (const f of files) {
    add(totals, f);
    add((byFormat[f.format] ??= zero()), f);
  }
  return { totals, byFormat, files };
}

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a';
}

/** A short human-readable report: totals, per format, then each miss. */
export function formatTestScore(score: TestScore): string {
  const t = score.totals;
  const lines = [
    `test failures: ${t.found}/${t.expected} found (${pct(t.found, t.expected)}), ` +
      `test id + error type ${t.idAndType}/${t.expected} (${pct(t.idAndType, t.expected)}), ` +
      `file + line ${t.fileLine}/${t.locatable} (${pct(t.fileLine, t.locatable)}), ` +
      `message ${t.message}/${t.expected} (${pct(t.message, t.expected)}), false failures ${t.falseFailures}`,
  ];
  for (const [format, c] of Object.entries(score.byFormat).sort()) {
    lines.push(
      `  ${format.padEnd(14)} files ${c.files}, found ${c.found}/${c.expected}, id+type ${c.idAndType}, file+line ${c.fileLine}/${c.locatable}, message ${c.message}, false ${c.falseFailures}`,
    );
  }
  for (const f of score.files) {
    for (const m of f.missed) lines.push(`  missed   ${f.file}: ${m}`);
    for (const w of f.wrongType) lines.push(`  type     ${f.file}: ${w.test}: expected ${w.expected}, got ${w.actual}`);
    for (const w of f.wrongLocation) lines.push(`  location ${f.file}: ${w.test}: expected ${w.expected}, got ${w.actual}`);
    for (const w of f.wrongMessage) lines.push(`  message  ${f.file}: ${w.test}: missing "${w.expected}"`);
    for (const x of f.extra) lines.push(`  false    ${f.file}: ${x}`);
  }
  return lines.join('\n');
}
