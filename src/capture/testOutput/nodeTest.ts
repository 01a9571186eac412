import { locate, normalizePath } from './frames';
import { Buf, clip, dedent, indentOf, leadingErrorType, toLines } from './text';
import { LIMITS, type TestFailure } from './types';

const PATH_LINE = /^(.*?):(\d+)(?::\d+)?$/;

/**
 * node:test spec reporter (the default on a terminal since Node 20):
 *
 *   ▶ math
 *     ✔ adds (0.4ms)
 *     ✖ subtracts (0.9ms)
 *       AssertionError [ERR_ASSERTION]: ...
 *           at TestContext.<anonymous> (file:///p/test/math.test.js:9:12)
 *   ✖ math (2.1ms)          (Node 22; Node 20 repeats "▶ math (2.1ms)")
 *
 * The "✖ failing tests:" recap at the end repeats the failures; it is read only when nothing
 * was found inline (a log that kept only the recap).
 */
const ITEM = /^(\s*)(✔|✖|﹣|-|\*) (.+?)(?: \(([\d.]+m?s)\))?(?: # (SKIP|TODO|skip|todo)\b.*)?\s*$/;
const SUITE = /^(\s*)▶ (.+?)(?: \(([\d.]+m?s)\))?\s*$/;

export function parseNodeSpec(text: string): TestFailure[] {
  const lines = toLines(text);
  const recap = lines.findIndex((l) => /^✖ failing tests:\s*$/.test(l));
  const inline = readSpec(lines.slice(0, recap === -1 ? lines.length : recap), false);
  if (inline.length || recap === -1) return inline;
  return readSpec(lines.slice(recap + 1), true);
}

function readSpec(lines: readonly string[], recap: boolean): TestFailure[] {
  const failures: TestFailure[] = [];
  const suites: { indent: number; name: string }[] = [];
  let declared: string | null = null;
  for (let i = 0; i < lines.length && failures.length < LIMITS.maxFailures; i++) {
    const line = lines[i]!;
    if (/^ℹ /.test(line)) continue;
    const at = /^test at (.+)$/.exec(line.trim());
    if (at) {
      declared = at[1]!;
      continue;
    }
    const s = SUITE.exec(line);
    if (s) {
      const ind = s[1]!.length;
      while (suites.length && suites[suites.length - 1]!.indent >= ind) suites.pop();
      if (!s[3]) suites.push({ indent: ind, name: s[2]! });
      continue;
    }
    const it = ITEM.exec(line);
    if (!it) continue;
    const ind = it[1]!.length;
    const closesSuite = suites.length > 0 && suites[suites.length - 1]!.indent === ind && suites[suites.length - 1]!.name === it[3];
    while (suites.length && suites[suites.length - 1]!.indent >= ind) suites.pop();
    if (it[2] !== '✖' || it[5]) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() && indentOf(l) <= ind) break;
      if (body.length < 2000) body.push(l);
    }
    i = j - 1;
    const name = [...suites.map((x) => x.name), it[3]!].join(' > ');
    const f = fromErrorBody(recap ? it[3]! : name, body, 'node-test');
    if (declared && f.file === null) {
      const m = PATH_LINE.exec(declared);
      if (m) {
        f.file = normalizePath(m[1]!);
        f.line = Number(m[2]);
      }
    }
    declared = null;
    if (closesSuite && (!f.message || /\d+ subtests? failed/.test(f.message))) f.aggregate = true;
    failures.push(f);
  }
  return failures;
}

