import { TEST_FORMATS } from './types';

/**
 * A short guess at what a file that no parser recognised is, for the one line that tells the user
 * why nothing was learned ("looks like HTML"). Looks at the first 64 KB only.
 */
export function describeUnknown(text: string): string {
  if (typeof text !== 'string' || !text.trim()) return 'an empty file';
  const head = text.slice(0, 65536).replace(/^\uFEFF/, '');
  let control = 0;
  for (let i = 0; i < Math.min(head.length, 4096); i++) {
    const c = head.charCodeAt(i);
    if (c === 0 || c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27)) control++;
  }
  if (control > Math.min(head.length, 4096) * 0.05 || head.includes('\u0000')) return 'binary data';
  const t = head.trimStart();
  if (/^<!doctype html|^<html\b/i.test(t) || /<(?:head|body)\b[^>]*>/i.test(t.slice(0, 4096))) return 'HTML';
  if (t.startsWith('<')) {
    const root = /<([A-Za-z_][\w:.-]*)/.exec(t.replace(/^<\?[^>]*\?>\s*/, '').replace(/^(?:<!--[\s\S]*?-->\s*)+/, ''))?.[1];
    return root ? `XML of unknown shape (root <${root}>)` : 'XML of unknown shape';
  }
  if (t.startsWith('{') || t.startsWith('[')) {
    const key = /^\{\s*"([^"\n]{1,40})"/.exec(t)?.[1];
    return key ? `JSON of unknown shape (first key "${key}")` : 'JSON of unknown shape';
  }
  return 'plain text without test results';
}

/** The one line shown (CLI) or logged (watchers) for input no parser recognises. */
export function unreadableMessage(text: string): string {
  return `not a test report I can read: looks like ${describeUnknown(text)}; supported: ${TEST_FORMATS.join(', ')}`;
}
