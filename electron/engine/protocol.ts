// The messages between Electron's main process and the engine's utility process. The renderer never sees
// these: it keeps speaking request/response frames (src/core/contract.ts), which main wraps in `call` and
// unwraps from `frame`, renumbering ids so frames from a reloaded page can never answer a newer call.
import type { RequestFrame, ResponseFrame } from '../../src/core/contract.ts';

export interface EngineStartOptions {
  dataDir: string;
  version: string;
  /** The data key that seals secrets, base64; main unwraps it with safeStorage. Null: the passphrase vault. */
  keychainKey: string | null;
  vaultWarning: string | null;
}

export type ToEngine =
  | { type: 'start'; options: EngineStartOptions }
  | { type: 'call'; frame: RequestFrame }
  | { type: 'stop' };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'frame'; frame: ResponseFrame }
  /** The engine could not start (e.g. the cache folder is unwritable); main shows this and does not respawn. */
  | { type: 'start-failed'; message: string }
  /** An exception the engine survived or is about to die of; main writes it to the crash log. */
  | { type: 'fault'; source: string; message: string; stack?: string }
  | { type: 'stopped' };

/** Both ends of the link, whatever carries it (Electron's parentPort, or a Node child's IPC in tests). */
export interface EnginePort<In, Out> {
  post(message: Out): void;
  onMessage(receive: (message: In) => void): void;
}

export function isFromEngine(value: unknown): value is FromEngine {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'frame' || type === 'start-failed' || type === 'fault' || type === 'stopped';
}

export function isToEngine(value: unknown): value is ToEngine {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'start' || type === 'call' || type === 'stop';
}
