import { locate } from './frames';
import { clip, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * `go test -v` text and `go test -json` (test2json) streams. Both are reduced to the same events:
 * lines attributed to a test (or to the package), test results, package results and build output.
 * A parent that failed only because of its subtests is reported with `aggregate: true`.
 */

interface GoTest {
  pkg: string;
  name: string;
  status: 'run' | 'fail' | 'pass' | 'skip';
  lines: string[];
  bytes: number;
  order: number;
}

interface GoPackage {
  name: string;
  status?: 'fail' | 'pass' | 'skip';
  buildFailed: boolean;
  lines: string[];
  bytes: number;
}

const NOISE =
  /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\b|--- (?:FAIL|PASS|SKIP): |(?:PASS|FAIL|ok)\s*$|exit status \d+$|coverage: |(?:FAIL|ok)\s+\S+\s+(?:[\d.]+s|\(cached\)|\[)|\?\s+\S+\s+\[no test files\])/;
const LOG = /^\s*([\w./\\-]+\.go):(\d+): ?(.*)$/;
const BUILD_ERR = /^((?:[A-Za-z]:)?[^\s:]+\.go):(\d+)(?::\d+)?: (.*)$/;

class GoCollector {
  private tests = new Map<string, GoTest>();
  private byPkg = new Map<string, GoTest[]>();
  private packages = new Map<string, GoPackage>();
  private buildLines = new Map<string, string[]>();
  private order = 0;
  constructor(private readonly format: 'go-test' | 'go-test-json') {}

  private pkg(name: string): GoPackage {
    let p = this.packages.get(name);
    if (!p) {
      p = { name, buildFailed: false, lines: [], bytes: 0 };
      this.packages.set(name, p);
    }
    return p;
  }

  test(pkg: string, name: string): GoTest {
    const key = `${pkg}\u0000${name}`;
    let t = this.tests.get(key);
    if (!t) {
      if (this.tests.size >= LIMITS.maxFailures * 10) return { pkg, name, status: 'run', lines: [], bytes: 0, order: 0 };
      t = { pkg, name, status: 'run', lines: [], bytes: 0, order: this.order++ };
      this.tests.set(key, t);
      const list = this.byPkg.get(pkg);
      if (list) list.push(t);
      else this.byPkg.set(pkg, [t]);
      this.pkg(pkg);
    }
    return t;
  }

  output(pkg: string, test: string | undefined, line: string): void {
    const target = test ? this.test(pkg, test) : this.pkg(pkg);
    if (target.bytes > LIMITS.maxStackLength * 4) return;
    target.lines.push(line);
    target.bytes += line.length + 1;
  }

  result(pkg: string, test: string, status: 'fail' | 'pass' | 'skip'): void {
    const t = this.test(pkg, test);
    t.status = status;
    if (status === 'fail') t.order = this.order++;
  }

  packageResult(pkg: string, status: 'fail' | 'pass' | 'skip', buildFailed = false): void {
    const p = this.pkg(pkg);
    p.status = status;
    if (buildFailed) p.buildFailed = true;
  }

  build(pkg: string, line: string): void {
    let l = this.buildLines.get(pkg);
    if (!l) {
      if (this.buildLines.size > 10000) return;
      l = [];
      this.buildLines.set(pkg, l);
    }
    if (l.length < 200) l.push(line);
  }

  /** Renames tests collected under a provisional package key once the package line names it. */
  rename(from: string, to: string): void {
    if (from === to) return;
    const moved = this.byPkg.get(from) ?? [];
    this.byPkg.delete(from);
    for (const t of moved) {
      this.tests.delete(`${from}\u0000${t.name}`);
      t.pkg = to;
      this.tests.set(`${to}\u0000${t.name}`, t);
    }
    if (moved.length) this.byPkg.set(to, [...(this.byPkg.get(to) ?? []), ...moved]);
    const p = this.packages.get(from);
    if (p) {
      this.packages.delete(from);
      const q = this.pkg(to);
      for (const l of p.lines) {
        if (q.bytes > LIMITS.maxStackLength * 4) break;
        q.lines.push(l);
        q.bytes += l.length;
      }
    }
  }

  finish(): TestFailure[] {
    const out: { order: number; f: TestFailure }[] = [];
    const failed = [...this.tests.values()].filter((t) => t.status === 'fail');
    const parents = new Set<string>();
    for (const t of failed) {
      let i = t.name.lastIndexOf('/');
      while (i > 0) {
        parents.add(`${t.pkg}\u0000${t.name.slice(0, i)}`);
        i = t.name.lastIndexOf('/', i - 1);
      }
    }
    for (const t of failed) {
      const own = t.lines.filter((l) => !NOISE.test(l));
      const hasFailedChild = parents.has(`${t.pkg}\u0000${t.name}`);
      const f = this.describe(t.name, own);
      if (hasFailedChild && !own.some((l) => l.trim())) f.aggregate = true;
      out.push({ order: t.order, f });
    }
    const lastFailed = new Map<string, GoTest>();
    for (const t of failed) lastFailed.set(t.pkg, t);
    const byTest = new Map<GoTest, { order: number; f: TestFailure }>();
    failed.forEach((t, k) => byTest.set(t, out[k]!));
    for (const p of this.packages.values()) {
      const build = this.buildLines.get(p.name) ?? [];
      if (p.buildFailed || (build.length && p.status === 'fail')) {
        out.push({ order: this.order++, f: this.buildFailure(p.name, build) });
        continue;
      }
      if (p.status !== 'fail') continue;
      const tests = this.byPkg.get(p.name) ?? [];
      if (tests.some((t) => t.status === 'fail')) {
        // A panic printed after the failing test's result line, attributed to the package.
        const panic = p.lines.findIndex((l) => /^panic: /.test(l));
        const last = lastFailed.get(p.name);
        if (panic !== -1 && last) {
          const entry = byTest.get(last);
          if (entry && entry.f.errorType !== 'panic') Object.assign(entry.f, this.describe(last.name, [...last.lines.filter((l) => !NOISE.test(l)), ...p.lines.slice(panic)]), { aggregate: undefined });
        }
        continue;
      }
      // Crashed while a test was running (panic, timeout, os.Exit): blame that test if we know it.
      const running = tests.filter((t) => t.status === 'run').pop();
      const own = p.lines.filter((l) => !NOISE.test(l));
      if (running && (running.lines.some((l) => /^panic: /.test(l)) || own.some((l) => /^panic: /.test(l)))) {
        const f = this.describe(running.name, [...running.lines.filter((l) => !NOISE.test(l)), ...own]);
        out.push({ order: running.order, f });
        continue;
      }
      const f = this.describe(p.name, own);
      f.outcome = 'error';
      if (!f.message) f.message = 'package failed';
      out.push({ order: this.order++, f });
    }
    return out
      .sort((a, b) => a.order - b.order)
      .slice(0, LIMITS.maxFailures)
      .map((o) => {
        if (o.f.aggregate === undefined) delete o.f.aggregate;
        return o.f;
      });
  }

  private describe(name: string, own: readonly string[]): TestFailure {
    const msgs: string[] = [];
    let logLoc: { file: string; line: number } | null = null;
    let panicAt = -1;
    for (let i = 0; i < own.length; i++) {
      const l = own[i]!;
      if (/^panic: /.test(l) && panicAt === -1) panicAt = i;
      const m = LOG.exec(l);
      if (m && panicAt === -1) {
        logLoc = { file: m[1]!, line: Number(m[2]) };
        msgs.push(m[3]!);
      } else if (panicAt === -1 && l.trim() && msgs.length < 100) {
        msgs.push(l.trim());
      }
    }
    let errorType: string | null = null;
    let file: string | null = logLoc?.file ?? null;
    let line: number | null = logLoc?.line ?? null;
    let message = msgs.join('\n').trim();
    const stack = own.join('\n');
    if (panicAt !== -1) {
      errorType = 'panic';
      const panicLines = own.slice(panicAt);
      const end = panicLines.findIndex((l, k) => k > 0 && (/^goroutine \d+/.test(l) || l.trim() === ''));
      const panicMsg = panicLines.slice(0, end === -1 ? 5 : end).join('\n').trim();
      message = message ? `${panicMsg}\n${message}` : panicMsg;
      const where = locate(panicLines.join('\n'));
      if (where) {
        file = where.file;
        line = where.line;
      }
    }
    return {
      test: clip(name, LIMITS.maxTestIdLength),
      errorType,
      message: clip(message, LIMITS.maxMessageLength),
      file,
      line,
      format: this.format,
      outcome: 'failed',
      stack: clip(stack, LIMITS.maxStackLength),
    };
  }

  private buildFailure(pkg: string, lines: readonly string[]): TestFailure {
    const errs = lines.filter((l) => BUILD_ERR.test(l));
    const first = BUILD_ERR.exec(errs[0] ?? '');
    const message = errs.length ? errs.map((l) => BUILD_ERR.exec(l)?.[3] ?? l).join('\n') : lines.filter((l) => !/^#/.test(l)).join('\n') || 'build failed';
    return {
      test: clip(pkg, LIMITS.maxTestIdLength),
      errorType: null,
      message: clip(message, LIMITS.maxMessageLength),
      file: first ? first[1]!.replace(/^\.\//, '') : null,
      line: first ? Number(first[2]) : null,
      format: this.format,
      outcome: 'build-fail',
      stack: clip(lines.join('\n'), LIMITS.maxStackLength),
    };
  }
}

const PKG_END = /^(ok|FAIL|\?)\s+(\S+)(?:\s+(.*))?$/;
const RESULT = /^(\s*)--- (FAIL|PASS|SKIP): (\S+)/;
const RUN = /^=== (RUN|CONT|NAME)\s+(\S+)/;

/** `go test -v` text (one or many packages; old and new placement of log lines). */
export function parseGoText(text: string): TestFailure[] {
  return feedGoText(toLines(text), new GoCollector('go-test')).finish();
}

function feedGoText(lines: readonly string[], c: GoCollector): GoCollector {
  let block = 0;
  let provisional = `\u0000block${block}`;
  let current: string | undefined;
  let lastResult: { name: string; indent: number } | null = null;
  let buildPkg: string | null = null;
  for (const line of lines) {
    const end = PKG_END.exec(line);
    if (end && (line.includes('\t') || /^(?:ok|FAIL)\s{1,}\S+\s+(?:[\d.]+s|\(cached\)|\[)/.test(line))) {
      const pkg = end[2]!;
      const status = end[1] === 'ok' ? 'pass' : end[1] === '?' ? 'skip' : 'fail';
      c.rename(provisional, pkg);
      c.packageResult(pkg, status, /\[(?:build|setup) failed\]/.test(end[3] ?? ''));
      block++;
      provisional = `\u0000block${block}`;
      current = undefined;
      lastResult = null;
      buildPkg = null;
      continue;
    }
    const hdr = /^# (\S+)(?: \[.*\])?$/.exec(line);
    if (hdr) {
      buildPkg = hdr[1]!;
      continue;
    }
    if (buildPkg && BUILD_ERR.test(line)) {
      c.build(buildPkg, line);
      continue;
    }
    buildPkg = null;
    const run = RUN.exec(line);
    if (run) {
      current = run[2]!;
      if (run[1] === 'RUN') c.test(provisional, current);
      lastResult = null;
      continue;
    }
    const res = RESULT.exec(line);
    if (res) {
      c.result(provisional, res[3]!, res[2]!.toLowerCase() as 'fail' | 'pass' | 'skip');
      lastResult = { name: res[3]!, indent: res[1]!.length };
      continue;
    }
    const ind = line.length - line.trimStart().length;
    if (lastResult && line.trim() && ind > lastResult.indent) c.output(provisional, lastResult.name, line);
    else if (current) c.output(provisional, current, line);
    else c.output(provisional, undefined, line);
  }
  // A log without the final package line (cut off, or a single package run from its directory).
  c.rename(provisional, 'package');
  return c;
}

/** `go test -json`: one test2json event per line; non-JSON lines are build output printed to stderr. */
export function parseGoJson(text: string): TestFailure[] {
  const c = new GoCollector('go-test-json');
  const raw: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    const line = text.slice(start, Math.min(nl, start + LIMITS.maxLineLength * 8)).trim();
    start = nl + 1;
    if (!line) continue;
    let ev: unknown;
    if (line.startsWith('{')) {
      try {
        ev = JSON.parse(line);
      } catch {
        ev = undefined;
      }
    }
    if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) {
      raw.push(line);
      if (raw.length > 100000) raw.shift();
      continue;
    }
    const e = ev as Record<string, unknown>;
    const action = typeof e.Action === 'string' ? e.Action : '';
    const pkg = typeof e.Package === 'string' ? e.Package : typeof e.ImportPath === 'string' ? e.ImportPath.replace(/ \[.*\]$/, '') : '';
    const test = typeof e.Test === 'string' && e.Test ? e.Test : undefined;
    const output = typeof e.Output === 'string' ? e.Output : '';
    switch (action) {
      case 'output':
        for (const l of output.replace(/\n$/, '').split('\n')) c.output(pkg, test, l.length > LIMITS.maxLineLength ? l.slice(0, LIMITS.maxLineLength) : l);
        if (!test && /\[(?:build|setup) failed\]/.test(output) && /^FAIL\b/.test(output)) c.packageResult(pkg, 'fail', true);
        break;
      case 'build-output':
        for (const l of output.replace(/\n$/, '').split('\n')) c.build(pkg, l);
        break;
      case 'build-fail':
        c.packageResult(pkg, 'fail', true);
        break;
      case 'run':
        if (test) c.test(pkg, test);
        break;
      case 'fail':
      case 'pass':
      case 'skip':
        if (test) c.result(pkg, test, action);
        else c.packageResult(pkg, action, typeof e.FailedBuild === 'string' && e.FailedBuild !== '');
        break;
      default:
        break;
    }
  }
  // Build errors printed as plain text before the JSON stream (older Go versions).
  let buildPkg: string | null = null;
  for (const l of raw.map((x) => toLines(x)[0] ?? '')) {
    const hdr = /^# (\S+)(?: \[.*\])?$/.exec(l);
    if (hdr) buildPkg = hdr[1]!;
    else if (buildPkg) c.build(buildPkg, l);
  }
  return c.finish();
}
