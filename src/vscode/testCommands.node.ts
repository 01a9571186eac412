import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Guesses the test command of a project from its files; undefined when nothing is recognised. */
export function guessTestCommand(folder: string): string | undefined {
  const has = (f: string): boolean => existsSync(path.join(folder, f));
  if (has('package.json')) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
      if (typeof pkg.scripts?.test === 'string') return has('pnpm-lock.yaml') ? 'pnpm test' : has('yarn.lock') ? 'yarn test' : 'npm test';
    } catch {
      // Unreadable package.json: keep looking.
    }
  }
  if (has('pytest.ini') || has('pyproject.toml') || has('setup.cfg') || has('tox.ini') || has('conftest.py')) return 'python -m pytest -q';
  if (has('go.mod')) return 'go test ./...';
  if (has('Cargo.toml')) return 'cargo test';
  if (has('pom.xml')) return 'mvn -q test';
  if (has('build.gradle') || has('build.gradle.kts')) return './gradlew test';
  return undefined;
}
