/**
 * The security part of the quality report, as a pure function of the corpus files' contents (the
 * caller reads `security/cases.jsonl`, `security/sarif/*.sarif` and `security/sarif/expected.jsonl`).
 *
 * Cases are fed as Semgrep diagnostics, as the extension would receive them: source "Semgrep", code =
 * rule id, the rule's message, its severity (ERROR→error, WARNING→warning, INFO→information) and the
 * snippet. A case's CWE counts as right when the predicted set meets the expected list ("any"); the
 * stricter figure asks that the first predicted CWE be the first expected one.
 */
import { classifyDiagnostic } from './classify';
import { parseSarif } from './sarif';
import { asString, isRecord, normalizeCwe, prop } from './text';
import type { DiagnosticInput } from './types';

export interface SecurityCaseOutcome {
  readonly ruleId: string;
  readonly language?: string;
  readonly expectedCwe: string[];
  readonly predictedCwe: string[];
  readonly expectedSeverity?: string;
  readonly predictedSeverity: string;
  readonly category: string;
  readonly cweAny: boolean;
  readonly cweFirst: boolean;
}

export interface SarifFileOutcome {
  readonly file: string;
  readonly expected: number;
  readonly found: number;
  /** Expected results found with the same ruleId, uri, startLine, level, message and suppressed flag. */
  readonly matched: number;
  readonly problems: string[];
}

export interface SecurityScore {
  readonly cases: {
    readonly total: number;
    readonly malformed: number;
    readonly security: number;
    readonly severityRight: number;
    readonly cweAny: number;
    readonly cweFirst: number;
    /** Security category, expected severity and a right CWE, all three. */
    readonly allRight: number;
    readonly outcomes: SecurityCaseOutcome[];
  };
  readonly sarif: {
    readonly files: number;
    readonly expected: number;
    readonly found: number;
    readonly matched: number;
    /** Results that were expected suppressed and came out suppressed (and likewise unsuppressed). */
    readonly suppressionRight: number;
    readonly outcomes: SarifFileOutcome[];
  };
}

export interface SecurityCorpus {
  readonly casesJsonl?: string;
  /** File name (relative to sarif/) → contents. */
  readonly sarifFiles?: Readonly<Record<string, string>>;
  readonly sarifExpectedJsonl?: string;
}

const SEMGREP_LEVEL: Record<string, DiagnosticInput['severity']> = {
  ERROR: 'error',
  WARNING: 'warning',
  INFO: 'information',
};

function jsonLines(text: string | undefined): { rows: Record<string, unknown>[]; malformed: number } {
  const rows: Record<string, unknown>[] = [];
  let malformed = 0;
  for (const line of (text ?? '').split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isRecord(v)) rows.push(v);
      else malformed++;
    } catch {
      malformed++;
    }
  }
  return { rows, malformed };
}

function cweList(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map(normalizeCwe).filter((c): c is string => !!c);
}

/** A Semgrep rule-test case as the diagnostic an editor would show. */
export function caseToDiagnostic(c: Record<string, unknown>): DiagnosticInput {
  const sev = asString(prop(c, 'severity'))?.toUpperCase() ?? '';
  return {
    source: 'Semgrep',
    code: asString(prop(c, 'rule_id')) ?? '',
    message: asString(prop(c, 'message')) ?? '',
    severity: SEMGREP_LEVEL[sev] ?? sev,
    snippet: asString(prop(c, 'snippet')),
    language: asString(prop(c, 'language')),
  };
}

export function scoreSecurityCases(casesJsonl: string | undefined): SecurityScore['cases'] {
  const { rows, malformed } = jsonLines(casesJsonl);
  const outcomes: SecurityCaseOutcome[] = rows.map((c) => {
    const r = classifyDiagnostic(caseToDiagnostic(c));
    const expectedCwe = cweList(prop(c, 'cwe'));
    const expectedSeverity = asString(prop(c, 'expected_severity'));
    return {
      ruleId: asString(prop(c, 'rule_id')) ?? '',
      language: asString(prop(c, 'language')),
      expectedCwe,
      predictedCwe: r.cwe,
      expectedSeverity,
      predictedSeverity: r.severity,
      category: r.category,
      cweAny: r.cwe.some((x) => expectedCwe.includes(x)),
      cweFirst: r.cwe.length > 0 && r.cwe[0] === expectedCwe[0],
    };
  });
  const expectedCategory = (i: number): string => asString(prop(rows[i], 'expected_category')) ?? 'security';
  const count = (f: (o: SecurityCaseOutcome, i: number) => boolean): number => outcomes.filter(f).length;
  const sevOk = (o: SecurityCaseOutcome): boolean => o.expectedSeverity === undefined || o.predictedSeverity === o.expectedSeverity;
  return {
    total: outcomes.length,
    malformed,
    security: count((o, i) => o.category === expectedCategory(i)),
    severityRight: count(sevOk),
    cweAny: count((o) => o.cweAny),
    cweFirst: count((o) => o.cweFirst),
    allRight: count((o, i) => o.category === expectedCategory(i) && sevOk(o) && o.cweAny),
    outcomes,
  };
}

