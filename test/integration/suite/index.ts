// Entry of the integration-test bundle that @vscode/test-web loads into the web extension host.
// Order matters: the suites share one store and build on each other's patterns.
import { browserMocha } from './setup';
import './activation.test';
import './diagnostics.test';
import './junit.test';
import './chat.test';
import './review.test';
import './attribution.test';
import './tools.test';
import './embedding.test';
import './commands.test';
import './agentHooks.test';
import './dashboard.test';
import './chroma.test';
import './optOut.test';
import './clear.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    let passes = 0;
    let failures = 0;
    const runner = browserMocha.run();
    runner.on('pass', () => passes++);
    runner.on('fail', () => failures++);
    runner.on('end', () => {
      console.log(`${passes} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
