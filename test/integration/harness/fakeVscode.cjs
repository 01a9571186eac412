// Minimal fake of the vscode module: enough to activate dist/extension.node.js in plain Node (see nodeBundleSmoke.cjs).
const fs = require('node:fs');
const path = require('node:path');
const { EventEmitter: NodeEE } = require('node:events');
const disposable = () => ({ dispose() {} });
class Disposable { constructor(fn) { this.fn = fn; } dispose() { this.fn?.(); } static from(...d) { return new Disposable(() => d.forEach((x) => x.dispose())); } }
class EventEmitter { constructor() { this.l = []; this.event = (f) => { this.l.push(f); return disposable(); }; } fire(e) { this.l.forEach((f) => f(e)); } dispose() {} }
class Uri {
  constructor(scheme, path_) { this.scheme = scheme; this.path = path_; this.authority = ''; }
  static file(p) { return new Uri('file', p); }
  static parse(s) { return new Uri(s.split(':')[0], s.replace(/^[a-z-]+:\/\//, '/').replace(/^[a-z-]+:/, '')); }
  static joinPath(u, ...p) { return new Uri(u.scheme, path.posix.join(u.path, ...p)); }
  static from(o) { return new Uri(o.scheme, o.path); }
  with(o) { return new Uri(o.scheme ?? this.scheme, o.path ?? this.path); }
  get fsPath() { return this.path; }
  toString() { return `${this.scheme}://${this.path}`; }
}
class FileSystemError extends Error { constructor(code) { super(code); this.code = code; } }
const wrap = async (f) => { try { return await f(); } catch (e) { if (e.code === 'ENOENT') throw new FileSystemError('FileNotFound'); if (e.code === 'EEXIST') throw new FileSystemError('FileExists'); throw e; } };
const wfs = {
  readFile: (u) => wrap(async () => new Uint8Array(fs.readFileSync(u.path))),
  writeFile: (u, d) => wrap(async () => { fs.mkdirSync(path.dirname(u.path), { recursive: true }); fs.writeFileSync(u.path, d); }),
  rename: (a, b, o) => wrap(async () => { if (o && o.overwrite === false && fs.existsSync(b.path)) throw Object.assign(new Error('x'), { code: 'EEXIST' }); fs.renameSync(a.path, b.path); }),
  delete: (u) => wrap(async () => fs.unlinkSync(u.path)),
  stat: (u) => wrap(async () => { const s = fs.statSync(u.path); return { size: s.size, mtime: s.mtimeMs, type: 1 }; }),
  createDirectory: (u) => wrap(async () => fs.mkdirSync(u.path, { recursive: true })),
  readDirectory: (u) => wrap(async () => fs.readdirSync(u.path).map((n) => [n, 1])),
};
const settings = JSON.parse(process.env.FAKE_SETTINGS || '{}');
const registry = new Map();
const folder = process.env.FAKE_WORKSPACE;
const logs = [];
const channel = new Proxy({}, { get: (_t, k) => (k === 'show' || k === 'dispose' ? () => {} : (...a) => logs.push(`${String(k)}: ${a.join(' ')}`)) });
const anyFn = new Proxy(function () {}, { get: () => anyFn, apply: () => disposable() });
const events = () => () => disposable();
module.exports = {
  logs, settings,
  Disposable, EventEmitter, Uri, FileSystemError,
  ThemeColor: class {}, CancellationError: class extends Error {}, LanguageModelError: class extends Error {},
  StatusBarAlignment: { Right: 2 }, DiagnosticSeverity: { Error: 0, Warning: 1 }, ConfigurationTarget: { Global: 1, Workspace: 2 },
  TextDocumentChangeReason: { Undo: 1, Redo: 2 }, ProgressLocation: { Notification: 15 }, TaskGroup: { Test: { id: 'test' } },
  ShellExecution: class {}, ProcessExecution: class {}, ChatResultFeedbackKind: { Helpful: 1 },
  window: {
    createOutputChannel: () => channel,
    createStatusBarItem: () => ({ show() {}, dispose() {} }),
    registerWebviewViewProvider: () => disposable(),
    onDidStartTerminalShellExecution: events(), onDidEndTerminalShellExecution: events(),
    withProgress: (_o, f) => f({ report: (r) => logs.push(`progress ${JSON.stringify(r)}`) }, { isCancellationRequested: false, onCancellationRequested: () => disposable() }),
    showErrorMessage: async (m) => { logs.push(`ERROR MESSAGE ${m}`); },
    showWarningMessage: async (m) => { logs.push(`WARNING MESSAGE ${m}`); },
    showInformationMessage: async (m) => { logs.push(`INFO MESSAGE ${m}`); },
  },
  commands: { registerCommand: (id, f) => { registry.set(id, f); return disposable(); }, executeCommand: async (id, ...a) => registry.get(id)?.(...a) },
  chat: { createChatParticipant: () => ({ dispose() {}, onDidReceiveFeedback: events() }) },
  lm: { registerTool: () => disposable() },
  languages: { onDidChangeDiagnostics: events(), getDiagnostics: () => [] },
  tasks: { onDidEndTaskProcess: events() },
  tests: {},
  env: { clipboard: { readText: async () => '' } },
  workspace: {
    fs: wfs,
    onDidChangeTextDocument: events(), onDidCloseTextDocument: events(), onDidChangeConfiguration: events(), onDidChangeWorkspaceFolders: events(),
    registerTextDocumentContentProvider: () => disposable(),
    createFileSystemWatcher: () => ({ onDidCreate: events(), onDidChange: events(), dispose() {} }),
    getConfiguration: () => ({ get: (k) => settings[k], update: async (k, v) => { settings[k] = v; } }),
    workspaceFolders: folder ? [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }] : [],
    textDocuments: [],
  },
};
