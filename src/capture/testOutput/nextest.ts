import { readPanic } from './cargo';
import { clip, dedent, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * `cargo nextest run` plain-text output: one status line per test ("        FAIL [   0.004s] (1/3)
 * crate::binary tests::name"), retries prefixed "TRY n", the captured output of failures either as
 * indented "  stdout ───" / "  stderr ───" blocks (nextest ≥ 0.9.86) or "--- STDOUT: binary test ---"
 * sections (older), then a summary that repeats the final status of each failed test. A test counts
 * once, by its last status: a flaky test that passed on retry is not a failure.
 */

const STATUS =
  /^\s*(?:TRY \d+ )?([A-Z][A-Z-]*(?: \d+\/\d+)?) \[[^\]\n]*\] (?:\[[^\]\n]*\] )?(?:\([^)\n]*\) )?(\S+) (\S.*?)\s*$/;
const FAILING = /^(?:FAIL|TIMEOUT|TMT|LEAK-FAIL|ABORT|SIG[A-Z]+|ERROR|CRASH)$/;
const PASSING = /^(?:PASS|LEAK|FLAKY(?: \d+\/\d+)?)$/;
const NEW_BLOCK = /^\s{2}(stdout|stderr|output)\s+(?:─+|-+)\s*$/;
const OLD_BLOCK = /^--- (?:STDOUT|STDERR|STDOUT\/STDERR|OUTPUT):\s+(\S+) (.+?) ---\s*$/;
const END = /^\s*(?:─{4,}|-{8,})\s*$|^\s+(?:Summary|Canceling|Starting|Cancelling) |^\s*Nextest run ID /;

interface Entry {
  binary: string;
  name: string;
  status: string;
  output: string[];
}

export function parseNextest(text: string): TestFailure[] {
  const lines = toLines(text);
  const tests = new Map<string, Entry>();
  let block: Entry | null = null;
  for (const line of lines) {
    const s = STATUS.exec(line);
    if (s && !/^(?:SLOW|TERMINATING|TRMNTG|SETUP|START|RETRY|SKIP)$/.test(s[1]!)) {
      const key = `${s[2]} ${s[3]}`;
      let e = tests.get(key);
      if (!e) {
        if (tests.size >= LIMITS.maxFailures * 10) continue;
        e = { binary: s[2]!, name: s[3]!, status: s[1]!, output: [] };
        tests.set(key, e);
      }
      e.status = s[1]!;
      block = FAILING.test(e.status) ? e : null;
      continue;
    }
    const old = OLD_BLOCK.exec(line);
    if (old) {
      block = tests.get(`${old[1]} ${old[2]}`) ?? null;
      continue;
    }
    if (NEW_BLOCK.test(line)) continue;
    if (END.test(line)) {
      block = null;
      continue;
    }
    if (block && block.output.length < 2000) block.output.push(line);
  }
  const failures: TestFailure[] = [];
  for (const e of tests.values()) {
    if (!FAILING.test(e.status) || PASSING.test(e.status)) continue;
    if (failures.length >= LIMITS.maxFailures) break;
    const body = dedent(e.output).split('\n');
    const p = readPanic(body.filter((l) => !/^(?:running \d+ tests?|test .+ \.\.\. (?:ok|FAILED)|failures:|test result: .*|\s{4}\S+)$/.test(l)));
    const reason = body.map((l) => /^\(test failed: (.+)\)$/.exec(l.trim())?.[1]).find(Boolean);
    const panicMsg = p.file !== null ? p.message.join('\n').trim() : '';
    const message = panicMsg || reason || (e.status === 'FAIL' ? '' : e.status === 'TIMEOUT' || e.status === 'TMT' ? 'timed out' : e.status);
    failures.push({
      test: clip(e.name, LIMITS.maxTestIdLength),
      classname: clip(e.binary, LIMITS.maxTestIdLength),
      errorType: null,
      message: clip(message, LIMITS.maxMessageLength),
      file: p.file,
      line: p.line,
      format: 'nextest',
      outcome: 'failed',
      ...(e.output.length ? { stack: clip(body.join('\n'), LIMITS.maxStackLength) } : {}),
    });
  }
  return failures;
}
