/**
 * Stack-frame reading shared by the parsers: where did it crash, in code the project owns?
 * "Project code" = not node_modules, not a language runtime or standard library, not the test framework.
 */

export interface Location {
  file: string;
  line: number | null;
}

type Kind = 'python' | 'js' | 'java' | 'go' | 'rust' | 'generic';
interface Frame extends Location {
  kind: Kind;
  project: boolean;
}

const NON_PROJECT_PATH = new RegExp(
  [
    'node_modules',
    '^node:',
    '^internal[/\\\\]',
    '^<anonymous>',
    '^native$',
    '^\\[native code\\]',
    '[/\\\\](?:site|dist)-packages[/\\\\]',
    '[/\\\\]lib[/\\\\]python\\d',
    '^<frozen ',
    '^<string>$',
    '[/\\\\]_pytest[/\\\\]',
    '[/\\\\]unittest[/\\\\](?:case|main|loader|suite|runner|async_case)\\.py$',
    // Go: GOROOT and module cache.
    '[/\\\\]go[/\\\\]src[/\\\\]',
    '[/\\\\]libexec[/\\\\]src[/\\\\]',
    '[/\\\\]usr[/\\\\]lib[/\\\\]go[^/\\\\]*[/\\\\]',
    '[/\\\\]pkg[/\\\\]mod[/\\\\]',
    '^_testmain\\.go$',
    // Rust std and registry crates.
    '^/rustc/',
    '[/\\\\]\\.cargo[/\\\\]registry[/\\\\]',
    '[/\\\\]library[/\\\\](?:std|core|alloc|test)[/\\\\]src[/\\\\]',
    // PHP/Go vendoring, Ruby gems.
    '(?:^|[/\\\\])vendor[/\\\\]',
    '[/\\\\]gems[/\\\\]',
  ].join('|'),
  'i',
);

const JAVA_FRAMEWORK =
  /^(?:java\.|javax\.|jdk\.|sun\.|com\.sun\.|kotlin\.|kotlinx\.coroutines\.|scala\.|org\.junit\.|junit\.|org\.opentest4j\.|org\.hamcrest\.|org\.assertj\.|org\.testng\.|org\.mockito\.|org\.apache\.maven\.|org\.gradle\.|worker\.org\.gradle\.|com\.intellij\.|org\.spockframework\.|io\.kotest\.|org\.spekframework\.)/;

export function normalizePath(file: string): string {
  let f = file.trim();
  if (f.startsWith('file://')) {
    f = f.slice(7);
    if (/^\/[A-Za-z]:[/\\]/.test(f)) f = f.slice(1);
  }
  return f;
}

export function isProjectPath(file: string): boolean {
  if (!file) return false;
  return !NON_PROJECT_PATH.test(file) && !file.startsWith('(NODE_MODULES)');
}

function mk(kind: Kind, file: string, line: string | undefined, project?: boolean): Frame {
  const f = normalizePath(file);
  const n = line === undefined ? null : Number(line);
  return { kind, file: f, line: n !== null && Number.isFinite(n) ? n : null, project: project ?? isProjectPath(f) };
}

