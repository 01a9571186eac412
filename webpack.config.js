// Named webpack configs (select one with `--config-name`): the extension for the Node and the web
// worker extension hosts, the dashboard webview, the CLI, and the integration-test bundle that runs
// inside the VS Code web build. Dynamic imports are kept in the one output file (LimitChunkCount) so
// heavy modules are still evaluated lazily but no chunk has to be fetched by an extension host.
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const webpack = require('webpack');

const root = __dirname;
const dist = path.join(root, 'dist');

/** Emits files from node_modules into the output (copy-webpack-plugin is not a dependency). */
class CopyFilesPlugin {
  /** @param {{ from: string, to: string }[]} files */
  constructor(files) {
    this.files = files;
  }
  /** @param {webpack.Compiler} compiler */
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyFilesPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const f of this.files) {
            const abs = path.join(root, f.from);
            compilation.fileDependencies.add(abs);
            compilation.emitAsset(f.to, new webpack.sources.RawSource(fs.readFileSync(abs)));
          }
        },
      );
    });
  }
}

/** Marks the emitted CLI executable. */
class ChmodPlugin {
  constructor(file) {
    this.file = file;
  }
  apply(compiler) {
    compiler.hooks.afterEmit.tap('ChmodPlugin', () => {
      const f = path.join(compiler.options.output.path, this.file);
      if (fs.existsSync(f)) fs.chmodSync(f, 0o755);
    });
  }
}

const tsRule = (configFile) => ({
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile } }],
});

const oneChunk = () => new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 });

// chromadb (bundled into the extension, loaded lazily when mistakes.chroma.url is set) imports optional
// embedding-function packages by name; we pass our own vectors and never reach those imports.
const chromaWarnings = [{ module: /node_modules[\\/]chromadb[\\/]/ }];

