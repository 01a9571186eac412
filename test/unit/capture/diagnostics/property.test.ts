import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  classifyDiagnostic,
  diagnosticToCandidate,
  parseSarif,
  parseSarifLog,
  sarifResultToCandidate,
  scoreSecurity,
  type DiagnosticInput,
} from '../../../../src/capture/diagnostics';
import { isCategory, isSeverity } from '../../../../src/core/types';

const VALID = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Semgrep OSS', rules: [{ id: 'a.security.sql', defaultConfiguration: { level: 'error' }, properties: { tags: ['external/cwe/cwe-089', 'security'], 'security-severity': '9.1' } }] } },
      artifacts: [{ location: { uri: 'x.py' } }],
      results: [
        { ruleId: 'a.security.sql', ruleIndex: 0, message: { text: 'SQL injection {0}', arguments: ['here'] }, locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 3, snippet: { text: 'q' } } } }] },
        { ruleId: 'b', kind: 'pass', message: { id: 'm' }, suppressions: [{ status: 'underReview' }] },
      ],
    },
  ],
});

function checkResults(text: string | Uint8Array): void {
  const parsed = parseSarifLog(text);
  assert.ok(Array.isArray(parsed.results));
  for (const r of parsed.results) {
    assert.equal(typeof r.ruleId, 'string');
    assert.ok(['none', 'note', 'warning', 'error'].includes(r.level));
    assert.ok(r.uri === null || typeof r.uri === 'string');
    assert.ok(r.startLine === null || (Number.isInteger(r.startLine) && r.startLine >= 1));
    assert.equal(typeof r.message, 'string');
    assert.equal(typeof r.suppressed, 'boolean');
    assert.ok(isCategory(r.category) && isSeverity(r.severity));
    assert.ok(Array.isArray(r.cwe) && r.cwe.every((c) => /^CWE-\d+$/.test(c)));
    const c = sarifResultToCandidate(r);
    if (c) assert.ok(isCategory(c.category));
  }
}

