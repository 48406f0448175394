// Entry of the engine's utility process (utilityProcess.fork from electron/main): the whole engine — SQLite
// cache, Kafka clients, syncs — runs here, so a long sync never blocks the window or main's event loop.
import { serveEngine } from './serve-engine.ts';
import type { FromEngine } from './protocol.ts';

const parent = process.parentPort;
const post = (message: FromEngine) => parent.postMessage(message);

function fault(source: string, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'fault', source, message: e.message, stack: e.stack });
}

// A rejected promise nobody awaited is reported and survived; an uncaught exception leaves the engine in an
// unknown state, so it is reported and the process exits (main answers pending calls and starts a new one).
process.on('unhandledRejection', (reason) => fault('engine unhandledRejection', reason));
process.on('uncaughtException', (error) => {
  fault('engine uncaughtException', error);
  setTimeout(() => process.exit(70), 50);
});

serveEngine({ post, onMessage: (receive) => parent.on('message', (event) => receive(event.data)) }, () => process.exit(0));
