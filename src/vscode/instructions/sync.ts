import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { buildInstructionsMarkdown } from '../../core/injection';
import type { Pattern } from '../../core/types';
import type { MistakeMemory } from '../../engine/engineApi';
import type { InstructionTarget, MistakeSettings } from '../config';
import { cutToBudget, INSTRUCTIONS_FRONT_MATTER, mergeMarkedSection } from '../../host/instructionMarkers';

export const TARGET_FILES: Readonly<Record<InstructionTarget, string>> = {
  instructions: '.github/instructions/learned-mistakes.instructions.md',
  agents: 'AGENTS.md',
  claude: 'CLAUDE.md',
};

export interface SyncReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly patterns: number;
}

/** The top patterns, always-inject first, then by frequency. */
export function topPatterns(engine: MistakeMemory, max: number): Pattern[] {
  // Captures waiting in the review queue are not lessons yet.
  const all = engine.listPatterns({ orderBy: 'frequency', descending: true, limit: Math.max(max * 3, 30), pendingReview: false });
  return [...all].sort((a, b) => Number(b.alwaysInject) - Number(a.alwaysInject) || b.frequency - a.frequency).slice(0, max);
}

/**
 * Writes the top patterns into the instruction files agents read, inside our markers only. Files are
 * created when missing; text outside the markers is never changed.
 */
export async function syncInstructionFiles(engine: MistakeMemory, settings: MistakeSettings, folder: vscode.Uri, logger: Logger): Promise<SyncReport> {
  const patterns = topPatterns(engine, settings.injectionMaxPatterns);
  const md = buildInstructionsMarkdown(patterns, { maxPatterns: settings.injectionMaxPatterns, maxChars: settings.injectionMaxChars });
  // The builder keeps to the budget; the cut is a guard for a budget it cannot meet.
  const body = md.included.length ? cutToBudget(md.text, settings.injectionMaxChars) : '';
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const target of settings.instructionTargets) {
    const rel = TARGET_FILES[target];
    const uri = vscode.Uri.joinPath(folder, ...rel.split('/'));
    let existing: string | undefined;
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      if (!(e instanceof vscode.FileSystemError)) throw e;
    }
    if (existing === undefined && !body) {
      unchanged.push(rel);
      continue;
    }
    const merged = mergeMarkedSection(existing, body, { header: target === 'instructions' ? INSTRUCTIONS_FRONT_MATTER : undefined });
    if (!merged.changed) {
      unchanged.push(rel);
      continue;
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(merged.text));
    written.push(rel);
  }
  logger.info(`instruction files: ${patterns.length} pattern(s); wrote ${written.join(', ') || 'nothing'}`);
  return { written, unchanged, patterns: patterns.length };
}
