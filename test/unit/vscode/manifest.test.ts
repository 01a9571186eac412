import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CATEGORIES } from '../../../src/core/types';
import { COMMANDS } from '../../../src/host/commandIds';
import { DEFAULT_DIAGNOSTIC_SOURCES, DEFAULT_JUNIT_GLOBS, SECTION, SETTING_KEYS } from '../../../src/host/settingsSchema';

interface Manifest {
  activationEvents?: string[];
  main?: string;
  browser?: string;
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { description?: string; default?: unknown }> };
    chatParticipants: Array<{ id: string; name: string; commands?: Array<{ name: string }> }>;
    languageModelTools: Array<{ name: string; modelDescription: string; inputSchema: { required?: string[] } }>;
    views: Record<string, Array<{ id: string; type?: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
  };
}

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest', () => {
  it('contributes exactly the commands the code registers, titled and categorised', () => {
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'Mistake Memory', c.command);
      assert.ok(c.title.length > 3, c.command);
      assert.match(c.command, /^mistakes\.[a-z]+[A-Z][A-Za-z]*$/);
    }
  });

  it('declares every setting the code reads, each with a description and a default', () => {
    const props = pkg.contributes.configuration.properties;
    const declared = Object.keys(props).sort();
    const read = Object.values(SETTING_KEYS).map((k) => `${SECTION}.${k}`).sort();
    assert.deepEqual(declared, read);
    for (const [k, v] of Object.entries(props)) {
      assert.ok(v.description && v.description.length > 10, `${k} has a description`);
      assert.ok('default' in v, `${k} has a default`);
    }
    assert.deepEqual(props['mistakes.categories']?.default, [...CATEGORIES]);
    assert.deepEqual(props['mistakes.capture.diagnostics.sources']?.default, DEFAULT_DIAGNOSTIC_SOURCES);
    assert.deepEqual(props['mistakes.capture.junitGlobs']?.default, DEFAULT_JUNIT_GLOBS);
  });

  it('activates through contributions, never on "*"', () => {
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    assert.deepEqual(pkg.activationEvents, ['onStartupFinished']);
    assert.equal(pkg.main, './dist/extension.node.js');
    assert.equal(pkg.browser, './dist/extension.web.js');
  });

  it('contributes the @mistakes participant with its slash commands', () => {
    const p = pkg.contributes.chatParticipants.find((x) => x.id === 'mistakes.participant');
    assert.equal(p?.name, 'mistakes');
    assert.deepEqual(p?.commands?.map((c) => c.name).sort(), ['patterns', 'record', 'stats', 'why']);
  });

  it('contributes LM tools whose descriptions say when to call them', () => {
    const names = pkg.contributes.languageModelTools.map((t) => t.name).sort();
    assert.deepEqual(names, ['mistakes_findRelevant', 'mistakes_recordMistake']);
    for (const t of pkg.contributes.languageModelTools) {
      assert.match(t.modelDescription, /\bCall it\b/);
      assert.ok((t.inputSchema.required ?? []).length > 0);
    }
  });

  it('contributes the dashboard webview view in its own activity bar container', () => {
    assert.equal(pkg.contributes.viewsContainers.activitybar[0]?.id, 'mistakeMemory');
    assert.deepEqual(pkg.contributes.views.mistakeMemory, [{ type: 'webview', id: 'mistakes.dashboard', name: 'Dashboard', icon: 'media/icon.svg' }]);
  });
});
