/** Scanner and linter diagnostics → classified mistakes (platform-neutral; no Node or VS Code APIs). */
export type { DiagnosticInput, DiagnosticClassification, SarifResult, SarifLevel } from './types';
export { classifyDiagnostic, normalizeLevel, codeValue, type ClassifyExtras } from './classify';
export { parseSarif, parseSarifLog, type SarifParse } from './sarif';
export { diagnosticToCandidate, sarifResultToCandidate, type CandidateContext } from './candidate';
export {
  scoreSecurity,
  scoreSecurityCases,
  scoreSarif,
  formatSecurityScore,
  caseToDiagnostic,
  type SecurityScore,
  type SecurityCorpus,
} from './score';
