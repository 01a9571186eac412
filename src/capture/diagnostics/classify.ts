import type { Category, Severity } from '../../core/types';
import { conceptCwes, matchConcepts, type ConceptMatch } from './concepts';
import { categoryFromMessage, detectTool, GENERIC_CWES, NEVER_SECURITY, readTool, rulesetCategory, SECURITY_TOOLS, securityNamespace } from './toolReadings';
import { asString, cut, firstSentence, isRecord, normalizeCwe, prop, uniq } from './text';
import type { DiagnosticClassification, DiagnosticInput } from './types';

/** Normalised severity of the reporting tool, before it is turned into ours. */
export type Level = 'error' | 'warning' | 'info' | 'hint';

/**
 * Any tool's severity word or VS Code's DiagnosticSeverity number (0 Error, 1 Warning,
 * 2 Information, 3 Hint); undefined when absent or unknown.
 */
export function normalizeLevel(v: unknown): Level | undefined {
  if (typeof v === 'number') return v === 0 ? 'error' : v === 1 ? 'warning' : v === 2 ? 'info' : v === 3 ? 'hint' : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (/^\d$/.test(s)) return normalizeLevel(Number(s));
  if (/^(error|err|e|fatal|critical|blocker|high|severe|severity\.error)$/.test(s)) return 'error';
  if (/^(warning|warn|w|major|medium|moderate|severity\.warning)$/.test(s)) return 'warning';
  if (/^(information|info|i|note|minor|low|informational|severity\.information)$/.test(s)) return 'info';
  if (/^(hint|none|suggestion|severity\.hint)$/.test(s)) return 'hint';
  return undefined;
}

const SECURITY_SEVERITY: Record<Level, Severity> = { error: 'critical', warning: 'major', info: 'minor', hint: 'minor' };
const OTHER_SEVERITY: Record<Level, Severity> = { error: 'major', warning: 'minor', info: 'minor', hint: 'minor' };

export function severityFor(category: Category, level: Level | undefined, fallback?: Severity): Severity {
  if (level) return category === 'security' ? SECURITY_SEVERITY[level] : OTHER_SEVERITY[level];
  if (fallback) return fallback;
  if (category === 'security') return 'major';
  return category === 'syntax' || category === 'import' || category === 'type' ? 'major' : 'minor';
}

/** The `code` of a diagnostic as a string, whatever its shape. */
export function codeValue(code: unknown): string | undefined {
  const direct = asString(code);
  if (direct !== undefined) return direct.trim() || undefined;
  const v = asString(prop(code, 'value'));
  return v !== undefined ? v.trim() || undefined : undefined;
}

function safeInput(d: unknown): {
  source?: string;
  code?: string;
  message: string;
  level?: Level;
  snippet?: string;
} {
  if (!isRecord(d)) return { message: typeof d === 'string' ? cut(d) : '' };
  const snippet = asString(prop(d, 'snippet'));
  return {
    source: asString(prop(d, 'source')),
    code: codeValue(prop(d, 'code')) ?? codeValue(prop(d, 'ruleId')) ?? codeValue(prop(d, 'rule_id')),
    message: cut(asString(prop(d, 'message')) ?? ''),
    level: normalizeLevel(prop(d, 'severity')),
    snippet: snippet === undefined ? undefined : cut(snippet),
  };
}

export interface ClassifyExtras {
  /** Extra words a person would read about the rule (SARIF rule name, short/full description, tags). */
  readonly ruleText?: string;
  /** CWE ids known from metadata (SARIF tags/properties): authoritative when present. */
  readonly cwe?: readonly string[];
  /** Metadata says the rule is a security rule (SARIF "security" tag, security-severity). */
  readonly security?: boolean;
  /** Severity from metadata (SARIF security-severity) that overrides the level mapping. */
  readonly severity?: Severity;
}

/**
 * Classifies one diagnostic from any supported tool. Pure and total: any value, however malformed,
 * yields a classification ("other"/"minor" when nothing is known).
 */
export function classifyDiagnostic(d: DiagnosticInput, extras?: ClassifyExtras): DiagnosticClassification {
  try {
    return classifyUnsafe(d, extras);
  } catch {
    return { category: 'other', severity: 'minor', cwe: [], description: 'Unclassified diagnostic', tool: 'unknown' };
  }
}

