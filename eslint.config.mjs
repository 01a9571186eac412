// Layers enforced by lint: only src/vscode/** and src/extension*.ts may import 'vscode'; the engine,
// parsers, stores and embedders stay platform-neutral (no Node built-ins either, except in files named
// *.node.ts and in the CLI), so they run in the web extension host too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util',
  'stream', 'readline', 'worker_threads', 'zlib', 'events', 'buffer', 'process'];
const noNode = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

const vscodeOnly = { name: 'vscode', message: "Only src/vscode/** and src/extension*.ts may import 'vscode'." };
const nodeRule = { group: noNode, message: 'Platform-neutral code must not import Node built-ins; put Node-only code in a *.node.ts file.' };
const noEntrances = { regex: '^(\\.{1,2}/)+(vscode|cli)(/|$)', message: 'Platform-neutral code must not import the VS Code or CLI entrances (src/vscode/**, src/cli/**).' };
const noEngine = {
  regex: '^(\\.{1,2}/)+(engine|engineApi|agentHooks|mcp)(/|$)',
  message: 'store, capture and embedding sit below the engine: they must not import the engine, its contract or the hooks/MCP entrances.',
};
const noHooksMcp = { regex: '^(\\.{1,2}/)+(agentHooks|mcp)(/|$)', message: 'The engine sits below the hooks and MCP entrances: it must not import them.' };
const coreOnly = { regex: '^\\.\\./', message: 'src/core is the ground layer: it imports nothing outside src/core.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { paths: [vscodeOnly], patterns }] });

/** Lint blocks for the layers (exported for the test that proves they fire). */
export function layerZones() {
  const neutral = ['src/**/*.ts'];
  const notNeutral = ['src/vscode/**', 'src/extension*.ts', 'src/cli/**'];
  return [
    // Everything platform-neutral: no entrances. Hooks and MCP may use Node (they run in the CLI).
    { files: neutral, ignores: notNeutral, rules: restrict(noEntrances) },
    { files: ['src/agentHooks/**/*.ts', 'src/mcp/**/*.ts'], rules: restrict(noEntrances) },
    // The engine and below also stay free of Node built-ins (the web worker runs them).
    { files: ['src/engine/**/*.ts', 'src/shared/**/*.ts', 'src/host/**/*.ts'], ignores: ['**/*.node.ts'], rules: restrict(noEntrances, nodeRule, noHooksMcp) },
    { files: ['src/capture/**/*.ts', 'src/store/**/*.ts', 'src/embedding/**/*.ts', 'src/search/**/*.ts'], ignores: ['**/*.node.ts'], rules: restrict(noEntrances, nodeRule, noEngine) },
    { files: ['src/capture/**/*.node.ts', 'src/store/**/*.node.ts', 'src/embedding/**/*.node.ts', 'src/search/**/*.node.ts'], rules: restrict(noEntrances, noEngine) },
    { files: ['src/core/**/*.ts'], ignores: ['**/*.node.ts'], rules: restrict(nodeRule, coreOnly) },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.vscode-test-web/**', '.vscode-test/**', 'webview-ui/dist/**', 'test/integration/harness/*.cjs', 'scripts/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: "Only src/vscode/** and src/extension*.ts may import 'vscode'." }] }],
    },
  },
  // Layers, bottom up: core imports nothing above it; store, capture and embedding do not reach the
  // engine or the entrances; nothing platform-neutral imports the VS Code or CLI entrances. Each zone
  // repeats the rules of the zones it sits in (ESLint keeps the options of the last matching block).
  ...layerZones(),
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/vscode/**/*.ts', 'src/extension*.ts', 'test/integration/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
