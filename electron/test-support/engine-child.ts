// Runs the engine's utility-process entry as a plain Node child (child_process.fork), standing in for
// Electron's utilityProcess in tests: process.parentPort is emulated over the child's IPC channel with the
// same { data } message events. Usage: node engine-child.ts <entry: electron/engine/index.ts or out/main/engine.js>
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry || !process.send) throw new Error('usage: fork(engine-child.ts, [entry]) with an IPC channel');
const send = process.send.bind(process);
const parentPort = {
  postMessage: (message: unknown) => void send(message),
  on: (event: string, listener: (e: { data: unknown; ports: unknown[] }) => void) => {
    if (event === 'message') process.on('message', (data) => listener({ data, ports: [] }));
  },
};
Object.defineProperty(process, 'parentPort', { value: parentPort });
await import(pathToFileURL(path.resolve(entry)).href);
