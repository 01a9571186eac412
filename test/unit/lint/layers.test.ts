import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/** The layer rules in eslint.config.mjs fire on up-layer imports and stay quiet on allowed ones. */
describe('lint: layers', function () {
  this.timeout(60_000);
  const root = join(__dirname, '../../..');
  const eslint = new ESLint({ cwd: root });

  async function problems(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  const cases: Array<[string, string, RegExp | undefined]> = [
    ['src/core/x.ts', "import type { PatternQuery } from '../store/types';\nexport type Q = PatternQuery;\n", /ground layer/],
    ['src/core/x.ts', "import type { Pattern } from './types';\nexport type P = Pattern;\n", undefined],
    ['src/store/x.ts', "import type { MistakeMemory } from '../engine/engineApi';\nexport type M = MistakeMemory;\n", /below the engine/],
    ['src/store/sqljs/x.ts', "import { createEngine } from '../../engine';\nexport const c = createEngine;\n", /below the engine/],
    ['src/capture/x.ts', "import { handleHook } from '../agentHooks/handlers';\nexport const h = handleHook;\n", /below the engine/],
    ['src/embedding/x.ts', "import type { Pattern } from '../core/types';\nexport type P = Pattern;\n", undefined],
    ['src/agentHooks/x.ts', "import { readSettings } from '../vscode/config';\nexport const r = readSettings;\n", /entrances/],
    ['src/engine/x.ts', "import { openEngine } from '../cli/openEngine';\nexport const o = openEngine;\n", /entrances/],
    ['src/engine/x.ts', "import { handleHook } from '../agentHooks/handlers';\nexport const h = handleHook;\n", /below the hooks/],
    ['src/engine/x.ts', "import type { MistakeMemory } from './engineApi';\nexport type M = MistakeMemory;\n", undefined],
    ['src/host/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /Only src\/vscode/],
    ['src/host/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n", /Node built-ins/],
    ['src/search/x.ts', "import { createEngine } from '../engine';\nexport const c = createEngine;\n", /below the engine/],
    ['src/mcp/x.ts', "import { openEngine } from '../cli/openEngine';\nexport const o = openEngine;\n", /entrances/],
    ['src/store/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n", /Node built-ins/],
    ['src/cli/x.ts', "import { handleHook } from '../agentHooks/handlers';\nexport const h = handleHook;\n", undefined],
  ];
  for (const [file, code, expected] of cases) {
    it(`${file}: ${code.split('\n')[0]} ${expected ? 'is refused' : 'is allowed'}`, async () => {
      const found = await problems(file, code);
      if (expected) assert.ok(found.some((m) => expected.test(m)), `expected ${expected}, got ${JSON.stringify(found)}`);
      else assert.deepEqual(found, []);
    });
  }
});
