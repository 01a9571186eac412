import type { Category, Severity } from '../../core/types';

/** A diagnostic as an editor reports it (VS Code's `Diagnostic`, flattened), or as a linter prints it. */
export interface DiagnosticInput {
  /** "Semgrep", "sonarqube", "eslint", "ts", "Pylance", "Bandit", "Ruff"... */
  source?: string;
  /** Rule id or error code: "python.django...sql-injection", "python:S3649", 2304, `{ value, target }`. */
  code?: string | number | { value: string | number; target?: string };
  message: string;
  /** VS Code names or numbers (0 Error, 1 Warning, 2 Information, 3 Hint), or a tool's own word. */
  severity?: 'error' | 'warning' | 'information' | 'hint' | number | string;
  file?: string;
  line?: number;
  snippet?: string;
  language?: string;
}

export interface DiagnosticClassification {
  category: Category;
  severity: Severity;
  /** "CWE-89" style ids, most specific first; [] when unknown. */
  cwe: string[];
  /** One line a person can act on. */
  description: string;
  fixHint?: string;
  ruleId?: string;
  /** Canonical tool name: "semgrep", "sonarqube", "eslint", "typescript", "pyright", "bandit", "ruff"... */
  tool: string;
}

/** SARIF result levels (SARIF 2.1.0 §3.27.10). */
export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

/**
 * One SARIF result. The first nine fields are the CLI's contract (`mistakes parse-sarif --json`);
 * the optional ones help turn a result into a candidate.
 */
export interface SarifResult {
  ruleId: string;
  level: SarifLevel;
  uri: string | null;
  startLine: number | null;
  message: string;
  /** True when the result carries an accepted (or status-less) suppression: not a mistake. */
  suppressed: boolean;
  category: Category;
  severity: Severity;
  cwe: string[];
  tool?: string;
  snippet?: string;
  description?: string;
  fixHint?: string;
  /** SARIF `kind`: "fail" unless the producer said otherwise ("pass", "review"...). */
  kind?: string;
}
