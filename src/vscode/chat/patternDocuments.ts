import * as vscode from 'vscode';
import type { Pattern } from '../../core/types';
import type { MistakeMemory } from '../../engine/engineApi';

export const PATTERN_SCHEME = 'mistake-memory';

/** A read-only document per pattern, so chat answers can cite the patterns they used. */
export function patternUri(p: Pick<Pattern, 'id'>): vscode.Uri {
  return vscode.Uri.from({ scheme: PATTERN_SCHEME, path: `/pattern/${p.id}.md` });
}

export function registerPatternDocuments(engine: () => Promise<MistakeMemory>): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const id = Number(/\/pattern\/(\d+)\.md$/.exec(uri.path)?.[1]);
      const p = Number.isInteger(id) ? (await engine()).getPattern(id) : undefined;
      return p ? describePattern(p) : `# Pattern not found\n\n${uri.path} is not in the mistake store (it may have been deleted).\n`;
    },
  };
  return vscode.workspace.registerTextDocumentContentProvider(PATTERN_SCHEME, provider);
}

export function describePattern(p: Pattern): string {
  const lines = [
    `# ${p.description}`,
    '',
    `- Category: ${p.category} · Severity: ${p.severity}${p.alwaysInject ? ' · always injected' : ''}`,
    `- Model: ${p.modelName} · Seen ${p.frequency} time(s) · first ${new Date(p.firstSeen).toISOString().slice(0, 10)}, last ${new Date(p.lastSeen).toISOString().slice(0, 10)}`,
    `- Source: ${p.source}${p.ruleId ? ` · Rule: ${p.ruleId}` : ''}${p.cwe?.length ? ` · ${p.cwe.join(', ')}` : ''}`,
    `- Injected ${p.injectedCount} time(s), recurred after injection ${p.recurredAfterInjection} time(s), fixes applied ${p.fixApplied}`,
  ];
  if (p.fixDescription) lines.push('', '## Fix', '', p.fixDescription);
  if (p.errorMessage) lines.push('', '## Error', '', '```', p.errorMessage.slice(0, 2000), '```');
  if (p.codeSnippet) lines.push('', '## Bad', '', '```', p.codeSnippet, '```');
  if (p.goodSnippet) lines.push('', '## Good', '', '```', p.goodSnippet, '```');
  if (p.contexts.length) lines.push('', '## Seen in', '', ...p.contexts.slice(0, 20).map((c) => `- ${c}`));
  return lines.join('\n') + '\n';
}
