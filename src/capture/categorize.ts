import type { Category } from '../core/types';

/**
 * Maps an error type and message (from a test failure, a runtime error, a tool's output) to the
 * category the engine groups mistakes by. Checked in order: the most specific signals first
 * (a timeout that mentions "async callback" is a timeout; an "await" inside a SyntaxError is async).
 */
interface Rule {
  readonly category: Category;
  readonly type?: RegExp;
  readonly message?: RegExp;
  /** Message signals strong enough to win over the error class ("SyntaxError: await is only valid..."). */
  readonly strong?: RegExp;
}

const RULES: readonly Rule[] = [
  {
    category: 'timeout',
    strong: /\btimed out\b|\btimeout of \d+\s*m?s exceeded|exceeded timeout|async callback was not invoked within|test timed out/i,
    type: /(?:^|\.)(?:TimeoutError|TimeoutException|Timeout|DeadlineExceeded\w*|ERR_MOCHA_TIMEOUT)$/i,
    message:
      /\btimed? ?out\b|\btimeout of \d+\s*m?s exceeded|exceeded timeout|async callback was not invoked within|\bdeadline exceeded\b|test timed out|took too long|has been running for over/i,
  },
  {
    category: 'async',
    strong:
      /was never awaited|unhandled (?:promise )?rejection|UnhandledPromiseRejection|\bawait\b.*\b(?:only valid|outside|expression)|event loop is closed|no running event loop|Task was destroyed but it is pending|is not awaitable/i,
    type: /^(?:UnhandledPromiseRejection\w*|CancelledError|asyncio\.\w+|InvalidStateError)$/,
    message:
      /coroutine ['"`]?[\w.<>]*['"`]? was never awaited|was never awaited|unhandled (?:promise )?rejection|UnhandledPromiseRejection|\bawait\b|\bpromise\b.*\b(?:reject|resolv)|event loop is closed|no running event loop|Task was destroyed but it is pending|is not awaitable|async (?:function|def)|asyncio|floating promise|\bthenable\b/i,
  },
  {
    category: 'import',
    type: /(?:^|\.)(?:ImportError|ModuleNotFoundError|ClassNotFoundException|NoClassDefFoundError|ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM|LinkageError|UnresolvedImport)$/,
    message:
      /cannot find module|module not found|no module named|cannot import name|failed to resolve import|failed to load url|unresolved import|cannot find package|is not exported by|does not provide an export named|could not resolve ['"]|error\[E0432\]|error\[E0433\]|no required module provides package|package \S+ is not in (?:GOROOT|std)/i,
  },
  {
    category: 'syntax',
    type: /(?:^|\.)(?:SyntaxError|IndentationError|TabError|ParseError|ParserError)$/,
    message: /\bsyntax error\b|unexpected token|unexpected end of (?:input|file)|invalid syntax|unterminated string|expected one of .* found|unexpected indent/i,
  },
  {
    category: 'type',
    type: /(?:^|\.)(?:TypeError|AttributeError|NameError|ReferenceError|UnboundLocalError|NullPointerException|ClassCastException|InvalidCastException|NullReferenceException|KotlinNullPointerException|UninitializedPropertyAccessException|TypeMismatch\w*)$/,
    message:
      /is not a function|is not a constructor|is not iterable|cannot read propert(?:y|ies) of (?:undefined|null)|undefined is not an object|null is not an object|has no attribute|object is not (?:callable|subscriptable)|unsupported operand type|mismatched types|nil pointer dereference|invalid memory address|is not defined|undefined: \w|cannot use .* as .* value|argument of type|missing \d+ required positional argument|takes \d+ positional arguments? but|error\[E0308\]|called `Option::unwrap\(\)` on a `None` value/i,
  },
  {
    category: 'logic',
    type: /(?:^|[.\\])(?:AssertionError|AssertionFailedError|AssertionFailedException|ComparisonFailure|AssertError|ExpectationFailedException|PhptAssertionFailedError|ValueError|KeyError|IndexError|ZeroDivisionError|ArithmeticException|RangeError|OverflowError|IndexOutOfBoundsException|ArrayIndexOutOfBoundsException|IllegalArgumentException|IllegalStateException|NoSuchElementException|UnsupportedOperationException|ConcurrentModificationException|Failed|REQUIRE\w*|CHECK\w*|ASSERT\w*|EXPECT\w*|XCTAssert\w*|panic)$/,
    message:
      /\bassert(?:ion)?\b|\bexpect(?:ed)?\b|\breceived\b|\bto (?:be|equal|deeply equal|have|contain|match|throw)\b|!==|!=|\bleft == right\b|\bbut was\b|\bnot equal\b|does not match|did not (?:raise|throw|panic)|divide by zero|index out of (?:range|bounds)|out of range|overflow|already borrowed|called `Result::unwrap\(\)` on an `Err`|\bpanic(?:ked)?\b/i,
  },
  {
    category: 'test',
    message: /fixture ['"]?\S+['"]? not found|test suite failed to run|before ?all|after ?all|before ?each|after ?each|\bhook\b|setUpClass|tearDownClass|error at (?:setup|teardown)|no tests? (?:found|ran)|snapshot/i,
  },
];

export function categorizeError(errorType?: string, message?: string): Category {
  const type = (errorType ?? '').trim().slice(0, 300);
  // Only the start of a message carries the signal; bound regex work on huge messages.
  const msg = (message ?? '').slice(0, 2000);
  for (const rule of RULES) {
    if (msg && rule.strong?.test(msg)) return rule.category;
  }
  for (const rule of RULES) {
    if (type && rule.type?.test(type)) return rule.category;
  }
  for (const rule of RULES) {
    if (msg && rule.message?.test(msg)) return rule.category;
  }
  // An unknown exception class is still a runtime error in the code under test.
  if (type && /(?:Error|Exception)$/.test(type)) return 'logic';
  return 'other';
}
