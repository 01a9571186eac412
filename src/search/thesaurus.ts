/**
 * Concept groups: the different ways linters, scanners, CWE names, test runners and people name the
 * same programming mistake. A text mentioning any phrase of a group gets the group's concept term
 * (see lexical.ts). Groups are general knowledge about mistakes, one concept each; phrases are matched
 * after tokenizing and stemming, in order, allowing a couple of words in between.
 */
import { tokenize } from './tokenizer';

export const CONCEPT_GROUPS: readonly (readonly string[])[] = [
  // ── Python / JS language pitfalls ─────────────────────────────────────────────────────────────
  ['mutable default', 'mutable default argument', 'dangerous default value', 'default argument mutable', 'mutable objects as argument defaults', 'mutable value default', 'default parameter list dict', 'evaluated once when the function is defined', 'default evaluated once'],
  ['bare except', 'catch all exceptions', 'broad except', 'broad exception caught', 'catching too general exception', 'except exception', 'except baseexception', 'blind except', 'overly broad except', 'catch everything'],
  ['raise broad exception', 'broad exception raised', 'raise generic exception', 'raise exception too general', 'raising too general exception'],
  ['unused variable', 'unused var', 'variable never used', 'assigned but never used', 'defined but not used', 'unused local', 'declared but never read'],
  ['unused import', 'imported but unused', 'import not used', 'unused module'],
  ['unused argument', 'unused parameter', 'unused arg', 'parameter never used', 'argument never used'],
  ['undefined name', 'undefined variable', 'undeclared variable', 'nameerror', 'not defined', 'referenceerror', 'no undef', 'undefined global'],
  ['used before assignment', 'referenced before assignment', 'unboundlocalerror', 'use before define', 'before it is assigned', 'before definition', 'local variable before assigned', 'temporal dead zone'],
  ['f-string without placeholder', 'f-string missing placeholders', 'f-string without interpolation', 'fstring no placeholder', 'format string without interpolation', 'string without placeholder'],
  ['control flow in finally', 'return in finally', 'break in finally', 'continue in finally', 'unsafe finally', 'lost exception', 'finally block swallow exception', 'jump statement in finally'],
  ['type comparison', 'unidiomatic typecheck', 'compare type', 'type(x) ==', 'isinstance', 'type check equality'],
  ['redefinition', 'redefined', 'redefine unused', 'reimported', 'function redefined', 'shadow unused', 'duplicate definition', 'declared twice', 'redeclare', 'duplicate class member', 'same name declared'],
  ['shadow builtin', 'redefined builtin', 'builtin shadowing', 'shadow built-in', 'native reassign', 'global object reassign', 'overwrite builtin', 'name of builtin', 'same name as builtin', 'builtin name reused'],
  ['shadowed variable', 'shadowing', 'shadow outer scope', 'variable shadows outer', 'redefined outer name'],
  ['eval', 'eval used', 'eval()', 'exec used', 'exec()', 'implied eval', 'new function', 'dynamic code execution', 'arbitrary code execution', 'eval injection', 'code injection', 'dynamically evaluated code', 'generation of code', 'settimeout string', 'eval-like'],
  ['context manager', 'consider using with', 'open without with', 'file not closed', 'resource leak', 'without context manager', 'with statement', 'close file'],
  ['unnecessary comprehension', 'unnecessary list comprehension', 'unnecessary dict comprehension', 'comprehension can be replaced', 'comprehension unnecessary'],
  ['assert on tuple', 'assert tuple always true', 'assert non-empty tuple', 'assert always true'],
  ['duplicate set value', 'duplicate value in set', 'duplicate item', 'duplicate key', 'duplicate keys', 'dupe keys', 'duplicate entry', 'duplicate case', 'duplicate literal'],
  ['implicit string concatenation', 'implicit str concat', 'implicitly concatenated', 'adjacent string literals'],
  ['loop keyword outside loop', 'break outside loop', 'continue outside loop', 'not in loop', 'outside of a loop'],
  ['return outside function', 'yield outside function', 'await outside async', 'outside of a function', 'return at module level'],
  ['subprocess check', 'subprocess run without check', 'subprocess run check', 'return code not checked', 'check argument', 'unchecked return code', 'unchecked return value', 'ignored return value', 'return value ignored'],
  ['global statement', 'global variable', 'global mutable state', 'global keyword', 'modify global'],
  ['else on loop', 'useless else on loop', 'for else', 'while else', 'loop else without break'],
  ['bare raise', 'raise outside except', 'misplaced bare raise', 're-raise outside handler', 'reraise'],
  ['self assignment', 'self assigning variable', 'assign to itself', 'self assign'],
  ['increment operator', 'unary prefix increment', 'decrement operator', '++', 'nonexistent operator', 'plusplus'],
  ['catch multiple exceptions with or', 'binary op exception', 'except a or b', 'wrong exception operation', 'exception tuple'],
  ['sys exit', 'exit quit builtins', 'exit and quit', 'site module exit', 'consider using sys exit', 'process exit', 'os exit', 'terminate process'],
  ['any all builtin', 'consider using any or all', 'loop replaced with any', 'reimplemented builtin', 'use a generator'],
  ['self argument', 'first argument self', 'no self argument', 'instance method self', 'method first argument', 'cls first argument', 'self cls assignment'],
  ['import position', 'import not at top', 'wrong import position', 'module import not at top of file', 'import outside toplevel', 'global require', 'import at top', 'late import', 'import inside function'],
  ['unnecessary lambda', 'lambda wraps call', 'lambda single function call', 'useless lambda', 'lambda assignment', 'lambda assigned to variable', 'assign lambda', 'direct lambda call'],
  ['dict items', 'consider using dict items', 'iterate dictionary', 'dictionary iteration', 'iterating dictionary keys', 'dict items()', 'value via explicit indexing', 'dictionary value by key inside loop'],
  ['dict keys membership', 'consider iterating dictionary', 'in dict keys', 'dict keys()', 'iterate over dict keys', 'key in dict keys', 'keys call unnecessary'],
  ['import alias', 'useless import alias', 'import as same name', 'alias does not rename', 'redundant alias'],
  ['empty string comparison', 'comparison to empty string', 'compare to empty string', 'implicit booleaness', 'empty sequence comparison', 'compare to empty list', 'len as condition', 'falsy'],
  ['nonlocal and global', 'both nonlocal and global', 'nonlocal'],
  ['method hidden', 'attribute hides method', 'method overridden by attribute'],
  ['method without arguments', 'method has no argument', 'no method argument', 'method without self'],
  ['slots', '__slots__', 'declare non slot', 'attribute not in slots'],
  ['import name not found', 'no name in module', 'cannot import name', 'importerror', 'modulenotfounderror', 'module has no attribute', 'unresolved import', 'missing module'],
  ['redundant keyword argument', 'multiple values for argument', 'argument passed both positionally and as keyword', 'redundant keyword arg'],
  ['format type mismatch', 'bad string format type', 'format specifier type', 'unsupported format character'],
  ['strip call', 'bad str strip call', 'strip with repeated characters', 'strip multi-character string', 'lstrip', 'rstrip', 'removeprefix', 'removesuffix'],
  ['singledispatch', 'singledispatchmethod', 'dispatch on method'],
  ['yield in async', 'yield inside async function', 'async generator', 'yield from in async'],
  ['match statement', 'pattern matching', 'class pattern', 'sub patterns', 'match case'],
  ['dataclass field', 'invalid field call', 'field() outside dataclass'],
  ['classmethod', 'no classmethod decorator', 'staticmethod', 'classmethod decorator', 'static method decorator'],
  ['variable type changes', 'redefined variable type', 'reassigned different type'],
  ['inheritance depth', 'too many ancestors', 'deep inheritance', 'parent classes'],
  ['boolean expression count', 'too many boolean expressions', 'complex condition', 'long if condition'],
  ['set comprehension', 'consider using set comprehension', 'unnecessary generator set', 'set() of generator', 'unnecessary generator'],
  ['default type args', 'unnecessary default type args', 'generator type arguments', 'typing generator default'],
  ['tuple literal', 'consider using tuple', 'iterate over list literal', 'in-place list literal'],
  ['float special values', 'consider math not float', 'float inf', 'float nan', 'math inf', 'math nan'],
  ['with multiple items', 'confusing with statement', 'with tuple', 'multiple context managers'],
  ['super call syntax', 'super without brackets', 'super without parentheses', 'super not called as function'],
  ['try body size', 'too many try statements', 'too many statements in try', 'try clause too long', 'minimal try body'],
  ['argument order', 'arguments out of order', 'positional arguments swapped', 'arguments in wrong order'],
  ['python version syntax', 'unsupported version', 'using final decorator in unsupported version', 'generic type syntax unsupported version', 'py-version', 'target version'],
  ['block scoped var', 'block-scoped var', 'var hoisting', 'var declared in block', 'vars on top', 'hoisted'],
  ['curly braces', 'curly', 'braces around block', 'omit braces', 'single statement block'],
  ['default parameter position', 'default param last', 'default parameters last', 'parameters with defaults before required'],
  ['loop direction', 'for direction', 'counter moves wrong direction', 'infinite loop', 'loop never terminates'],
  ['accessor pairs', 'getter setter pair', 'grouped accessor pairs', 'related getter setter pairs', 'setter without getter'],
  ['identifier naming', 'naming convention', 'id match', 'id blacklist', 'invalid name', 'disallowed identifier names'],
  ['negative zero', 'compare neg zero', 'compare with -0', 'object is -0'],
  ['duplicate condition', 'dupe else if', 'same condition in if else chain', 'duplicate conditions', 'identical branches'],
  ['iterator property', '__iterator__', 'no iterator'],
  ['chained assignment', 'multi assign', 'multiple assignment', 'a = b = c'],
  ['script url', 'javascript: url', 'no script url', 'javascript url'],
  ['loop executes once', 'unreachable loop', 'loop only one iteration', 'loop body exits unconditionally'],
  ['strict mode', 'use strict', 'strict directive'],
  ['duplicate enum', 'duplicate enum values', 'enum member same value'],
  ['duplicate union', 'duplicate type constituents', 'union type constituents', 'repeated union member'],
  ['inferrable types', 'no inferrable types', 'explicit type annotation unnecessary', 'redundant type annotation'],
  ['misused new', 'constructor in interface', 'new in interface', 'misused constructor'],
  ['unnecessary condition', 'no unnecessary condition', 'always truthy', 'always falsy', 'condition always'],
  ['type constraint', 'unnecessary type constraint', 'extends unknown', 'extends any', 'generic constraint'],
  ['unsafe function type', 'function type', 'no unsafe function type', 'untyped function'],
  ['namespace keyword', 'prefer namespace keyword', 'module keyword'],
  ['readonly member', 'prefer readonly', 'never reassigned private member', 'could be readonly', 'final field'],
  ['async function returning promise', 'promise function async', 'returns promise should be async', 'function returning a promise'],
  ['useless default assignment', 'default assignment never used', 'unnecessary default value'],
  ['collapsible else if', 'else if', 'elif', 'else block single if', 'else-if used', 'lonely if', 'collapsible if'],
  ['no else return', 'else after return', 'unnecessary else after return', 'else after raise', 'no else raise', 'superfluous else'],
  ['print statement', 'print', 'console', 'console log', 'debug output', 'leftover debug', 'debugger', 'breakpoint', 'active debug code'],
  ['complexity', 'cyclomatic complexity', 'mccabe', 'too complex', 'too many branches', 'high complexity'],
  ['too many statements', 'max statements', 'function too long', 'too many lines', 'too many return statements'],
  ['too many arguments', 'too many parameters', 'max params', 'max args', 'too many positional'],
  ['deep nesting', 'too many nested blocks', 'max depth', 'nested too deeply'],
  ['async without await', 'async function no await', 'require await', 'unused async', 'async not awaiting', 'declared async but does not await'],
  ['missing await', 'not awaited', 'floating promise', 'unawaited coroutine', 'coroutine never awaited', 'unhandled promise', 'forgotten await', 'promise not handled', 'fire and forget', 'result of async call ignored', 'dangling promise'],
  ['await in loop', 'await inside loop', 'sequential await', 'no await in loop'],
  ['await non promise', 'await thenable', 'await non-thenable', 'awaiting a non-promise'],
  ['misused promise', 'promise in condition', 'promise where void expected', 'async callback where sync expected', 'checks void return', 'promise passed to'],
  ['async promise executor', 'async executor', 'promise executor return'],
  ['return await', 'redundant return await', 'no return await'],
  ['blocking call in async', 'blocking io in async function', 'sync call in async', 'time sleep in async', 'blocking the event loop', 'synchronous method', 'no sync'],
  ['race condition', 'atomic update', 'time of check time of use', 'toctou', 'concurrent modification', 'race'],
  ['cell var from loop', 'loop variable closure', 'closure captures loop variable', 'function defined in loop', 'loop func', 'late binding closure', 'function definition does not bind loop variable'],
  ['undefined loop variable', 'loop variable used outside loop'],
  ['unreachable code', 'dead code', 'code after return', 'unreachable', 'never executed', 'statement after return'],
  ['constant condition', 'constant test', 'using constant test', 'condition always true', 'condition evals to constant', 'constant expression in condition', 'constant binary expression', 'simplifiable condition'],
  ['useless return', 'redundant return', 'unnecessary return', 'return none at end', 'explicit return none'],
  ['inconsistent return', 'inconsistent return statements', 'consistent return', 'implicit return', 'return value in some paths', 'not all code paths return', 'either always or never return value'],
  ['magic number', 'magic value', 'magic value comparison', 'unnamed numerical constant', 'hardcoded constant', 'named constant'],
  ['exit in library', 'no process exit'],
  ['pointless statement', 'expression not assigned', 'unused expression', 'useless expression', 'statement has no effect', 'no unused expressions', 'useless comparison'],
  ['comparison with itself', 'self compare', 'compare to itself', 'comparison of constants'],
  ['nan comparison', 'compare nan', 'isnan', 'use isnan', 'comparison with nan'],
  ['none comparison', 'singleton comparison', 'compare to none', '== none', 'is none', 'eq null', 'comparison to null'],
  ['literal comparison', 'is literal', 'identity comparison with literal', 'is comparison with str int'],
  ['strict equality', 'eqeqeq', 'type-safe equality', 'loose equality', '== instead of ==='],
  ['typeof comparison', 'valid typeof', 'invalid typeof string'],
  ['useless catch', 'try except raise', 'catch rethrow', 'useless try', 'catch that only rethrows', 'except that only re-raises'],
  ['raise from', 'raise missing from', 'exception chaining', 'exception cause', 'chained exception'],
  ['throw literal', 'raise non exception', 'raising bad type', 'only throw error', 'throw non-error', 'raise string', 'reject with non-error', 'prefer promise reject errors', 'catching non exception'],
  ['logging format', 'logging not lazy', 'logging fstring interpolation', 'logging format interpolation', 'string formatting in logging call', 'eager logging format'],
  ['format arguments mismatch', 'too many format args', 'too few format args', 'format string arguments', 'missing format argument', 'mixed format string', 'truncated format string', 'bad format string', 'logging too many args', 'logging too few args', 'percent format'],
  ['string concatenation', 'useless concat', 'prefer template', 'template literal', 'concatenate strings', 'string concat'],
  ['wildcard import', 'star import', 'import *', 'unused wildcard import'],
  ['fixme', 'todo comment', 'warning comments', 'todo', 'xxx'],
  ['unspecified encoding', 'open without encoding', 'default encoding', 'locale encoding'],
  ['missing timeout', 'request without timeout', 'no timeout', 'timeout parameter', 'hang indefinitely'],
  ['modified while iterating', 'modify list while iterating', 'mutate collection during iteration', 'modified iterating list', 'change size during iteration'],
  ['deprecated', 'deprecated method', 'deprecated function', 'obsolete function', 'deprecated api', 'deprecated alias'],
  ['super init not called', 'missing super call', 'super init', 'call parent constructor', 'constructor super', 'this before super'],
  ['attribute outside init', 'attribute defined outside init', 'instance attribute outside constructor'],
  ['arguments differ', 'signature differs', 'overridden method signature', 'incompatible override', 'liskov'],
  ['private member unused', 'unused private member', 'unused private field', 'unused private method'],
  ['nested ternary', 'nested conditional expression', 'chained ternary'],
  ['multiple statements on one line', 'multiple statements', 'semicolon statements one line', 'compound statement'],
  ['line endings', 'mixed line endings', 'linebreak style', 'crlf line endings', 'trailing newlines'],
  ['docstring', 'missing docstring', 'missing function docstring', 'jsdoc', 'documentation comment', 'param doc', 'type doc', 'returns doc', 'undocumented'],
  ['generator return', 'stop iteration return', 'stopiteration in generator', 'init is generator'],
  ['callable comparison', 'comparison with callable', 'compare function without calling', 'missing call parentheses'],
  ['not callable', 'object not callable', 'typeerror not callable', 'call non-function'],
  ['missing argument', 'no value for parameter', 'missing required argument', 'missing keyword only argument', 'missing kwoa', 'too few arguments'],
  ['duplicate argument', 'duplicate argument name', 'duplicate parameter', 'dupe args'],
  ['assignment from function without return', 'assignment from no return', 'assignment from none', 'void expression used', 'confusing void expression', 'result of function returning none'],
  ['index error', 'potential index error', 'out of range index', 'out of bounds', 'indexerror', 'invalid index', 'buffer overflow', 'out-of-bounds read', 'out-of-bounds write'],
  ['slice index', 'invalid slice index', 'invalid slice step'],
  ['unsubscriptable', 'not subscriptable', 'unsupported assignment operation', 'object does not support item assignment'],
  ['augmented assignment', 'consider using augmented assign', 'compound assignment', 'operator assignment'],
  ['membership set', 'use set for membership', 'consider using in', 'membership test', 'in operator'],
  ['max builtin', 'consider using max builtin', 'min max', 'nested min max'],
  ['dict get', 'consider using get', 'key in dict then index', 'default value lookup'],
  ['namedtuple dataclass', 'consider using namedtuple or dataclass', 'dataclass', 'record type'],
  ['sort compare', 'require array sort compare', 'sort without comparator', 'default sort order lexicographic'],
  ['for in array', 'no for in array', 'iterate array with for in', 'prefer for of'],
  ['type any', 'explicit any', 'no explicit any', 'unsafe any', 'unsafe assignment', 'unsafe member access', 'untyped'],
  ['non null assertion', 'non-null assertion', 'definite assignment assertion', 'postfix !', 'unnecessary type assertion', 'type assertion'],
  ['optional chaining', 'optional chain', 'unsafe optional chaining', 'nullish coalescing', 'null check chain'],
  ['ts comment', 'ban ts comment', 'ts-ignore', 'ts-expect-error', 'suppress type errors', 'type checking suppression'],
  ['require import', 'no require imports', 'require statement', 'commonjs require', 'import assign'],
  ['strict boolean', 'strict boolean expressions', 'truthiness', 'implicit boolean conversion', 'implicit booleaness'],
  ['switch exhaustive', 'switch exhaustiveness', 'default case', 'missing default case', 'non exhaustive match', 'default case last'],
  ['plus operands', 'restrict plus operands', 'adding string and number', 'template expression type', 'base to string', 'object to string'],
  ['array delete', 'delete array element', 'dynamic delete', 'delete var', 'delete operator'],
  ['new wrappers', 'primitive wrapper', 'new string', 'new boolean', 'new number', 'new symbol', 'new object', 'array constructor', 'buffer constructor', 'native nonconstructor'],
  ['regex', 'regular expression', 'invalid regexp', 'empty character class', 'misleading character class', 'named capture group', 'unicode regexp'],
  ['redos', 'regular expression denial of service', 'catastrophic backtracking', 'inefficient regular expression', 'regex complexity', 'exponential regex'],
  ['prototype', 'extend native', 'modify builtin prototype', 'extend prototype'],
  ['with statement js', 'no with'],
  ['octal', 'octal literal', 'octal escape'],
  ['labels', 'unused labels', 'label var'],
  ['callback return', 'array callback return', 'return in callback', 'getter return', 'missing return in callback'],
  ['thread', 'bad thread instantiation', 'thread target', 'threading'],
  ['cache decorator', 'method cache max size none', 'lru cache on method', 'memory leak cache', 'functools cache'],
  ['environment variable', 'envvar', 'invalid envvar value', 'invalid envvar default', 'os getenv'],
  ['unicode escape', 'anomalous unicode escape', 'anomalous backslash', 'invalid escape sequence', 'raw string'],
  ['invalid characters', 'irregular whitespace', 'zero width space', 'invalid character', 'nul character', 'backspace character', 'non ascii', 'bom'],
  ['preexec fn', 'subprocess popen preexec fn', 'preexec_fn unsafe with threads'],
  ['class methods use this', 'method could be static', 'no self use', 'could be a function'],
  ['object inheritance', 'useless object inheritance', 'inherit from object'],
  ['metaclass', 'invalid metaclass', 'inconsistent mro', 'inherit non class'],
  ['dunder return type', 'invalid bool returned', 'invalid str returned', '__bool__', '__str__', 'return in init', '__init__ returns'],
  ['negated in', 'unsafe negation', 'negated in lhs', 'not in precedence'],
  ['chained comparison', 'bad chained comparison', 'yoda', 'misplaced comparison constant', 'constant on left side'],
  ['mixed operators', 'operator precedence', 'ambiguous precedence'],
  ['cond assign', 'assignment in condition', 'accidental assignment', 'walrus'],
  ['case declarations', 'lexical declaration in case'],
  ['empty block', 'unnecessary pass', 'empty function', 'empty except', 'pass statement'],
  ['spacing style', 'whitespace', 'indent', 'spacing', 'padded blocks', 'quotes style', 'inconsistent quotes', 'formatting'],

  // ── Security (CWE names ↔ scanner messages ↔ everyday words) ─────────────────────────────────
  ['sql injection', 'sqli', 'cwe 89', 'parameterized query', 'prepared statement', 'string formatted sql', 'sql query built from', 'raw sql', 'sql string concatenation', 'user input in sql', 'tainted sql', 'sql command', 'bind parameters', 'query built with format', 'execute query string'],
  ['nosql injection', 'cwe 943', 'data query logic', 'query logic injection', 'mongodb injection', 'nosql'],
  ['command injection', 'os command injection', 'shell injection', 'cwe 78', 'cwe 77', 'shell=true', 'subprocess with shell', 'os system', 'child process exec', 'spawn a shell', 'shell command', 'exec command', 'start process with shell', 'runtime exec', 'os popen', 'exec command', 'processbuilder', 'system call with user input'],
  ['code injection', 'eval injection', 'cwe 94', 'cwe 95', 'static code injection', 'cwe 96', 'template injection', 'server side template injection', 'cwe 1336', 'unsafe reflection', 'cwe 470'],
  ['xss', 'cross site scripting', 'cross-site scripting', 'cwe 79', 'cwe 80', 'innerhtml', 'outerhtml', 'document write', 'dangerouslysetinnerhtml', 'unescaped html', 'html escaping', 'script tags', 'web page generation', 'mark safe', 'autoescape', 'html injection', 'render user input', 'insertadjacenthtml', 'v-html', 'render template string', 'markup', 'html safe', 'unescaped template', 'writing directly to the response', 'reflected', 'raw html'],
  ['output encoding', 'improper encoding', 'escaping of output', 'cwe 116', 'escape output', 'sanitize output'],
  ['path traversal', 'directory traversal', 'cwe 22', 'cwe 23', 'cwe 35', 'relative path traversal', 'zip slip', 'tar slip', 'outside destination', 'outside the destination', 'target path nested', 'pathname restricted directory', 'dot dot slash', '../', 'external control of file name', 'cwe 73', 'user controlled path', 'arbitrary file write', 'arbitrary file read', 'extract archive'],
  ['deserialization', 'insecure deserialization', 'untrusted deserialization', 'deserialization of untrusted data', 'cwe 502', 'pickle', 'unpickle', 'marshal', 'yaml load', 'objectinputstream', 'readobject', 'unserialize', 'jsonpickle', 'shelve', 'dill', 'unmarshal', 'binaryformatter', 'xmldecoder', 'object stream'],
  ['hardcoded secret', 'hardcoded password', 'hard-coded password', 'hard-coded credentials', 'hardcoded credentials', 'cwe 798', 'cwe 259', 'hardcoded key', 'hard-coded cryptographic key', 'cwe 321', 'secret in source code', 'sensitive information in source code', 'cwe 540', 'api key in code', 'embedded credentials', 'password string literal', 'hardcoded token'],
  ['weak hash', 'md5', 'sha1', 'broken hash', 'weak cryptographic hash', 'insecure hash', 'cwe 328', 'hashlib md5', 'collision'],
  ['broken crypto', 'broken or risky cryptographic algorithm', 'cwe 327', 'weak cipher', 'des', '3des', 'rc4', 'blowfish', 'ecb mode', 'insecure cipher', 'weak encryption algorithm', 'deprecated cipher', 'cipher mode', 'nullcipher', 'cipher getinstance', 'sslv3', 'tlsv1', 'weak tls version', 'insecure protocol version'],
  ['password hash', 'password hash insufficient computational effort', 'cwe 916', 'bcrypt', 'scrypt', 'argon2', 'pbkdf2', 'password storage', 'hash password', 'salt'],
  ['key size', 'inadequate encryption strength', 'cwe 326', 'rsa key size', 'key length', 'short key', 'bits key', '2048 bits', 'weak key'],
  ['weak random', 'insecure random', 'predictable random', 'cwe 330', 'cwe 338', 'math random', 'random module', 'pseudo-random number generator', 'prng', 'cryptographically secure random', 'secrets module', 'securerandom', 'insufficiently random values'],
  ['initialization vector', 'static iv', 'predictable iv', 'weak initialization vector', 'cwe 1204', 'cwe 329', 'nonce reuse', 'reusing nonce', 'cwe 323', 'fixed iv'],
  ['rsa padding', 'oaep', 'rsa without oaep', 'cwe 780', 'pkcs1 padding', 'no padding'],
  ['signature verification', 'jwt', 'verify signature', 'none algorithm', 'unverified jwt', 'cwe 347', 'improper verification of cryptographic signature', 'verify=false token', 'decode without verification', 'algorithm none', 'jwt secret', 'token signature'],
  ['tls verification', 'certificate validation', 'cwe 295', 'verify=false', 'ssl verification disabled', 'insecure ssl', 'rejectunauthorized', 'check hostname', 'host mismatch', 'cwe 297', 'insecureskipverify', 'trust all certificates', 'tls', 'unverified context', 'certificate verification disabled', 'hostname verification'],
  ['cleartext transmission', 'cleartext', 'plaintext http', 'unencrypted', 'http instead of https', 'cwe 319', 'insecure transport', 'cwe 523', 'missing encryption', 'cwe 311', 'ftp', 'telnet', 'non-tls'],
  ['xxe', 'xml external entity', 'cwe 611', 'external entities', 'doctype', 'dtd', 'entity expansion', 'billion laughs', 'cwe 776', 'xml parser insecure', 'insecure xml parser', 'documentbuilderfactory', 'saxparser', 'lxml', 'defusedxml', 'xml attack', 'recursive entity references'],
  ['xml injection', 'cwe 91', 'xpath injection', 'cwe 643'],
  ['ldap injection', 'cwe 90', 'ldap query'],
  ['csrf', 'cross site request forgery', 'cross-site request forgery', 'cwe 352', 'csrf protection disabled', 'csrf token', 'csrf exempt'],
  ['ssrf', 'server side request forgery', 'server-side request forgery', 'cwe 918', 'user controlled url request', 'request to user supplied url', 'fetch arbitrary url', 'tainted url', 'url from user input', 'internal network request'],
  ['open redirect', 'url redirection untrusted site', 'cwe 601', 'redirect to user supplied url', 'unvalidated redirect', 'redirect user input'],
  ['crlf injection', 'http response splitting', 'header injection', 'cwe 113', 'cwe 93', 'crlf', 'newline in header', 'request smuggling', 'cwe 444'],
  ['log injection', 'log forging', 'cwe 117', 'output neutralization for logs', 'unsanitized log'],
  ['sensitive data in logs', 'log sensitive information', 'cwe 532', 'insertion of sensitive information into log', 'logging passwords', 'logging secrets', 'excessive data logging', 'cwe 779'],
  ['information exposure', 'exposure of sensitive information', 'cwe 200', 'information leak', 'stack trace exposure', 'error message containing sensitive information', 'cwe 209', 'debug mode enabled', 'verbose error', 'directory listing', 'cwe 548'],
  ['debug enabled', 'debug mode', 'debug=true', 'active debug code', 'cwe 489', 'cwe 11', 'debug binary', 'flask debug', 'development server'],
  ['cookie secure flag', 'secure attribute', 'cookie without secure', 'cwe 614', 'secure cookie', 'setsecure', 'session cookie https', 'cookie over https'],
  ['cookie httponly', 'httponly', 'httponly flag', 'cwe 1004', 'cookie accessible by javascript', 'client-side scripts read cookie'],
  ['cookie samesite', 'samesite', 'samesite attribute', 'cwe 1275'],
  ['session expiration', 'session timeout', 'insufficient session expiration', 'cwe 613', 'session fixation', 'token expiry'],
  ['permissions', 'file permissions', 'chmod', 'permissive permissions', 'world writable', 'incorrect default permissions', 'cwe 276', 'cwe 732', 'permission assignment', '0o777', 'umask', 'widely permissive'],
  ['temp file', 'temporary file', 'insecure temporary file', 'cwe 377', 'mktemp', 'hardcoded tmp', '/tmp', 'tempfile', 'hardcoded temporary directory'],
  ['mass assignment', 'prototype pollution', 'cwe 915', 'dynamically-determined object attributes', 'object prototype', '__proto__', 'merge untrusted object', 'modify object prototype attributes', 'setattr user input', 'unsafe merge'],
  ['authentication', 'improper authentication', 'cwe 287', 'weak authentication', 'cwe 1390', 'authentication bypass', 'missing authentication', 'cwe 306', 'login'],
  ['authorization', 'missing authorization', 'cwe 862', 'incorrect authorization', 'cwe 863', 'improper access control', 'cwe 284', 'cwe 285', 'access control', 'idor', 'user-controlled key', 'cwe 639', 'privilege escalation', 'cwe 269'],
  ['credentials protection', 'insufficiently protected credentials', 'cwe 522', 'plaintext password', 'store password in plaintext', 'password in url', 'cwe 598', 'get request sensitive query'],
  ['weak password policy', 'weak password requirements', 'cwe 521', 'password length', 'password aging', 'cwe 262'],
  ['brute force', 'excessive authentication attempts', 'cwe 307', 'rate limiting', 'rate limit', 'throttling', 'account lockout'],
  ['cors', 'permissive cross-domain policy', 'cwe 942', 'access-control-allow-origin', 'wildcard origin', 'cross-origin', 'origin validation', 'cwe 346', 'postmessage origin'],
  ['clickjacking', 'x-frame-options', 'frame ancestors', 'cwe 1021', 'rendered ui layers', 'iframe'],
  ['reverse tabnabbing', 'window opener', 'target blank', 'noopener', 'cwe 1022', 'untrusted target'],
  ['resource exhaustion', 'uncontrolled resource consumption', 'cwe 400', 'denial of service', 'dos', 'unbounded', 'memory exhaustion', 'zip bomb', 'cwe 774', 'without limits'],
  ['format string vulnerability', 'externally-controlled format string', 'cwe 134', 'user controlled format string'],
  ['integer overflow', 'integer underflow', 'wraparound', 'cwe 190', 'cwe 191', 'overflow'],
  ['divide by zero', 'division by zero', 'zerodivisionerror', 'cwe 369'],
  ['memory safety', 'use after free', 'double free', 'cwe 416', 'cwe 415', 'buffer', 'cwe 119', 'cwe 125', 'cwe 787', 'unsafe pointer', 'memory corruption'],
  ['dangerous function', 'inherently dangerous function', 'potentially dangerous function', 'cwe 242', 'cwe 676', 'strcpy', 'unsafe function'],
  ['input validation', 'improper input validation', 'cwe 20', 'unvalidated input', 'missing validation', 'validate input', 'untrusted input', 'user input', 'tainted', 'user controlled data', 'user-controlled'],
  ['injection', 'cwe 74', 'special elements', 'neutralization', 'downstream component', 'untrusted data in'],
  ['csv injection', 'formula injection', 'cwe 1236', 'formula elements csv'],
  ['file inclusion', 'remote file inclusion', 'cwe 98', 'include require user input', 'dynamic require', 'dynamic import user input', 'non-literal require'],
  ['privileges', 'unnecessary privileges', 'least privilege', 'cwe 250', 'cwe 272', 'run as root', 'privileged container', 'setuid'],
  ['integrity check', 'subresource integrity', 'cwe 353', 'cwe 345', 'data authenticity', 'checksum', 'integrity attribute'],
  ['unmaintained components', 'third party components', 'cwe 1104', 'outdated dependency', 'vulnerable dependency'],
  ['sensitive data storage', 'insecure storage', 'cwe 922', 'localstorage', 'sessionstorage', 'store token in localstorage', 'cwe 312', 'cleartext storage'],
  ['trust boundary', 'cwe 501', 'session data from user input', 'confused deputy', 'cwe 441', 'proxy'],
  ['timing attack', 'constant time comparison', 'observable discrepancy', 'cwe 208', 'compare digest'],
  ['type confusion', 'incorrect type conversion', 'cwe 704', 'cast', 'type coercion', 'incorrect comparison', 'cwe 697'],
  ['android export', 'exported component', 'cwe 926', 'custom url scheme', 'cwe 939', 'intent'],
  ['binding all interfaces', 'bind 0.0.0.0', 'listen all interfaces', 'exposure of resource to wrong sphere', 'cwe 668', 'cwe 200'],
  ['assert for security', 'assert used', 'assert removed optimized', 'assert statement validation'],
];

