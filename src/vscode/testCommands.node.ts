import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
  // .NET: the TRX report lands in TestResults/ where the report watcher reads it.
  if (hasMatching(folder, /\.(?:sln|slnx|csproj|fsproj|vbproj)$/)) return 'dotnet test --logger trx';
  // Ruby and Dart print a machine-readable report on stdout, which Run Tests and Learn parses.
  if (has('.rspec') || (has('Gemfile') && has('spec'))) return has('Gemfile') ? 'bundle exec rspec --format json' : 'rspec --format json';
  if (has('pubspec.yaml')) return isFlutter(path.join(folder, 'pubspec.yaml')) ? 'flutter test --machine' : 'dart test --reporter json';
  if (has('build.gradle') || has('build.gradle.kts')) return './gradlew test';
  return undefined;
}

function hasMatching(folder: string, re: RegExp): boolean {
  try {
    return readdirSync(folder).some((f) => re.test(f));
  } catch {
    return false;
  }
}

function isFlutter(pubspec: string): boolean {
  try {
    return /^\s+flutter:\s*$|^\s+sdk:\s*flutter\b/m.test(readFileSync(pubspec, 'utf8').slice(0, 65536));
  } catch {
    return false;
  }
}
