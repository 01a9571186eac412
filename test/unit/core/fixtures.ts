import type { Candidate, Pattern } from '../../../src/core/types';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 0, 15, 12);

let nextId = 1;
export function pattern(over: Partial<Pattern> = {}): Pattern {
  const id = over.id ?? nextId++;
  return {
    id,
    modelName: 'claude-sonnet-4',
    errorSignature: `sig-${id}`,
    category: 'async',
    severity: 'major',
    frequency: 1,
    firstSeen: NOW - 10 * DAY,
    lastSeen: NOW,
    fixApplied: 0,
    userCorrections: 0,
    testFailures: 0,
    archived: false,
    description: `Pattern ${id} description`,
    contexts: [],
    source: 'test',
    alwaysInject: false,
    injectedCount: 0,
    recurredAfterInjection: 0,
    successCount: 0,
    ...over,
  };
}

export function candidate(over: Partial<Candidate> = {}): Candidate {
  return { description: 'something failed', category: 'logic', severity: 'major', source: 'test', ...over };
}

/** Fake secrets are assembled at run time so no secret-shaped literal is committed. */
export const j = (...parts: string[]): string => parts.join('');
export const rep = (s: string, n: number): string => s.repeat(n);