/** Finds the concept terms of a text. Built once per group list; shared by every index. */
export class ConceptMatcher {
  /** First token → phrases starting with it: [concept term, the phrase's tokens]. */
  private readonly byFirst = new Map<string, Array<{ concept: string; tokens: string[] }>>();

  constructor(groups: readonly (readonly string[])[]) {
    groups.forEach((group, gi) => {
      const concept = `~c${gi}:${tokenize(group[0]).join('_')}`;
      for (const phrase of group) {
        const tokens = phraseTokens(phrase);
        if (tokens.length === 0) continue;
        const list = this.byFirst.get(tokens[0]) ?? [];
        list.push({ concept, tokens });
        this.byFirst.set(tokens[0], list);
      }
    });
  }

  /** Concept terms mentioned in `text`, one per mention (counts feed BM25's term frequency). */
  match(text: string): string[] {
    return this.matchTokens(tokenize(text, { keepStopwords: true }));
  }

  /** Same as `match`, over tokens from `tokenize(text, { keepStopwords: true })`. */
  matchTokens(tokens: readonly string[]): string[] {
    const found: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.byFirst.get(tokens[i]);
      if (!candidates) continue;
      for (const { concept, tokens: p } of candidates) {
        if (matchesAt(tokens, i, p)) found.push(concept);
      }
    }
    return found;
  }
}

/** Phrase tokens without the whole-compound duplicates (they would demand a compound in the text). */
function phraseTokens(phrase: string): string[] {
  const tokens = tokenize(phrase, { keepStopwords: true });
  if (tokens.length <= 1) return tokens;
  // A compound token ("no-unused-vars") is followed by its parts; match the parts only.
  return tokens.filter((t) => !/[._\-/$]/.test(t) || tokens.length === 1);
}

/** Phrase tokens in order starting at `start`, with at most two unrelated tokens between each. */
function matchesAt(tokens: readonly string[], start: number, phrase: readonly string[]): boolean {
  let pos = start;
  for (let j = 1; j < phrase.length; j++) {
    let found = -1;
    for (let k = pos + 1; k <= Math.min(tokens.length - 1, pos + 3); k++) {
      if (tokens[k] === phrase[j]) {
        found = k;
        break;
      }
    }
    if (found < 0) return false;
    pos = found;
  }
  return true;
}

let shared: ConceptMatcher | undefined;
export function defaultConceptMatcher(): ConceptMatcher {
  shared ??= new ConceptMatcher(CONCEPT_GROUPS);
  return shared;
}
