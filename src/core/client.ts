// Builds the renderer's Api object over any frame transport (Electron IPC or a WebSocket). Shared by both
// faces so the renderer sees one behaviour: results resolve, named errors reject as TributaryError,
// progress frames reach the caller's onProgress.
import { contract, type Api, type Method, type RequestFrame, type ResponseFrame } from './contract.ts';
import { TributaryError } from './errors.ts';

export interface FrameTransport {
  send(frame: RequestFrame): void;
  /** Registers the single receiver of response frames. */
  onFrame(receive: (frame: ResponseFrame) => void): void;
  /** Registers a callback for a transport that closed for good (e.g. the web host stopped). */
  onClose?(closed: (reason: string) => void): void;
}

export function createApiClient(transport: FrameTransport): Api {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; onProgress?: (p: unknown) => void }>();
  transport.onFrame((frame) => {
    const call = pending.get(frame.id);
    if (!call) return;
    if (frame.type === 'progress') call.onProgress?.(frame.progress);
    else {
      pending.delete(frame.id);
      if (frame.type === 'result') call.resolve(frame.value);
      else call.reject(new TributaryError(frame.error.kind, frame.error.message, { fields: frame.error.fields }));
    }
  });
  transport.onClose?.((reason) => {
    for (const call of pending.values()) call.reject(new TributaryError('Unreachable', reason));
    pending.clear();
  });
  const api = {} as Record<Method, (input: unknown, options?: { onProgress?: (p: unknown) => void }) => Promise<unknown>>;
  for (const method of Object.keys(contract) as Method[]) {
    api[method] = (input, options) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, onProgress: options?.onProgress });
        try {
          transport.send({ id, method, input });
        } catch (error) {
          pending.delete(id);
          reject(new TributaryError('Unreachable', `The engine is not reachable (${(error as Error).message}); restart Tributary`));
        }
      });
  }
  return api as unknown as Api;
}
