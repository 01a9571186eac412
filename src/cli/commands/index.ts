import type { Command } from '../command';
import { chromaCommand } from './chroma';
import { classifyDiagnosticCommand } from './classifyDiagnostic';
import { clearCommand } from './clear';
import { compactCommand } from './compact';
import { detectCorrectionCommand } from './detectCorrection';
import { exportCommand } from './export';
import { hookCommand } from './hook';
import { importCommand } from './import';
import { injectCommand } from './inject';
import { listCommand } from './list';
import { mcpCommand } from './mcp';
import { packCommand } from './pack';
import { parseSarifCommand } from './parseSarif';
import { parseTestsCommand } from './parseTests';
import { recordCommand } from './record';
import { searchCommand } from './search';
import { statsCommand } from './stats';

/** Every CLI command, in the order `--help` lists them. Command modules live beside this file. */
export const commands: readonly Command[] = [
  recordCommand,
  searchCommand,
  injectCommand,
  listCommand,
  statsCommand,
  exportCommand,
  importCommand,
  clearCommand,
  compactCommand,
  packCommand,
  chromaCommand,
  parseTestsCommand,
  parseSarifCommand,
  classifyDiagnosticCommand,
  detectCorrectionCommand,
  mcpCommand,
  hookCommand,
];
