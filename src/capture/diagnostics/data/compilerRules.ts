import type { Category } from '../../../core/types';

/**
 * Categories for compiler and type-checker diagnostics. Codes and rule names are the tools' own:
 * TypeScript's diagnosticMessages.json numbers, Pyright/Pylance's `report*` rule names (its
 * configuration docs), mypy's error codes (its "Error codes" docs) and Ruff's rule prefixes (its rules
 * page). Each entry was chosen by reading what the diagnostic says; a short hint tells what usually
 * fixes it.
 */
export interface CodeInfo {
  readonly category: Category;
  readonly hint?: string;
}

const IMPORT_HINT = 'Check the module name and path, that the package is installed, and that the name is exported.';
const NAME_HINT = 'Import or declare the name before using it, or fix its spelling.';
const NULL_HINT = 'Handle the null/undefined case (guard, optional chaining or a default) before using the value.';
const ARG_HINT = 'Pass arguments of the declared types and count, or change the signature.';

/** TypeScript diagnostic codes (source "ts"). */
export const TS_CODES: Readonly<Record<number, CodeInfo>> = {
  1005: { category: 'syntax', hint: 'Fix the syntax at the reported position (a missing bracket, comma or semicolon).' },
  1064: { category: 'async', hint: 'Declare the return type of an async function as Promise<T>.' },
  1192: { category: 'import', hint: 'Use a named import or enable esModuleInterop.' },
  1259: { category: 'import', hint: 'Enable esModuleInterop / allowSyntheticDefaultImports or use `import * as`.' },
  1308: { category: 'async', hint: 'Only use await inside an async function (mark the enclosing function async).' },
  1375: { category: 'async', hint: 'Top-level await needs an ES module target; wrap it in an async function otherwise.' },
  1378: { category: 'async', hint: 'Top-level await needs module es2022+/esnext and a matching target.' },
  1479: { category: 'import', hint: 'A CommonJS file cannot import an ES module with require; use dynamic import().' },
  2300: { category: 'lint', hint: 'Remove or rename the duplicate declaration.' },
  2304: { category: 'import', hint: NAME_HINT },
  2305: { category: 'import', hint: IMPORT_HINT },
  2306: { category: 'import', hint: IMPORT_HINT },
  2307: { category: 'import', hint: IMPORT_HINT },
  2322: { category: 'type', hint: 'Make the assigned value match the declared type, or widen the type.' },
  2339: { category: 'type', hint: 'Use a property that exists on the type, or narrow/extend the type first.' },
  2345: { category: 'type', hint: ARG_HINT },
  2349: { category: 'type' },
  2352: { category: 'type' },
  2355: { category: 'type', hint: 'Return a value on every path of a function with a declared return type.' },
  2362: { category: 'type' },
  2365: { category: 'type' },
  2366: { category: 'type', hint: 'Return a value on every path of a function with a declared return type.' },
  2367: { category: 'logic', hint: 'The comparison can never be true; check the compared values.' },
  2448: { category: 'logic', hint: 'Declare the variable before using it.' },
  2451: { category: 'lint' },
  2454: { category: 'logic', hint: 'Assign the variable on every path before reading it.' },
  2503: { category: 'import', hint: NAME_HINT },
  2531: { category: 'type', hint: NULL_HINT },
  2532: { category: 'type', hint: NULL_HINT },
  2533: { category: 'type', hint: NULL_HINT },
  2551: { category: 'type', hint: 'Fix the property name (the compiler suggests one).' },
  2552: { category: 'type', hint: 'Fix the name (the compiler suggests one) or import it.' },
  2554: { category: 'type', hint: ARG_HINT },
  2555: { category: 'type', hint: ARG_HINT },
  2556: { category: 'type', hint: ARG_HINT },
  2564: { category: 'type', hint: 'Initialise the property in the constructor or declare it optional.' },
  2571: { category: 'type', hint: 'Narrow the unknown value before using it.' },
  2580: { category: 'import', hint: 'Install the type definitions (e.g. @types/node) and add them to "types".' },
  2581: { category: 'import', hint: 'Install the type definitions (e.g. @types/jquery).' },
  2582: { category: 'import', hint: 'Install the test framework types (e.g. @types/jest or @types/mocha).' },
  2583: { category: 'type', hint: 'Raise the "lib" setting to a version that has this API.' },
  2584: { category: 'type', hint: 'Add "dom" to the "lib" setting.' },
  2588: { category: 'logic', hint: 'Do not reassign a const; declare it with let.' },
  2613: { category: 'import', hint: 'Use a named import: the module has no default export.' },
  2614: { category: 'import', hint: 'Use a default or namespace import as the module exports it.' },
  2686: { category: 'import' },
  2722: { category: 'type', hint: NULL_HINT },
  2724: { category: 'import', hint: IMPORT_HINT },
  2739: { category: 'type' },
  2740: { category: 'type' },
  2741: { category: 'type', hint: 'Provide every required property of the type.' },
  2769: { category: 'type', hint: ARG_HINT },
  2773: { category: 'async', hint: 'Await the promise before using its value.' },
  2774: { category: 'logic', hint: 'Call the function: the condition tests the function itself, which is always truthy.' },
  2792: { category: 'import', hint: 'Set "moduleResolution" to node16/bundler or fix the import path.' },
  2794: { category: 'async', hint: 'Give resolve() a value, or type the promise as Promise<void>.' },
  2801: { category: 'async', hint: 'Await the promise: a Promise object is always truthy.' },
  2834: { category: 'import', hint: 'Add the file extension to the relative import (node16/nodenext resolution).' },
  2835: { category: 'import', hint: 'Add the file extension to the relative import (node16/nodenext resolution).' },
  6133: { category: 'lint', hint: 'Remove the unused declaration or use it.' },
  6138: { category: 'lint', hint: 'Remove the unused property or use it.' },
  6192: { category: 'import', hint: 'Remove the unused import.' },
  6196: { category: 'lint', hint: 'Remove the unused declaration or use it.' },
  6198: { category: 'lint', hint: 'Remove the unused destructured names.' },
  7006: { category: 'type', hint: 'Annotate the parameter type.' },
  7005: { category: 'type' },
  7016: { category: 'import', hint: 'Install the @types package for the module or declare the module.' },
  7027: { category: 'logic', hint: 'Remove the unreachable code or fix the control flow above it.' },
  7030: { category: 'logic', hint: 'Return a value on every code path.' },
  7031: { category: 'type', hint: 'Annotate the destructured parameter.' },
  7053: { category: 'type', hint: 'Type the index (keyof typeof obj) or add an index signature.' },
  18046: { category: 'type', hint: 'Narrow the unknown value before using it.' },
  18047: { category: 'type', hint: NULL_HINT },
  18048: { category: 'type', hint: NULL_HINT },
  18049: { category: 'type', hint: NULL_HINT },
  80006: { category: 'style' },
  80007: { category: 'async', hint: "Remove the await: the value is not a promise." },
};

