// The engine runs in its own process and main only relays frames: tested against the real engine entry
// (electron/engine/index.ts) in a Node child standing in for Electron's utilityProcess, on a real cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseFrame } from '../../src/core/contract.ts';
import { forkEngine } from '../test-support/fork-engine.ts';
import { EngineHost } from './engine-host.ts';

const entry = path.resolve(import.meta.dirname, '../engine/index.ts');
const hosts: EngineHost[] = [];

function startHost(options: { keychainKey?: string | null; maxRestarts?: number } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-engine-host-'));
  const logged: Array<{ source: string; message: string }> = [];
  const children: Array<ReturnType<typeof forkEngine>> = [];
  const host = new EngineHost({
    spawn: () => {
      const child = forkEngine(entry);
      children.push(child);
      return child;
    },
    start: { dataDir, version: '9.9.9-test', keychainKey: options.keychainKey ?? null, vaultWarning: null },
    log: (event) => logged.push(event),
    logFile: path.join(dataDir, 'logs', 'tributary.log'),
    maxRestarts: options.maxRestarts ?? 3,
  });
  hosts.push(host);
  return { host, dataDir, logged, children };
}

function call(host: EngineHost, frame: unknown): Promise<ResponseFrame[]> {
  return new Promise((resolve) => {
    const frames: ResponseFrame[] = [];
    host.call(frame, (response) => {
      frames.push(response);
      if (response.type !== 'progress') resolve(frames);
    });
  });
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop(2000)));
});

// Each test starts real engine processes; on a loaded 2-core machine a start takes seconds, not the default 5.
describe('the engine host', { timeout: 30_000 }, () => {
  it('answers app.info from the engine process, under the id the renderer used', async () => {
    const { host, dataDir, children } = startHost();
    const [frame] = await call(host, { id: 41, method: 'app.info', input: {} });
    expect(frame).toMatchObject({ id: 41, type: 'result', value: { host: 'electron', version: '9.9.9-test', cachePath: path.join(dataDir, 'tributary.db') } });
    expect(children[0]!.pid).not.toBe(process.pid);
    expect(fs.existsSync(path.join(dataDir, 'tributary.db'))).toBe(true);
  });

  it('keeps two calls with the same renderer id apart (a reloaded page reuses ids)', async () => {
    const { host } = startHost();
    const [a, b] = await Promise.all([call(host, { id: 1, method: 'app.info', input: {} }), call(host, { id: 1, method: 'vault.status', input: {} })]);
    expect(a[0]).toMatchObject({ id: 1, type: 'result', value: { host: 'electron' } });
    expect(b[0]).toMatchObject({ id: 1, type: 'result', value: { kind: 'passphrase' } });
  });

  it('answers unknown calls and bad input with named errors, not silence', async () => {
    const { host } = startHost();
    const [unknown] = await call(host, { id: 2, method: 'fs.readFile', input: { path: '/etc/passwd' } });
    expect(unknown).toMatchObject({ id: 2, type: 'error', error: { kind: 'Invalid', message: expect.stringContaining('Unknown call') } });
    const [bad] = await call(host, { id: 3, method: 'vault.unlock', input: { passphrase: 42 } });
    expect(bad).toMatchObject({ id: 3, type: 'error', error: { kind: 'Invalid' } });
    const [junk] = await call(host, 'not a frame');
    expect(junk).toMatchObject({ id: -1, type: 'error' });
  });

  it('uses the keychain data key main hands over, so the vault is ready without a passphrase', async () => {
    const { host } = startHost({ keychainKey: Buffer.alloc(32, 7).toString('base64') });
    const [status] = await call(host, { id: 5, method: 'vault.status', input: {} });
    expect(status).toMatchObject({ type: 'result', value: { kind: 'os-keychain', state: 'ready' } });
  });

  it('answers the calls in flight with a named error when the engine dies, logs it, and starts a new engine', async () => {
    const { host, children, logged } = startHost();
    await call(host, { id: 1, method: 'app.info', input: {} });
    // vault.unlock runs scrypt (tens of ms), so it is still in flight when the process is killed.
    const inFlight = call(host, { id: 7, method: 'vault.unlock', input: { passphrase: 'a long passphrase' } });
    children[0]!.kill();
    const [lost] = await inFlight;
    expect(lost).toMatchObject({ id: 7, type: 'error', error: { kind: 'Unreachable', message: expect.stringContaining('restarted — try again') } });
    expect(logged.some((e) => e.source === 'engine child-process-gone')).toBe(true);
    const [after] = await call(host, { id: 8, method: 'app.info', input: {} });
    expect(after).toMatchObject({ id: 8, type: 'result', value: { host: 'electron' } });
    expect(children).toHaveLength(2);
  });

  it('stops restarting an engine that keeps dying and says so on every call', async () => {
    const { host, children } = startHost({ maxRestarts: 1 });
    const died = (n: number) => new Promise<void>((resolve) => children[n]!.onExit(() => resolve()));
    const firstGone = died(0);
    children[0]!.kill();
    await firstGone;
    await call(host, { id: 1, method: 'app.info', input: {} });
    const secondGone = died(1);
    children[1]!.kill();
    await secondGone;
    const [refused] = await call(host, { id: 2, method: 'app.info', input: {} });
    expect(refused).toMatchObject({ type: 'error', error: { kind: 'Unreachable', message: expect.stringContaining('restart Tributary') } });
    expect(children).toHaveLength(2);
  });

  it('closes the engine cleanly on stop and refuses calls afterwards', async () => {
    const { host, children } = startHost();
    await call(host, { id: 1, method: 'app.info', input: {} });
    const exited = new Promise<number | null>((resolve) => children[0]!.onExit(resolve));
    await host.stop();
    expect(await exited).toBe(0);
    const [refused] = await call(host, { id: 2, method: 'app.info', input: {} });
    expect(refused).toMatchObject({ type: 'error', error: { kind: 'Unreachable', message: 'Tributary is closing' } });
  });
});
