import { locate } from './frames';
import { pythonException } from './python';
import { Buf, clip, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * Python unittest (and Django's runner, which prints the same report):
 *
 *   ======================================================================
 *   FAIL: test_even (__main__.NumbersTest.test_even) (i=1)
 *   ----------------------------------------------------------------------
 *   Traceback (most recent call last): ...
 *   AssertionError: 1 != 0
 */
const HEAVY = /^={20,}\s*$/;
const LIGHT = /^-{20,}\s*$/;
const HEAD = /^(FAIL|ERROR): (.+?)\s*$/;

export function parseUnittest(text: string): TestFailure[] {
  const lines = toLines(text);
  const failures: TestFailure[] = [];
  let i = 0;
  while (i < lines.length && failures.length < LIMITS.maxFailures) {
    const head = HEAVY.test(lines[i]!) ? HEAD.exec(lines[i + 1] ?? '') : null;
    if (!head) {
      i++;
      continue;
    }
    i += 2;
    // Description lines (the docstring's first line) until the dashed rule.
    for (let k = i; k < Math.min(lines.length, i + 6); k++) {
      if (LIGHT.test(lines[k]!)) {
        i = k + 1;
        break;
      }
      if (HEAVY.test(lines[k]!)) break;
    }
    const body: string[] = [];
    const buf = new Buf(LIMITS.maxStackLength * 4);
    while (i < lines.length && !HEAVY.test(lines[i]!)) {
      const l = lines[i]!;
      if (LIGHT.test(l) && /^Ran \d+ tests?/.test(lines[i + 1] ?? '')) break;
      if (/^(?:Stdout|Stderr):\s*$/.test(l)) break;
      if (body.length < 2000) body.push(l);
      buf.push(l);
      i++;
    }
    const exc = pythonException(body);
    const where = locate(buf.toString(), { pytest: false });
    failures.push({
      test: clip(head[2]!, LIMITS.maxTestIdLength),
      errorType: exc.type,
      message: clip(exc.message || body.filter((l) => l.trim()).slice(-1)[0]?.trim() || '', LIMITS.maxMessageLength),
      file: where?.file ?? null,
      line: where?.line ?? null,
      format: 'unittest',
      outcome: head[1] === 'ERROR' ? 'error' : 'failed',
      stack: clip(buf.toString(), LIMITS.maxStackLength),
    });
  }
  return failures;
}
