/**
 * secretlint's maintained recommended preset as a `SecretDetector`.
 *
 * Both packages are ESM-only and loaded lazily on first use (one dynamic import, memoised), so
 * activation does not pay for the preset's ~220 KB. They import no Node built-in we need at run time:
 * `@secretlint/core` is pure; the preset imports `node:path` at top level and `node:fs` lazily, used
 * only when a physical file path is given (we never give one). A web-worker bundle therefore needs
 * `node:path` → path-browserify and `node:fs` → false (see the report for the webpack lines).
 *
 * Config choices:
 * - the preset's rules are registered one by one so that `secretlint-rule-filter-comments` is left out:
 *   text we sanitize is untrusted, and a `secretlint-disable` comment in it must not switch redaction off;
 * - the AWS rule's access-key-id scan (`enableIDScanRule`) is on: an access key id alone is worth hiding.
 */
import type { SecretDetector, SecretRange } from './sanitizer';

interface SlMessage {
  readonly ruleId: string;
  readonly messageId: string;
  readonly range: readonly [number, number];
}
interface SlRule {
  readonly meta: { readonly id: string; readonly type: string };
}
interface SlCore {
  lintSource(args: {
    source: { content: string; filePath: string; ext?: string; contentType: 'text' };
    options: { config: { rules: unknown[] }; noPhysicFilePath?: boolean; locale?: string };
  }): Promise<{ messages: readonly SlMessage[] }>;
}

const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';
const AWS = '@secretlint/secretlint-rule-aws';
const RULE_PREFIX = '@secretlint/secretlint-rule-';

/** The part of @secretlint/profiler's process-wide singleton that we switch off. */
interface SlProfiler {
  perf: unknown;
}

let loading: Promise<{ core: SlCore; rules: unknown[] }> | undefined;

async function load(): Promise<{ core: SlCore; rules: unknown[] }> {
  const [core, preset, profiler] = await Promise.all([
    import('@secretlint/core') as unknown as Promise<SlCore>,
    import('@secretlint/secretlint-rule-preset-recommend') as unknown as Promise<{ creator: { rules: readonly SlRule[] } }>,
    (import('@secretlint/profiler') as unknown as Promise<{ secretLintProfiler?: SlProfiler }>).catch(() => ({ secretLintProfiler: undefined })),
  ]);
  const rules = preset.creator.rules
    .filter((r) => r.meta.type === 'scanner' && r.meta.id !== FILTER_COMMENTS)
    .map((rule) => ({ id: rule.meta.id, rule, options: rule.meta.id === AWS ? { enableIDScanRule: true } : {} }));
  silenceProfiler(profiler.secretLintProfiler);
  return { core, rules };
}

/**
 * secretlint's profiler records a performance mark for every rule of every scan in a process-wide
 * list, and its observer searches that list linearly for each new mark: in a long-lived extension
 * host that leaks, and a burst of scans without a macrotask in between (an import) turns quadratic
 * (500 patterns took 27 s). We never read its measurements, so its marks go nowhere.
 */
function silenceProfiler(p: SlProfiler | undefined): void {
  if (p && typeof p === 'object' && 'perf' in p) p.perf = { mark: () => undefined, measure: () => undefined };
}

/** "@secretlint/secretlint-rule-github" + "GITHUB_TOKEN" → "github". */
export function secretlintKind(ruleId: string): string {
  const short = ruleId.startsWith(RULE_PREFIX) ? ruleId.slice(RULE_PREFIX.length) : ruleId;
  return short.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'secret';
}

export function createSecretlintDetector(): SecretDetector {
  return {
    id: 'secretlint-preset-recommend',
    async detect(text: string): Promise<SecretRange[]> {
      if (!text) return [];
      loading ??= load();
      let env: { core: SlCore; rules: unknown[] };
      try {
        env = await loading;
      } catch (e) {
        loading = undefined;
        throw e;
      }
      const result = await env.core.lintSource({
        source: { content: text, filePath: 'snippet.txt', ext: '.txt', contentType: 'text' },
        options: { config: { rules: env.rules }, noPhysicFilePath: true, locale: 'en' },
      });
      return result.messages.map((m) => ({
        start: m.range[0],
        end: m.range[1],
        kind: secretlintKind(m.ruleId),
        ruleId: `${m.ruleId}#${m.messageId}`,
      }));
    },
  };
}
