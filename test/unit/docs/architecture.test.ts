import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../../..');
const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** `path.ts` as written in the doc's module list (paths under src/ or webview-ui/src/). */
const named = new Set([...doc.matchAll(/`([\w./-]+\.ts)`/g)].map((m) => m[1]));

describe('docs/architecture.md matches the tree', () => {
  it('names every source module, one line each', () => {
    const missing = tsFiles(join(root, 'src'))
      .map((p) => relative(join(root, 'src'), p).split('\\').join('/'))
      .filter((p) => !named.has(p));
    assert.deepEqual(missing, [], 'modules the architecture doc does not list');
  });

  it('names every webview module', () => {
    const missing = tsFiles(join(root, 'webview-ui/src'))
      .map((p) => relative(join(root, 'webview-ui/src'), p))
      .filter((p) => !named.has(p));
    assert.deepEqual(missing, []);
  });

  it('lists no module that does not exist', () => {
    const listed = [...doc.matchAll(/^- `([\w./-]+\.ts)`:/gm)].map((m) => m[1]);
    assert.ok(listed.length > 100, `expected the module list, found ${listed.length} entries`);
    const gone = listed.filter((p) => {
      try {
        return !statSync(join(root, 'src', p)).isFile();
      } catch {
        return true;
      }
    });
    assert.deepEqual(gone, []);
  });
});