function classifyUnsafe(d: unknown, extras: ClassifyExtras | undefined): DiagnosticClassification {
  const input = safeInput(d);
  const tool = detectTool(input.source, input.code);
  const reading = readTool(tool.id, input.code, input.message);
  const ruleId = reading.ruleId ?? input.code;
  const metaCwe = uniq((extras?.cwe ?? []).map(normalizeCwe).filter((c): c is string => !!c));

  const conceptText = {
    ruleId,
    message: [reading.title, extras?.ruleText, input.message].filter(Boolean).join('. '),
    snippet: input.snippet,
  };
  const conceptsAllowed = reading.conceptsAllowed && !NEVER_SECURITY.has(tool.id) && !NEVER_SECURITY.has(tool.name);
  let matches: ConceptMatch[] =
    conceptsAllowed || reading.security || metaCwe.length || extras?.security ? matchConcepts(conceptText) : [];
  // Outside security rule sets, only a message that names a weakness makes a finding a security one:
  // a Semgrep "correctness" rule about tempfile flushing is not an insecure-temp-file report, and an
  // unknown tool's two-word message is not evidence.
  const vouched = reading.security === true || metaCwe.length > 0 || extras?.security === true || securityNamespace(ruleId);
  if (!vouched && (tool.id === 'unknown' || rulesetCategory(ruleId) !== undefined)) {
    matches = input.message.trim().split(/\s+/).length >= 4 ? matches.filter((m) => m.named) : [];
  }

  const securityTool = SECURITY_TOOLS.has(tool.name);
  const security =
    reading.security === true ||
    (reading.category === undefined &&
      (metaCwe.length > 0 ||
        extras?.security === true ||
        securityTool ||
        (conceptsAllowed && (securityNamespace(ruleId) || matches.length > 0))));

  let category: Category;
  let cwe: string[] = [];
  let title: string | undefined = reading.title;
  let hint = reading.hint;
  if (security) {
    category = 'security';
    const fromConcepts = conceptCwes(matches, conceptText);
    if (metaCwe.length) cwe = metaCwe;
    else if (reading.cwe?.length) {
      // A rule table is authoritative; Sonar's (whose CWE lists can be broad or new) is enriched with
      // the ids of the weakness its title and message name.
      cwe = reading.conceptsAllowed
        ? uniq([...reading.cwe, ...fromConcepts.filter((c) => !GENERIC_CWES.has(c))]).slice(0, 4)
        : reading.cwe;
    } else cwe = fromConcepts;
    // Title and fix hint from the concept that agrees with the CWE, when a table decided it.
    const best = (cwe.length ? matches.find((m) => m.concept.cwe.some((c) => cwe.includes(c))) : undefined)?.concept ??
      (reading.cwe?.length || metaCwe.length ? undefined : matches[0]?.concept);
    title ??= best?.title;
    hint ??= best?.fix;
  } else {
    category =
      reading.category ??
      categoryFromMessage(input.message) ??
      rulesetCategory(ruleId) ??
      (tool.id === 'unknown' ? 'other' : 'lint');
    // A type checker may report a forgotten await as a type error; the lesson is about async.
    if ((category === 'type' || category === 'logic') && categoryFromMessage(input.message) === 'async') category = 'async';
    if (reading.cwe?.length) cwe = reading.cwe;
  }

  const severity = extras?.severity ?? severityFor(category, input.level, reading.defaultSeverity);
  const description = describe(title, input.message, ruleId, tool.name);
  const out: DiagnosticClassification = { category, severity, cwe, description, tool: tool.name };
  if (hint) out.fixHint = hint;
  if (ruleId) out.ruleId = ruleId;
  return out;
}

function describe(title: string | undefined, message: string, ruleId: string | undefined, tool: string): string {
  const sentence = message.trim() ? firstSentence(message) : '';
  if (title && sentence) {
    return sentence.toLowerCase().startsWith(title.toLowerCase()) ? sentence : `${title}: ${sentence}`;
  }
  if (sentence) return sentence;
  if (title) return ruleId ? `${title} (${ruleId})` : title;
  return ruleId ? `${tool} ${ruleId}` : `${tool} diagnostic`;
}
