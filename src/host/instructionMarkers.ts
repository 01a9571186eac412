/**
 * Merging our section into files other tools and people also edit (AGENTS.md, CLAUDE.md, instruction
 * files). Pure string functions, no VS Code: the rule is that nothing outside our markers changes.
 */

export const START_MARKER = '<!-- mistake-memory:start -->';
export const END_MARKER = '<!-- mistake-memory:end -->';

export interface MergeResult {
  readonly text: string;
  readonly changed: boolean;
}

/**
 * Replaces the text between our markers with `body`, or appends a marked section when the file has
 * none. With `body` empty the section (markers included) is removed. Markers that are unbalanced
 * (a start without an end) are left alone and a new section is appended, so a half-deleted section
 * never swallows the user's text.
 */
export function mergeMarkedSection(existing: string | undefined, body: string, options: { header?: string } = {}): MergeResult {
  const old = existing ?? '';
  const eol = old.includes('\r\n') ? '\r\n' : '\n';
  const inner = body.trim().replace(/\r?\n/g, eol);
  const section = inner ? `${START_MARKER}${eol}${inner}${eol}${END_MARKER}` : '';
  const start = old.indexOf(START_MARKER);
  const end = start >= 0 ? old.indexOf(END_MARKER, start + START_MARKER.length) : -1;
  let text: string;
  if (start >= 0 && end >= 0) {
    let after = old.slice(end + END_MARKER.length);
    let before = old.slice(0, start);
    if (!section) {
      // Removing: also drop the blank line we added in front of the section, nothing else.
      if (before.endsWith(eol + eol)) before = before.slice(0, -eol.length);
      if (after.startsWith(eol) && (before === '' || before.endsWith(eol))) after = after.slice(eol.length);
    }
    text = before + section + after;
  } else if (!section) {
    text = old;
  } else if (old.trim() === '') {
    text = (options.header ? options.header.replace(/\r?\n/g, eol) + eol : '') + section + eol;
  } else {
    const sep = old.endsWith(eol + eol) ? '' : old.endsWith(eol) ? eol : eol + eol;
    text = old + sep + section + eol;
  }
  return { text, changed: text !== old };
}

/** Front matter that makes Copilot apply `.github/instructions/*.instructions.md` to every file. */
export const INSTRUCTIONS_FRONT_MATTER = "---\napplyTo: '**'\ndescription: Mistakes AI assistants made in this project before, learned by Mistake Memory\n---\n";

/** Cuts `text` to at most `maxChars` at a line boundary, so a budget never leaves half a bullet. */
export function cutToBudget(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, Math.max(0, maxChars));
  const nl = cut.lastIndexOf('\n');
  return (nl > 0 ? cut.slice(0, nl) : cut).trimEnd();
}
