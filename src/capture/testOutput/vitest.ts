import { locate } from './frames';
import { Buf, clip, dedent, leadingErrorType, stripErrorPrefix, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

/**
 * Vitest's default/verbose reporters. Details live under "⎯⎯ Failed Tests N ⎯⎯" (and "Failed Suites",
 * "Unhandled Errors"): one or more " FAIL  file > test" lines (identical errors are merged under
 * several FAIL lines), the error, a diff, "❯ file:line:col" frames and a code frame.
 */
const RULE = /^\s*⎯{2,}\s*(.*?)\s*⎯*\s*$/;
const FAIL = /^\s*FAIL\s+(\S.*?)\s*$/;
const FRAME = /^\s*[❯→] \S/;
const TREE_FILE = /^\s*[❯✓×✗]\s+(\S+\.\w+)\s+\(\d+ tests?/;
const TREE_FAIL = /^(\s+)[×✗] (.+?)(?: \d+\s*m?s)?\s*$/;

type Area = 'tests' | 'suites' | 'unhandled' | 'none';

export function parseVitest(text: string): TestFailure[] {
  const lines = toLines(text);
  const failures: TestFailure[] = [];
  const tree: { file: string; name: string }[] = [];
  let area: Area = 'none';
  let unhandledKind = 'Unhandled Error';
  let names: string[] = [];
  let body: string[] = [];
  let bytes = 0;
  let treeFile = '';

  const flush = (): void => {
    if (!names.length && !(area === 'unhandled' && body.some((l) => l.trim()))) {
      body = [];
      return;
    }
    const f = fromBody(body, area);
    const list = names.length ? names : [`${unhandledKind}: ${stripErrorPrefix(f.message.split('\n')[0] ?? '')}`];
    for (const n of list) {
      if (failures.length >= LIMITS.maxFailures) break;
      failures.push({ ...f, test: clip(n, LIMITS.maxTestIdLength) });
    }
    names = [];
    body = [];
    bytes = 0;
  };

  for (const line of lines) {
    const rule = RULE.exec(line);
    if (rule && /⎯{2,}/.test(line)) {
      flush();
      const title = rule[1]!;
      if (/^Failed Tests\b/i.test(title)) area = 'tests';
      else if (/^Failed Suites\b/i.test(title)) area = 'suites';
      else if (/^(?:Unhandled|Uncaught)\b/i.test(title)) {
        if (!/^Unhandled Errors$/i.test(title)) unhandledKind = title.replace(/\s+\d+$/, '');
        area = 'unhandled';
      } else if (!/^\[\d+\/\d+\]$/.test(title)) area = 'none';
      continue;
    }
    if (/^\s*(?:Test Files|Tests|Duration|Start at)\s{2,}/.test(line)) {
      flush();
      area = 'none';
    }
    // A log that starts at the details (a cut or a snapshot) has FAIL lines but no section header.
    if (area === 'none' && !failures.length && !names.length && /^ FAIL {1,2}\S.*(?: > | \[ )/.test(line)) area = 'tests';
    if (area === 'none') {
      const tf = TREE_FILE.exec(line);
      if (tf) treeFile = tf[1]!;
      const t = TREE_FAIL.exec(line);
      if (t && treeFile) tree.push({ file: treeFile, name: t[2]! });
      continue;
    }
    const f = FAIL.exec(line);
    if (f && area !== 'unhandled') {
      if (body.some((l) => l.trim())) flush();
      names.push(f[1]!.replace(/\s+\[\s*[^\]]*\]\s*$/, '').replace(/^\|[^|]+\|\s+/, ''));
      continue;
    }
    if (area === 'unhandled' && /^(?:Vitest caught \d+ unhandled|This might cause false positive)/.test(line)) continue;
    if (bytes < LIMITS.maxStackLength * 4) {
      body.push(line);
      bytes += line.length + 1;
    }
  }
  flush();
  if (!failures.length) {
    for (const t of tree) {
      if (failures.length >= LIMITS.maxFailures) break;
      failures.push({ test: clip(`${t.file} > ${t.name}`, LIMITS.maxTestIdLength), errorType: null, message: '', file: t.file, line: null, format: 'vitest', outcome: 'failed' });
    }
  }
  return failures;
}

function fromBody(body: string[], area: Area): TestFailure {
  const msg: string[] = [];
  for (const l of body) {
    if (FRAME.test(l) || /^\s*at \S/.test(l) || /^\s*\d+\|/.test(l)) break;
    if (/^This error originated in /.test(l)) break;
    if (msg.length < 200) msg.push(l);
  }
  const message = dedent(msg);
  const stack = new Buf(LIMITS.maxStackLength);
  for (const l of body) stack.push(l);
  const where = locate(stack.toString());
  return {
    test: '',
    errorType: leadingErrorType(message.split('\n')[0] ?? ''),
    message: clip(message, LIMITS.maxMessageLength),
    file: where?.file ?? null,
    line: where?.line ?? null,
    format: 'vitest',
    outcome: area === 'tests' ? 'failed' : 'error',
    stack: stack.toString(),
  };
}
