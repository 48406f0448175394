// What can be checked about the desktop packages without Electron's binary: electron-builder.yml against
// electron-builder's own schema and our security settings, the icon files, and the built bundles
// (npx electron-vite build → out/) loading where each must — main and the engine in Node with only
// 'electron' stubbed, the sandboxed preload with nothing but 'electron' to require.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EngineHost } from './main/engine-host.ts';
import type { ResponseFrame } from '../src/core/contract.ts';
import { forkEngine } from './test-support/fork-engine.ts';

const root = path.resolve(import.meta.dirname, '..');
const config = YAML.parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, debug: unknown): Promise<void> };
const quietDebugLogger = { isEnabled: false, add: () => {} };

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    await expect(validateConfiguration(config, quietDebugLogger)).resolves.toBeUndefined();
  });

  it('would be refused by that schema if an option were misspelt (the check is real)', async () => {
    await expect(validateConfiguration({ ...config, electronFuse: { runAsNode: false } }, quietDebugLogger)).rejects.toThrow(/electronFuse/);
  });

  it('flips the security fuses: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS or --inspect, encrypted cookies, only the integrity-checked ASAR', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb, dmg and an NSIS installer under one app id', () => {
    expect(config.appId).toBe('dev.tributary.desktop');
    expect(config.productName).toBe('Tributary');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it("unpacks better-sqlite3's native binary from the ASAR, and it has a prebuild for every target", () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    const prebuilds = fs.readdirSync(path.join(root, 'node_modules/better-sqlite3/prebuilds'));
    for (const target of ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64']) expect(prebuilds).toContain(`${target}.node`);
  });

  it('points at icon files that exist and are what each platform reads', () => {
    const read = (p: string) => fs.readFileSync(path.join(root, p));
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      const png = read(`${config.linux.icon}/${size}x${size}.png`);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    const ico = read(config.win.icon);
    expect([ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([1, 7]);
    expect(ico[6 + 16 * 6]).toBe(0); // the last entry is 256 px (stored as 0)
    const icns = read(config.mac.icon);
    expect(icns.subarray(0, 4).toString()).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic09'))).toBe(true); // 512 px, the size macOS needs at least
  });
});

const built = fs.existsSync(path.join(root, 'out/main/index.js')) && fs.existsSync(path.join(root, 'out/main/engine.js'));

describe.skipIf(!built)('the built bundles (run `npx electron-vite build` first; scripts/test.sh does)', () => {
  it('main loads in Node with only electron stubbed, locks the window down and relays only its own page', () => {
    const output = execFileSync(process.execPath, [path.join(import.meta.dirname, 'test-support/load-main-bundle.ts'), path.join(root, 'out/main/index.js')], { encoding: 'utf8', timeout: 30_000 });
    const seen = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(seen.outside).toEqual([]);
    expect(seen.sandboxEnabled).toBe(true);
    expect(seen.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: false });
    expect(seen.preloadExists).toBe(true);
    expect(seen.windowOpenFile).toEqual({ action: 'deny' });
    expect(seen.windowOpenHttps).toEqual({ action: 'deny' });
    expect(seen.openedExternally).toContain('https://kafka.apache.org/documentation/');
    expect(seen.openedExternally).not.toContain('file:///etc/passwd');
    expect([seen.navigateAwayPrevented, seen.navigateAppPagePrevented, seen.webviewPrevented]).toEqual([true, false, true]);
    expect([seen.mediaPermission, seen.notificationsPermission]).toEqual([false, false]);
    expect([seen.remoteScriptCancelled, seen.loopbackCancelled, seen.appFileCancelled]).toEqual([true, true, false]);
    expect(seen.csp[0]).toContain("script-src 'self'");
    expect(seen.replacedLooserCsp).toBe(true);
    expect([seen.engineModule, seen.engineModuleExists]).toEqual(['engine.js', true]);
    expect([seen.foreignFrameRelayed, seen.appFrameRelayed]).toEqual([false, true]);
  });

  it('the engine bundle answers app.info from its own process', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-engine-bundle-'));
    const host = new EngineHost({ spawn: () => forkEngine(path.join(root, 'out/main/engine.js')), start: { dataDir, version: '1.2.3', keychainKey: null, vaultWarning: null }, log: () => {}, logFile: 'x' });
    try {
      const frame = await new Promise<ResponseFrame>((resolve) => host.call({ id: 9, method: 'app.info', input: {} }, resolve));
      expect(frame).toMatchObject({ id: 9, type: 'result', value: { host: 'electron', version: '1.2.3', cachePath: path.join(dataDir, 'tributary.db') } });
    } finally {
      await host.stop();
    }
  });

  it('the preload needs nothing but electron, exposes only the frame transport, and changes pages only to known routes', () => {
    const source = fs.readFileSync(path.join(root, 'out/preload/index.cjs'), 'utf8');
    const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
    const sent: unknown[][] = [];
    const listeners = new Map<string, (...a: unknown[]) => void>();
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, (...a: unknown[]) => unknown>) => (exposed[name] = api) },
      ipcRenderer: { send: (...args: unknown[]) => sent.push(args), on: (channel: string, fn: (...a: unknown[]) => void) => listeners.set(channel, fn), removeAllListeners: (channel: string) => listeners.delete(channel) },
    };
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const window = { location: { hash: '#/topics' } };
    const module = { exports: {} };
    vm.runInNewContext(`(function (require, module, exports, window) {${source}\n})`, { console })(sandboxRequire, module, module.exports, window);
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['tributaryIpc']);
    expect(Object.keys(exposed.tributaryIpc!).sort()).toEqual(['onFrame', 'send']);
    exposed.tributaryIpc!.send!({ id: 1, method: 'app.info', input: {} });
    expect(sent).toEqual([['tributary:call', { id: 1, method: 'app.info', input: {} }]]);
    const go = listeners.get('tributary:go')!;
    go({}, 'lineage');
    expect(window.location.hash).toBe('#/lineage');
    go({}, 'javascript:alert(1)');
    go({}, '../../etc/passwd');
    expect(window.location.hash).toBe('#/lineage');
  });

  it('the renderer loads only its own files', () => {
    const html = fs.readFileSync(path.join(root, 'out/renderer/index.html'), 'utf8');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).toMatch(/^\.\//);
    expect(html).toContain('Content-Security-Policy');
  });
});
