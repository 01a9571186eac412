import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  cutSnippet,
  redactRanges,
  sanitize,
  sanitizeAsync,
  sanitizeCandidate,
  sanitizeCandidateAsync,
  type SecretDetector,
} from '../../../src/core/sanitizer';
import { createSecretlintDetector, secretlintKind } from '../../../src/core/secretlintAdapter';
import { candidate, j, rep } from './fixtures';

// Realistic fake secrets, assembled at run time. Each has: the secret, the text it sits in, and the
// placeholder kind the sync layer gives it.
const SECRETS: ReadonlyArray<{ name: string; secret: string; text: (s: string) => string; kind: string }> = [
  { name: 'AWS access key id', secret: j('AKIA', 'Q3EXAMPL', 'EK7Z2WJP'), text: (s) => `client = boto3.client("s3", aws_access_key_id="${s}")`, kind: 'aws-access-key' },
  { name: 'AWS secret key', secret: j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCY3xamp1eKEYx'), text: (s) => `aws_secret_access_key = ${s}`, kind: 'secret' },
  { name: 'GitHub classic token', secret: j('ghp_', 'R4nd0mL00kingT0kenValue', '1234567890abc'), text: (s) => `git clone https://x:${s}@github.com/o/r`, kind: 'github-token' },
  { name: 'GitHub fine-grained token', secret: j('github_pat_', '11ABCDEFG0', rep('a1B2c3D4e5', 8), 'xy'), text: (s) => `GH_TOKEN ${s}`, kind: 'github-token' },
  { name: 'GitLab token', secret: j('glpat-', 'xY9zAbCdEf', 'GhIjKlMnOp'), text: (s) => `token ${s} used`, kind: 'gitlab-token' },
  { name: 'Slack bot token', secret: j('xoxb-', '1234567890-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'), text: (s) => `slack = WebClient(${s})`, kind: 'slack-token' },
  { name: 'Slack webhook', secret: j('https://hooks.slack.com/services/', 'T0000AAAA/B0000BBBB/', 'XXXXXXXXXXXXXXXXXXXXXXXX'), text: (s) => `post to ${s} now`, kind: 'slack-webhook' },
  { name: 'npm token', secret: j('npm_', 'AbCdEfGhIjKlMnOpQrSt', 'UvWxYz0123456789'), text: (s) => `//registry.npmjs.org/:_authToken=${s}`, kind: 'npm-token' },
  { name: 'Anthropic key', secret: j('sk-ant-api03-', rep('Ab3dE', 18), '-xyzAA'), text: (s) => `client = Anthropic(api_key=${s})`, kind: 'anthropic-key' },
  { name: 'OpenAI project key', secret: j('sk-proj-', rep('aB3dEfGh1J', 6), 'T3BlbkFJ', rep('kL9mNoPq2R', 6)), text: (s) => `OpenAI(${s})`, kind: 'openai-key' },
  { name: 'OpenAI legacy key', secret: j('sk-', 'aB3dEfGh1JkL9mNoPq2R', 'T3BlbkFJ', 'sT4uVwXy5ZaB6cDeF7gH'), text: (s) => `key: ${s}`, kind: 'openai-key' },
  { name: 'Google API key', secret: j('AIza', 'SyA1b2C3d4E5f6G7h8I9j0', 'KlMnOpQrStUvW'), text: (s) => `fetch(url + "&key=" + "${s}")`, kind: 'google-api-key' },
  { name: 'Stripe live key', secret: j('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc'), text: (s) => `stripe.api_key = ${s}`, kind: 'stripe-key' },
  { name: 'Hugging Face token', secret: j('hf_', 'AbCdEfGhIjKlMnOpQrStUvWxYz', '012345'), text: (s) => `login(${s})`, kind: 'huggingface-token' },
  { name: 'SendGrid key', secret: j('SG.', 'abcdefghij1234567890AB', '.', 'abcdefghijABCDEFGHIJ0123456789abcdefghijABC'), text: (s) => `sg(${s})`, kind: 'sendgrid-key' },
  { name: 'JWT', secret: j('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'), text: (s) => `cookie: session=${s}`, kind: 'jwt' },
  { name: 'Bearer token', secret: j('a1b2c3d4e5', 'f6g7h8i9j0', 'KLMNOP'), text: (s) => `curl -H "Authorization: Bearer ${s}" https://api.example.com`, kind: 'bearer-token' },
  { name: 'Basic auth header', secret: Buffer.from(j('admin', ':', 'hunter2!')).toString('base64'), text: (s) => `Authorization: Basic ${s}`, kind: 'basic-auth' },
  { name: 'Postgres URL', secret: j('postgres://', 'app_user:', 'S3cr3t-Pa55', '@db.internal.acme:5432/prod'), text: (s) => `DATABASE_URL=${s}`, kind: 'connection-string' },
  { name: 'MongoDB SRV URL', secret: j('mongodb+srv://', 'root:', 'p4ssW0rd', '@cluster0.ab1cd.mongodb.net/app?retryWrites=true'), text: (s) => `MongoClient("${s}")`, kind: 'connection-string' },
  { name: 'Redis URL', secret: j('redis://', 'default:', 'r3d1sPass', '@cache.internal:6379/0'), text: (s) => `REDIS=${s}`, kind: 'connection-string' },
  { name: 'quoted password', secret: j('hunter', '2-Secret!'), text: (s) => `password = "${s}"`, kind: 'secret' },
  { name: 'JSON password', secret: j('Tr0ub4dor', '&3'), text: (s) => `{"user": "bob", "password": "${s}"}`, kind: 'secret' },
  { name: 'YAML api_key', secret: j('9f8e7d6c5b4a', '3210fedcba'), text: (s) => `service:\n  api_key: ${s}\n  region: eu`, kind: 'secret' },
  { name: 'client secret', secret: j('cs_', 'Qw3rTy', 'Ui0pAs'), text: (s) => `const clientSecret = '${s}';`, kind: 'secret' },
  { name: 'ADO.NET password', secret: j('Sup3r', 'S3cret'), text: (s) => `Server=tcp:db;User Id=sa;Password=${s};`, kind: 'secret' },
  { name: 'CLI flag', secret: j('t0k3n', 'Value99'), text: (s) => `mytool deploy --token ${s} --verbose`, kind: 'secret' },
  { name: '.env high-entropy line', secret: j('x8Kq2Lm9', 'Zp4Tn7Rv', 'B3wY6cH1'), text: (s) => `APP_NAME=demo\nDATADOG_XYZ=${s}\nDEBUG=true`, kind: 'high-entropy-secret' },
  {
    name: 'private key block',
    secret: j('-----BEGIN RSA ', 'PRIVATE KEY-----\n', rep('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n', 3), '-----END RSA ', 'PRIVATE KEY-----'),
    text: (s) => `key = """${s}"""`,
    kind: 'private-key',
  },
  {
    name: 'truncated private key',
    secret: j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB'),
    text: (s) => `cat id_ed25519\n${s}`,
    kind: 'private-key',
  },
];

/** Secrets only secretlint's preset knows (not in our regex layer): proof the detector adds coverage. */
const SECRETLINT_ONLY = [
  { name: 'Shopify token', secret: j('shpat_', 'a1b2c3d4e5f6a7b8', 'c9d0e1f2a3b4c5d6'), rule: 'shopify' },
  { name: 'Databricks token', secret: j('dapi', '0123456789abcdef', '0123456789abcdef'), rule: 'databricks' },
  { name: 'Groq key', secret: j('gsk_', rep('aB3dEfGh1JkL9', 4)), rule: 'groq' },
  { name: 'Linear key', secret: j('lin_api_', rep('Ab3dEfGh', 5)), rule: 'linear' },
];

// Ordinary code must come out byte for byte.
const ORDINARY = [
  'def get_password(self):\n    return self._password',
  'password = input("Password: ")\nif not check(password):\n    raise ValueError("bad password")',
  'token = request.headers.get("Authorization")',
  "api_key: Optional[str] = None\nsecret = os.environ['APP_SECRET']",
  'const secretKey = process.env.SECRET_KEY;\nconst token = await getToken(user);',
  'max_tokens = 1000\ntokenizer = AutoTokenizer.from_pretrained(name)',
  'export function authenticate(password: string, hash: string): boolean {\n  return bcrypt.compareSync(password, hash);\n}',
  'if (auth === undefined) { throw new Error(`missing auth for ${user.id}`); }',
  'commit a3f9c2e1b7d4 fixed the loop; see issue #1234',
  'for i in range(10):\n    total += values[i] * 0.5',
  'SELECT id, email FROM users WHERE id = $1',
  'func (s *Server) Token() string { return s.cfg.Token }',
  'const url = `${base}/api/users/${id}`;',
  'npm install @secretlint/core@12.0.0 --save',
  'password=self.password, token=self.token',
  'NODE_ENV=production\nPORT=3000\nLOG_LEVEL=debug',
  'assert response.status_code == 401, "expected unauthorized"',
  'img = load("icon@2x.png")',
  'task-queue-processing-worker-name-1234 started',
];

const LOCKFILE = `{
  "node_modules/debug": {
    "version": "4.4.3",
    "resolved": "https://registry.npmjs.org/debug/-/debug-4.4.3.tgz",
    "integrity": "sha512-RGwwWnwQvkVfavKVt22FGLw+xYSdzARwm0ru6DhTVA3umU5hZc28V3kO4stgYryrTlLpuvgI9GiijltAjNpcqA==",
    "license": "MIT"
  }
}`;

const sl = createSecretlintDetector();

describe('core/sanitizer', () => {
  describe('sync layer redacts every kind of secret', () => {
    for (const s of SECRETS) {
      it(s.name, () => {
        const input = s.text(s.secret);
        const out = sanitize(input);
        assert.ok(!out.text.includes(s.secret), `secret survived: ${out.text}`);
        assert.ok(out.text.includes(`[REDACTED:${s.kind}]`), `expected [REDACTED:${s.kind}] in ${out.text}`);
        assert.ok(out.findings.some((f) => f.kind === s.kind));
      });
    }
  });

  describe('async with secretlint', () => {
    it('loads the preset and redacts with its rule ids', async () => {
      const gh = SECRETS.find((s) => s.name === 'GitHub classic token')!.secret;
      const out = await sanitizeAsync(`token: ${gh}`, { detector: sl });
      assert.equal(out.text, 'token: [REDACTED:github]');
      assert.deepEqual(out.findings, [{ kind: 'github', ruleId: '@secretlint/secretlint-rule-github#GITHUB_TOKEN' }]);
    });

    it('leaves no secret of the sync list behind either', async () => {
      for (const s of SECRETS) {
        const out = await sanitizeAsync(s.text(s.secret), { detector: sl });
        assert.ok(!out.text.includes(s.secret), `${s.name} survived: ${out.text}`);
      }
    });

    for (const s of SECRETLINT_ONLY) {
      it(`adds coverage the regexes lack: ${s.name}`, async () => {
        const text = `the value ${s.secret} leaked`;
        assert.ok(sanitize(text).text.includes(s.secret), 'sync layer alone keeps it (the detector is what finds it)');
        const out = await sanitizeAsync(text, { detector: sl });
        assert.equal(out.text, `the value [REDACTED:${s.rule}] leaked`);
      });
    }

    it('ignores secretlint-disable comments in untrusted text', async () => {
      const secret = SECRETLINT_ONLY[0].secret;
      const text = `// secretlint-disable\nconst k = "${secret}";\n// secretlint-enable`;
      const out = await sanitizeAsync(text, { detector: sl });
      assert.ok(!out.text.includes(secret), out.text);
    });

    it('enables the AWS access key id scan', async () => {
      const ranges = await sl.detect(`id ${j('AKIA', 'Q3EXAMPL', 'EK7Z2WJP')} here`);
      assert.deepEqual(ranges.map((r) => r.kind), ['aws']);
    });

    it('leaves ordinary code alone', async () => {
      for (const code of ORDINARY) assert.equal((await sanitizeAsync(code, { detector: sl })).text, code);
    });

    it('falls back to the sync layer when the detector fails', async () => {
      const broken: SecretDetector = { id: 'broken', detect: () => Promise.reject(new Error('boom')) };
      const out = await sanitizeAsync(`password = "${j('hunter', '22x')}"`, { detector: broken });
      assert.equal(out.text, 'password = "[REDACTED:secret]"');
      assert.ok(out.findings.some((f) => f.kind === 'detector-failed' && f.ruleId === 'broken'));
    });

    it('maps rule ids to kinds', () => {
      assert.equal(secretlintKind('@secretlint/secretlint-rule-database-connection-string'), 'database-connection-string');
      assert.equal(secretlintKind('custom'), 'custom');
    });
  });

  describe('no false redaction', () => {
    for (const code of ORDINARY) {
      it(`keeps: ${code.split('\n')[0].slice(0, 50)}`, () => {
        const out = sanitize(code);
        assert.equal(out.text, code);
        assert.deepEqual(out.findings, []);
      });
    }
    it('keeps lockfile integrity hashes and registry URLs (public content hashes, not secrets)', () => {
      assert.equal(sanitize(LOCKFILE).text, LOCKFILE);
    });
  });

  describe('URLs, emails, home directories', () => {
    const cases: Array<[string, string]> = [
      ['GET https://api.acme-corp.io/api/users?id=42&token=abc failed', 'GET https://<host>/api/users?<redacted> failed'],
      ['see https://internal.acme.io/v1/orders/12345/items.', 'see https://<host>/v1/orders/<id>/items.'],
      ['uuid path https://x.acme.io/r/3f2504e0-4f89-11d3-9a0c-0305e82c3301/view', 'uuid path https://<host>/r/<id>/view'],
      ['(docs: https://docs.python.org/3/library/asyncio-task.html#coroutines)', '(docs: https://docs.python.org/3/library/asyncio-task.html#coroutines)'],
      ['https://developer.mozilla.org/en-US/docs/Web/API/fetch?utm_source=x', 'https://developer.mozilla.org/en-US/docs/Web/API/fetch?<redacted>'],
      ['https://requests.readthedocs.io/en/latest/', 'https://requests.readthedocs.io/en/latest/'],
      ['ECONNREFUSED http://localhost:3000/health', 'ECONNREFUSED http://localhost:3000/health'],
      ['ftp://user:pw@files.acme.io/a.txt', 'ftp://<host>/a.txt'],
      ['wss://stream.acme.io', 'wss://<host>'],
      ['mail alice.smith+dev@acme-corp.com or bob@x.co.uk', 'mail <email> or <email>'],
      ['File "/home/alice/proj/app.py", line 3', 'File "~/proj/app.py", line 3'],
      ['at /Users/bob.jones/code/src/index.ts:12:5', 'at ~/code/src/index.ts:12:5'],
      ['C:\\Users\\carol\\repo\\main.py', '~\\repo\\main.py'],
      ['"C:\\\\Users\\\\dave\\\\repo"', '"~\\\\repo"'],
      ['c:/users/erin/x.ts', '~/x.ts'],
      ['/Users/Shared/data and C:\\Users\\Public\\x', '/Users/Shared/data and C:\\Users\\Public\\x'],
    ];
    for (const [input, expected] of cases) {
      it(`${input.slice(0, 40)} → ${expected.slice(0, 40)}`, () => assert.equal(sanitize(input).text, expected));
    }
    it('keeps extra allowed hosts', () => {
      assert.equal(sanitize('https://wiki.acme.io/page?x=1', { allowedHosts: ['wiki.acme.io'] }).text, 'https://wiki.acme.io/page?<redacted>');
    });
    it('can switch masks off', () => {
      const t = 'https://acme.io/x bob@acme.io /home/al/x';
      assert.equal(sanitize(t, { maskUrls: false, maskEmails: false, maskHomePaths: false }).text, t);
    });
  });

  describe('idempotence and robustness', () => {
    const fragment = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(...SECRETS.map((s) => s.text(s.secret)), ...ORDINARY, 'https://a.io/x?y=1', '/home/u/', 'C:\\Users\\x\\', 'a@b.io', '[REDACTED:', ']', '<host>', '://', 'password=', '"', "'", '\n', ' '),
    );
    const mixed = fc.array(fragment, { maxLength: 8 }).map((a) => a.join(''));

    it('sanitize(sanitize(x)) = sanitize(x), and never throws (property)', () => {
      fc.assert(
        fc.property(mixed, (x) => {
          const once = sanitize(x).text;
          assert.equal(sanitize(once).text, once);
        }),
        { numRuns: 1500 },
      );
    });

    it('async path is idempotent too (property)', async () => {
      await fc.assert(
        fc.asyncProperty(mixed, async (x) => {
          const once = (await sanitizeAsync(x, { detector: sl })).text;
          assert.equal((await sanitizeAsync(once, { detector: sl })).text, once);
        }),
        { numRuns: 150 },
      );
    });

    it('handles non-strings and empty input', () => {
      assert.equal(sanitize('').text, '');
      assert.equal(sanitize(undefined as unknown as string).text, '');
    });

    it('caps huge inputs and stays fast on pathological ones', () => {
      const big = 'password=' + 'a'.repeat(300_000);
      const out = sanitize(big);
      assert.ok(out.text.length <= 200_000);
      assert.ok(out.findings.some((f) => f.kind === 'truncated'));
      const nasty = 'https://' + 'a.'.repeat(20_000) + ' ' + '-----BEGIN PRIVATE KEY-----' + 'x'.repeat(50_000);
      assert.ok(sanitize(nasty).text.includes('[REDACTED:private-key]'));
    });
  });

  describe('redactRanges', () => {
    it('merges overlaps and skips invalid ranges', () => {
      const text = 'aaaSECRETbbbOTHERccc';
      const out = redactRanges(text, [
        { start: 3, end: 9, kind: 'x' },
        { start: 5, end: 8, kind: 'y' },
        { start: 12, end: 17, kind: 'Some Kind' },
        { start: -1, end: 2, kind: 'bad' },
        { start: 10, end: 999, kind: 'bad' },
      ]);
      assert.equal(out, 'aaa[REDACTED:x]bbb[REDACTED:some-kind]ccc');
    });
    it('does not re-redact a placeholder', () => {
      const text = 'k=[REDACTED:github]';
      assert.equal(redactRanges(text, [{ start: 3, end: 19, kind: 'z' }]), text);
    });
  });

  describe('cutSnippet', () => {
    const code = Array.from({ length: 30 }, (_, i) => `    line${i + 1}();`).join('\n');
    it('keeps the lines around the error, dedented', () => {
      assert.equal(cutSnippet(code, { line: 10 }), ['line7();', 'line8();', 'line9();', 'line10();', 'line11();', 'line12();', 'line13();'].join('\n'));
    });
    it('clamps at the edges', () => {
      assert.equal(cutSnippet(code, { line: 1, before: 3, after: 1 }), 'line1();\nline2();');
      assert.equal(cutSnippet(code, { line: 999, before: 1, after: 3 }), 'line29();\nline30();');
    });
    it('respects maxLines keeping the error line', () => {
      const out = cutSnippet(code, { line: 15, before: 10, after: 10, maxLines: 5 }).split('\n');
      assert.equal(out.length, 5);
      assert.ok(out.includes('line15();'));
    });
    it('without a line takes the head, within maxChars at line boundaries', () => {
      const out = cutSnippet(code, { maxChars: 40 });
      assert.ok(out.length <= 40);
      assert.equal(out, 'line1();\nline2();\nline3();\nline4();');
      assert.equal(cutSnippet('x'.repeat(100), { maxChars: 10 }), 'x'.repeat(9) + '…');
      assert.equal(cutSnippet(code).split('\n').length, 12);
    });
    it('normalises CRLF, trims blank edges, and is idempotent', () => {
      const out = cutSnippet('\r\n\r\n  a = 1\r\n    b = 2  \r\n\r\n');
      assert.equal(out, 'a = 1\n  b = 2');
      assert.equal(cutSnippet(out), out);
    });
    it('returns "" for empty or non-string input', () => {
      assert.equal(cutSnippet(''), '');
      assert.equal(cutSnippet(null as unknown as string), '');
    });
  });

  describe('sanitizeCandidate', () => {
    const secret = j('ghp_', 'R4nd0mL00kingT0kenValue', '1234567890abc');
    const c = candidate({
      description: `Leaked ${secret} in config for alice@acme.io`,
      errorMessage: 'ConnectionError: https://api.acme.io/v1?key=1 refused',
      codeSnippet: Array.from({ length: 40 }, (_, i) => `x${i} = ${i}`).join('\n'),
      filePath: '/home/alice/proj/app.py',
      projectPath: '/Users/alice/proj',
      ruleId: 'python.lang.security.audit.hardcoded-password',
      model: 'gpt-4o',
      fixDescription: 'Use os.environ["TOKEN"] instead',
    });
    it('sanitizes every free-text field, cuts snippets, keeps identifiers', () => {
      const out = sanitizeCandidate(c);
      assert.equal(out.description, 'Leaked [REDACTED:github-token] in config for <email>');
      assert.equal(out.errorMessage, 'ConnectionError: https://<host>/v1?<redacted> refused');
      assert.equal(out.codeSnippet?.split('\n').length, 12);
      assert.equal(out.filePath, '~/proj/app.py');
      assert.equal(out.projectPath, '~/proj');
      assert.equal(out.ruleId, c.ruleId);
      assert.equal(out.model, 'gpt-4o');
      assert.equal(out.fixDescription, c.fixDescription);
      assert.equal(out.goodSnippet, undefined);
      assert.ok(!('goodSnippet' in out));
    });
    it('is idempotent', () => {
      const once = sanitizeCandidate(c);
      assert.deepEqual(sanitizeCandidate(once), once);
    });
    it('async variant runs the detector on each field', async () => {
      const shop = SECRETLINT_ONLY[0].secret;
      const out = await sanitizeCandidateAsync({ ...c, errorMessage: `bad token ${shop}` }, { detector: sl });
      assert.equal(out.errorMessage, 'bad token [REDACTED:shopify]');
      assert.equal(out.description, 'Leaked [REDACTED:github] in config for <email>');
    });
    it('caps long fields', () => {
      const out = sanitizeCandidate(candidate({ description: 'word '.repeat(1000) }), { maxFieldChars: 100 });
      assert.equal(out.description.length, 100);
    });
  });
});
