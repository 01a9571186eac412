import { leadingErrorType } from './text';

/**
 * The exception a Python traceback ends with: the last unindented "Type: message" (or bare "Type")
 * line after a frame. Chained tracebacks ("During handling of the above exception...") end with the
 * one that escaped.
 */
export function pythonException(lines: readonly string[]): { type: string | null; message: string } {
  let type: string | null = null;
  let message: string[] = [];
  let inTrace = false;
  let collecting = false;
  for (const line of lines) {
    if (/^\s*Traceback \(most recent call last\):/.test(line)) {
      inTrace = true;
      collecting = false;
      continue;
    }
    if (!inTrace) continue;
    if (/^\s/.test(line) || line === '') {
      if (collecting && line !== '' && message.length < 50) message.push(line.trim());
      else if (collecting && line === '') collecting = false;
      continue;
    }
    if (/^(?:During handling of the above exception|The above exception was the direct cause)/.test(line)) {
      collecting = false;
      continue;
    }
    const m = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(line);
    if (m && (m[2] !== undefined || leadingErrorType(`${m[1]}: x`) !== null)) {
      type = m[1]!;
      message = [line];
      collecting = true;
      inTrace = false;
      continue;
    }
    if (collecting && message.length < 50) message.push(line);
  }
  return { type, message: message.join('\n').trim() };
}
