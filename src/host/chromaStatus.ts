/**
 * The Chroma connection as the extension sees it: which settings select it, and how its state reads in
 * the status bar and the dashboard. No VS Code import, so it is unit-tested in plain Node.
 *
 * The token comes from SecretStorage and is only compared here; nothing this module returns for display
 * contains it.
 */
import type { ResilientIndexState, VectorConnectionState } from '../store/vector/resilientIndex';
import type { VectorStoreState } from '../shared/protocol';
import type { MistakeSettings } from './settingsSchema';

/** SecretStorage key of the Chroma auth token. */
export const CHROMA_TOKEN_SECRET = 'mistakes.chroma.token';

export interface ChromaConnection {
  readonly url: string;
  readonly tenant: string;
  readonly database: string;
  readonly prefix: string;
  readonly token?: string;
}

/** The connection the settings (and the stored token) select; undefined when no URL is set. */
export function chromaConnection(s: Pick<MistakeSettings, 'chromaUrl' | 'chromaTenant' | 'chromaDatabase' | 'chromaPrefix'>, token: string | undefined): ChromaConnection | undefined {
  const url = s.chromaUrl.trim();
  if (!url) return undefined;
  const t = token?.trim();
  return { url, tenant: s.chromaTenant.trim(), database: s.chromaDatabase.trim(), prefix: s.chromaPrefix.trim(), ...(t ? { token: t } : {}) };
}

/** Whether switching from `a` to `b` needs a new index (and so a reopened engine). */
export function sameConnection(a: ChromaConnection | undefined, b: ChromaConnection | undefined): boolean {
  if (!a || !b) return a === b;
  return a.url === b.url && a.tenant === b.tenant && a.database === b.database && a.prefix === b.prefix && (a.token ?? '') === (b.token ?? '');
}

/** A configured URL as it may be shown: without `user:password@` (the client refuses those anyway). */
export function displayUrl(url: string): string {
  return url.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i, '$1');
}

/** What the status bar and the dashboard show about the vector index. */
export interface VectorIndexStatus {
  readonly kind: 'embedded' | 'chroma';
  /** Chroma only: the server (scheme://host:port, never a token). */
  readonly url?: string;
  readonly state?: VectorConnectionState;
  readonly backlog?: number;
  readonly lastError?: string;
  /** Chroma is configured but could not be set up (bad prefix, client missing): embedded only. */
  readonly setupError?: string;
}

export const EMBEDDED_STATUS: VectorIndexStatus = { kind: 'embedded' };

export function chromaStatus(url: string, s: Pick<ResilientIndexState, 'state' | 'backlog' | 'lastError'>): VectorIndexStatus {
  return { kind: 'chroma', url, state: s.state, backlog: s.backlog, ...(s.lastError ? { lastError: s.lastError } : {}) };
}

/** One phrase: "connected", "degraded, 3 queued", "offline — using the embedded index". */
export function describeChromaState(st: VectorIndexStatus): string {
  if (st.kind !== 'chroma') return 'embedded';
  if (st.setupError) return 'not set up — using the embedded index';
  const queued = st.backlog ? `${st.backlog} queued` : '';
  switch (st.state) {
    case 'connected':
      return 'connected';
    case 'degraded':
      return `degraded${queued ? `, ${queued}` : ''}`;
    case 'offline':
      return `offline — using the embedded index${queued ? `, ${queued}` : ''}`;
    default:
      return 'not connected yet';
  }
}

export interface StatusBarPart {
  /** Appended to the status bar text (codicon + short word), empty for the embedded index. */
  readonly text: string;
  readonly tooltip: readonly string[];
  /** Worth a warning background: Chroma is configured but not in use. */
  readonly warning: boolean;
}

export function statusBarPart(st: VectorIndexStatus): StatusBarPart {
  if (st.kind !== 'chroma') return { text: '', tooltip: [], warning: false };
  const lines = [`Chroma ${st.url ?? ''}: ${describeChromaState(st)}`];
  const error = st.setupError ?? st.lastError;
  if (error) lines.push(`Last error: ${error}`);
  if (st.setupError) return { text: '$(cloud-offline) Chroma', tooltip: lines, warning: true };
  switch (st.state) {
    case 'connected':
      return { text: '$(cloud)', tooltip: lines, warning: false };
    case 'degraded':
      return { text: `$(sync) ${st.backlog ?? 0}`, tooltip: lines, warning: false };
    case 'offline':
      return { text: '$(cloud-offline) offline', tooltip: lines, warning: true };
    default:
      return { text: '$(cloud)', tooltip: lines, warning: false };
  }
}

/** The dashboard's capture-state fields for the vector index. */
export function dashboardVectorFields(st: VectorIndexStatus): { vectorIndex: string; vectorStore?: VectorStoreState } {
  if (st.kind !== 'chroma') return { vectorIndex: 'embedded' };
  return {
    vectorIndex: 'Chroma',
    vectorStore: {
      state: st.setupError ? 'offline' : (st.state ?? 'connected'),
      backlog: st.backlog ?? 0,
      url: st.url ?? '',
      summary: describeChromaState(st),
      ...((st.setupError ?? st.lastError) ? { lastError: st.setupError ?? st.lastError } : {}),
    },
  };
}
