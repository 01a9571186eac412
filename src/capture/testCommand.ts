/**
 * The one decision whether a shell command line runs a test suite, for every capture source: a
 * command typed in a VS Code terminal or task, and what an agent ran through its Bash tool. Only
 * those outputs are handed to the test-output parsers: other commands' output is not test evidence.
 * The runner must be in command position ("grep -r pytest ." is not a test run): the line is split
 * into simple commands, and env assignments and wrappers (npx, uv run, timeout 60...) are skipped.
 */

/** Test runners as the start of a simple command (after wrappers). */
const RUNNERS: readonly RegExp[] = [
  /^py\.?test\b/,
  /^python[0-9.]*\s+(?:-[A-Za-z]+\s+)*-m\s+(?:pytest|unittest)\b/,
  /^(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test(?:[:\w-]*)?(?:\s|$)/,
  /^(?:npm|pnpm|yarn)\s+t(?:\s|$)/,
  /^(?:jest|vitest|mocha|ava|tap|playwright\s+test)\b/,
  /^node\s+(?:\S+\s+)*--test\b/,
  /^(?:deno|bun)\s+test\b/,
  /^go\s+test\b/,
  /^gotestsum\b/,
  /^cargo\s+(?:test|nextest)\b/,
  /^dotnet\s+test\b/,
  /^(?:mvn|\S*\/mvnw|mvnw)\b.*\b(?:test|verify)\b/,
  /^(?:gradle|\S*\/gradlew|gradlew)\b.*\btest\b/,
  /^(?:rspec|phpunit|tox|nox)\b/,
  /^(?:\S*\/)?(?:vendor\/bin\/phpunit|node_modules\/\.bin\/(?:jest|vitest|mocha))\b/,
  /^make\s+(?:\S+\s+)*(?:test|check)\b/,
];

/** Prefixes that run the next word as the command. */
const WRAPPER = /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+|time\s+|env\s+|sudo\s+|nice\s+|timeout\s+(?:-\S+\s+)*\S+\s+|npx\s+(?:-\S+\s+)*|pnpx\s+|bunx\s+|pnpm\s+exec\s+|yarn\s+(?:dlx|exec)\s+|(?:uv|poetry|pipenv|hatch|pdm|rye)\s+run\s+|\.\/node_modules\/\.bin\/)/;

function startsWithRunner(simple: string): boolean {
  let s = simple.trim().replace(/^[({]\s*/, '');
  for (let i = 0; i < 8; i++) {
    const m = WRAPPER.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  return RUNNERS.some((re) => re.test(s));
}

/** Bounded: long lines are not commands a person would call a test run. */
export function isTestCommand(commandLine: string | undefined): boolean {
  if (typeof commandLine !== 'string') return false;
  const cmd = commandLine.trim();
  if (!cmd || cmd.length > 4000) return false;
  return cmd
    .split(/&&|\|\||[;|\n]/)
    .slice(0, 50)
    .some(startsWithRunner);
}