/** Range defaults for TypeScript codes not listed above. */
export function tsCodeCategory(code: number): Category {
  if (code >= 1000 && code < 2000) return 'syntax';
  if (code >= 2000 && code < 3000) return 'type';
  if (code >= 5000 && code < 7000) return 'other';
  if (code >= 7000 && code < 8000) return 'type';
  if (code >= 8000 && code < 9000) return 'syntax';
  if (code >= 17000 && code < 18000) return 'syntax';
  if (code >= 18000 && code < 19000) return 'type';
  if (code >= 80000) return 'style';
  return 'type';
}

/** Pyright / Pylance / basedpyright rule names (the `code` of their diagnostics). */
export const PYRIGHT_RULES: Readonly<Record<string, CodeInfo>> = {
  reportMissingImports: { category: 'import', hint: 'Install the package in the selected interpreter or fix the module path.' },
  reportMissingModuleSource: { category: 'import', hint: 'Install the package in the selected interpreter.' },
  reportMissingTypeStubs: { category: 'import', hint: 'Install type stubs for the package.' },
  reportImportCycles: { category: 'import' },
  reportPrivateImportUsage: { category: 'import', hint: 'Import the name from the module that exports it publicly.' },
  reportUnusedImport: { category: 'import', hint: 'Remove the unused import.' },
  reportWildcardImportFromLibrary: { category: 'import' },
  reportUndefinedVariable: { category: 'import', hint: NAME_HINT },
  reportAttributeAccessIssue: { category: 'type', hint: 'Use an attribute that exists on the type, or narrow the type first.' },
  reportArgumentType: { category: 'type', hint: ARG_HINT },
  reportAssignmentType: { category: 'type' },
  reportCallIssue: { category: 'type', hint: ARG_HINT },
  reportIndexIssue: { category: 'type' },
  reportOperatorIssue: { category: 'type' },
  reportReturnType: { category: 'type' },
  reportGeneralTypeIssues: { category: 'type' },
  reportOptionalMemberAccess: { category: 'type', hint: NULL_HINT },
  reportOptionalSubscript: { category: 'type', hint: NULL_HINT },
  reportOptionalIterable: { category: 'type', hint: NULL_HINT },
  reportOptionalCall: { category: 'type', hint: NULL_HINT },
  reportOptionalOperand: { category: 'type', hint: NULL_HINT },
  reportOptionalContextManager: { category: 'type', hint: NULL_HINT },
  reportTypedDictNotRequiredAccess: { category: 'type' },
  reportIncompatibleMethodOverride: { category: 'type' },
  reportIncompatibleVariableOverride: { category: 'type' },
  reportInvalidTypeForm: { category: 'type' },
  reportInvalidTypeArguments: { category: 'type' },
  reportAbstractUsage: { category: 'type' },
  reportNoOverloadImplementation: { category: 'type' },
  reportMissingParameterType: { category: 'type' },
  reportUnknownMemberType: { category: 'type' },
  reportUnknownVariableType: { category: 'type' },
  reportUnknownArgumentType: { category: 'type' },
  reportUnknownParameterType: { category: 'type' },
  reportPossiblyUnbound: { category: 'logic', hint: 'Assign the variable on every path before using it.' },
  reportUnboundVariable: { category: 'logic', hint: 'Assign the variable before using it.' },
  reportRedeclaration: { category: 'lint' },
  reportUnusedCoroutine: { category: 'async', hint: 'Await the coroutine (or schedule it with asyncio.create_task).' },
  reportUnusedCallResult: { category: 'lint' },
  reportUnusedExpression: { category: 'logic' },
  reportUnusedVariable: { category: 'lint', hint: 'Remove the unused variable or use it.' },
  reportUnusedClass: { category: 'lint' },
  reportUnusedFunction: { category: 'lint' },
  reportUnnecessaryComparison: { category: 'logic' },
  reportUnnecessaryContains: { category: 'logic' },
  reportUnnecessaryIsInstance: { category: 'lint' },
  reportUnnecessaryCast: { category: 'lint' },
  reportSelfClsParameterName: { category: 'style' },
  reportDeprecated: { category: 'lint' },
  reportUnusedAwaitable: { category: 'async', hint: 'Await the awaitable or keep a reference to it.' },
};

