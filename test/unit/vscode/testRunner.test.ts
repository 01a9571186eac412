import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { guessTestCommand } from '../../../src/vscode/testCommands.node';
import { runTestCommand } from '../../../src/vscode/testRunner.node';

describe('running test commands (desktop)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mm-runner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('collects stdout and stderr and the exit code of a failing run', async () => {
    const chunks: string[] = [];
    const r = await runTestCommand(`${JSON.stringify(process.execPath)} -e "console.log('1 passed'); console.error('FAILED test_x'); process.exit(3)"`, { cwd: dir, onOutput: (c) => chunks.push(c) });
    assert.equal(r.exitCode, 3);
    assert.match(r.output, /1 passed/);
    assert.match(r.output, /FAILED test_x/);
    assert.equal(chunks.join(''), r.output);
    assert.equal(r.timedOut, false);
  });

  it('runs in the given folder', async () => {
    writeFileSync(path.join(dir, 'marker.txt'), 'here');
    const r = await runTestCommand(`${JSON.stringify(process.execPath)} -e "process.stdout.write(require('fs').readFileSync('marker.txt','utf8'))"`, { cwd: dir });
    assert.equal(r.output, 'here');
    assert.equal(r.exitCode, 0);
  });

  it('stops a run that exceeds its timeout, with its children', async () => {
    const r = await runTestCommand(`${JSON.stringify(process.execPath)} -e "setInterval(() => {}, 1000)"`, { cwd: dir, timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.notEqual(r.exitCode, 0);
  });

  it('stops on cancellation', async () => {
    let cancel: (() => void) | undefined;
    const token = {
      isCancellationRequested: false,
      onCancellationRequested(l: () => void) {
        cancel = l;
        return { dispose() {} };
      },
    };
    const p = runTestCommand(`${JSON.stringify(process.execPath)} -e "setInterval(() => {}, 1000)"`, { cwd: dir, token });
    setTimeout(() => {
      token.isCancellationRequested = true;
      cancel?.();
    }, 200);
    const r = await p;
    assert.equal(r.cancelled, true);
  });

  it('bounds the output it keeps', async () => {
    const r = await runTestCommand(`${JSON.stringify(process.execPath)} -e "process.stdout.write('x'.repeat(50000) + 'END')"`, { cwd: dir, maxOutputChars: 1000 });
    assert.ok(r.output.length <= 1000);
    assert.ok(r.output.endsWith('END'));
    assert.equal(r.truncated, true);
  });

  it('reports a missing command as a failed run, not an exception', async () => {
    const r = await runTestCommand('definitely-not-a-command-xyz --run', { cwd: dir });
    assert.notEqual(r.exitCode, 0);
  });

  it('guesses the test command from project files', () => {
    assert.equal(guessTestCommand(dir), undefined);
    writeFileSync(path.join(dir, 'go.mod'), 'module x');
    assert.equal(guessTestCommand(dir), 'go test ./...');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { test: 'mocha' } }));
    assert.equal(guessTestCommand(dir), 'npm test');
    writeFileSync(path.join(dir, 'yarn.lock'), '');
    assert.equal(guessTestCommand(dir), 'yarn test');
  });

  it('guesses .NET, Ruby, Dart and Flutter commands whose reports are read', () => {
    const make = (files: Record<string, string>): string => {
      const d = mkdtempSync(path.join(tmpdir(), 'mm-guess-'));
      for (const [f, c] of Object.entries(files)) {
        if (f.endsWith('/')) mkdirSync(path.join(d, f));
        else writeFileSync(path.join(d, f), c);
      }
      return d;
    };
    const cases: [Record<string, string>, string][] = [
      [{ 'App.sln': '' }, 'dotnet test --logger trx'],
      [{ 'Lib.fsproj': '<Project/>' }, 'dotnet test --logger trx'],
      [{ Gemfile: "gem 'rspec'", 'spec/': '' }, 'bundle exec rspec --format json'],
      [{ '.rspec': '--require spec_helper' }, 'rspec --format json'],
      [{ 'pubspec.yaml': 'name: x\ndev_dependencies:\n  test: ^1.25.0\n' }, 'dart test --reporter json'],
      [{ 'pubspec.yaml': 'name: x\ndependencies:\n  flutter:\n    sdk: flutter\n' }, 'flutter test --machine'],
    ];
    for (const [files, expected] of cases) {
      const d = make(files);
      try {
        assert.equal(guessTestCommand(d), expected, JSON.stringify(files));
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    }
  });
});