/** @returns {webpack.Configuration} */
function base(name, target, entry, filename, extra = {}) {
  return {
    name,
    target,
    mode: 'none',
    entry,
    output: {
      path: dist,
      filename,
      libraryTarget: 'commonjs2',
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
    devtool: 'nosources-source-map',
    externals: { vscode: 'commonjs vscode' },
    resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
    module: { rules: [tsRule(path.join(root, 'tsconfig.json'))] },
    performance: { hints: false },
    infrastructureLogging: { level: 'log' },
    ...extra,
  };
}

/** Browser fallbacks for a web worker extension host: no Node built-ins there. */
const webResolve = {
  mainFields: ['browser', 'module', 'main'],
  extensions: ['.ts', '.js'],
  extensionAlias: { '.js': ['.ts', '.js'] },
  alias: { 'node:path': 'path-browserify' },
  fallback: {
    path: require.resolve('path-browserify'),
    fs: false,
    'fs/promises': false,
    os: false,
    crypto: false,
    child_process: false,
    worker_threads: false,
    url: false,
    util: false,
    stream: false,
    http: false,
    https: false,
    net: false,
    zlib: false,
  },
};

const webPlugins = () => [
  new webpack.ProvidePlugin({ process: 'process/browser.js' }),
  // `node:` specifiers are not resolvable in a worker; route them to the fallbacks above.
  new webpack.NormalModuleReplacementPlugin(/^node:/, (r) => {
    r.request = r.request.replace(/^node:/, '');
  }),
  oneChunk(),
];

const configs = [
  base('extension-node', 'node', './src/extension.node.ts', 'extension.node.js', {
    // transformers.js runs on onnxruntime-web's WASM backend (registered by the embedder factory):
    // its optional native backends and image library are left out, and ORT's WASM ships beside the bundle.
    resolve: {
      extensions: ['.ts', '.js'],
      extensionAlias: { '.js': ['.ts', '.js'] },
      alias: { 'onnxruntime-node': false, sharp: false },
    },
    module: {
      rules: [tsRule(path.join(root, 'tsconfig.json'))],
      // ORT builds asset URLs from import.meta.url; we pass wasmPaths instead.
      parser: { javascript: { url: false, createRequire: false } },
    },
    // sql.js is not bundled: its Emscripten glue exports itself from a branch that minification
    // dropped, so the host loads dist/sql-wasm.js (copied below) at run time, as the CLI does.
    externals: [{ vscode: 'commonjs vscode' }, ({ request }, cb) => (/^sql\.js(\/|$)/.test(request ?? '') ? cb(null, `commonjs ${request}`) : cb())],
    plugins: [
      oneChunk(),
      new CopyFilesPlugin([
        { from: 'node_modules/sql.js/dist/sql-wasm.js', to: 'sql-wasm.js' },
        { from: 'node_modules/sql.js/dist/sql-wasm.wasm', to: 'sql-wasm.wasm' },
        { from: 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm', to: 'ort-wasm-simd-threaded.wasm' },
        { from: 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs', to: 'ort-wasm-simd-threaded.mjs' },
      ]),
    ],
    // sql.js probes for Node modules it does not need when wasmBinary is given.
    node: { __dirname: false, __filename: false },
    ignoreWarnings: chromaWarnings,
  }),
  base('extension-web', 'webworker', './src/extension.web.ts', 'extension.web.js', {
    resolve: webResolve,
    // onnxruntime-web builds asset URLs from import.meta.url; the embedder passes wasmPaths instead.
    module: { rules: [tsRule(path.join(root, 'tsconfig.json'))], parser: { javascript: { url: false } } },
    plugins: [...webPlugins(), new CopyFilesPlugin([{ from: 'node_modules/sql.js/dist/sql-wasm-browser.wasm', to: 'sql-wasm-browser.wasm' }])],
    ignoreWarnings: chromaWarnings,
  }),
  base('integration-tests', 'webworker', './test/integration/suite/index.ts', 'test/integration.js', {
    resolve: webResolve,
    module: { rules: [tsRule(path.join(root, 'test/integration/tsconfig.json'))] },
    plugins: webPlugins(),
    // mocha's browser build has a dynamic require it never uses in a worker.
    ignoreWarnings: [{ module: /node_modules[\\/]mocha[\\/]/, message: /Critical dependency/ }],
  }),
];

if (fs.existsSync(path.join(root, 'webview-ui/src/main.ts'))) {
  configs.push({
    ...base('webview', 'web', './webview-ui/src/main.ts', 'webview/dashboard.js'),
    externals: {},
    output: { path: dist, filename: 'webview/dashboard.js', devtoolModuleFilenameTemplate: '../[resource-path]' },
    module: { rules: [tsRule(path.join(root, 'webview-ui/tsconfig.json')), { test: /\.css$/, type: 'asset/source' }] },
    plugins: [oneChunk()],
  });
}

if (fs.existsSync(path.join(root, 'src/cli/main.ts'))) {
  // secretlint and the MCP SDK are bundled and sql.js' glue + WASM are copied beside the bundle, so
  // dist/cli.js (shipped in the .vsix for the MCP server) runs without node_modules. The embedding
  // runtime and the Chroma client stay external and load lazily when present; without them the CLI is
  // keyword-only and Chroma-less, and says so.
  const heavy = [/^sql\.js(\/|$)/, /^@huggingface\/transformers(\/|$)/, /^onnxruntime-/, /^chromadb(\/|$)/];
  configs.push(
    base('cli', 'node', './src/cli/main.ts', 'cli.js', {
      externals: [{ vscode: 'commonjs vscode' }, ({ request }, cb) => (heavy.some((re) => re.test(request ?? '')) ? cb(null, `commonjs ${request}`) : cb())],
      plugins: [
        oneChunk(),
        new webpack.DefinePlugin({ __VERSION__: JSON.stringify(require('./package.json').version) }),
        new CopyFilesPlugin([
          { from: 'node_modules/sql.js/dist/sql-wasm.js', to: 'sql-wasm.js' },
          { from: 'node_modules/sql.js/dist/sql-wasm.wasm', to: 'sql-wasm.wasm' },
        ]), new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }), new ChmodPlugin('cli.js')],
      node: { __dirname: false, __filename: false },
    }),
  );
}

module.exports = (_env, argv) => {
  const production = argv && argv.mode === 'production';
  return configs.map((c) => ({
    ...c,
    mode: production ? 'production' : 'development',
    devtool: production ? 'nosources-source-map' : 'source-map',
  }));
};
