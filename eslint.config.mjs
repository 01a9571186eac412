// Layers enforced by lint: only src/vscode/** and src/extension*.ts may import 'vscode'; the engine,
// parsers, stores and embedders stay platform-neutral (no Node built-ins either, except in files named
// *.node.ts and in the CLI), so they run in the web extension host too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util',
  'stream', 'readline', 'worker_threads', 'zlib', 'events', 'buffer', 'process'];
const noNode = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

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
  {
    files: ['src/core/**/*.ts', 'src/capture/**/*.ts', 'src/store/**/*.ts', 'src/embedding/**/*.ts', 'src/engine*.ts', 'src/shared/**/*.ts'],
    ignores: ['**/*.node.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: "Only src/vscode/** and src/extension*.ts may import 'vscode'." }],
        patterns: [{ group: noNode, message: 'Platform-neutral code must not import Node built-ins; put Node-only code in a *.node.ts file.' }],
      }],
    },
  },
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
