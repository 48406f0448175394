// Main's side of the engine: spawns the engine's utility process, relays the renderer's frames to it over
// the process's MessagePort and the answers back, and keeps the window usable when the engine dies — every
// call in flight is answered with a named error, the crash is logged, and a fresh engine is started.
import type { ResponseFrame } from '../../src/core/contract.ts';
import type { ErrorValue } from '../../src/core/errors.ts';
import { isFromEngine, type EngineStartOptions, type ToEngine } from '../engine/protocol.ts';

/** A running engine process: Electron's UtilityProcess in the app, a Node child in tests. */
export interface EngineProcess {
  postMessage(message: ToEngine): void;
  onMessage(receive: (message: unknown) => void): void;
  onExit(exited: (code: number | null) => void): void;
  kill(): void;
}

export interface EngineHostOptions {
  spawn(): EngineProcess;
  start: EngineStartOptions;
  log(event: { source: string; message: string; stack?: string; details?: Record<string, string | number | null> }): void;
  /** Where the user finds the details; quoted in the error a dying engine leaves on each pending call. */
  logFile: string;
  /** More crashes than this within restartWindowMs and the engine stays down (a crash loop helps nobody). */
  maxRestarts?: number;
  restartWindowMs?: number;
  now?: () => number;
}

type Reply = (frame: ResponseFrame) => void;

export class EngineHost {
  private readonly options: EngineHostOptions;
  private child: EngineProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { rendererId: number; reply: Reply }>();
  private crashes: number[] = [];
  private downReason: string | null = null;
  private stopping: Promise<void> | null = null;

  constructor(options: EngineHostOptions) {
    this.options = options;
    this.launch();
  }

  /** Relays one frame from the renderer; reply receives its progress and its one result or error. */
  call(frame: unknown, reply: Reply): void {
    const f = (typeof frame === 'object' && frame !== null ? frame : {}) as { id?: unknown; method?: unknown; input?: unknown };
    const rendererId = typeof f.id === 'number' ? f.id : -1;
    const down = this.downReason ?? (this.stopping ? 'Tributary is closing' : null);
    if (down || !this.child) {
      reply({ id: rendererId, type: 'error', error: { kind: 'Unreachable', message: down ?? 'The engine is not running' } });
      return;
    }
    const id = this.nextId++;
    this.pending.set(id, { rendererId, reply });
    // method and input go through untouched: the engine's dispatch validates them against the contract.
    this.child.postMessage({ type: 'call', frame: { id, method: f.method as string, input: f.input } });
  }

  /** Asks the engine to close its cache cleanly; kills it if it has not stopped within the grace period. */
  stop(graceMs = 3000): Promise<void> {
    if (this.stopping) return this.stopping;
    const child = this.child;
    this.stopping = new Promise<void>((resolve) => {
      if (!child) return resolve();
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, graceMs);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      child.postMessage({ type: 'stop' });
    });
    return this.stopping;
  }

  private launch(): void {
    const child = this.options.spawn();
    this.child = child;
    child.onMessage((message) => this.receive(child, message));
    child.onExit((code) => this.exited(child, code));
    child.postMessage({ type: 'start', options: this.options.start });
  }

  private receive(child: EngineProcess, message: unknown): void {
    if (child !== this.child || !isFromEngine(message)) return;
    if (message.type === 'frame') {
      const call = this.pending.get(message.frame.id);
      if (!call) return;
      if (message.frame.type !== 'progress') this.pending.delete(message.frame.id);
      call.reply({ ...message.frame, id: call.rendererId });
    } else if (message.type === 'fault') {
      this.options.log({ source: message.source, message: message.message, stack: message.stack });
    } else if (message.type === 'start-failed') {
      this.downReason = `The engine could not start: ${message.message}`;
      this.options.log({ source: 'engine start', message: message.message });
      this.failPending({ kind: 'Internal', message: this.downReason });
    }
  }

  private exited(child: EngineProcess, code: number | null): void {
    if (child !== this.child) return;
    this.child = null;
    if (this.stopping) return;
    this.options.log({ source: 'engine child-process-gone', message: `The engine process exited unexpectedly (code ${code ?? 'none'})`, details: { code } });
    if (!this.downReason) {
      const now = (this.options.now ?? Date.now)();
      const windowMs = this.options.restartWindowMs ?? 60_000;
      this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
      if (this.crashes.length > (this.options.maxRestarts ?? 3)) {
        this.downReason = `The engine stopped ${this.crashes.length} times within ${Math.round(windowMs / 1000)} s and was not restarted again — restart Tributary; details are in ${this.options.logFile}`;
        this.options.log({ source: 'engine', message: this.downReason });
      }
    }
    if (this.downReason) {
      this.failPending({ kind: 'Unreachable', message: this.downReason });
      return;
    }
    this.failPending({ kind: 'Unreachable', message: `The engine stopped unexpectedly while answering this and has been restarted — try again. Details: ${this.options.logFile}` });
    this.launch();
  }

  private failPending(error: ErrorValue): void {
    for (const { rendererId, reply } of this.pending.values()) reply({ id: rendererId, type: 'error', error });
    this.pending.clear();
  }
}
