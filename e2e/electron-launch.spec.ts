// Launches the real desktop app with Playwright's _electron where Electron's binary exists
// (node_modules/electron/dist, or ELECTRON_OVERRIDE_DIST_PATH). On machines that cannot download it (CI
// here), every test is skipped and says why; electron/packaging.test.ts covers the built bundles there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../scripts/electron-binary.ts';

const root = path.resolve(import.meta.dirname, '..');
const binary = findElectronBinary(root);
type Frame = { id: number; type: string; value?: { host?: string; version?: string } };

test.describe('the desktop app', () => {
  test.describe.configure({ mode: 'serial' });
  test.skip(!binary, "Electron's binary is not installed on this machine (it downloads from GitHub releases, unreachable here); electron/packaging.test.ts checks the built bundles instead");

  let app: ElectronApplication;
  let page: Page;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-electron-'));

  test.beforeAll(async () => {
    app = await electron.launch({ executablePath: binary!, args: [root, '--no-sandbox'], env: { ...process.env, TRIBUTARY_DATA: dataDir } });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('opens on the app shell with the frame transport and nothing else', async () => {
    await expect(page.getByRole('navigation')).toBeVisible();
    expect(await page.evaluate(() => Object.keys((window as unknown as { tributaryIpc: object }).tributaryIpc).sort())).toEqual(['onFrame', 'send']);
    await page.screenshot({ path: path.resolve(root, 'test-results/e2e/electron-shell.png') });
  });

  test('runs the page isolated and sandboxed, without Node', async () => {
    // getLastWebPreferences exists at run time but is missing from Electron's typings.
    const preferences = await app.evaluate(({ BrowserWindow }) => (BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): object }).getLastWebPreferences());
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
  });

  test('denies window.open and sends only allowlisted links to the system browser', async () => {
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { opened?: string[] }).opened = opened;
      shell.openExternal = async (url: string) => void opened.push(url);
    });
    const results = await page.evaluate(() => ['https://kafka.apache.org/documentation/', 'file:///etc/passwd', 'javascript:alert(1)', 'http://example.com/'].map((url) => window.open(url) === null));
    expect(results).toEqual([true, true, true, true]);
    expect(app.windows()).toHaveLength(1);
    expect(await app.evaluate(() => (globalThis as { opened?: string[] }).opened)).toEqual(['https://kafka.apache.org/documentation/']);
  });

  test('the engine answers app.info from its own utility process', async () => {
    const services = await app.evaluate(({ app }) => app.getAppMetrics().filter((m) => m.type === 'Utility').map((m) => m.serviceName));
    expect(services).toContain('Tributary engine');
    // Takes over the page's frame receiver, so it runs last.
    const frame = await page.evaluate(
      () =>
        new Promise<Frame>((resolve) => {
          const ipc = (window as unknown as { tributaryIpc: { send(f: unknown): void; onFrame(r: (f: Frame) => void): void } }).tributaryIpc;
          ipc.onFrame((f) => f.id === 424242 && resolve(f));
          ipc.send({ id: 424242, method: 'app.info', input: {} });
        }),
    );
    expect(frame).toMatchObject({ type: 'result', value: { host: 'electron' } });
    expect(fs.existsSync(path.join(dataDir, 'tributary.db'))).toBe(true);
  });
});
