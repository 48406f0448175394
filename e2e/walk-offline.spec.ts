// A user's walk in the browser host: add the local cluster, test it, sync with progress, find a topic by a
// field of its schema, open the schema diff, lose the broker, and still find and see everything from the
// cache. Screenshots of each page land in test-results/e2e.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startMesh, type RunningMesh } from '../scripts/mesh/harness.ts';
import { startWebHost, type WebHost } from '../src/web/serve.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';
import { createSchemaRegistryClient } from '../src/core/cluster/schema-registry.ts';

const shots = path.resolve(import.meta.dirname, '../test-results/e2e');
const run = Date.now().toString(36);
const topic = `e2e-walk-${run}.orders.v1`;
const field = `venue_mic_${run}`;
let mesh: RunningMesh;
let host: WebHost;
let dataDir: string;

const order = (extra: object[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'e2e', fields: [{ name: 'order_id', type: 'string', doc: 'Exchange order id' }, ...extra] });

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  mesh = await startMesh({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-mesh-')) });
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
  await admin.disconnect();
  const registry = createSchemaRegistryClient({ url: mesh.registryUrl });
  await registry.register(`${topic}-value`, { schema: order([]) });
  await registry.register(`${topic}-value`, { schema: order([{ name: field, type: ['null', 'string'], default: null, doc: 'Market identifier code of the venue' }]) });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-data-'));
  host = await startWebHost({ port: 0, dataDir });
});

test.afterAll(async () => {
  await host?.close();
  await mesh?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const open = (page: Page, route: string) => page.goto(`http://127.0.0.1:${host.port}/#/${route}`);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });

async function findByField(page: Page) {
  await open(page, 'discover');
  await page.getByTestId('discover-search').fill(field);
  // The topic and its value subject both match the field; the topic's hit is the one to open.
  const hit = page.getByTestId('search-hit').filter({ hasText: topic }).and(page.getByRole('option', { name: /^Topic / }));
  await expect(hit).toBeVisible();
  return hit;
}

test('connect, sync with progress, find by schema field, diff versions, and keep working after the broker stops', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('navigation')).toBeVisible();
  await shot(page, '01-start');

  await open(page, 'connections');
  await expect(page.getByTestId('vault-panel')).toBeVisible();
  const form = page.getByTestId('profile-form');
  await form.locator('input[name="name"]').fill('Local demo');
  await form.locator('input[name="bootstrap"]').fill(mesh.bootstrap);
  await form.locator('input[name="registryUrl"]').fill(mesh.registryUrl);
  await form.locator('input[name="connectUrl"]').fill(mesh.connectUrl);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  const row = page.getByTestId('profile-row').filter({ hasText: 'Local demo' });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(row.getByText(/Kafka Connect \d/)).toBeVisible({ timeout: 20_000 });
  await expect(row.getByText(/\d+ subject\(s\)/)).toBeVisible();

  // Record whether a progress bar ever appears: a sync of a small cluster can finish within a frame.
  await page.evaluate(() => {
    const seen = { progress: false };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    new MutationObserver(() => {
      if (document.querySelector('[role="progressbar"]')) seen.progress = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await row.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('sync-status')).toContainText(/topics/i, { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { __seen: { progress: boolean } }).__seen.progress)).toBe(true);
  await shot(page, '02-connections-synced');

  const hit = await findByField(page);
  await shot(page, '03-discover-field');
  await hit.click();
  await expect(page).toHaveURL(/#\/topics\//);
  await shot(page, '04-topic-detail');
  await page.getByRole('link', { name: `${topic}-value` }).first().click();
  await expect(page.getByTestId('schema-diff')).toBeVisible();
  await expect(page.getByTestId('schema-diff')).toContainText(field);
  await shot(page, '05-schema-diff');

  await open(page, 'topics');
  await page.getByLabel('Filter topics by name').fill('e2e-walk');
  await expect(page.getByTestId('topic-row').filter({ hasText: topic })).toBeVisible();
  await shot(page, '06-topics-online');

  await mesh.stop('kafka');
  await page.reload();
  await findByField(page);
  await shot(page, '07-discover-offline');
  await open(page, 'topics');
  await page.getByLabel('Filter topics by name').fill('e2e-walk');
  await expect(page.getByTestId('topic-row').filter({ hasText: topic })).toBeVisible();
  await expect(page.getByTestId('snapshot-age')).toContainText(/read/i);
  await shot(page, '08-topics-offline');

  // Syncing with the broker gone says what is wrong and keeps the cached topics.
  await open(page, 'connections');
  await page.getByTestId('profile-row').filter({ hasText: 'Local demo' }).getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByText(/Connection refused by 127\.0\.0\.1:\d+|No answer from 127\.0\.0\.1/)).toBeVisible({ timeout: 60_000 });
  await shot(page, '09-sync-broker-down');
  await findByField(page);

  for (const name of ['groups', 'schemas', 'connectors', 'lineage', 'workbench', 'lifecycle']) {
    await open(page, name);
    await page.waitForTimeout(300);
    await shot(page, `10-${name}`);
  }
});