/** mypy error codes (source "Mypy"). */
export const MYPY_CODES: Readonly<Record<string, CodeInfo>> = {
  'import': { category: 'import', hint: IMPORT_HINT },
  'import-not-found': { category: 'import', hint: IMPORT_HINT },
  'import-untyped': { category: 'import', hint: 'Install type stubs for the package.' },
  'name-defined': { category: 'import', hint: NAME_HINT },
  'attr-defined': { category: 'type' },
  'union-attr': { category: 'type', hint: NULL_HINT },
  'arg-type': { category: 'type', hint: ARG_HINT },
  'call-arg': { category: 'type', hint: ARG_HINT },
  'return-value': { category: 'type' },
  'assignment': { category: 'type' },
  'index': { category: 'type' },
  'operator': { category: 'type' },
  'override': { category: 'type' },
  'var-annotated': { category: 'type' },
  'no-untyped-def': { category: 'type' },
  'misc': { category: 'type' },
  'syntax': { category: 'syntax' },
  'unused-coroutine': { category: 'async', hint: 'Await the coroutine.' },
  'unused-awaitable': { category: 'async', hint: 'Await the awaitable.' },
  'truthy-function': { category: 'logic' },
  'comparison-overlap': { category: 'logic' },
  'unreachable': { category: 'logic' },
  'possibly-undefined': { category: 'logic' },
  'redundant-cast': { category: 'lint' },
  'unused-ignore': { category: 'lint' },
};

/** Ruff rules by exact code, then by prefix (longest prefix wins). Security ("S") rules use BANDIT_RULES. */
export const RUFF_CODES: Readonly<Record<string, CodeInfo>> = {
  F401: { category: 'import', hint: 'Remove the unused import.' },
  F811: { category: 'lint' },
  F821: { category: 'import', hint: NAME_HINT },
  F822: { category: 'import' },
  F841: { category: 'lint', hint: 'Remove the unused variable or use it.' },
  F632: { category: 'logic', hint: 'Use == to compare with a literal, not `is`.' },
  E711: { category: 'logic', hint: 'Compare with None using `is` / `is not`.' },
  E712: { category: 'logic' },
  E721: { category: 'logic' },
  E722: { category: 'lint', hint: 'Catch specific exceptions instead of a bare except.' },
  E902: { category: 'other' },
  E999: { category: 'syntax', hint: 'Fix the syntax error.' },
  B006: { category: 'logic', hint: 'Use None as the default and create the mutable value inside the function.' },
  B008: { category: 'logic' },
  B904: { category: 'lint' },
  RUF006: { category: 'async', hint: 'Keep a reference to the task returned by asyncio.create_task.' },
  RUF029: { category: 'async' },
  PLE1142: { category: 'async', hint: 'Only use await inside an async function.' },
};

export const RUFF_PREFIX_CATEGORY: ReadonlyArray<readonly [string, Category]> = [
  ['ASYNC', 'async'],
  ['TRIO', 'async'],
  ['ANN', 'type'],
  ['TCH', 'import'],
  ['TC', 'import'],
  ['TID', 'import'],
  ['INP', 'import'],
  ['ICN', 'style'],
  ['E9', 'syntax'],
  ['E7', 'lint'],
  ['E', 'style'],
  ['W', 'style'],
  ['F', 'lint'],
  ['B', 'logic'],
  ['PLE', 'logic'],
  ['PL', 'style'],
  ['I', 'style'],
  ['UP', 'style'],
  ['SIM', 'style'],
  ['C4', 'style'],
  ['C90', 'style'],
  ['N', 'style'],
  ['D', 'style'],
  ['Q', 'style'],
  ['COM', 'style'],
  ['RET', 'style'],
  ['PTH', 'style'],
  ['FURB', 'style'],
  ['ERA', 'style'],
  ['EM', 'style'],
  ['PIE', 'style'],
  ['DTZ', 'logic'],
  ['YTT', 'logic'],
  ['PT', 'test'],
];
