import { strict as assert } from './assert';
import { api, waitFor, workspaceUri, writeText } from './helpers';

const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="2">
  <testsuite name="tests.test_users" tests="3" failures="2" errors="0">
    <testcase classname="tests.test_users" name="test_find_user_escapes_quotes" file="tests/test_users.py" line="12" time="0.01">
      <failure message="sqlite3.OperationalError: near &quot;Brien&quot;: syntax error" type="sqlite3.OperationalError">Traceback (most recent call last):
  File "tests/test_users.py", line 14, in test_find_user_escapes_quotes
    find_user(db, "O'Brien")
sqlite3.OperationalError: near "Brien": syntax error</failure>
    </testcase>
    <testcase classname="tests.test_users" name="test_count_users" file="tests/test_users.py" line="20" time="0.01">
      <failure message="AssertionError: assert 2 == 3" type="AssertionError">assert count_users(db) == 3
E       AssertionError: assert 2 == 3</failure>
    </testcase>
    <testcase classname="tests.test_users" name="test_ok" time="0.01"/>
  </testsuite>
</testsuites>
`;

describe('JUnit report capture', () => {
  it('learns from a JUnit XML file written into the workspace', async () => {
    const engine = await (await api()).engine();
    const before = engine.listPatterns({ sources: ['test'] }).length;
    await writeText(workspaceUri('test-results', 'junit.xml'), REPORT);
    const patterns = await waitFor('test patterns from the report', () => {
      const ps = engine.listPatterns({ sources: ['test'] });
      return ps.length >= before + 2 ? ps : undefined;
    });
    assert.ok(patterns.some((p) => /OperationalError|Brien|escape/i.test(p.description + (p.testId ?? ''))), 'the sqlite failure is a pattern');
  });
});
