// Smoke test of the desktop bundle (dist/extension.node.js) in plain Node, against a small fake of the
// vscode module: activation stays cheap, the store opens through the FileSystem port, and the bundled
// transformers.js + onnxruntime-web WASM embed with a local model (hybrid retrieval). The desktop
// extension host itself cannot be downloaded here; this catches bundling mistakes in the Node build.
// Usage: node nodeBundleSmoke.cjs <repo root> [model dir]. Prints "N passed, N failed".
const Module = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(process.argv[2] || path.join(__dirname, '../../..'));
const modelDir = process.argv[3] || process.env.MISTAKES_TEST_MODEL_DIR || path.resolve(root, '../shared/models/standin-all-MiniLM-L6-v2');
const haveModel = fs.existsSync(path.join(modelDir, 'onnx/model_quantized.onnx'));
// With a Chroma server (run.mjs starts one when test/chroma-server is installed) the vectors go there.
const chromaUrl = process.env.MISTAKES_SMOKE_CHROMA_URL;
process.env.FAKE_SETTINGS = JSON.stringify({
  ...(haveModel ? { 'model.localPath': modelDir } : {}),
  'model.allowDownload': false,
  ...(chromaUrl ? { 'chroma.url': chromaUrl, 'chroma.prefix': `smoke${process.pid}_` } : {}),
});
// A workspace folder with a space in its name: the agent-hooks file goes there.
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mm node ws-'));
process.env.FAKE_WORKSPACE = workspace;
const fake = require('./fakeVscode.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) {
  return req === 'vscode' ? require.resolve('./fakeVscode.cjs') : resolve.call(this, req, ...rest);
};

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

(async () => {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-node-'));
  const ext = require(path.join(root, 'dist/extension.node.js'));
  const secrets = new Map();
  const secretChanged = new fake.EventEmitter();
  const context = {
    subscriptions: [],
    extensionUri: fake.Uri.file(root),
    globalStorageUri: fake.Uri.file(storage),
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => {
        secrets.set(k, v);
        secretChanged.fire({ key: k });
      },
      delete: async (k) => {
        secrets.delete(k);
        secretChanged.fire({ key: k });
      },
      onDidChange: secretChanged.event,
    },
  };
  const t0 = performance.now();
  const api = ext.activate(context);
  const activateMs = performance.now() - t0;
  check('activate() registers and returns without opening the store', !fs.existsSync(path.join(storage, 'mistakes.db')) && typeof api.engine === 'function', `${activateMs.toFixed(1)} ms`);
  const engine = await api.engine();
  const rec = await engine.record({ description: 'Use parameterized SQL queries instead of f-strings', category: 'security', severity: 'critical', source: 'manual', model: 'm' });
  await engine.flush();
  check('records into the store file through vscode.workspace.fs', rec.stored && fs.existsSync(path.join(storage, 'mistakes.db')));
  const r = await engine.retrieve('SQL query for a user', { k: 3 });
  check('retrieves the pattern', r.patterns.length === 1);
  if (haveModel) check('embeds with the bundled transformers.js + ORT WASM (hybrid retrieval)', r.mode === 'hybrid' && typeof r.patterns[0]?.similarity === 'number', r.mode);
  else console.log(`  skip embedding check: no model at ${modelDir}`);
  if (chromaUrl) {
    const deadline = Date.now() + 15_000;
    let st = api.vectorStatus();
    while (st.state !== 'connected' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      st = api.vectorStatus();
    }
    check('uses the Chroma server through the bundled chromadb client', st.kind === 'chroma' && st.state === 'connected' && st.backlog === 0, JSON.stringify(st));
    if (haveModel) {
      const viaChroma = await engine.retrieve('SQL query for a user', { k: 3 });
      check('retrieves through Chroma', viaChroma.mode === 'hybrid' && typeof viaChroma.patterns[0]?.similarity === 'number');
    }
  } else console.log('  skip Chroma check: no server (MISTAKES_SMOKE_CHROMA_URL)');
  // Enable Agent Hooks writes .github/hooks/mistake-memory.json; running its UserPromptSubmit command the
  // way VS Code does (a shell, JSON on stdin) records the correction into this window's store.
  const hooks = await fake.commands.executeCommand('mistakes.enableAgentHooks');
  const hooksFile = path.join(workspace, '.github', 'hooks', 'mistake-memory.json');
  check('Enable Agent Hooks writes the hooks file and turns the setting on', hooks?.written?.[0] === hooksFile && fs.existsSync(hooksFile) && fake.settings['agentHooks.enabled'] === true, JSON.stringify(hooks));
  if (fs.existsSync(hooksFile)) {
    const entry = JSON.parse(fs.readFileSync(hooksFile, 'utf8')).hooks.UserPromptSubmit[0];
    const prompt = { timestamp: new Date().toISOString(), cwd: workspace, sessionId: 's1', hookEventName: 'UserPromptSubmit', transcript_path: path.join(workspace, 'none.jsonl'), prompt: 'No, that is wrong: never build SQL with f-strings, use parameterized queries instead.' };
    const run = require('node:child_process').spawnSync('sh', ['-c', entry.command], { cwd: workspace, input: JSON.stringify(prompt), env: { PATH: process.env.PATH, HOME: storage, ...entry.env }, encoding: 'utf8', timeout: 60_000 });
    const out = run.status === 0 ? JSON.parse(run.stdout || '{}') : {};
    await engine.refresh();
    check('the hook command VS Code runs records the correction into the same store', run.status === 0 && out.continue === true && engine.listPatterns({}).length === 2, `exit ${run.status} ${run.stderr?.slice(0, 300)}`);
  }
  const off = await fake.commands.executeCommand('mistakes.disableAgentHooks');
  check('Disable Agent Hooks removes exactly that file', off?.removed?.length === 1 && !fs.existsSync(hooksFile) && fs.existsSync(path.dirname(hooksFile)));
  await engine.close();
  for (const d of context.subscriptions) d.dispose();
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(storage, { recursive: true, force: true });
  const problems = fake.logs.filter((l) => /^(error|warn):/.test(l));
  check('logs no errors or warnings', problems.length === 0, problems.slice(0, 3).join(' | '));
})()
  .catch((e) => {
    failed++;
    console.log(`  FAIL ${e && e.stack ? e.stack : e}`);
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
