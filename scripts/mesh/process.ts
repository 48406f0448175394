// Runs one JVM of the mesh: output to a log file, a wait for health that fails fast (with the log's tail)
// if the process dies, and a stop that asks politely (SIGTERM) before it insists (SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves once the process has exited, with its exit code or signal. */
  exited: Promise<string>;
  isRunning(): boolean;
  stop(timeoutMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// Whatever happens to the Node process, no broker is left behind holding a port and a data dir.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export function startProcess(opts: { name: string; command: string; args: string[]; logFile: string; cwd?: string; env?: NodeJS.ProcessEnv }): ManagedProcess {
  installExitHook();
  const fd = openSync(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  live.add(child);
  let running = true;
  const exited = new Promise<string>((resolve) => {
    child.once('error', (err) => {
      running = false;
      live.delete(child);
      resolve(`failed to start: ${err.message}`);
    });
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      resolve(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
  });
  return {
    name: opts.name,
    pid: child.pid ?? -1,
    logFile: opts.logFile,
    exited,
    isRunning: () => running,
    async stop(timeoutMs = 20_000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function tailOfFile(path: string, lines = 30): string {
  try {
    const all = readFileSync(path, 'utf8').trimEnd().split('\n');
    return all.slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

/**
 * Polls `check` until it returns true. Fails with the log's tail when the process exits first or time runs
 * out, so the message shows why without opening the file.
 */
export async function waitHealthy(proc: ManagedProcess, what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died: string | undefined;
  void proc.exited.then((how) => (died = how));
  let lastError = '';
  while (Date.now() < deadline) {
    if (died !== undefined) {
      throw new Error(`${what} exited during startup (${died}) — its log ${proc.logFile} ends with:\n${tailOfFile(proc.logFile)}`);
    }
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await proc.stop(5_000);
  throw new Error(
    `${what} was not healthy after ${Math.round(timeoutMs / 1000)} s${lastError ? ` (last check: ${lastError})` : ''} — it was stopped; its log ${proc.logFile} ends with:\n${tailOfFile(proc.logFile)}`,
  );
}

/** GET that resolves to the response, or throws with a short reason; never hangs longer than `timeoutMs`. */
export async function httpGet(url: string, timeoutMs = 3_000): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
}