// Vitest: "❯ fn path:1:2" or "❯ path:1:2" (also "→" in some reporters).
const VITEST = /^\s*[❯→] (?:\S+ )?(\S+?):(\d+):\d+\s*$/;
// Python tracebacks: File "path", line 3, in fn
const PY_FILE = /^\s*File "(.+?)", line (\d+)/;
// pytest long/short traceback location lines: "path.py:12: AssertionError", "path.py:12: in fn", "path:1".
const PYTEST_LOC = /^((?:[A-Za-z]:)?[^\s:][^:]*?):(\d+)(?::(?: (.*))?)?$/;
// Go goroutine traces: "\t/path/file.go:12 +0x39".
const GO_FRAME = /^\t(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?\s*$/;
// Go test logs: "    file_test.go:12: message".
const GO_LOG = /^\s+([\w./\\-]+\.go):(\d+): /;
// Rust panics: "panicked at src/lib.rs:17:9:" (new) or "panicked at 'msg', src/lib.rs:17:9" (old).
const RUST_PANIC = /panicked at (?:'.*', )?(\S+?\.rs):(\d+):\d+:?\s*$/;
const RUST_ARROW = /^\s*--> (\S+?):(\d+):\d+\s*$/;
// CUnit: "File: path" then "Line: 77".
const CUNIT_FILE = /^\s*File:\s*(\S.*?)\s*$/;
const CUNIT_LINE = /^\s*Line:\s*(\d+)\s*$/;
// .NET: "at Ns.Class.Method() in C:\path\File.cs:line 42".
const DOTNET = / in (.+?):line (\d+)\s*$/;
// Anything that looks like "some/path.ext:12" or "path.ext(12)" as a whitespace-separated token.
const GENERIC_TOKEN = /^((?:[A-Za-z]:)?[^:()]*\.[A-Za-z]\w{0,9}):(\d+)(?::\d+)?:?$/;
const MSVC_TOKEN = /^([^:()]*\.[A-Za-z]\w{0,9})\((\d+)\):?$/;
const JVM_SOURCE = /^([^():/\\\s]+\.(?:java|kt|kts|scala|groovy|clj)):(\d+)$/;
const PATH_LINE_COL = /^(.*?):(\d+)(?::\d+)?$/;

/** "at fn (path:1:2)", "at path:1:2", "at pkg.Class.method(File.java:27)". */
function atFrame(line: string): Frame | null {
  const t = line.trim();
  if (!t.startsWith('at ')) return null;
  let rest = t.slice(3).trim().replace(/\s*\{$/, '');
  if (rest.endsWith(')')) {
    const open = rest.lastIndexOf('(');
    if (open === -1) return null;
    const inner = rest.slice(open + 1, -1);
    const fn = rest.slice(0, open).trim().replace(/^[\w.$-]+\//, '');
    const jvm = JVM_SOURCE.exec(inner);
    if (jvm) return mk('java', jvm[1]!, jvm[2], !JAVA_FRAMEWORK.test(fn));
    const m = PATH_LINE_COL.exec(inner);
    return m && m[1] ? mk('js', m[1], m[2]) : null;
  }
  if (rest.startsWith('async ')) rest = rest.slice(6);
  if (/\s/.test(rest)) return null;
  const m = PATH_LINE_COL.exec(rest);
  return m && m[1] ? mk('js', m[1], m[2]) : null;
}

/** Reads one line as a stack frame of any language we know; null when it is not one. */
function frameOf(line: string, prev: string | undefined): Frame | null {
  let m: RegExpExecArray | null;
  if ((m = PY_FILE.exec(line))) return mk('python', m[1]!, m[2]);
  const at = atFrame(line);
  if (at) return at;
  if ((m = VITEST.exec(line))) return mk('js', m[1]!, m[2]);
  if ((m = GO_FRAME.exec(line))) {
    const fn = prev?.trim() ?? '';
    const framework = /^(?:testing|runtime|reflect|sync)\.|^panic\(|^created by (?:testing|runtime)\./.test(fn);
    return mk('go', m[1]!, m[2], framework ? false : undefined);
  }
  if ((m = RUST_PANIC.exec(line)) || (m = RUST_ARROW.exec(line))) return mk('rust', m[1]!, m[2]);
  if ((m = DOTNET.exec(line))) return mk('generic', m[1]!, m[2]);
  return null;
}

function genericFrame(line: string): Frame | null {
  for (const raw of line.split(/[\s'"[\]]+/)) {
    const token = raw.replace(/^\(+/, '').replace(/[),]+$/, '');
    if (token.length < 4 || token.length > 500 || token.includes('://')) continue;
    const m = GENERIC_TOKEN.exec(token) ?? MSVC_TOKEN.exec(raw.replace(/^\(+/, '').replace(/,+$/, ''));
    if (m) return mk('generic', m[1]!, m[2]);
  }
  return null;
}

export interface LocateOptions {
  /** Also accept bare "path.ext:12" tokens anywhere (JUnit bodies from unknown producers). */
  generic?: boolean;
  /** Treat "path:12: ..." lines at column 0 as pytest traceback entries (innermost last). */
  pytest?: boolean;
}

/**
 * The crash location in a stack/traceback text: the innermost project frame. Python tracebacks list
 * the innermost frame last; every other runtime lists it first.
 */
export function locate(text: string, opts: LocateOptions = {}): Location | null {
  const lines = text.split('\n');
  const python: Frame[] = [];
  const others: Frame[] = [];
  const generic: Frame[] = [];
  let cunitFile: string | null = null;
  const looksPytest = opts.pytest ?? /^E {2,}\S/m.test(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.length > 2000 ? lines[i]!.slice(0, 2000) : lines[i]!;
    const f = frameOf(line, lines[i - 1]);
    if (f) {
      (f.kind === 'python' ? python : others).push(f);
      continue;
    }
    let m: RegExpExecArray | null;
    if (looksPytest && (m = PYTEST_LOC.exec(line)) && !/^(?:\s|E\s|E$|>)/.test(line) && /\.\w+$|^[\w-]+$/.test(m[1]!)) {
      python.push(mk('python', m[1]!, m[2]));
      continue;
    }
    if ((m = CUNIT_FILE.exec(line))) {
      const inline = /^(.*?\.\w+):(\d+)(?::\d+)?$/.exec(m[1]!);
      if (inline) others.push(mk('generic', inline[1]!, inline[2]));
      else cunitFile = m[1]!;
      continue;
    }
    if (cunitFile && (m = CUNIT_LINE.exec(line))) {
      others.push(mk('generic', cunitFile, m[1]));
      cunitFile = null;
      continue;
    }
    if ((m = GO_LOG.exec(line))) {
      others.push(mk('go', m[1]!, m[2]));
      continue;
    }
    if (opts.generic) {
      const g = genericFrame(line);
      if (g) generic.push(g);
    }
  }
  if (cunitFile && !others.length) others.push(mk('generic', cunitFile, undefined));
  if (python.length) {
    for (let i = python.length - 1; i >= 0; i--) if (python[i]!.project) return loc(python[i]!);
    return loc(python[python.length - 1]!);
  }
  for (const f of others) if (f.project) return loc(f);
  for (const f of generic) if (f.project) return loc(f);
  return null;
}

function loc(f: Frame): Location {
  return { file: f.file, line: f.line };
}

/** Whether a line is a stack frame line (used to find where a message ends). */
export function isStackLine(line: string): boolean {
  return atFrame(line) !== null || VITEST.test(line) || PY_FILE.test(line);
}
