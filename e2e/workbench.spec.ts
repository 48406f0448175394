// The ksqlDB Workbench walked in the browser host, against this spec's own mesh, its own ksqlDB stand-in (scripted
// answers: the stream appears once the spec creates it, and the push query's rows arrive when the spec feeds them)
// and its own web host: a profile with the ksqlDB URL, a data product over the orders topic marked deprecated,
// then type with completion → run a push query → rows stream into the grid → Stop → the pre-flight warns about
// the deprecated source → the history shows the run.
// Screenshots land in test-results/e2e/workbench-*.png.
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { startMesh, type RunningMesh } from '../scripts/mesh/harness.ts';
import { rowFeed, startKsqlStandin, type KsqlStandin } from '../scripts/ksqldb-standin/server.ts';
import { catalogScript, currentStatus, type ScriptedSource } from '../scripts/ksqldb-standin/entities.ts';
import { startWebHost, type WebHost } from '../src/web/serve.ts';
import { createApiClient } from '../src/core/client.ts';
import type { Api, ResponseFrame } from '../src/core/contract.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';
import { DEFAULT_REGISTRY_TOPICS } from '../src/core/products/fold.ts';

const shots = path.resolve(import.meta.dirname, '../test-results/e2e');
const run = Date.now().toString(36);
const topic = `e2e-wb-${run}.orders.v1`;
const nextTopic = `e2e-wb-${run}.orders.v2`;
const STREAM = `E2E_WB_${run.toUpperCase()}_ORDERS`;
const productId = `e2e-wb-${run}-orders`;
const nextId = `e2e-wb-${run}-orders-v2`;
const createStream = `CREATE STREAM ${STREAM} (ID STRING KEY, AMOUNT DOUBLE, REGION STRING) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON')`;
const stream: ScriptedSource = {
  kind: 'STREAM',
  name: STREAM,
  topic,
  columns: [
    { name: 'ID', type: 'STRING', key: true },
    { name: 'AMOUNT', type: 'DOUBLE' },
    { name: 'REGION', type: 'STRING' },
  ],
};
/** Orders the push query's rows, as records written to the orders topic while it runs would arrive. */
const feed = rowFeed();
const order = (i: number) => [`o${i}`, i * 10, i % 2 ? 'eu' : 'us'];
let mesh: RunningMesh;
let standin: KsqlStandin;
let host: WebHost;
let socket: WebSocket;
let hostApi: Api;
let dataDir: string;

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  mesh = await startMesh({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-mesh-')) });
  standin = await startKsqlStandin({
    script: {
      ...catalogScript({ sources: [] }),
      [createStream]: { body: currentStatus('Stream created', { commandId: `stream/\`${STREAM}\`/create` }), after: catalogScript({ sources: [stream] }) },
      [`SELECT * FROM ${STREAM} EMIT CHANGES`]: {
        header: { queryId: `transient_${STREAM}_1`, columnNames: ['ID', 'AMOUNT', 'REGION'], columnTypes: ['STRING', 'DOUBLE', 'STRING'] },
        rows: feed.rows,
        keepOpen: true,
      },
    },
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-data-'));
  host = await startWebHost({ port: 0, dataDir });
  // The spec's own line to the web host's engine: the same engine, cache and registry fold the page uses.
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(host.token)}`, { origin: `http://127.0.0.1:${host.port}` });
  await once(socket, 'open');
  hostApi = createApiClient({
    send: (frame) => socket.send(JSON.stringify(frame)),
    onFrame: (receive) => socket.on('message', (data) => receive(JSON.parse(String(data)) as ResponseFrame)),
  });
});

test.afterAll(async () => {
  socket?.close();
  await host?.close();
  feed.end();
  await standin?.close();
  await mesh?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const open = (page: Page, route: string) => page.goto(`http://127.0.0.1:${host.port}/#/${route}`);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `workbench-${name}.png`) });

const product = (id: string, name: string, port: string) => ({
  id,
  name,
  version: '1.0.0',
  domain: 'trading',
  owner: { team: 'Trading Platform', email: 'trading@tributary.example' },
  description: 'Every order accepted by the gateway',
  tier: 'gold' as const,
  outputPorts: [{ topic: port, key: 'orderId', format: 'JSON' as const }],
});

