// A user's first walk in the browser host: open the app, add the local cluster, sync, see its topics, lose
// the broker, and still see every topic from the cache. Screenshots of each page land in test-results/e2e.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startMesh, type RunningMesh } from '../scripts/mesh/harness.ts';
import { startWebHost, type WebHost } from '../src/web/serve.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';

const shots = path.resolve(import.meta.dirname, '../test-results/e2e');
const topic = `e2e-walk-${Date.now().toString(36)}.orders.v1`;
let mesh: RunningMesh;
let host: WebHost;
let dataDir: string;

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  mesh = await startMesh({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-mesh-')) });
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
  await admin.disconnect();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-data-'));
  host = await startWebHost({ port: 0, dataDir });
});

test.afterAll(async () => {
  await host?.close();
  await mesh?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('connect, sync and keep seeing topics after the broker stops', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('navigation')).toBeVisible();
  await page.screenshot({ path: path.join(shots, '01-start.png') });

  await page.goto(`http://127.0.0.1:${host.port}/#/connections`);
  const form = page.getByTestId('profile-form');
  await form.locator('input[name="name"]').fill('Local demo');
  await form.locator('input[name="bootstrap"]').fill(mesh.bootstrap);
  await form.locator('input[name="registryUrl"]').fill(mesh.registryUrl);
  await form.locator('input[name="connectUrl"]').fill(mesh.connectUrl);
  await form.getByRole('button', { name: 'Save' }).click();
  const row = page.getByTestId('profile-row').filter({ hasText: 'Local demo' });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/Kafka Connect \d/)).toBeVisible({ timeout: 20_000 });
  await row.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('sync-status')).toContainText(/topics/i, { timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, '02-connections-synced.png') });

  await page.goto(`http://127.0.0.1:${host.port}/#/topics`);
  await page.getByRole('textbox').first().fill('e2e-walk');
  await expect(page.getByTestId('topic-row').filter({ hasText: topic })).toBeVisible();
  await page.screenshot({ path: path.join(shots, '03-topics-online.png') });

  await mesh.stop('kafka');
  await page.reload();
  await page.goto(`http://127.0.0.1:${host.port}/#/topics`);
  await expect(page.getByTestId('topic-row').first()).toBeVisible();
  await page.getByRole('textbox').first().fill('e2e-walk');
  await expect(page.getByTestId('topic-row').filter({ hasText: topic })).toBeVisible();
  await expect(page.getByTestId('snapshot-age')).toContainText(/read/i);
  await page.screenshot({ path: path.join(shots, '04-topics-offline.png') });

  // Syncing with the broker gone says what is wrong and keeps the cached topics.
  await page.goto(`http://127.0.0.1:${host.port}/#/connections`);
  await page.getByTestId('profile-row').filter({ hasText: 'Local demo' }).getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByText(/Connection refused by 127\.0\.0\.1:\d+|No answer from 127\.0\.0\.1/)).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, '05-sync-broker-down.png') });
  await page.goto(`http://127.0.0.1:${host.port}/#/topics`);
  await page.getByRole('textbox').first().fill('e2e-walk');
  await expect(page.getByTestId('topic-row').filter({ hasText: topic })).toBeVisible();

  for (const name of ['discover', 'lineage', 'workbench', 'lifecycle']) {
    await page.goto(`http://127.0.0.1:${host.port}/#/${name}`);
    await page.screenshot({ path: path.join(shots, `06-${name}.png`) });
  }
});
