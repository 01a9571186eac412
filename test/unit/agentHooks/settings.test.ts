import { strict as assert } from 'node:assert';
import {
  defaultHookSpecs,
  detectFormat,
  HOOK_MARKER,
  hookCommandLine,
  installHooks,
  isOurCommand,
  listOurHooks,
  SettingsError,
  shellQuote,
  uninstallHooks,
} from '../../../src/agentHooks/settings';

/** A settings file as people have them: permissions, env, and their own hooks on the same events. */
const existing = {
  $schema: 'https://json.schemastore.org/claude-code-settings.json',
  permissions: { allow: ['Bash(npm run lint)', 'Read(~/.zshrc)'], deny: ['Read(./.env)'] },
  env: { CLAUDE_CODE_ENABLE_TELEMETRY: '0' },
  hooks: {
    PostToolUse: [{ matcher: 'Write|Edit', hooks: [{ type: 'command', command: 'npx prettier --write "$CLAUDE_FILE_PATHS"' }] }],
    UserPromptSubmit: [{ hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/context.sh', timeout: 5 }] }],
    Notification: [{ hooks: [{ type: 'command', command: 'notify-send "Claude Code" "Awaiting your input"' }] }],
  },
  model: 'claude-sonnet-4-5',
};

const specs = defaultHookSpecs('mistakes', ['--db', '/home/u/my store/mistakes.db']);

describe('hooks: settings merge', () => {
  for (const [name, indent] of [
    ['2 spaces', 2],
    ['4 spaces', 4],
    ['tabs', '\t'],
  ] as const) {
    it(`install then uninstall gives the file back byte for byte (${name})`, () => {
      const original = JSON.stringify(existing, null, indent) + '\n';
      const installed = installHooks(original, specs);
      assert.equal(installed.changed, true);
      assert.deepEqual([...installed.added].sort(), ['PostToolUse', 'PostToolUseFailure', 'Stop', 'UserPromptSubmit']);
      const parsed = JSON.parse(installed.text);
      // Other hooks and settings are untouched, ours come after the user's own on the same event.
      assert.deepEqual(parsed.permissions, existing.permissions);
      assert.deepEqual(parsed.hooks.Notification, existing.hooks.Notification);
      assert.equal(parsed.hooks.PostToolUse.length, 2);
      assert.deepEqual(parsed.hooks.PostToolUse[0], existing.hooks.PostToolUse[0]);
      assert.equal(parsed.hooks.PostToolUse[1].matcher, 'Bash');
      assert.ok(isOurCommand(parsed.hooks.PostToolUse[1].hooks[0].command));
      assert.deepEqual(parsed.hooks.UserPromptSubmit[0], existing.hooks.UserPromptSubmit[0]);
      assert.equal(parsed.hooks.UserPromptSubmit[1].matcher, undefined);
      assert.deepEqual(Object.keys(parsed), Object.keys(existing));
      assert.ok(installed.text.includes(typeof indent === 'number' ? '\n' + ' '.repeat(indent) + '"permissions"' : '\n\t"permissions"'));

      const removed = uninstallHooks(installed.text);
      assert.equal(removed.removed, 4);
      assert.equal(removed.text, original);
    });
  }

  it('is idempotent', () => {
    const once = installHooks(JSON.stringify(existing, null, 2), specs);
    const twice = installHooks(once.text, specs);
    assert.equal(twice.changed, false);
    assert.equal(twice.text, once.text);
    assert.equal(listOurHooks(twice.text).length, 4);
  });

  it('replaces its own entry when the command changes (another store), never duplicates', () => {
    const once = installHooks('{}', specs);
    const other = installHooks(once.text, defaultHookSpecs('node /opt/ext/dist/cli.js'));
    assert.equal(other.changed, true);
    const ours = listOurHooks(other.text);
    assert.equal(ours.length, 4);
    assert.ok(ours.every((h) => h.command.startsWith('node /opt/ext/dist/cli.js hook ')));
  });

  it('creates the file content from nothing and removes it all again', () => {
    const created = installHooks('', specs);
    const parsed = JSON.parse(created.text);
    assert.deepEqual(Object.keys(parsed.hooks), ['UserPromptSubmit', 'PostToolUse', 'PostToolUseFailure', 'Stop']);
    assert.equal(parsed.hooks.Stop[0].hooks[0].type, 'command');
    assert.ok(parsed.hooks.Stop[0].hooks[0].timeout > 0);
    assert.deepEqual(JSON.parse(uninstallHooks(created.text).text), {});
  });

  it('keeps a user hook that shares a group with ours', () => {
    const installed = JSON.parse(installHooks(JSON.stringify(existing), specs).text);
    // The user later added their own handler next to ours.
    installed.hooks.Stop[0].hooks.push({ type: 'command', command: 'say done' });
    const after = JSON.parse(uninstallHooks(JSON.stringify(installed, null, 2)).text);
    assert.deepEqual(after.hooks.Stop, [{ hooks: [{ type: 'command', command: 'say done' }] }]);
    assert.equal(after.hooks.UserPromptSubmit.length, 1);
  });

  it('leaves a file without our hooks unchanged', () => {
    const text = JSON.stringify(existing, null, 2);
    const r = uninstallHooks(text);
    assert.equal(r.changed, false);
    assert.equal(r.text, text);
  });

  it('refuses broken settings instead of overwriting them', () => {
    assert.throws(() => installHooks('{"hooks": {', specs), SettingsError);
    assert.throws(() => installHooks('[1]', specs), SettingsError);
    assert.throws(() => installHooks('{"hooks": []}', specs), SettingsError);
  });

  it('writes commands that a shell runs and that it recognises', () => {
    const line = hookCommandLine('mistakes', 'Stop', ['--db', "/tmp/it's here.db"]);
    assert.equal(line, `mistakes hook Stop --db '/tmp/it'\\''s here.db' ${HOOK_MARKER}`);
    assert.equal(shellQuote('/plain/path.db'), '/plain/path.db');
    assert.ok(isOurCommand(line));
    assert.ok(!isOurCommand('mistakes hook Stop'));
  });

  it('detects the file format', () => {
    assert.deepEqual(detectFormat('{\r\n    "a": 1\r\n}\r\n'), { indent: 4, newline: '\r\n', finalNewline: true });
    assert.deepEqual(detectFormat('{\n\t"a": 1\n}'), { indent: '\t', newline: '\n', finalNewline: false });
  });
});
