import { strict as assert } from 'node:assert';
import { isTestCommand } from '../../../src/capture/testCommand';

describe('hooks: isTestCommand', () => {
  const yes = [
    'pytest',
    'pytest -x tests/test_api.py',
    'cd backend && python -m pytest -q',
    'python3 -m unittest discover',
    'uv run pytest tests/',
    'npm test',
    'npm run test:unit -- --grep store',
    'pnpm test',
    'yarn test',
    'npx jest src/',
    'npx vitest run',
    'vitest run --reporter=verbose',
    'npx mocha test/**/*.test.js',
    'node --test test/',
    'node --import tsx --test test/a.test.ts',
    'go test ./...',
    'go test -json ./pkg/... 2>&1',
    'cargo test --lib',
    'cargo nextest run',
    'bun test',
    'deno test -A',
    'mvn -q test',
    './gradlew test',
    'make test',
    'CI=1 timeout 300 npx jest --ci',
    'poetry run pytest -x',
    './node_modules/.bin/mocha',
  ];
  const no = [
    '',
    'ls -la',
    'git status',
    'npm install',
    'npm run build',
    'cat tests/test_api.py',
    'grep -r pytest .',
    'node scripts/build.js',
    'go build ./...',
    'cargo build --release',
    'echo npm test',
    'git log --grep "go test"',
    'rg vitest src',
    'echo "' + 'x'.repeat(5000) + '"',
  ];
  for (const c of yes) it(`recognises ${JSON.stringify(c)}`, () => assert.equal(isTestCommand(c), true));
  for (const c of no) it(`ignores ${JSON.stringify(c.slice(0, 40))}`, () => assert.equal(isTestCommand(c), false));
  it('ignores non-strings', () => assert.equal(isTestCommand(undefined), false));
});
