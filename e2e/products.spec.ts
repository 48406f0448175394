// The data-product walk in the browser host, on a fresh mesh: add the cluster and sync, publish an Avro topic
// as a product with the wizard, find it in Discover, open its page, read its records decoded, export them,
// ask for access and approve it. Screenshots of each page land in test-results/e2e/products-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { expect, test, type Page } from '@playwright/test';
import { startMesh, type RunningMesh } from '../scripts/mesh/harness.ts';
import { startWebHost, type WebHost } from '../src/web/serve.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';

const shots = path.resolve(import.meta.dirname, '../test-results/e2e');
const run = Date.now().toString(36);
const topic = `e2e-products-${run}.fills.v1`;
const productId = `trading.fills-${run}`;
const venueField = `venue_mic_${run}`;
const RECORDS = 12;
let mesh: RunningMesh;
let host: WebHost;
let dataDir: string;

const fillSchema = {
  type: 'record',
  name: 'Fill',
  namespace: 'e2e',
  fields: [
    { name: 'fill_id', type: 'string', doc: 'Exchange fill id' },
    { name: 'quantity', type: 'long' },
    { name: venueField, type: 'string', doc: 'Market identifier code of the venue' },
  ],
};

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  mesh = await startMesh({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-mesh-')) });
  const kafka = createKafka(plaintext(mesh.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  // Infinite retention: the product promises its whole history (the wizard's default history mode).
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
  await admin.disconnect();
  const registry = new SchemaRegistry({ host: mesh.registryUrl });
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(fillSchema) }, { subject: `${topic}-value` });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const messages = await Promise.all(
    Array.from({ length: RECORDS }, async (_, i) => ({ key: `fill-${i}`, value: await registry.encode(id, { fill_id: `F-${i}`, quantity: 100 + i, [venueField]: i % 2 ? 'XLON' : 'XPAR' }) })),
  );
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-data-'));
  host = await startWebHost({ port: 0, dataDir });
});

test.afterAll(async () => {
  await host?.close();
  await mesh?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const open = (page: Page, route: string) => page.goto(`http://127.0.0.1:${host.port}/#/${route}`);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `products-${name}.png`) });

