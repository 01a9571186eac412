import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

/** The Logger port over the extension's one LogOutputChannel; `component` tags every line. */
export function channelLogger(channel: vscode.LogOutputChannel, component?: string): Logger {
  const tag = (m: string): string => (component ? `[${component}] ${m}` : m);
  return {
    trace: (m, ...a) => channel.trace(tag(m), ...a),
    debug: (m, ...a) => channel.debug(tag(m), ...a),
    info: (m, ...a) => channel.info(tag(m), ...a),
    warn: (m, ...a) => channel.warn(tag(m), ...a),
    error: (m, ...a) => channel.error(typeof m === 'string' ? tag(m) : m, ...a),
  };
}
