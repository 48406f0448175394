// Launches the real desktop app with Playwright's _electron where Electron's binary exists. On machines that
// cannot download it (CI here), the test is skipped and says why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../scripts/electron-binary.ts';

const binary = findElectronBinary(path.resolve(import.meta.dirname, '..'));

test('the desktop window opens on the app shell with the IPC API', async () => {
  test.skip(!binary, "Electron's binary is not installed on this machine (it downloads from GitHub releases, unreachable here); CI covers the browser host");
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.resolve(import.meta.dirname, '..'), '--no-sandbox'],
    env: { ...process.env, TRIBUTARY_DATA: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-electron-')) },
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation')).toBeVisible();
  expect(await window.evaluate(() => typeof (window as unknown as { tributaryIpc?: unknown }).tributaryIpc)).toBe('object');
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  await window.screenshot({ path: path.resolve(import.meta.dirname, '../test-results/e2e/electron-shell.png') });
  await app.close();
});
