export { detectCorrection, type CorrectionResult, type CorrectionKind, type DetectOptions } from './detect';
export { correctionToCandidate, categorize, type CorrectionInput } from './candidate';
export { scoreCorrections, prf, toolFamily, formatPrf, type CorrectionScore, type PrfScore, type LabeledPrediction } from './score';
export { MAX_LESSON_CHARS } from './lesson';
export { SPEC_PHRASES, specPhraseBaseline, naiveKeywordBaseline } from './baseline';
export { opinionPrompt, parseOpinion, OPINION_MARKER, type SecondOpinion } from './secondOpinion';
