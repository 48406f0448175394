// Starts the engine in a Node child process for tests and adapts it to main's EngineProcess interface, so
// EngineHost is exercised against a real, separate engine process exactly as in the app.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { EngineProcess } from '../main/engine-host.ts';

export function forkEngine(entry: string): EngineProcess & { pid: number | undefined } {
  const child = fork(path.join(import.meta.dirname, 'engine-child.ts'), [entry], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    pid: child.pid,
    postMessage: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (receive) => void child.on('message', receive),
    onExit: (exited) => void child.once('exit', (code) => exited(code)),
    kill: () => void child.kill('SIGKILL'),
  };
}
