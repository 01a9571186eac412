import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExpectedRecord } from '../../../../src/capture/testOutput/score';

const REPO = path.resolve(__dirname, '../../../..');
export const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(REPO, '..', 'shared');
export const CORPUS = path.join(SHARED_DIR, 'eval', 'tests');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'testOutput');

export function corpusAvailable(): boolean {
  return existsSync(path.join(CORPUS, 'expected.jsonl'));
}

export function readCorpusRecords(): ExpectedRecord[] {
  return readFileSync(path.join(CORPUS, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ExpectedRecord);
}

export function corpusFile(rel: string): string {
  return readFileSync(path.join(CORPUS, rel), 'utf8');
}

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The real-report corpus kept in the repository (see test/fixtures/reports/PROVENANCE.md). */
export const REPORTS = path.join(REPO, 'test', 'fixtures', 'reports');

export function readReportRecords(): ExpectedRecord[] {
  return readFileSync(path.join(REPORTS, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ExpectedRecord);
}
