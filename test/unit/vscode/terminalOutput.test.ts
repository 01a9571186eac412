import { strict as assert } from 'node:assert';
import {
  cleanTerminalOutput,
  type FinishedTestRun,
  isTestCommand,
  type ShellExecutionLike,
  TailBuffer,
  type TerminalEventsLike,
  TerminalTestWatcher,
} from '../../../src/host/capture/terminalOutput';

const ESC = '\u001b';

describe('terminal test capture', () => {
  it('recognises test commands', () => {
    for (const c of ['pytest -q', 'python -m pytest tests/', 'python3 -m unittest discover', 'npm test', 'npm run test:unit', 'yarn test', 'pnpm t', 'npx jest --ci', 'vitest run', 'go test ./...', 'cargo test --all', 'cargo nextest run', 'dotnet test', './gradlew test', 'mvn -q test', 'bun test', 'make test']) {
      assert.equal(isTestCommand(c), true, c);
    }
    for (const c of ['ls -la', 'npm install', 'git commit -m "add tests"', 'cat pytest.ini', 'go build ./...', 'cargo build', '']) {
      assert.equal(isTestCommand(c), false, c);
    }
  });

  it('removes colours, OSC marks and carriage-return overwrites', () => {
    const raw = `${ESC}]633;C${ESC}\\${ESC}[31mFAILED${ESC}[0m tests/test_a.py::test_x\r\nprogress 10%\rprogress 100%\n`;
    assert.equal(cleanTerminalOutput(raw), 'FAILED tests/test_a.py::test_x\nprogress 100%\n');
  });

  it('keeps the tail of long output within its bound', () => {
    const b = new TailBuffer(10);
    b.push('0123456789');
    b.push('abcdef');
    assert.equal(b.text().length <= 10, true);
    assert.ok(b.text().endsWith('abcdef'));
    assert.equal(b.truncated, true);
    const big = new TailBuffer(5);
    big.push('0123456789');
    assert.equal(big.text(), '56789');
  });

  it('reads a test command from its start and reports it at its end', async () => {
    let start: ((e: ShellExecutionLike) => void) | undefined;
    let end: ((e: ShellExecutionLike, code: number | undefined) => void) | undefined;
    const events: TerminalEventsLike = {
      onDidStart: (l) => ((start = l), { dispose: () => (start = undefined) }),
      onDidEnd: (l) => ((end = l), { dispose: () => (end = undefined) }),
    };
    const runs: FinishedTestRun[] = [];
    let enabled = true;
    const w = new TerminalTestWatcher(events, (r) => runs.push(r), { enabled: () => enabled });
    const exec = (cmd: string, chunks: string[]): ShellExecutionLike => ({
      commandLine: { value: cmd },
      async *read() {
        for (const c of chunks) yield c;
      },
    });
    const test = exec('pytest -q', [`${ESC}[31mF${ESC}[0m`, 'AILED test_x\n', '1 failed\n']);
    start?.(test);
    const other = exec('ls', ['a\n']);
    start?.(other);
    end?.(other, 0);
    end?.(test, 1);
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(runs, [{ command: 'pytest -q', exitCode: 1, output: 'FAILED test_x\n1 failed\n' }]);
    enabled = false;
    const off = exec('npm test', ['x']);
    start?.(off);
    end?.(off, 1);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(runs.length, 1, 'nothing is read while capture is off');
    w.dispose();
    assert.equal(start, undefined);
    assert.equal(end, undefined);
  });

  it('keeps what was read when the terminal stream breaks', async () => {
    let start: ((e: ShellExecutionLike) => void) | undefined;
    let end: ((e: ShellExecutionLike, code: number | undefined) => void) | undefined;
    const runs: FinishedTestRun[] = [];
    new TerminalTestWatcher({ onDidStart: (l) => ((start = l), { dispose() {} }), onDidEnd: (l) => ((end = l), { dispose() {} }) }, (r) => runs.push(r), { enabled: () => true });
    const broken: ShellExecutionLike = {
      commandLine: { value: 'go test ./...' },
      async *read() {
        yield '--- FAIL: TestX\n';
        throw new Error('terminal closed');
      },
    };
    start?.(broken);
    end?.(broken, 1);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(runs[0]?.output, '--- FAIL: TestX\n');
  });
});
