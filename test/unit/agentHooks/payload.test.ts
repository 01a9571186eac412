import { strict as assert } from 'node:assert';
import { parseHookPayload, resolveHookEvent } from '../../../src/agentHooks/payload';

describe('hooks: payload', () => {
  it('reads a UserPromptSubmit payload', () => {
    const p = parseHookPayload(
      JSON.stringify({
        session_id: 'abc123',
        transcript_path: '/home/u/.claude/projects/-work-app/abc123.jsonl',
        cwd: '/work/app',
        permission_mode: 'default',
        hook_event_name: 'UserPromptSubmit',
        prompt: 'Add an endpoint that returns the user',
      }),
    );
    assert.equal(p?.event, 'UserPromptSubmit');
    assert.equal(p?.prompt, 'Add an endpoint that returns the user');
    assert.equal(p?.transcriptPath, '/home/u/.claude/projects/-work-app/abc123.jsonl');
    assert.equal(p?.cwd, '/work/app');
  });

  it('reads a PostToolUse Bash payload', () => {
    const p = parseHookPayload(
      JSON.stringify({
        session_id: 's',
        transcript_path: '/t.jsonl',
        cwd: '/w',
        hook_event_name: 'PostToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'pytest -q', description: 'Run tests' },
        tool_response: { stdout: '1 failed', stderr: 'warn', interrupted: false, isImage: false },
        tool_use_id: 'toolu_01',
      }),
    );
    assert.equal(p?.toolName, 'Bash');
    assert.equal(p?.command, 'pytest -q');
    assert.equal(p?.stdout, '1 failed');
    assert.equal(p?.stderr, 'warn');
    assert.equal(p?.interrupted, false);
    assert.equal(p?.toolUseId, 'toolu_01');
  });

  it('reads a PostToolUseFailure payload and a Stop payload', () => {
    const f = parseHookPayload(
      JSON.stringify({ hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 't', error: 'Exit code 1\nFAIL x', is_interrupt: false }),
    );
    assert.equal(f?.error, 'Exit code 1\nFAIL x');
    assert.equal(f?.interrupted, false);
    const s = parseHookPayload(JSON.stringify({ hook_event_name: 'Stop', session_id: 's', transcript_path: '/t', stop_hook_active: true }));
    assert.equal(s?.stopHookActive, true);
  });

  it('keeps the tail of a huge output', () => {
    const big = 'x'.repeat(3 * 1024 * 1024) + 'SUMMARY';
    const p = parseHookPayload(JSON.stringify({ tool_response: { stdout: big } }));
    assert.ok(p?.stdout?.endsWith('SUMMARY'));
    assert.ok((p?.stdout?.length ?? 0) < big.length);
  });

  it('returns undefined on garbage, never throws', () => {
    for (const t of ['', 'not json', '[]', '42', 'null', '{"a":', '"str"']) assert.equal(parseHookPayload(t), undefined, t);
    const odd = parseHookPayload(JSON.stringify({ prompt: 42, tool_input: 'x', tool_response: [1] }));
    assert.equal(odd?.prompt, undefined);
    assert.equal(odd?.command, undefined);
  });

  it('resolves event names in any case style', () => {
    assert.equal(resolveHookEvent('UserPromptSubmit'), 'UserPromptSubmit');
    assert.equal(resolveHookEvent('user-prompt-submit'), 'UserPromptSubmit');
    assert.equal(resolveHookEvent('post_tool_use_failure'), 'PostToolUseFailure');
    assert.equal(resolveHookEvent('stop'), 'Stop');
    assert.equal(resolveHookEvent('session-start'), 'SessionStart');
    assert.equal(resolveHookEvent('Notification'), undefined);
  });
});
