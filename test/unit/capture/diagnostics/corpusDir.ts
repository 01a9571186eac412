import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** shared/eval/security as laid beside the repository (CI sets SHARED_DIR); undefined when absent. */
export function securityCorpusDir(): string | undefined {
  const shared = process.env.SHARED_DIR ?? resolve(__dirname, '../../../../../shared');
  const dir = join(shared, 'eval', 'security');
  return existsSync(join(dir, 'cases.jsonl')) ? dir : undefined;
}