/** Publishes the old and new orders products, then marks the old one deprecated with the new one as its replacement. */
async function deprecatedProduct(profileId: string) {
  await hostApi['products.publish']({ profileId, actor: 'e2e', product: product(nextId, 'Orders v2', nextTopic), provision: [{ topic: nextTopic, createTopic: { partitions: 1 } }] });
  await hostApi['products.publish']({ profileId, actor: 'e2e', product: product(productId, 'Orders v1', topic), provision: [{ topic, createTopic: { partitions: 1 } }] });
  const deprecation = { sunset: '2026-12-31', replacement: nextId, reason: 'v2 carries the venue' };
  const updated = await hostApi['products.update']({ profileId, actor: 'e2e', product: { ...product(productId, 'Orders v1', topic), deprecation }, baseRevision: 1, bump: 'none' });
  // The engine's API has no status change yet (the lifecycle room will own it): write the next revision with
  // status 'deprecated' on the registry topic, as that room will, and let the web host's fold pick it up.
  const producer = createKafka(plaintext(mesh.bootstrap)).producer();
  await producer.connect();
  const now = new Date().toISOString();
  const descriptor = { ...updated.descriptor, status: 'deprecated', revision: updated.descriptor.revision + 1, updatedAt: now, updatedBy: 'e2e' };
  await producer.send({ topic: DEFAULT_REGISTRY_TOPICS.products, messages: [{ key: productId, value: JSON.stringify(descriptor) }] });
  await producer.send({ topic: DEFAULT_REGISTRY_TOPICS.events, messages: [{ key: productId, value: JSON.stringify({ id: crypto.randomUUID(), type: 'deprecated', productId, actor: 'e2e', at: now, reason: deprecation.reason, details: deprecation }) }] });
  await producer.disconnect();
  await expect.poll(async () => (await hostApi['products.list']({ profileId, q: '' })).products.find((p) => p.id === productId)?.status, { timeout: 30_000 }).toBe('deprecated');
}

test('type with completion, stream a push query into the grid, stop it, see the deprecated source warned and the run in history', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('navigation')).toBeVisible();
  await open(page, 'connections');
  const form = page.getByTestId('profile-form');
  await form.locator('input[name="name"]').fill('Workbench demo');
  await form.locator('input[name="bootstrap"]').fill(mesh.bootstrap);
  await form.locator('input[name="ksqldbUrl"]').fill(standin.url);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('profile-row').filter({ hasText: 'Workbench demo' })).toBeVisible();
  await shot(page, '01-profile');
  const profileId = (await hostApi['profiles.list']({})).find((p) => p.name === 'Workbench demo')!.id;

  await deprecatedProduct(profileId);
  const created = await hostApi['ksql.run']({ profileId, script: `${createStream};`, properties: {} });
  expect(created.stoppedAt).toBeNull();
  feed.push(...[0, 1, 2, 3, 4].map(order));

  await open(page, 'workbench');
  const editor = page.getByTestId('ksql-editor');
  await expect(editor.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type('SELECT * FROM E2E_WB');
  await page.keyboard.press('Control+Space');
  const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: STREAM });
  await expect(suggestion).toBeVisible({ timeout: 15_000 });
  await shot(page, '02-completion');
  await page.keyboard.press('Enter');
  await page.keyboard.type(' EMIT CHANGES;');

  // The pre-flight resolves the stream to its topic and names the deprecated product and its replacement.
  const preflight = page.getByTestId('ksql-preflight');
  await expect(preflight).toContainText(STREAM);
  await expect(preflight).toContainText(`Reads ${topic}, an output port of data product “Orders v1” (${productId}), which is deprecated, sunset 2026-12-31 — use “Orders v2” (${nextId}) instead`, { timeout: 15_000 });
  await shot(page, '03-preflight-deprecated');

  await page.getByTestId('ksql-run').click();
  const rows = page.getByTestId('ksql-result-row');
  await expect(rows).toHaveCount(5, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: /5 rows · .* · running/ })).toBeVisible();
  // Rows written while the query runs stream in.
  feed.push(...[5, 6, 7, 8, 9, 10, 11].map(order));
  await expect(page.getByRole('status').filter({ hasText: /12 rows · .* · running/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('row', { name: 'o11 110 eu' })).toBeVisible();
  await shot(page, '04-rows-streaming');

  await page.getByTestId('ksql-stop').click();
  await expect(page.getByRole('status').filter({ hasText: /12 rows · .* · stopped/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('ksql-run')).toBeEnabled();
  await shot(page, '05-stopped');

  await page.getByRole('tab', { name: 'History' }).click();
  const entry = page.getByTestId('ksql-history-entry').filter({ hasText: `SELECT * FROM ${STREAM} EMIT CHANGES` });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText('■');
  await expect(entry).toContainText('12 rows');
  await shot(page, '06-history');
});
