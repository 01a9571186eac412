/**
 * SARIF 2.1.0 reader: Semgrep, CodeQL, ESLint's SARIF formatter, Bandit, Sonar exports, anything that
 * writes the standard. Real JSON parsing; every field is optional and checked, so a truncated, binary
 * or foreign file yields fewer results, never an exception.
 */
import type { Severity } from '../../core/types';
import { classifyDiagnostic } from './classify';
import { asString, isRecord, normalizeCwe, prop, uniq } from './text';
import type { DiagnosticInput, SarifLevel, SarifResult } from './types';

export interface SarifParse {
  results: SarifResult[];
  /** Why nothing could be read (not JSON, not a SARIF log); absent when the log was read. */
  error?: string;
}

const LEVELS: readonly SarifLevel[] = ['none', 'note', 'warning', 'error'];
const TO_DIAGNOSTIC_SEVERITY: Record<SarifLevel, DiagnosticInput['severity']> = {
  error: 'error',
  warning: 'warning',
  note: 'information',
  none: 'hint',
};

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function text(v: unknown): string | undefined {
  return asString(prop(v, 'text')) ?? asString(prop(v, 'markdown'));
}

function level(v: unknown): SarifLevel | undefined {
  return typeof v === 'string' && (LEVELS as readonly string[]).includes(v) ? (v as SarifLevel) : undefined;
}

function decode(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: false }).decode(input);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** GitHub's code-scanning buckets, folded into ours (critical+high → critical). */
function fromSecuritySeverity(v: unknown): Severity | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 10) return undefined;
  return n >= 7 ? 'critical' : n >= 4 ? 'major' : 'minor';
}

/** CWE ids from tags ("external/cwe/cwe-079", "CWE-79: …"), `cwe` properties and CWE taxonomy relationships. */
function metadataCwes(rule: unknown, result: unknown): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === 'string' && !/cwe/i.test(x)) continue;
      const c = normalizeCwe(x);
      if (c) out.push(c);
    }
  };
  for (const src of [prop(rule, 'properties'), prop(result, 'properties')]) {
    for (const t of arr(prop(src, 'tags'))) add(t);
    add(prop(src, 'cwe'));
    add(prop(src, 'CWE'));
    add(prop(src, 'cwe_ids'));
  }
  for (const rel of [...arr(prop(rule, 'relationships')), ...arr(prop(result, 'taxa'))]) {
    const target = prop(rel, 'target') ?? rel;
    const component = asString(prop(prop(target, 'toolComponent'), 'name')) ?? '';
    const id = asString(prop(target, 'id'));
    if (id && /cwe/i.test(component)) add(/^\d+$/.test(id) ? Number(id) : id);
  }
  return uniq(out);
}

function tags(rule: unknown, result: unknown): string[] {
  return [prop(rule, 'properties'), prop(result, 'properties')]
    .flatMap((p) => arr(prop(p, 'tags')))
    .filter((t): t is string => typeof t === 'string')
    .slice(0, 100);
}

function formatMessage(msg: unknown, rule: unknown): string {
  const direct = text(msg);
  const args = arr(prop(msg, 'arguments')).map((a) => asString(a) ?? '');
  const fill = (s: string): string => (args.length ? s.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m) : s);
  if (direct !== undefined) return fill(direct);
  const id = asString(prop(msg, 'id'));
  if (id) {
    const template = text(prop(prop(rule, 'messageStrings'), id));
    if (template !== undefined) return fill(template);
  }
  return text(prop(rule, 'shortDescription')) ?? text(prop(rule, 'fullDescription')) ?? '';
}

function isSuppressed(result: unknown): boolean {
  return arr(prop(result, 'suppressions')).some((s) => {
    if (!isRecord(s)) return true;
    const status = asString(prop(s, 'status'));
    return status === undefined || status === 'accepted';
  });
}

interface RunContext {
  tool: string;
  driverRules: unknown[];
  extensionRules: unknown[][];
  byId: Map<string, unknown>;
  artifacts: unknown[];
}

function runContext(run: unknown): RunContext {
  const tool = prop(run, 'tool');
  const driver = prop(tool, 'driver');
  const driverRules = arr(prop(driver, 'rules'));
  const extensionRules = arr(prop(tool, 'extensions')).map((e) => arr(prop(e, 'rules')));
  const byId = new Map<string, unknown>();
  for (const r of [...driverRules, ...extensionRules.flat()]) {
    const id = asString(prop(r, 'id'));
    if (id && !byId.has(id)) byId.set(id, r);
  }
  return {
    tool: asString(prop(driver, 'name')) ?? 'sarif',
    driverRules,
    extensionRules,
    byId,
    artifacts: arr(prop(run, 'artifacts')),
  };
}