test('publish a topic as a product, find it, read it decoded, export it, and approve an access request', async ({ page }) => {
  await page.goto(host.url);
  await open(page, 'connections');
  const form = page.getByTestId('profile-form');
  await form.locator('input[name="name"]').fill('Fresh stack');
  await form.locator('input[name="bootstrap"]').fill(mesh.bootstrap);
  await form.locator('input[name="registryUrl"]').fill(mesh.registryUrl);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  const row = page.getByTestId('profile-row').filter({ hasText: 'Fresh stack' });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('sync-status')).toContainText(/topics/i, { timeout: 60_000 });
  await shot(page, '01-synced');

  // ── the wizard ──
  await open(page, 'products');
  await page.getByTestId('new-product').click();
  const step = page.getByTestId('wizard-step');
  await expect(step).toHaveAttribute('data-step', 'stream');
  await page.getByLabel('Filter topics').fill(run);
  await page.getByTestId('wizard-topic-option').first().check();
  await expect(page.getByTestId('wizard-port')).toContainText(topic);
  await shot(page, '02-wizard-topics');
  await page.getByTestId('wizard-next').click();

  await expect(step).toHaveAttribute('data-step', 'schema');
  // The topic's value subject is registered, so the port starts on it.
  await expect(page.getByTestId('wizard-schema-port').locator('select')).toHaveValue(`${topic}-value`);
  await page.getByTestId('wizard-schema-port').getByPlaceholder('orderId').fill('fill id');
  await shot(page, '03-wizard-schema');
  await page.getByTestId('wizard-next').click();

  await expect(step).toHaveAttribute('data-step', 'describe');
  await page.locator('#pf-name').fill(`Order fills ${run}`);
  await page.locator('#pf-domain').fill('trading');
  await page.locator('#pf-id').fill(productId);
  await page.locator('#pf-owner-team').fill('Trading platform');
  await page.locator('#pf-owner-email').fill('trading-platform@example.com');
  await page.locator('#pf-description').fill('Every fill the exchange confirms, with its venue.');
  await shot(page, '04-wizard-describe');
  await page.getByTestId('wizard-next').click();

  await expect(step).toHaveAttribute('data-step', 'review');
  await expect(page.getByTestId('wizard-preview-action').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('wizard-problems')).toHaveCount(0);
  await shot(page, '05-wizard-preview');
  await page.getByTestId('wizard-publish').click();
  await expect(page.getByTestId('wizard-outcome')).toBeVisible({ timeout: 60_000 });
  await expect(step).toContainText(`Published Order fills ${run}`);
  await shot(page, '06-wizard-published');

  // ── Discover finds it by a field of its description ──
  await open(page, 'discover');
  await page.getByTestId('discover-search').fill(`fills ${run}`);
  const hit = page.getByTestId('search-hit').filter({ hasText: `Order fills ${run}` });
  await expect(hit).toBeVisible({ timeout: 20_000 });
  await shot(page, '07-discover');
  await hit.click();

  // ── the product page ──
  const product = page.getByTestId('product-page');
  await expect(product).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/products/${productId.replace(/\./g, '\\.')}`));
  await expect(product.getByRole('heading', { name: `Order fills ${run}` })).toBeVisible();
  await expect(product.getByTestId('product-port')).toContainText(topic);
  await expect(product.getByTestId('product-description')).toContainText('with its venue');
  // Records were written seconds ago on a healthy single broker: the hour's freshness and availability are met.
  await expect(product.getByTestId('product-sla')).toHaveAttribute('data-state', 'met', { timeout: 20_000 });
  await expect(product.getByTestId('sla-freshness')).toHaveText('met');
  await expect(product.getByTestId('sla-availability')).toHaveText('met');
  await shot(page, '08-product-page');
  await product.getByTestId('product-sla').getByText(/partitions? and/).click();
  await expect(product.getByTestId('sla-partition')).toHaveCount(2);
  await product.getByTestId('product-sla').scrollIntoViewIfNeeded();
  await shot(page, '08-product-sla');

  // ── its records, decoded from Avro ──
  await product.getByTestId('port-messages-link').click();
  await expect(page).toHaveURL(/\/messages$/);
  // The label's name includes the chosen option ("Start Latest N").
  await page.getByLabel(/^Start\b/).selectOption('beginning');
  await page.getByTestId('messages-start').click();
  await expect(page.getByTestId('message-row')).toHaveCount(RECORDS, { timeout: 30_000 });
  await expect(page.getByTestId('message-row').filter({ hasText: venueField }).first()).toBeVisible();
  await expect(page.getByTestId('message-row').filter({ hasText: 'XLON' }).first()).toBeVisible();
  await page.getByTestId('message-row').first().click();
  await expect(page.getByTestId('message-detail')).toContainText(venueField);
  await expect(page.getByTestId('message-detail')).toContainText('fill_id');
  await shot(page, '09-messages-decoded');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('messages-export').click();
  const download = await downloading;
  const file = path.join(shots, `products-export-${run}.jsonl`);
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(RECORDS);
  expect(lines[0]).toContain(venueField);
  fs.rmSync(file);
  await expect(page.getByText(`${RECORDS} records written to`)).toBeVisible();
  await shot(page, '10-messages-exported');

  // ── ask for access, then decide as the owner ──
  await page.goBack();
  await expect(page.getByTestId('product-page')).toBeVisible();
  const ask = page.getByTestId('request-access');
  await ask.getByTestId('access-principal').fill('User:analytics');
  await ask.getByTestId('access-throughput').fill('~50 msg/s');
  await ask.getByTestId('access-purpose').fill('Venue mix dashboards');
  await ask.getByRole('button', { name: 'Request access' }).click();
  const request = page.getByTestId('access-request-row').filter({ hasText: 'User:analytics' });
  await expect(request).toHaveAttribute('data-state', 'pending', { timeout: 30_000 });
  await shot(page, '11-access-requested');
  await request.getByTestId('access-reason').fill('Dashboards are an agreed use');
  await request.getByTestId('approve-access').click();
  // The stack runs without an authorizer: the outcome says no ACLs were needed, not that they were made.
  const outcome = request.getByTestId('access-outcome');
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  await expect(outcome).toHaveAttribute('data-acls', 'no-authorizer');
  await expect(request).toHaveAttribute('data-state', 'approved');
  await shot(page, '12-access-approved');

  // Every cluster change of the walk is in the audit log.
  await open(page, 'audit');
  await expect(page.getByText(productId).first()).toBeVisible();
  await shot(page, '13-audit');

  // ── a record on the registry topic that is no product: the list says so, and names it ──
  const writer = createKafka(plaintext(mesh.bootstrap)).producer();
  await writer.connect();
  await writer.send({ topic: '_tributary.products', acks: -1, messages: [{ key: `broken.by-hand-${run}`, value: '{"id": "broken' }] });
  await writer.disconnect();
  await open(page, 'products');
  const skipped = page.getByTestId('registry-warning-count');
  // The live fold reads the record within a moment; the list shows it once read again.
  await expect(async () => {
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(skipped).toContainText('1 skipped record', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await skipped.click();
  const panel = page.getByRole('region', { name: 'Skipped registry records' });
  await expect(panel).toContainText(`broken.by-hand-${run}`);
  await expect(panel).toContainText('is not JSON');
  await shot(page, '14-skipped-record');
});
