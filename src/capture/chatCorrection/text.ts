/**
 * Text preparation shared by the feature extractor and the lesson writer: bounding, splitting a message
 * into the prose the user wrote and the material they pasted (logs, code, terminal transcripts), and
 * normalising contractions so one pattern covers "don't", "dont" and "do not".
 */

/** Longer inputs are cut: a correction's signal is in its first lines, and every regex stays linear. */
export const MAX_INPUT_CHARS = 16_000;
const MAX_LINES = 400;

export function boundText(text: unknown): string {
  if (typeof text !== 'string') return '';
  const cut = text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
  // NUL and other C0 controls (except tab/newline) are noise from binary pastes.
  // eslint-disable-next-line no-control-regex
  return cut.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
}

/** A line that a person pasted rather than wrote: stack frames, compiler output, code, prompts. */
const LOG_LINE: readonly RegExp[] = [
  /^\s*at\s+\S.*[:(]\d+/, // JS/Java/C# stack frame
  /^\s*File ".*", line \d+/, // Python traceback
  /^\s*Traceback \(most recent call last\)/,
  /^\s*>?\s*\d+\s*\|/, // code frame "  22 | ..."
  /^\s*\|?\s*\^+\s*$/, // caret marker
  /^\s*(❯|\$|%|#|PS [A-Za-z]:\\|>>>)\s+\S/, // shell or REPL prompt
  /^\s*\S{1,64}@\S{1,64}[^\n]{0,60}[%$#]\s/, // user@host ... %
  /^\s*(error|warning|fatal|panic|err!?|note|help)(\[\w+\])?:/i,
  /^\s*([A-Z][A-Za-z0-9]{0,40})?(Error|Exception|Warning)\b[^\n]{0,10}:/,
  /^\s*(Line|line) \d+:\d+:/,
  /^\s*(npm|yarn|pnpm) (ERR|WARN)/,
  /^\s*[{}[\]();<>]+\s*$/,
  /^\s*(import|export|const|let|var|def|class|function|return|if|for|while|public|private|fn|func|package)\b[^\n]*[;{}():=]\s*$/,
  /^\s*<\/?[A-Za-z][\w.-]*(\s[^\n]*)?>\s*$/, // markup
];

export function isLogLine(line: string): boolean {
  const head = line.length > 600 ? line.slice(0, 600) : line;
  for (const re of LOG_LINE) if (re.test(head)) return true;
  const letters = (line.match(/[A-Za-z]/g) ?? []).length;
  // Lines that are mostly symbols and digits are pasted, not written.
  return line.trim().length >= 12 && letters / line.trim().length < 0.45;
}

export interface SplitText {
  /** What the user wrote in their own words (fenced code and pasted log lines removed). */
  readonly prose: string;
  /** Pasted lines (logs, code, transcripts), in order. */
  readonly pasted: readonly string[];
  /** All lines, bounded. */
  readonly lines: readonly string[];
  readonly hasFence: boolean;
}

export function splitText(text: string): SplitText {
  const lines = text.split('\n', MAX_LINES);
  const prose: string[] = [];
  const pasted: string[] = [];
  let inFence = false;
  let hasFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      hasFence = true;
      continue;
    }
    if (inFence || isLogLine(line)) pasted.push(line);
    else prose.push(line);
  }
  return { prose: prose.join('\n'), pasted, lines, hasFence };
}

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcan'?t\b|\bcannot\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\b(do|does|did|is|are|was|were|have|has|had|should|would|could|must|need)n'?t\b/g, '$1 not'],
  [/\b(ain)'?t\b/g, 'is not'],
  [/\bi'?m\b/g, 'i am'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\b(youre)\b/g, 'you are'],
  [/\b(i|you|we|they)'ve\b/g, '$1 have'],
  [/\b(i|you|we|they)'d\b/g, '$1 would'],
  [/\b(i|you|we|they)'ll\b/g, '$1 will'],
  [/\b(that|it|what|there|here|this|where|who)'?s\b/g, '$1 is'],
  [/\blet'?s\b/g, 'let us'],
];

/**
 * Lower-cased prose with contractions expanded, code spans replaced by a placeholder and long
 * quotations removed (a quotation is reported speech, not the user's own verdict).
 */
export function normalizeProse(prose: string): string {
  let s = prose.toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, (c) => (c === '`' ? '`' : "'"));
  s = s.replace(/`[^`\n]{0,300}`/g, ' coderef ');
  s = s.replace(/"[^"\n]{25,600}"|\u201c[^\u201d\n]{25,600}\u201d/g, ' quoted ');
  s = s.replace(/[\u201c\u201d]/g, '"');
  for (const [re, rep] of CONTRACTIONS) s = s.replace(re, rep);
  return s.replace(/[ \t]+/g, ' ');
}

/** Sentences/clauses of normalised prose, for sentence-initial patterns. */
export function sentences(norm: string): string[] {
  return norm
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .slice(0, 200);
}