function findRule(ctx: RunContext, result: unknown, ruleId: string | undefined): unknown {
  const ref = prop(result, 'rule');
  const componentIndex = prop(prop(ref, 'toolComponent'), 'index');
  const rules = typeof componentIndex === 'number' ? (ctx.extensionRules[componentIndex] ?? []) : ctx.driverRules;
  const index = prop(result, 'ruleIndex') ?? prop(ref, 'index');
  if (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < rules.length) return rules[index];
  const id = ruleId ?? asString(prop(ref, 'id'));
  if (!id) return undefined;
  return ctx.byId.get(id) ?? ctx.byId.get(id.split('/')[0]);
}

function readResult(ctx: RunContext, result: unknown): SarifResult {
  const ownId = asString(prop(result, 'ruleId')) ?? asString(prop(prop(result, 'rule'), 'id'));
  const rule = findRule(ctx, result, ownId);
  const ruleId = ownId ?? asString(prop(rule, 'id')) ?? '';
  const kind = asString(prop(result, 'kind'));
  const lvl =
    level(prop(result, 'level')) ??
    (kind !== undefined && kind !== 'fail' ? 'none' : undefined) ??
    level(prop(prop(rule, 'defaultConfiguration'), 'level')) ??
    'warning';

  const physical = prop(arr(prop(result, 'locations'))[0], 'physicalLocation');
  const artifact = prop(physical, 'artifactLocation');
  const artifactIndex = prop(artifact, 'index');
  const uri =
    asString(prop(artifact, 'uri')) ??
    (typeof artifactIndex === 'number' ? asString(prop(prop(ctx.artifacts[artifactIndex], 'location'), 'uri')) : undefined) ??
    null;
  const region = prop(physical, 'region');
  const line = prop(region, 'startLine');
  const startLine = typeof line === 'number' && Number.isInteger(line) && line >= 1 ? line : null;
  const snippet = text(prop(region, 'snippet'));
  const message = formatMessage(prop(result, 'message'), rule);

  const ruleTags = tags(rule, result);
  const securitySeverity =
    fromSecuritySeverity(prop(prop(result, 'properties'), 'security-severity')) ??
    fromSecuritySeverity(prop(prop(rule, 'properties'), 'security-severity'));
  const ruleText = [asString(prop(rule, 'name')), text(prop(rule, 'shortDescription')), text(prop(rule, 'fullDescription'))]
    .filter((s): s is string => !!s && !/^semgrep finding:/i.test(s))
    .join('. ');
  const classification = classifyDiagnostic(
    { source: ctx.tool, code: ruleId, message, severity: TO_DIAGNOSTIC_SEVERITY[lvl], snippet },
    {
      cwe: metadataCwes(rule, result),
      security: ruleTags.some((t) => /^(security|external\/cwe\/)/i.test(t)) || securitySeverity !== undefined,
      ruleText: ruleText.slice(0, 2000),
      severity: undefined,
    },
  );
  const severity = classification.category === 'security' && securitySeverity ? securitySeverity : classification.severity;

  const out: SarifResult = {
    ruleId,
    level: lvl,
    uri,
    startLine,
    message,
    suppressed: isSuppressed(result),
    category: classification.category,
    severity,
    cwe: classification.cwe,
    tool: ctx.tool,
    description: classification.description,
  };
  if (snippet !== undefined) out.snippet = snippet;
  if (classification.fixHint) out.fixHint = classification.fixHint;
  if (kind !== undefined) out.kind = kind;
  return out;
}

/** Reads a SARIF log; says why when nothing could be read. Never throws. */
export function parseSarifLog(input: string | Uint8Array): SarifParse {
  try {
    let raw = decode(input);
    if (raw === undefined) return { results: [], error: 'input is not text' };
    if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    let log: unknown;
    try {
      log = JSON.parse(raw);
    } catch (e) {
      return { results: [], error: `not valid JSON: ${e instanceof Error ? e.message : 'parse error'}` };
    }
    const runs = prop(log, 'runs');
    if (!Array.isArray(runs)) return { results: [], error: 'not a SARIF log: no "runs" array' };
    const results: SarifResult[] = [];
    for (const run of runs) {
      if (!isRecord(run)) continue;
      const ctx = runContext(run);
      for (const r of arr(prop(run, 'results'))) {
        if (!isRecord(r)) continue;
        try {
          results.push(readResult(ctx, r));
        } catch {
          // A result too malformed to read is skipped; the rest of the log still counts.
        }
      }
    }
    return { results };
  } catch (e) {
    return { results: [], error: e instanceof Error ? e.message : 'unreadable SARIF' };
  }
}

/** Every result of every run of a SARIF log ([] for anything unreadable). */
export function parseSarif(input: string | Uint8Array): SarifResult[] {
  return parseSarifLog(input).results;
}
