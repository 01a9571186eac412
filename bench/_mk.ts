import { CATEGORIES, type Candidate } from '../src/core/types';
import { errorSignature } from '../src/core/signature';
import { loadSqlJsNode, NodeFileSystem } from '../src/store/fileSystem.node';
import { SqlJsMetadataStore } from '../src/store/sqljsStore';
import { randomUnit, rng } from './benchUtil';
const LANGS = ['typescript', 'python', 'go', 'java', 'rust'];
const EXT: Record<string, string> = { typescript: 'ts', python: 'py', go: 'go', java: 'java', rust: 'rs' };
const WORDS = 'async await promise database query cursor sql injection parameter html escape import module path file null undefined type string parse json config secret token request response timeout retry lock race exception test mock assert'.split(' ');
async function main() {
  const n = Number(process.argv[2]); const path = process.argv[3];
  const r = rng(7);
  const store = new SqlJsMetadataStore({ fs: new NodeFileSystem(), path, loadSqlJs: loadSqlJsNode, vectorEncoding: 'float16' });
  await store.open();
  const w = () => WORDS[Math.floor(r() * WORDS.length)];
  for (let i = 0; i < n; i++) {
    const language = LANGS[i % LANGS.length];
    const c: Candidate = { description: `${w()} ${w()} ${w()} mistake ${i}: ${w()} ${w()} ${w()}`, category: CATEGORIES[i % CATEGORIES.length], severity: (['critical', 'major', 'minor'] as const)[i % 3], source: 'test', errorType: `${w()}Error`, errorMessage: `${w()} ${w()} ${w()} ${i}`, filePath: `src/module${i % 500}.${EXT[language]}`, language, model: 'gpt-4o' };
    const res = await store.record({ signature: errorSignature(c), candidate: c, model: 'gpt-4o', timestamp: Date.now() - i * 60_000, contexts: [`module${i % 500}.${EXT[c.language!]}`] });
    await store.putVector(res.pattern.id, process.argv[4] ?? 'none', randomUnit(r));
  }
  await store.flush(); await store.close();
}
void main();