/** SARIF-shaped values with arbitrary leaves, so the walker meets every wrong type in every place. */
const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const messageArb = fc.oneof(leaf, fc.record({ text: leaf, markdown: leaf, id: leaf, arguments: fc.oneof(leaf, fc.array(leaf)) }, { requiredKeys: [] }));
const locationArb = fc.oneof(
  leaf,
  fc.record({ physicalLocation: fc.oneof(leaf, fc.record({ artifactLocation: fc.oneof(leaf, fc.record({ uri: leaf, index: leaf }, { requiredKeys: [] })), region: fc.oneof(leaf, fc.record({ startLine: leaf, snippet: fc.oneof(leaf, fc.record({ text: leaf })) }, { requiredKeys: [] })) }, { requiredKeys: [] })) }, { requiredKeys: [] }),
);
const resultArb = fc.oneof(
  leaf,
  fc.record(
    {
      ruleId: leaf,
      ruleIndex: leaf,
      rule: fc.oneof(leaf, fc.record({ id: leaf, index: leaf, toolComponent: fc.oneof(leaf, fc.record({ index: leaf })) }, { requiredKeys: [] })),
      level: fc.oneof(leaf, fc.constantFrom('error', 'warning', 'note', 'none')),
      kind: leaf,
      message: messageArb,
      locations: fc.oneof(leaf, fc.array(locationArb, { maxLength: 3 })),
      suppressions: fc.oneof(leaf, fc.array(fc.oneof(leaf, fc.record({ kind: leaf, status: leaf }, { requiredKeys: [] })), { maxLength: 3 })),
      properties: fc.oneof(leaf, fc.record({ tags: fc.oneof(leaf, fc.array(leaf)), 'security-severity': leaf, cwe: fc.oneof(leaf, fc.array(leaf)) }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
);
const ruleArb = fc.oneof(
  leaf,
  fc.record(
    {
      id: leaf,
      name: leaf,
      shortDescription: messageArb,
      fullDescription: messageArb,
      defaultConfiguration: fc.oneof(leaf, fc.record({ level: leaf })),
      messageStrings: fc.oneof(leaf, fc.dictionary(fc.string(), messageArb, { maxKeys: 3 })),
      properties: fc.oneof(leaf, fc.record({ tags: fc.oneof(leaf, fc.array(leaf)), 'security-severity': leaf, cwe: leaf }, { requiredKeys: [] })),
      relationships: fc.oneof(leaf, fc.array(fc.oneof(leaf, fc.record({ target: fc.oneof(leaf, fc.record({ id: leaf, toolComponent: fc.oneof(leaf, fc.record({ name: leaf })) }, { requiredKeys: [] })) })), { maxLength: 2 })),
    },
    { requiredKeys: [] },
  ),
);
const sarifArb = fc.record(
  {
    version: leaf,
    runs: fc.oneof(
      leaf,
      fc.array(
        fc.oneof(
          leaf,
          fc.record(
            {
              tool: fc.oneof(leaf, fc.record({ driver: fc.oneof(leaf, fc.record({ name: leaf, rules: fc.oneof(leaf, fc.array(ruleArb, { maxLength: 4 })) }, { requiredKeys: [] })), extensions: fc.oneof(leaf, fc.array(fc.record({ rules: fc.oneof(leaf, fc.array(ruleArb, { maxLength: 3 })) }), { maxLength: 2 })) }, { requiredKeys: [] })),
              artifacts: fc.oneof(leaf, fc.array(fc.oneof(leaf, fc.record({ location: fc.oneof(leaf, fc.record({ uri: leaf })) })), { maxLength: 3 })),
              results: fc.oneof(leaf, fc.array(resultArb, { maxLength: 6 })),
            },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 3 },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('robustness (property-based)', () => {
  it('parseSarif never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (s) => checkResults(s)), { numRuns: 2000 });
  });

  it('parseSarif never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => checkResults(b)), { numRuns: 1500 });
  });

  it('parseSarif never throws on truncated or corrupted SARIF', () => {
    fc.assert(
      fc.property(fc.nat({ max: VALID.length }), fc.nat({ max: VALID.length }), fc.string({ maxLength: 5 }), (cutAt, at, junk) => {
        checkResults(VALID.slice(0, cutAt));
        checkResults(VALID.slice(0, at) + junk + VALID.slice(at + junk.length));
      }),
      { numRuns: 2000 },
    );
    assert.equal(parseSarif(VALID).length, 2);
  });

  it('parseSarif never throws on SARIF-shaped values with wrong types anywhere', () => {
    fc.assert(fc.property(sarifArb, (v) => checkResults(JSON.stringify(v) ?? '')), { numRuns: 1500 });
  });

  it('parseSarif never throws on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => checkResults(JSON.stringify({ runs: [v, { results: [v] }] }))), { numRuns: 1000 });
  });

  it('survives deep nesting and large inputs without hanging', () => {
    checkResults('['.repeat(200000));
    checkResults('{"runs":' + '['.repeat(100000) + ']'.repeat(100000) + '}');
    const huge = JSON.stringify({ runs: [{ results: [{ ruleId: 'x'.repeat(1_000_000), message: { text: 'sql injection '.repeat(200_000) } }] }] });
    const t0 = Date.now();
    const [r] = parseSarif(huge);
    assert.equal(r.ruleId.length, 1_000_000);
    assert.ok(Date.now() - t0 < 5000);
  });

  it('classifyDiagnostic never throws and always answers with valid values', () => {
    const codeArb = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.record({ value: fc.oneof(fc.string(), fc.integer()), target: fc.string() }, { requiredKeys: [] }), fc.anything());
    const diag = fc.record(
      {
        source: fc.oneof(fc.constantFrom('Semgrep', 'semgrep', 'sonarqube', 'sonarlint', 'eslint', 'ts', 'Pylance', 'Bandit', 'Ruff', 'Mypy', 'CodeQL'), fc.string(), fc.anything()),
        code: codeArb,
        message: fc.oneof(fc.string({ maxLength: 500 }), fc.anything()),
        severity: fc.oneof(fc.constantFrom('error', 'warning', 'information', 'hint', 0, 1, 2, 3, 'ERROR', 'INFO'), fc.anything()),
        file: fc.anything(),
        line: fc.anything(),
        snippet: fc.anything(),
        language: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(diag, fc.anything({ withNullPrototype: true, withObjectString: true })), (d) => {
        const r = classifyDiagnostic(d as DiagnosticInput);
        assert.ok(isCategory(r.category) && isSeverity(r.severity));
        assert.ok(r.cwe.every((c) => /^CWE-\d+$/.test(c)));
        assert.equal(typeof r.description, 'string');
        assert.ok(r.description.length > 0 && r.description.length < 1000);
        const c = diagnosticToCandidate(d as DiagnosticInput, r);
        assert.equal(c.source, 'diagnostic');
      }),
      { numRuns: 3000 },
    );
  });

  it('classifyDiagnostic stays fast on huge and adversarial messages', () => {
    const msgs = ['a'.repeat(1_000_000), 'sql '.repeat(300_000), `${'('.repeat(50_000)}x${')'.repeat(50_000)}`, 'hard-coded '.repeat(100_000), ' '.repeat(500_000) + 'x'];
    const t0 = Date.now();
    for (const m of msgs) {
      const r = classifyDiagnostic({ source: 'Semgrep', code: `${'x.'.repeat(10_000)}security`, message: m, snippet: m });
      assert.ok(isCategory(r.category));
    }
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  });

  it('the scorer never throws on arbitrary corpus text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), (cases, expected, files) => {
        const s = scoreSecurity({ casesJsonl: cases, sarifExpectedJsonl: expected, sarifFiles: files });
        assert.ok(s.cases.total >= 0);
      }),
      { numRuns: 500 },
    );
  });
});