export function scoreSarif(
  sarifFiles: Readonly<Record<string, string>> | undefined,
  expectedJsonl: string | undefined,
): SecurityScore['sarif'] {
  const { rows } = jsonLines(expectedJsonl);
  const outcomes: SarifFileOutcome[] = [];
  let suppressionRight = 0;
  for (const row of rows) {
    const file = asString(prop(row, 'file')) ?? '';
    const expected = (Array.isArray(prop(row, 'results')) ? (prop(row, 'results') as unknown[]) : []).filter(isRecord);
    const text = sarifFiles?.[file];
    const problems: string[] = [];
    if (text === undefined) problems.push(`missing file ${file}`);
    const found = text === undefined ? [] : parseSarif(text);
    const used = new Set<number>();
    let matched = 0;
    for (const e of expected) {
      const key = (x: { ruleId: unknown; uri: unknown; startLine: unknown }): string =>
        JSON.stringify([x.ruleId ?? null, x.uri ?? null, x.startLine ?? null]);
      const ek = key({ ruleId: prop(e, 'ruleId'), uri: prop(e, 'uri'), startLine: prop(e, 'startLine') });
      const idx = found.findIndex((f, i) => !used.has(i) && key(f) === ek);
      if (idx < 0) {
        problems.push(`not found: ${ek}`);
        continue;
      }
      used.add(idx);
      const f = found[idx];
      if (f.suppressed === prop(e, 'suppressed')) suppressionRight++;
      const diffs = (['level', 'message', 'suppressed'] as const).filter((k) => f[k] !== prop(e, k));
      if (diffs.length) problems.push(`${ek}: ${diffs.map((k) => `${k} ${JSON.stringify(f[k])} ≠ ${JSON.stringify(prop(e, k))}`).join(', ')}`);
      else matched++;
    }
    if (found.length > expected.length) problems.push(`${found.length - expected.length} unexpected result(s)`);
    outcomes.push({ file, expected: expected.length, found: found.length, matched, problems });
  }
  const sum = (f: (o: SarifFileOutcome) => number): number => outcomes.reduce((a, o) => a + f(o), 0);
  return {
    files: outcomes.length,
    expected: sum((o) => o.expected),
    found: sum((o) => o.found),
    matched: sum((o) => o.matched),
    suppressionRight,
    outcomes,
  };
}

export function scoreSecurity(corpus: SecurityCorpus): SecurityScore {
  return {
    cases: scoreSecurityCases(corpus.casesJsonl),
    sarif: scoreSarif(corpus.sarifFiles, corpus.sarifExpectedJsonl),
  };
}

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a';
}

/** Human-readable lines for the report. */
export function formatSecurityScore(s: SecurityScore): string {
  const c = s.cases;
  const lines = [
    `security cases: ${c.total}${c.malformed ? ` (+${c.malformed} malformed lines)` : ''}`,
    `  categorized security: ${c.security}/${c.total} (${pct(c.security, c.total)})`,
    `  expected severity:    ${c.severityRight}/${c.total} (${pct(c.severityRight, c.total)})`,
    `  right CWE (any):      ${c.cweAny}/${c.total} (${pct(c.cweAny, c.total)})`,
    `  right CWE (first):    ${c.cweFirst}/${c.total} (${pct(c.cweFirst, c.total)})`,
    `  all three right:      ${c.allRight}/${c.total} (${pct(c.allRight, c.total)})`,
  ];
  const misses = c.outcomes.filter((o) => !o.cweAny || o.category !== 'security' || (o.expectedSeverity && o.expectedSeverity !== o.predictedSeverity));
  for (const o of misses) {
    lines.push(`    miss ${o.ruleId}: ${o.category}/${o.predictedSeverity} [${o.predictedCwe.join(', ')}] expected ${o.expectedSeverity} [${o.expectedCwe.join(', ')}]`);
  }
  const r = s.sarif;
  lines.push(`SARIF: ${r.files} files, ${r.matched}/${r.expected} expected results matched (${pct(r.matched, r.expected)}), ${r.found} found, suppression right ${r.suppressionRight}/${r.expected}`);
  for (const o of r.outcomes) for (const p of o.problems) lines.push(`    ${o.file}: ${p}`);
  return lines.join('\n');
}
