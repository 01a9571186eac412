#!/usr/bin/env node
// Runs every test tier in order and closes with one line CI reads: "N passed, N failed".
// Tiers: static checks (lint, types), unit (mocha in Node), webview (Chromium), integration (real
// VS Code web build), install (a fresh clone: npm ci --offline, npm start). Each tier prints its own "N passed, N failed" line, summed here.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const tiers = [
  { name: 'lint', cmd: 'npx', args: ['eslint', '--no-error-on-unmatched-pattern', 'src', 'test', 'bench', 'scripts', 'webview-ui'], counts: false },
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', '.'], counts: false },
  { name: 'typecheck webview', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'webview-ui'], counts: false, when: 'webview-ui/tsconfig.json' },
  { name: 'typecheck integration', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'test/integration/tsconfig.json'], counts: false, when: 'test/integration/tsconfig.json' },
  // The production bundles, as `npm run package` puts them in the .vsix (a minifier once broke the
  // desktop bundle's sql.js loading while development builds worked).
  { name: 'build', cmd: 'npx', args: ['webpack', '--mode', 'production'], counts: false, when: 'webpack.config.js' },
  { name: 'unit', cmd: 'npx', args: ['mocha'], counts: true },
  { name: 'webview', cmd: 'node', args: ['test/webview/run.mjs'], counts: true, when: 'test/webview/run.mjs' },
  { name: 'integration', cmd: 'node', args: ['test/integration/run.mjs'], counts: true, when: 'test/integration/run.mjs' },
  // The README's first command on a fresh clone with no environment variables (about 2 minutes).
  { name: 'install', cmd: 'node', args: ['test/install/run.mjs'], counts: true, when: 'test/install/run.mjs' },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const problems = [];

function run(tier) {
  return new Promise((resolve) => {
    let tail = '';
    const child = spawn(tier.cmd, tier.args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-4000);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, tail }));
  });
}

for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  if (tier.when && !existsSync(tier.when)) continue;
  process.stdout.write(`\n=== ${tier.name} ===\n`);
  const { code, tail } = await run(tier);
  if (tier.counts) {
    const m = [...tail.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    } else {
      failed += 1;
      problems.push(`${tier.name}: no summary line (exit ${code})`);
    }
  }
  if (code !== 0) problems.push(`${tier.name}: exit code ${code}`);
}

if (problems.length) process.stdout.write(`\nProblems:\n  ${problems.join('\n  ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(problems.length || failed ? 1 : 0);
