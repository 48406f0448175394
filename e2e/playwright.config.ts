import { defineConfig } from '@playwright/test';

// Debian's Chromium drives the browser host (Playwright's own browser download is not reachable here).
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/e2e-artifacts',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    viewport: { width: 1360, height: 860 },
    trace: 'retain-on-failure',
  },
});
