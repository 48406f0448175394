// Two Tributaries on one data folder: while the first one's process lives the second is refused with a
// message naming it (in the engine, the web host and Electron's engine process alike); once it has died, its
// lock is stale and the next start takes over with the cache the first one left.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveEngine } from '../../../electron/engine/serve-engine.ts';
import type { FromEngine, ToEngine } from '../../../electron/engine/protocol.ts';
import { startWebHost } from '../../web/serve.ts';
import { acquireInstanceLock, LOCK_FILE } from '../cache/instance-lock.ts';
import { createEngine } from '../engine.ts';
import { TributaryError } from '../errors.ts';
import { createInProcessApi } from '../in-process-api.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-two-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const engineModule = path.resolve(import.meta.dirname, '../engine.ts');
const apiModule = path.resolve(import.meta.dirname, '../in-process-api.ts');

/** A first Tributary in a process of its own: saves a profile, says ready, and runs until killed. */
async function firstInstance(dir: string): Promise<ChildProcess> {
  const script = `
    import { createEngine } from ${JSON.stringify(engineModule)};
    import { createInProcessApi } from ${JSON.stringify(apiModule)};
    const engine = createEngine({ dataDir: ${JSON.stringify(dir)}, host: 'web', version: 'first' });
    await createInProcessApi(engine.handlers)['profiles.save']({ name: 'made by the first', bootstrap: 'first:9092' });
    console.log('ready');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the first instance exited (${code}): ${err}`)));
  });
  return child;
}

const refusal = (pid: number) => new RegExp(`^Tributary is already running with this data folder \\(pid ${pid}, since .*\\) — switch to that window or close it`);

describe('two Tributaries on one data folder', () => {
  it('refuses the second engine while the first one runs, naming its pid, and leaves the first one’s lock and cache alone', async () => {
    const dir = dataDir();
    const first = await firstInstance(dir);
    const lockBefore = fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8');
    let refused: unknown;
    try {
      createEngine({ dataDir: dir, host: 'web', version: 'second' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(TributaryError);
    expect((refused as TributaryError).kind).toBe('Conflict');
    expect((refused as TributaryError).message).toMatch(refusal(first.pid!));
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(lockBefore);
  });

  it('takes over the lock of a Tributary that was killed, and finds the cache it left', async () => {
    const dir = dataDir();
    const first = await firstInstance(dir);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(fs.existsSync(path.join(dir, LOCK_FILE)), 'a killed process cannot remove its lock').toBe(true);

    const engine = createEngine({ dataDir: dir, host: 'web', version: 'second' });
    const profiles = await createInProcessApi(engine.handlers)['profiles.list']({});
    expect(profiles.map((p) => p.name)).toEqual(['made by the first']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    engine.close();
    expect(fs.existsSync(path.join(dir, LOCK_FILE)), 'a clean close removes the lock').toBe(false);
  });

  it('takes over a lock file left half-written by a crash', () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pid": 12');
    const lock = acquireInstanceLock(dir);
    expect(lock.tookOverFrom).toBeNull();
    lock.release();
  });

  it('treats a lock whose pid is gone as stale, and one whose pid lives as held', () => {
    const dir = dataDir();
    const held = acquireInstanceLock(dir, { pid: 4242 });
    expect(() => acquireInstanceLock(dir, { isAlive: (pid) => pid === 4242 })).toThrow(refusal(4242));
    const taken = acquireInstanceLock(dir, { isAlive: () => false });
    expect(taken.tookOverFrom).toBe(4242);
    // The first holder's release no longer removes a lock that has passed to someone else.
    held.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    taken.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('names the running instance when the web host cannot start on a folder in use', async () => {
    const dir = dataDir();
    const first = await firstInstance(dir);
    await expect(startWebHost({ port: 0, dataDir: dir, staticDir: dir })).rejects.toThrow(refusal(first.pid!));
  });

  it('reports the running instance from Electron’s engine process as its start failure', async () => {
    const dir = dataDir();
    const first = await firstInstance(dir);
    const posted: FromEngine[] = [];
    let receive: (m: unknown) => void = () => {};
    serveEngine({ post: (m) => void posted.push(m), onMessage: (r) => void (receive = r) }, () => {});
    const start: ToEngine = { type: 'start', options: { dataDir: dir, version: 'second', keychainKey: null, vaultWarning: null } };
    receive(start);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.type).toBe('start-failed');
    expect((posted[0] as { message: string }).message).toMatch(refusal(first.pid!));
  });
});
