#!/usr/bin/env node
// Desktop (Electron) run of the extension with @vscode/test-electron, for machines that can download
// VS Code. It loads the Node bundle (dist/extension.node.js) into a real desktop extension host and runs
// the same suites. Not part of `npm test` here: this network cannot reach the VS Code update server.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: root,
    // The suites are a bundle exporting run(); the desktop host loads it with require().
    extensionTestsPath: path.join(root, 'dist/test/integration.js'),
    launchArgs: [path.join(here, 'fixtures/workspace'), `--extensions-dir=${path.join(here, 'fixtures/extensions')}`, '--disable-workspace-trust', '--enable-proposed-api=testing.fake-default-agent', '--enable-proposed-api=testing.test-lm'],
  });
  console.log('desktop integration tests passed');
} catch (e) {
  console.error(`desktop integration tests failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
