/**
 * Hand-written messages (not taken from the corpus) for each correction kind and each kind of
 * non-correction in shared/eval/chat/README.md. Used by the unit tests and as a generalisation check.
 */
import type { CorrectionKind } from '../../../../src/capture/chatCorrection';

export interface Example {
  readonly text: string;
  readonly previous?: string;
  readonly kind?: CorrectionKind;
}

export const CORRECTIONS: readonly Example[] = [
  // wrong / no effect / opposite
  { text: 'This is wrong, the total should include tax.', kind: 'wrong' },
  { text: "that didn't do anything, the button is still grey", kind: 'wrong' },
  { text: 'Still the same result after your change.', kind: 'wrong' },
  { text: 'nope, the sorting is backwards now', kind: 'wrong' },
  { text: 'the output is empty now', kind: 'wrong' },
  { text: "It doesn't work. The modal never opens.", kind: 'wrong' },
  { text: 'you did the exact opposite of what I asked', kind: 'wrong' },
  { text: 'Hmm, the dates are still showing in UTC instead of local time', kind: 'wrong' },
  { text: "that's not right, the endpoint returns 200 even for missing users", kind: 'wrong' },
  // error reports
  { text: 'Traceback (most recent call last):\n  File "app.py", line 12, in <module>\n    main()\nKeyError: \'user_id\'', kind: 'error-report' },
  { text: 'getting this when I run it:\nTypeError: Cannot read properties of undefined (reading \'map\')\n    at List (List.tsx:14:22)', kind: 'error-report' },
  { text: 'npm run build fails:\n\nsrc/api.ts(41,7): error TS2322: Type \'string\' is not assignable to type \'number\'.', kind: 'error-report' },
  { text: 'The tests are failing now', kind: 'error-report' },
  { text: 'FAILED tests/test_parser.py::test_empty_input - AssertionError: assert None == []', kind: 'error-report' },
  { text: 'I get a 500 error when I submit the form', kind: 'error-report' },
  { text: "cargo build gives me error[E0382]: borrow of moved value: `config`", kind: 'error-report' },
  { text: 'it crashes on startup', kind: 'error-report' },
  { text: 'still getting the same exception', kind: 'error-report' },
  { text: '$ go test ./...\n--- FAIL: TestParse (0.00s)\n    parse_test.go:18: got 3, want 4\nFAIL', kind: 'error-report' },
  // forgot
  { text: 'you forgot to update the README', kind: 'forgot' },
  { text: "You didn't add the migration file.", kind: 'forgot' },
  { text: "I don't see the new endpoint in routes.py", kind: 'forgot' },
  { text: 'the old helper is still there, you were supposed to delete it', kind: 'forgot' },
  { text: 'you missed the second call site in utils.js', kind: 'forgot' },
  // reject approach
  { text: "don't use moment.js, use date-fns", kind: 'reject-approach' },
  { text: 'Use pathlib instead of os.path', kind: 'reject-approach' },
  { text: 'please stop creating new files for every helper', kind: 'reject-approach' },
  { text: "no, use the existing logger rather than print statements", kind: 'reject-approach' },
  { text: "shouldn't this be a dataclass instead of a dict?", kind: 'reject-approach' },
  { text: "I'd rather not pull in lodash just for this", kind: 'reject-approach' },
  { text: 'Do not use any here, type it properly', kind: 'reject-approach' },
  // revert
  { text: 'please revert that last change', kind: 'revert' },
  { text: 'undo the changes to config.yaml', kind: 'revert' },
  { text: 'roll it back, it was working before', kind: 'revert' },
  { text: 'I discarded your edits, start over from the original file', kind: 'revert' },
  // broke a constraint
  { text: 'I told you not to touch the public API', kind: 'broke-constraint' },
  { text: 'you edited the wrong file, the change belongs in server/app.ts', kind: 'broke-constraint' },
  { text: 'why did you change the database schema? I only asked for a new button', kind: 'broke-constraint' },
  { text: "I never asked for a settings page, remove it", kind: 'broke-constraint' },
  { text: 'you changed the tests, not the implementation', kind: 'broke-constraint' },
  { text: 'you went ahead and implemented it without asking me first', kind: 'broke-constraint' },
];

export const NON_CORRECTIONS: readonly Example[] = [
  // new requests / next steps
  { text: 'now add a dark mode toggle to the header' },
  { text: "let's move on to the export feature" },
  { text: 'Add unit tests for the parser module' },
  { text: 'Can you also add pagination to the users list?' },
  { text: 'next, create a Dockerfile for the backend' },
  { text: 'I want the sidebar to collapse on mobile' },
  { text: 'make the API return the total count as well' },
  { text: 'add error handling for network failures' },
  { text: 'Refactor the auth module into smaller functions' },
  { text: 'write a script that backs up the database every night' },
  // thanks / continue / commit
  { text: 'thanks, that works!' },
  { text: 'perfect' },
  { text: 'continue' },
  { text: 'ok go ahead' },
  { text: 'commit and push' },
  { text: 'great, now run the tests' },
  { text: 'looks good to me' },
  { text: 'yes please' },
  // questions asking for explanation or a check
  { text: 'what does this regex do?' },
  { text: 'did you add tests for this?' },
  { text: 'how would I deploy this to fly.io?' },
  { text: 'is this thread safe?' },
  { text: 'why does the cache need a TTL here?' },
  { text: 'can you explain the difference between these two approaches?' },
  // extra information / data
  { text: 'here is the API documentation for the payment provider: https://example.com/docs' },
  { text: 'the CSV has these columns: id, name, email, created_at' },
  { text: 'FYI the staging server runs Python 3.11' },
  // changing their own mind
  { text: 'actually, never mind, keep the original layout' },
  { text: "on second thought let's keep it in a single file" },
  { text: 'the requirements changed: we now need to support CSV as well' },
  // separate new bug
  { text: 'there is an unrelated bug in the login page I noticed earlier, can you look at it after this?' },
  { text: 'run all the tests and fix any errors' },
];