function fromErrorBody(test: string, body: readonly string[], format: string): TestFailure {
  const msg: string[] = [];
  for (const l of body) {
    if (/^\s*at \S/.test(l) || /^\s*\{\s*$/.test(l) || /^\s+\w+: .*,$/.test(l)) break;
    if (msg.length < 200) msg.push(l);
  }
  const message = dedent(msg).replace(/^'(.*)'$/s, '$1');
  const first = message.split('\n')[0] ?? '';
  const buf = new Buf(LIMITS.maxStackLength);
  for (const l of body) buf.push(l);
  const where = locate(buf.toString());
  return {
    test: clip(test, LIMITS.maxTestIdLength),
    errorType: leadingErrorType(first),
    message: clip(message, LIMITS.maxMessageLength),
    file: where?.file ?? null,
    line: where?.line ?? null,
    format,
    outcome: 'failed',
    stack: buf.toString(),
  };
}

const TAP_RESULT = /^(\s*)(not ok|ok)\b(?: (\d+))?(?: -)?(?: (.*?))?\s*$/;

/** TAP 13/14 (node --test-reporter=tap, node-tap, tape): "not ok N - name" + a YAML diagnostic block. */
export function parseTap(text: string): TestFailure[] {
  const lines = toLines(text);
  const failures: TestFailure[] = [];
  const subtests: { indent: number; name: string }[] = [];
  for (let i = 0; i < lines.length && failures.length < LIMITS.maxFailures; i++) {
    const line = lines[i]!;
    const sub = /^(\s*)# Subtest: (.+?)\s*$/.exec(line);
    if (sub) {
      const ind = sub[1]!.length;
      while (subtests.length && subtests[subtests.length - 1]!.indent >= ind) subtests.pop();
      subtests.push({ indent: ind, name: sub[2]! });
      continue;
    }
    const r = TAP_RESULT.exec(line);
    if (!r) continue;
    const ind = r[1]!.length;
    let desc = r[4] ?? '';
    const directive = /\s*(?<!\\)#\s*(SKIP|TODO)\b.*$/i.exec(desc);
    if (directive) desc = desc.slice(0, directive.index);
    const parents = subtests.filter((s) => s.indent < ind).map((s) => s.name);
    while (subtests.length && subtests[subtests.length - 1]!.indent >= ind) subtests.pop();
    const yaml: Record<string, string> = {};
    if (/^\s+---\s*$/.test(lines[i + 1] ?? '')) {
      let j = i + 2;
      const block: string[] = [];
      for (; j < lines.length && !/^\s+\.\.\.\s*$/.test(lines[j]!); j++) if (block.length < 2000) block.push(lines[j]!);
      Object.assign(yaml, readYaml(block));
      i = j;
    }
    if (r[2] !== 'not ok' || directive) continue;
    const name = [...parents, desc.trim() || `test ${r[3] ?? ''}`.trim()].join(' > ');
    const errText = yaml.error ?? yaml.message ?? '';
    const stack = (yaml.stack ?? '')
      .split('\n')
      .map((l) => (l.trim() && !/^\s*at /.test(l) ? `at ${l.trim()}` : l))
      .join('\n');
    let where = locate(stack);
    const atField = yaml.at ?? yaml.location ?? '';
    if (!where && atField) {
      where = locate(`at ${atField.replace(/^at /, '')}`) ?? locate(`at (${atField})`);
    }
    const failureType = yaml.failureType ?? '';
    const f: TestFailure = {
      test: clip(name, LIMITS.maxTestIdLength),
      errorType: yaml.name || leadingErrorType(errText.split('\n')[0] ?? ''),
      message: clip(errText || desc, LIMITS.maxMessageLength),
      file: where?.file ?? null,
      line: where?.line ?? null,
      format: 'tap',
      outcome: failureType === 'hookFailed' || failureType === 'cancelledByParent' ? 'error' : 'failed',
      stack: clip(stack, LIMITS.maxStackLength),
    };
    if (failureType === 'subtestsFailed') f.aggregate = true;
    failures.push(f);
  }
  return failures;
}

/** The few YAML shapes TAP producers emit: `key: value`, quoted strings, and `|-` / `>-` blocks. */
function readYaml(block: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const base = block.find((l) => l.trim()) ? indentOf(block.find((l) => l.trim())!) : 0;
  for (let i = 0; i < block.length; i++) {
    const l = block[i]!;
    if (indentOf(l) !== base) continue;
    const m = /^\s*([\w-]+):\s?(.*)$/.exec(l);
    if (!m) continue;
    const key = m[1]!;
    const v = m[2]!.trim();
    if (/^[|>][-+]?$/.test(v)) {
      const acc: string[] = [];
      let j = i + 1;
      for (; j < block.length && (indentOf(block[j]!) > base || !block[j]!.trim()); j++) acc.push(block[j]!);
      out[key] = dedent(acc);
      i = j - 1;
    } else if (/^'.*'$/.test(v)) out[key] = v.slice(1, -1).replace(/''/g, "'");
    else if (/^".*"$/.test(v)) {
      try {
        out[key] = JSON.parse(v) as string;
      } catch {
        out[key] = v.slice(1, -1);
      }
    } else out[key] = v;
  }
  return out;
}
