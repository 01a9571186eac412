import { clip, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * `cargo test` (libtest) output: "test name ... FAILED" lines, then "---- name stdout ----" sections
 * holding the panic ("thread 'name' panicked at src/lib.rs:17:9:" + message, or the pre-1.73 form
 * "panicked at 'message', src/lib.rs:17:9"). Compile errors ("error[E0308]: ..." + "--> file:line:col",
 * then "could not compile `crate`") become one build failure per crate.
 */
const RESULT = /^test (.+?) \.\.\. (ok|FAILED|ignored\b.*|bench:.*)$/;
const SECTION = /^---- (.+?) (?:stdout|stderr) ----$/;
const PANIC_NEW = /^thread '([^']*)'(?: \(\d+\))? panicked at (.+?):(\d+):(\d+):$/;
const PANIC_OLD = /^thread '([^']*)'(?: \(\d+\))? panicked at '(.*)$/;
const OLD_TAIL = /^(.*)', (\S+?):(\d+):(\d+)$/;
const BACKTRACE_NOTE = /^note: run with `RUST_BACKTRACE=1`|^note: Some details are omitted|^stack backtrace:/;
const COMPILE_ERR = /^error(?:\[(E\d+)\])?: (.+)$/;
const ARROW = /^\s*--> (.+?):(\d+):\d+$/;
const COULD_NOT = /^error: could not compile `([^`]+)`/;

interface Panic {
  file: string | null;
  line: number | null;
  message: string[];
}

export function parseCargo(text: string): TestFailure[] {
  const lines = toLines(text);
  const failedOrder: string[] = [];
  const failed = new Set<string>();
  const sections = new Map<string, string[]>();
  const build: TestFailure[] = [];
  let pendingError: { code: string | null; message: string; file: string | null; line: number | null } | null = null;
  let section: string | null = null;
  let inFailureList = false;

  const addFailed = (name: string): void => {
    const n = name.replace(/ - should panic(?: with .*)?$/, '');
    if (!failed.has(n) && failed.size < LIMITS.maxFailures) {
      failed.add(n);
      failedOrder.push(n);
    }
  };

  for (const line of lines) {
    const r = RESULT.exec(line);
    if (r) {
      if (r[2] === 'FAILED') addFailed(r[1]!);
      section = null;
      continue;
    }
    const s = SECTION.exec(line);
    if (s) {
      section = s[1]!;
      if (!sections.has(section) && sections.size < LIMITS.maxFailures) sections.set(section, []);
      inFailureList = false;
      continue;
    }
    if (/^failures:\s*$/.test(line)) {
      section = null;
      inFailureList = true;
      continue;
    }
    if (inFailureList) {
      const m = /^ {4}(\S.*)$/.exec(line);
      if (m && !m[1]!.startsWith('---- ')) {
        addFailed(m[1]!);
        continue;
      }
      if (line.trim()) inFailureList = false;
    }
    if (/^test result: /.test(line) || /^running \d+ tests?$/.test(line)) {
      section = null;
      continue;
    }
    const ce = COMPILE_ERR.exec(line);
    if (ce && !/^(?:test failed|could not compile|\d+ targets? failed|aborting due to)/.test(ce[2]!)) {
      if (!pendingError) pendingError = { code: ce[1] ?? null, message: ce[2]!, file: null, line: null };
      continue;
    }
    const arrow = ARROW.exec(line);
    if (arrow && pendingError && pendingError.file === null) {
      pendingError.file = arrow[1]!;
      pendingError.line = Number(arrow[2]);
      continue;
    }
    const cnc = COULD_NOT.exec(line);
    if (cnc) {
      if (build.length < LIMITS.maxFailures) {
        build.push({
          test: cnc[1]!,
          errorType: pendingError?.code ?? null,
          message: clip(pendingError?.message ?? line.replace(/^error: /, ''), LIMITS.maxMessageLength),
          file: pendingError?.file ?? null,
          line: pendingError?.line ?? null,
          format: 'cargo-test',
          outcome: 'build-fail',
        });
      }
      pendingError = null;
      continue;
    }
    if (section !== null) {
      const buf = sections.get(section);
      if (buf && buf.length < 2000) buf.push(line);
    } else {
      // --nocapture: panics appear inline, named by their thread.
      const p = PANIC_NEW.exec(line) ?? PANIC_OLD.exec(line);
      if (p && !sections.has(p[1]!) && sections.size < LIMITS.maxFailures) {
        section = p[1]!;
        sections.set(section, [line]);
      }
    }
  }

  const failures: TestFailure[] = [...build];
  for (const name of failedOrder) {
    const body = sections.get(name) ?? sections.get(`${name} - should panic`) ?? [];
    const p = readPanic(body);
    failures.push({
      test: clip(name, LIMITS.maxTestIdLength),
      errorType: null,
      message: clip(p.message.join('\n').trim(), LIMITS.maxMessageLength),
      file: p.file,
      line: p.line,
      format: 'cargo-test',
      outcome: 'failed',
      stack: clip(body.join('\n'), LIMITS.maxStackLength),
    });
  }
  return failures.slice(0, LIMITS.maxFailures);
}

export function readPanic(body: readonly string[]): Panic {
  const out: Panic = { file: null, line: null, message: [] };
  let inBacktrace = false;
  let oldOpen = false;
  for (const line of body) {
    if (oldOpen) {
      const t = OLD_TAIL.exec(line);
      if (t) {
        out.message.push(t[1]!);
        out.file = t[2]!;
        out.line = Number(t[3]);
        oldOpen = false;
      } else out.message.push(line);
      continue;
    }
    const n = PANIC_NEW.exec(line);
    if (n) {
      if (out.file === null) {
        out.file = n[2]!;
        out.line = Number(n[3]);
      }
      continue;
    }
    const o = PANIC_OLD.exec(line);
    if (o) {
      const t = OLD_TAIL.exec(o[2]!);
      if (t) {
        out.message.push(t[1]!);
        if (out.file === null) {
          out.file = t[2]!;
          out.line = Number(t[3]);
        }
      } else {
        out.message.push(o[2]!);
        oldOpen = true;
      }
      continue;
    }
    if (/^stack backtrace:/.test(line)) {
      inBacktrace = true;
      continue;
    }
    if (inBacktrace) {
      if (/^\s+(?:\d+:|at )/.test(line)) continue;
      inBacktrace = false;
    }
    if (BACKTRACE_NOTE.test(line)) continue;
    const dnp = /^note: test did not panic as expected(?: at (\S+?):(\d+):\d+)?/.exec(line);
    if (dnp && dnp[1] && out.file === null) {
      out.file = dnp[1];
      out.line = Number(dnp[2]);
    }
    if (out.message.length < 200) out.message.push(line);
  }
  return out;
}
