// The engine's side of the link to Electron's main process: builds the engine when main says start, runs
// each call through dispatch (the same validation as every face) and posts the response frames back.
import { createEngine, type Engine } from '../../src/core/engine.ts';
import { dispatch } from '../../src/core/dispatch.ts';
import { keychainCipher } from './keychain-cipher.ts';
import { isToEngine, type EnginePort, type FromEngine, type ToEngine } from './protocol.ts';

export function serveEngine(port: EnginePort<unknown, FromEngine>, onStopped: () => void): void {
  let engine: Engine | null = null;
  port.onMessage((message: unknown) => {
    if (!isToEngine(message)) return;
    const m: ToEngine = message;
    if (m.type === 'start') {
      if (engine) return;
      try {
        const { dataDir, version, keychainKey, vaultWarning } = m.options;
        engine = createEngine({ dataDir, host: 'electron', version, secretCipher: keychainKey ? keychainCipher(keychainKey) : null, vaultWarning });
        port.post({ type: 'ready' });
      } catch (error) {
        port.post({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) });
      }
    } else if (m.type === 'call') {
      const frame = m.frame;
      const id = typeof frame?.id === 'number' ? frame.id : -1;
      if (!engine) {
        port.post({ type: 'frame', frame: { id, type: 'error', error: { kind: 'Unreachable', message: 'The engine is still starting — try again in a moment' } } });
        return;
      }
      void dispatch(engine.handlers, { id, method: frame?.method, input: frame?.input }, (response) => port.post({ type: 'frame', frame: response }));
    } else {
      engine?.close();
      engine = null;
      port.post({ type: 'stopped' });
      onStopped();
    }
  });
}
