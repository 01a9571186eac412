import {
  type HostToWebview,
  isHostMessage,
  PROTOCOL_VERSION,
  type RequestMessage,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type WebviewToHost,
} from '../../src/shared/protocol';
import type { VsCodeApi } from './vscodeApi';

export type PushMessage = Extract<HostToWebview, { type: 'overview' | 'changed' }>;

interface Pending {
  readonly method: RequestMethod;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** A request the host answered with ok: false (an invalid edit, a failed command). */
export class HostError extends Error {
  override readonly name = 'HostError';
}

/** Typed messaging with the extension host: fire-and-forget posts, and requests answered by id. */
export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly api: VsCodeApi,
    private readonly onPush: (message: PushMessage) => void,
  ) {
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  ready(): void {
    this.post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
  }

  log(level: 'warn' | 'error', message: string): void {
    this.post({ type: 'log', level, message: message.slice(0, 2000) });
  }

  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const requestId = this.nextId++;
    // TypeScript cannot correlate M with the union member; the shape is built from M's own params.
    const message = { type: 'request', requestId, method, params } as RequestMessage;
    return new Promise<RequestResult<M>>((resolve, reject) => {
      this.pending.set(requestId, { method, resolve: (r) => resolve(r as RequestResult<M>), reject });
      this.post(message);
    });
  }

  private receive(data: unknown): void {
    if (!isHostMessage(data)) return;
    switch (data.type) {
      case 'response': {
        const p = this.pending.get(data.requestId);
        if (!p || p.method !== data.method) return;
        this.pending.delete(data.requestId);
        if (data.ok) p.resolve(data.result);
        else p.reject(new HostError(data.error));
        return;
      }
      case 'overview':
      case 'changed':
        this.onPush(data);
        return;
      default: {
        const never: never = data;
        return never;
      }
    }
  }
}
