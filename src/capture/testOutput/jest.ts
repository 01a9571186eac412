import { locate } from './frames';
import { Buf, clip, dedent, indentOf, leadingErrorType, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * Jest's default reporter: "FAIL path" per suite, then one "● title" block per failed test with the
 * message, a code frame and the stack. "● Test suite failed to run" is a suite-level error. Jest
 * repeats every block under "Summary of all failing tests"; those repeats are skipped.
 */
const SUITE = /^\s*(PASS|FAIL)\s+(\S.*?)(?:\s+\(\d[\d.]*\s*m?s\))?\s*$/;
const BULLET = /^(\s*)● (.+?)\s*$/;
const END = /^(?:Test Suites:|Tests:|Snapshots:|Time:|Ran all test suites|Summary of all failing tests|Watch Usage)/;
const CODE_FRAME = /^\s*>?\s*\d+ \|/;
const TREE_FAIL = /^(\s*)✕ (.+?)(?: \(\d[\d.]*\s*m?s\))?\s*$/;

interface Block {
  suite: string;
  title: string;
  indent: number;
  lines: string[];
}

export function parseJest(text: string): TestFailure[] {
  const lines = toLines(text);
  const blocks: Block[] = [];
  const treeFails: { suite: string; title: string }[] = [];
  let suite = '';
  let block: Block | null = null;
  let bytes = 0;
  let describe: { indent: number; name: string }[] = [];
  for (const line of lines) {
    if (/^Summary of all failing tests/.test(line.trim()) && blocks.length) break;
    const s = SUITE.exec(line);
    if (s && indentOf(line) <= 1) {
      suite = s[2]!;
      block = null;
      describe = [];
      continue;
    }
    if (END.test(line.trim())) {
      block = null;
      continue;
    }
    const b = BULLET.exec(line);
    if (b) {
      const title = b[2]!;
      // Console output and configuration warnings share the bullet but are not test results.
      if (/^(?:Console\b|Validation (?:Warning|Error)|Deprecation Warnings?|Multiple configurations found|Configuration error)/.test(title)) {
        block = null;
        continue;
      }
      block = { suite, title, indent: b[1]!.length, lines: [] };
      bytes = 0;
      if (blocks.length < LIMITS.maxFailures) blocks.push(block);
      continue;
    }
    if (block) {
      if (bytes < LIMITS.maxStackLength * 4) {
        block.lines.push(line);
        bytes += line.length + 1;
      }
      continue;
    }
    // The result tree, used only for suites whose blocks are missing (a cut-off log).
    const t = TREE_FAIL.exec(line);
    const ind = indentOf(line);
    if (t) {
      const parents = describe.filter((d) => d.indent < ind).map((d) => d.name);
      treeFails.push({ suite, title: [...parents, t[2]!].join(' › ') });
    } else if (suite && line.trim() && !/^\s*[✓○✎]/.test(line) && ind >= 2 && ind % 2 === 0) {
      describe = describe.filter((d) => d.indent < ind);
      describe.push({ indent: ind, name: line.trim() });
    }
  }

  const failures: TestFailure[] = uniqueBlocks(blocks).map(fromBlock);
  const covered = new Set(blocks.map((b) => b.suite));
  for (const t of treeFails) {
    if (covered.has(t.suite) || failures.length >= LIMITS.maxFailures) continue;
    failures.push({ test: clip(t.title, LIMITS.maxTestIdLength), errorType: null, message: '', file: t.suite || null, line: null, format: 'jest', outcome: 'failed' });
  }
  return failures;
}

/**
 * Jest prints one block per error, so a test that failed twice (an assertion and an unhandled
 * rejection, or `expect.assertions` on top of a failed expectation) has two blocks with one title.
 * It is one failed test: the first block, the error that stopped it, stands for it.
 */
function uniqueBlocks(blocks: readonly Block[]): Block[] {
  const seen = new Set<string>();
  return blocks.filter((b) => {
    const key = `${b.suite}\u0000${b.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function fromBlock(b: Block): TestFailure {
  const suiteError = b.title === 'Test suite failed to run';
  const msgLines: string[] = [];
  let codeLine: number | null = null;
  let inMessage = true;
  for (const l of b.lines) {
    if (inMessage && (CODE_FRAME.test(l) || /^\s*at \S/.test(l))) inMessage = false;
    if (inMessage) {
      if (msgLines.length < 200) msgLines.push(l);
    } else if (codeLine === null) {
      const m = /^\s*>\s*(\d+) \|/.exec(l);
      if (m) codeLine = Number(m[1]);
    }
  }
  const message = dedent(msgLines);
  const stack = new Buf(LIMITS.maxStackLength);
  for (const l of b.lines) stack.push(l);
  let errorType = leadingErrorType(message.split('\n')[0] ?? '');
  if (!errorType && suiteError) {
    for (const l of message.split('\n')) {
      errorType = leadingErrorType(l);
      if (errorType) break;
    }
  }
  const where = locate(stack.toString());
  return {
    test: clip(suiteError ? b.suite || b.title : b.title, LIMITS.maxTestIdLength),
    errorType,
    message: clip(message, LIMITS.maxMessageLength),
    file: where?.file ?? (codeLine !== null && b.suite ? b.suite : null),
    line: where?.line ?? (codeLine !== null && b.suite ? codeLine : null),
    format: 'jest',
    outcome: suiteError ? 'error' : 'failed',
    stack: stack.toString(),
  };
}
