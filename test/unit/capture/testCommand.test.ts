import { strict as assert } from 'node:assert';
import { isTestCommand } from '../../../src/capture/testCommand';
import { isTestCommand as terminalIsTestCommand } from '../../../src/host/capture/terminalOutput';

describe('capture: the single isTestCommand', () => {
  it('is the same function the VS Code terminal watcher uses', () => {
    assert.equal(terminalIsTestCommand, isTestCommand);
  });

  it('needs the runner in command position', () => {
    for (const c of ['grep -r pytest .', 'echo go test', 'cat pytest.ini', 'git commit -m "npm test"', 'ls -la', 'go build ./...', '']) {
      assert.equal(isTestCommand(c), false, c);
    }
  });

  it('recognises runners behind wrappers and in command chains', () => {
    for (const c of ['pytest -q', 'CI=1 npx jest --ci', 'uv run pytest', 'timeout 60 go test ./...', 'cd app && npm test', 'python3 -m unittest discover', 'cargo nextest run', 'make test']) {
      assert.equal(isTestCommand(c), true, c);
    }
  });

  it('rejects non-strings and huge lines', () => {
    assert.equal(isTestCommand(undefined), false);
    assert.equal(isTestCommand(`pytest ${'x'.repeat(5000)}`), false);
  });
});
