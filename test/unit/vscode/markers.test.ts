import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { cutToBudget, END_MARKER, mergeMarkedSection, START_MARKER } from '../../../src/host/instructionMarkers';

describe('instruction file marker merge', () => {
  it('appends a marked section to a file without one, keeping the text before it', () => {
    const r = mergeMarkedSection('# Agents\n\nMy notes.\n', 'lesson one');
    assert.equal(r.text, `# Agents\n\nMy notes.\n\n${START_MARKER}\nlesson one\n${END_MARKER}\n`);
    assert.equal(r.changed, true);
  });

  it('creates a new file with the header (front matter) outside the markers', () => {
    const r = mergeMarkedSection(undefined, 'x', { header: "---\napplyTo: '**'\n---\n" });
    assert.equal(r.text, `---\napplyTo: '**'\n---\n\n${START_MARKER}\nx\n${END_MARKER}\n`);
  });

  it('replaces only the text between the markers', () => {
    const before = `intro\n${START_MARKER}\nold\n${END_MARKER}\noutro\n`;
    const r = mergeMarkedSection(before, 'new body');
    assert.equal(r.text, `intro\n${START_MARKER}\nnew body\n${END_MARKER}\noutro\n`);
  });

  it('reports no change when the body is the same', () => {
    const once = mergeMarkedSection('a\n', 'b').text;
    assert.equal(mergeMarkedSection(once, 'b').changed, false);
  });

  it('removes the section (and only it) when the body is empty', () => {
    const once = mergeMarkedSection('# Title\n\nText.\n', 'lesson').text;
    assert.equal(mergeMarkedSection(once, '').text, '# Title\n\nText.\n');
    assert.equal(mergeMarkedSection('plain\n', '').changed, false);
  });

  it('keeps CRLF files CRLF', () => {
    const r = mergeMarkedSection('a\r\nb\r\n', 'x\ny');
    assert.ok(!/[^\r]\n/.test(r.text), JSON.stringify(r.text));
  });

  it('does not swallow text after a start marker with no end marker', () => {
    const broken = `keep\n${START_MARKER}\nuser text after a half-deleted section\n`;
    const r = mergeMarkedSection(broken, 'body');
    assert.ok(r.text.startsWith(broken));
    assert.ok(r.text.includes('user text after a half-deleted section'));
  });

  it('never changes text outside the markers (property)', () => {
    const noMarkers = fc.string({ maxLength: 200 }).filter((s) => !s.includes('<!--'));
    fc.assert(
      fc.property(noMarkers, noMarkers, noMarkers, noMarkers, (pre, post, oldBody, newBody) => {
        const prefix = pre + '\n';
        const file = `${prefix}${START_MARKER}\n${oldBody}\n${END_MARKER}${post}`;
        const r = mergeMarkedSection(file, newBody.trim() ? newBody : 'x');
        assert.ok(r.text.startsWith(prefix));
        assert.ok(r.text.endsWith(`${END_MARKER}${post}`));
      }),
      { numRuns: 300 },
    );
  });

  it('cuts to a budget at a line boundary', () => {
    assert.equal(cutToBudget('aaa\nbbb\nccc', 9), 'aaa\nbbb');
    assert.equal(cutToBudget('short', 100), 'short');
  });
});
