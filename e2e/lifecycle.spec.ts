// The lifecycle walk in the browser host, on the demo mesh (every demo topic published as a product): save
// the notification settings (a real SMTP server and a webhook receiver that checks signatures run in this
// process), deprecate payments.refunds — read by the demo's legacy-reporting application — naming
// payments.transactions as its replacement, see the consumer told by e-mail, signed webhook and event, see a
// new access request denied automatically, move legacy-reporting to the replacement, watch the migration
// dashboard count it migrated, retire the product and see its topic gone. Then break schemas safely: sign-off
// from consumer owners, a new version whose bridge opens in the Workbench, and forgetting a key by tombstone.
// Screenshots: test-results/e2e/lifecycle-*.png.
import fs from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { SMTPServer } from 'smtp-server';
import WebSocket from 'ws';
import { demoScript } from '../scripts/ksqldb-standin/demo-script.ts';
import { startKsqlStandin, type KsqlStandin } from '../scripts/ksqldb-standin/server.ts';
import { startDemoMesh, type DemoMeshHandle } from '../scripts/mesh/demo-mesh.ts';
import { loadDemoMesh } from '../scripts/mesh/demo-spec.ts';
import { startDemoTraffic, type DemoTraffic } from '../scripts/mesh/demo-traffic.ts';
import { createApiClient } from '../src/core/client.ts';
import type { Api, ResponseFrame } from '../src/core/contract.ts';
import { verifySignature } from '../src/core/lifecycle/notify/signature.ts';
import { startWebHost, type WebHost } from '../src/web/serve.ts';

const shots = path.resolve(import.meta.dirname, '../test-results/e2e');
const OLD = 'payments.refunds';
const OLD_TOPIC = 'payments.refunds.v1';
const NEW = 'payments.transactions';
const NEW_TOPIC = 'payments.transactions.v1';
const APP = 'legacy-reporting';
const APP_CONTACT = 'reporting-team@tributary.example';
const SMTP_USER = 'tributary';
const SMTP_PASSWORD = 'lifecycle walk password';
const WEBHOOK_SECRET = 'lifecycle-walk-signing-secret';

interface Mail {
  from: string;
  to: string[];
  text: string;
}
interface Hook {
  ok: boolean;
  reason: string;
  body: Record<string, unknown>;
}

let demo: DemoMeshHandle;
let standin: KsqlStandin;
let traffic: DemoTraffic | undefined;
let host: WebHost;
let socket: WebSocket;
let hostApi: Api;
let dataDir: string;
let smtp: SMTPServer;
let smtpPort: number;
let receiver: http.Server;
let hookUrl: string;
const mails: Mail[] = [];
const hooks: Hook[] = [];

/** Sums a group's committed offsets on a topic (-1, nothing committed, counts as 0). */
async function committed(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Decodes quoted-printable bytes (=C3=A9) as UTF-8. */
function quotedPrintable(text: string): string {
  return Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** A received message as its reader sees it: folded headers joined, encoded-word headers and the body decoded. */
function readable(raw: string): string {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  const headers = unfolded.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) => (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' '))));
  return quotedPrintable(headers);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  fs.mkdirSync(shots, { recursive: true });

  // ── an SMTP server that takes mail after a password login, and a webhook receiver that checks signatures ──
  smtp = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: SMTP_USER });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), text: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpPort = (smtp.server.address() as AddressInfo).port;

  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const check = verifySignature(WEBHOOK_SECRET, req.headers, body, { toleranceSeconds: 300 });
      hooks.push({ ok: check.ok, reason: check.ok ? '' : check.reason, body: JSON.parse(body.toString('utf8')) as Record<string, unknown> });
      res.writeHead(check.ok ? 204 : 401).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tributary`;

  // ── the demo mesh; its legacy-reporting application runs here, reading refunds the way demo-traffic runs it ──
  demo = await startDemoMesh({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-lifecycle-mesh-')), traffic: false, endpointsFile: '' });
  const spec = loadDemoMesh();
  traffic = await startDemoTraffic(demo.endpoints, {
    mesh: {
      ...spec,
      topics: spec.topics.filter((t) => t.name === OLD_TOPIC || t.name === NEW_TOPIC),
      // Without its planned stop: the application keeps reading until it migrates.
      consumerGroups: spec.consumerGroups.filter((g) => g.id === APP).map((g) => ({ ...g, stopsAfterMessages: undefined })),
    },
    schemaIds: demo.seed.schemaIds,
    rateFactor: 30,
    tickMs: 500,
  });
  const kafka = new Kafka({ clientId: 'e2e-lifecycle', brokers: [demo.endpoints.bootstrap], logLevel: logLevel.NOTHING });
  await until(`${APP} to commit on ${OLD_TOPIC}`, async () => (await committed(kafka, APP, OLD_TOPIC)) > 0);

  // The demo's scripted ksqlDB: its streams and tables, for the Workbench the bridge opens in.
  standin = await startKsqlStandin({ script: demoScript() });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-lifecycle-data-'));
  // TRIBUTARY_E2E_RENDERER: a renderer built elsewhere than out/renderer (e.g. while others use the shared build).
  host = await startWebHost({ port: 0, dataDir, ...(process.env.TRIBUTARY_E2E_RENDERER ? { staticDir: process.env.TRIBUTARY_E2E_RENDERER } : {}) });
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(host.token)}`, { origin: `http://127.0.0.1:${host.port}` });
  await once(socket, 'open');
  hostApi = createApiClient({
    send: (frame) => socket.send(JSON.stringify(frame)),
    onFrame: (receive) => socket.on('message', (data) => receive(JSON.parse(String(data)) as ResponseFrame)),
  });
  // Secrets are sealed in the vault; the web host's vault takes a passphrase.
  await hostApi['vault.unlock']({ passphrase: 'lifecycle walk vault' });
});

test.afterAll(async () => {
  socket?.close();
  await host?.close();
  await traffic?.stop();
  await standin?.close();
  await demo?.stop();
  await new Promise((resolve) => (smtp ? smtp.close(() => resolve(undefined)) : resolve(undefined)));
  await new Promise((resolve) => (receiver ? receiver.close(() => resolve(undefined)) : resolve(undefined)));
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// The second walk starts where the first left the profile and its settings.
test.describe.configure({ mode: 'serial' });

const open = (page: Page, route: string) => page.goto(`http://127.0.0.1:${host.port}/#/${route}`);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `lifecycle-${name}.png`), fullPage: true });

async function sync(page: Page): Promise<void> {
  await open(page, 'connections');
  const status = page.getByTestId('sync-status');
  const before = (await status.count()) > 0 ? ((await status.textContent()) ?? '') : '';
  await page.getByTestId('profile-row').filter({ hasText: 'Demo mesh' }).getByRole('button', { name: 'Sync' }).click();
  await expect(status).toContainText(/Synced \d+ topic/, { timeout: 90_000 });
  await expect(status).not.toHaveText(before, { timeout: 90_000 });
}

test('deprecate a demo product, notify its consumer, refuse a newcomer, track the migration and retire it', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(host.url);
  await open(page, 'connections');
  const form = page.getByTestId('profile-form');
  await form.locator('input[name="name"]').fill('Demo mesh');
  await form.locator('input[name="bootstrap"]').fill(demo.endpoints.bootstrap);
  await form.locator('input[name="registryUrl"]').fill(demo.endpoints.registryUrl);
  await form.locator('input[name="ksqldbUrl"]').fill(standin.url);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('profile-row').filter({ hasText: 'Demo mesh' })).toBeVisible();
  await sync(page);
  await shot(page, '01-synced');

  // ── settings: SMTP (with its write-only password), a signed webhook, a contact for the demo app, who I am ──
  await open(page, 'lifecycle/settings');
  const settings = page.getByTestId('lifecycle-settings');
  await settings.getByTestId('smtp-enabled').check();
  await settings.getByTestId('smtp-host').fill('127.0.0.1');
  await settings.getByTestId('smtp-port').fill(String(smtpPort));
  await settings.getByTestId('smtp-security').selectOption('none');
  await settings.getByTestId('smtp-user').fill(SMTP_USER);
  await settings.getByTestId('smtp-password').fill(SMTP_PASSWORD);
  await settings.getByTestId('smtp-from').fill('tributary@tributary.example');
  await settings.getByTestId('webhook-enabled').check();
  await settings.getByTestId('webhook-url').fill(hookUrl);
  await settings.getByTestId('webhook-secret').fill(WEBHOOK_SECRET);
  await settings.getByTestId('contact-add').click();
  const contact = settings.getByTestId('contact-row').last();
  await contact.getByTestId('contact-pattern').fill('legacy-*');
  await contact.getByTestId('contact-email').fill(APP_CONTACT);
  await contact.getByTestId('contact-team').fill('Reporting');
  await settings.getByTestId('me-apps').fill(APP);
  await settings.getByTestId('settings-save').click();
  await expect(settings.getByTestId('settings-saved')).toBeVisible();
  // The secrets went to the vault: the form says they are set and never shows them.
  await expect(settings.getByTestId('smtp-password-state')).toContainText('set (kept in the vault)');
  await expect(settings.getByTestId('webhook-secret-state')).toContainText('set (kept in the vault)');
  await expect(settings.getByTestId('smtp-password')).toHaveValue('');
  await shot(page, '02-settings');
  const saved = await hostApi['lifecycle.settings']({ profileId: (await hostApi['profiles.list']({}))[0]!.id });
  expect(saved.smtp).toMatchObject({ host: '127.0.0.1', port: smtpPort, security: 'none', user: SMTP_USER });
  expect(saved.contacts).toEqual([{ pattern: 'legacy-*', email: APP_CONTACT, team: 'Reporting' }]);

  // ── deprecate payments.refunds: the dialog lists its consumer and who will be told, before confirming ──
  await open(page, `products/${OLD}`);
  const lifecycle = page.getByTestId('lifecycle-panel');
  await expect(lifecycle).toHaveAttribute('data-status', 'published', { timeout: 30_000 });
  await lifecycle.getByTestId('deprecate-open').click();
  const dialog = page.getByTestId('deprecate-dialog');
  const consumer = dialog.getByTestId('lifecycle-consumer').filter({ hasText: APP });
  await expect(consumer).toBeVisible({ timeout: 30_000 });
  await expect(consumer.getByTestId('lifecycle-contact')).toHaveText(APP_CONTACT);
  // A sunset in the past is refused beside its field, and nothing is written.
  await dialog.getByTestId('deprecate-sunset').fill('2020-01-01');
  await dialog.getByTestId('deprecate-replacement').selectOption(NEW);
  await dialog.getByTestId('deprecate-reason').fill('Refunds now arrive on payments.transactions as negative amounts');
  await dialog.getByTestId('deprecate-confirm').click();
  await expect(dialog.locator('.field-error').first()).toContainText('pick a date after');
  await shot(page, '03-deprecate-refused-past-sunset');
  const sunset = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByTestId('deprecate-sunset').fill(sunset);
  await shot(page, '04-deprecate-dialog');
  await dialog.getByTestId('deprecate-confirm').click();
  await expect(dialog.getByTestId('deprecate-done')).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByTestId('lifecycle-action').filter({ hasText: 'notify-consumers' })).toHaveAttribute('data-outcome', 'done');
  await shot(page, '05-deprecated');
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();

  // ── the notifications: delivered per channel in the table, received by the SMTP server and the webhook receiver ──
  await expect(lifecycle).toHaveAttribute('data-status', 'deprecated');
  await expect(lifecycle.getByTestId('sunset-countdown')).toContainText('sunset in 60 days');
  for (const channel of ['email', 'webhook', 'event']) {
    await expect(lifecycle.getByTestId('delivery-row').and(page.locator(`[data-channel="${channel}"]`))).toHaveAttribute('data-state', 'delivered');
  }
  expect(mails).toHaveLength(1);
  expect(mails[0]!.to).toEqual([APP_CONTACT]);
  const mail = readable(mails[0]!.text);
  expect(mail).toMatch(/Subject: \[Tributary\] .* is deprecated/);
  expect(mail).toContain(`Sunset: ${sunset}`);
  expect(mail).toContain(`(${NEW})`);
  expect(hooks.length).toBeGreaterThanOrEqual(1);
  expect(hooks.every((h) => h.ok), hooks.map((h) => h.reason).join('; ')).toBe(true);
  expect(JSON.stringify(hooks[0]!.body)).toContain(OLD);
  await lifecycle.getByTestId('deliveries').scrollIntoViewIfNeeded();
  await shot(page, '06-notifications-delivered');

  // ── a newcomer asks for access and is refused at once, with the replacement named ──
  const ask = page.getByTestId('request-access');
  await expect(ask.getByTestId('access-closed')).toContainText(NEW);
  await ask.getByTestId('access-principal').fill('User:newcomer');
  await ask.getByTestId('access-purpose').fill('Refund dashboards');
  await ask.getByRole('button', { name: 'Request access' }).click();
  await expect(ask.getByTestId('access-auto-denied')).toContainText(`use ${NEW} instead`, { timeout: 30_000 });
  await expect(page.getByTestId('access-request-row').filter({ hasText: 'User:newcomer' })).toHaveAttribute('data-state', 'denied');
  await ask.scrollIntoViewIfNeeded();
  await shot(page, '07-access-denied');

  // ── retiring now is blocked: legacy-reporting still reads the old topic; forcing asks for the name ──
  await expect(lifecycle.getByTestId('migration-row').filter({ hasText: APP })).toHaveAttribute('data-status', 'still-on-old');
  await lifecycle.getByTestId('retire-open').click();
  const retire = page.getByTestId('retire-dialog');
  await expect(retire.getByTestId('retire-blocked')).toContainText(APP);
  await retire.getByTestId('retire-force').check();
  await expect(retire.getByTestId('retire-confirm-name')).toBeVisible();
  await shot(page, '08-retire-blocked');
  await retire.getByRole('button', { name: 'Cancel' }).click();

  // ── migrate the demo consumer: it stops reading refunds and reads transactions under the same group ──
  await traffic!.stop();
  traffic = undefined;
  const kafka = new Kafka({ clientId: 'e2e-lifecycle-migrated', brokers: [demo.endpoints.bootstrap], logLevel: logLevel.NOTHING });
  const migrated = kafka.consumer({ groupId: APP, sessionTimeout: 15_000, heartbeatInterval: 3_000 });
  await migrated.connect();
  await migrated.subscribe({ topics: [NEW_TOPIC], fromBeginning: true });
  await migrated.run({ eachMessage: async () => undefined });
  await until(`${APP} to commit on ${NEW_TOPIC}`, async () => (await committed(kafka, APP, NEW_TOPIC)) > 0);
  await migrated.disconnect();
  await sync(page);

  await open(page, `products/${OLD}`);
  await expect(lifecycle.getByTestId('migration-row').filter({ hasText: APP })).toHaveAttribute('data-status', 'migrated', { timeout: 30_000 });
  await expect(lifecycle.getByTestId('migrated-count')).toHaveText('1');
  await expect(lifecycle.getByTestId('still-on-old-count')).toHaveText('0');
  await expect(lifecycle.getByTestId('burndown').locator('circle')).not.toHaveCount(0);
  await lifecycle.getByTestId('migration').scrollIntoViewIfNeeded();
  await shot(page, '09-migrated');

  // ── retire: nothing remains, so no name to type; the data is exported first ──
  await lifecycle.getByTestId('retire-open').click();
  await expect(retire.getByTestId('retire-clear')).toBeVisible();
  await retire.getByTestId('retire-reason').fill('legacy-reporting moved to transactions');
  await retire.getByTestId('retire-delete-subjects').check();
  await retire.getByTestId('retire-confirm').click();
  await expect(retire.getByTestId('retire-done')).toBeVisible({ timeout: 90_000 });
  const exportPath = (await retire.getByTestId('retire-export-path').textContent())!.trim();
  expect(fs.existsSync(exportPath)).toBe(true);
  await expect(retire.getByTestId('lifecycle-action').filter({ hasText: OLD_TOPIC }).first()).toHaveAttribute('data-outcome', 'done');
  await shot(page, '10-retired');
  await retire.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(page.getByTestId('product-page').locator('.page-header').getByTestId('product-status')).toHaveText('retired');
  await expect(lifecycle).toHaveAttribute('data-status', 'retired');

  // ── after a sync the topic is gone from the Topics page; the product stays, retired ──
  await sync(page);
  await open(page, 'topics');
  await page.getByLabel('Filter topics by name').fill('payments.');
  await expect(page.getByTestId('topic-row').filter({ hasText: NEW_TOPIC })).toBeVisible();
  await expect(page.getByTestId('topic-row').filter({ hasText: OLD_TOPIC })).toHaveCount(0);
  await shot(page, '11-topic-gone');

  // ── the inbox: the deprecation and retirement of what legacy-reporting reads, unread in the nav ──
  await expect(page.getByTestId('nav-unread')).toBeVisible();
  await open(page, 'lifecycle/inbox');
  const inbox = page.getByTestId('lifecycle-inbox');
  await expect(inbox.getByTestId('inbox-item').and(page.locator('[data-type="deprecated"]'))).toContainText(OLD);
  await expect(inbox.getByTestId('inbox-item').and(page.locator('[data-type="retired"]'))).toBeVisible();
  await shot(page, '12-inbox');
  await inbox.getByTestId('inbox-mark-all').click();
  await expect(inbox.getByTestId('inbox-unread')).toHaveText('0 unread');
  await expect(page.getByTestId('nav-unread')).toHaveCount(0);
  await open(page, 'lifecycle/deprecated');
  await expect(page.getByText('No product is deprecated')).toBeVisible();
});

/** A demo schema with one field's type changed from string to int: breaking for the registry and for the diff. */
function retyped(topic: string, field: string): string {
  const schema = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../resources/demo-mesh/schemas/${topic}.avsc`), 'utf8')) as { fields: Array<{ name: string; type: unknown }> };
  schema.fields.find((f) => f.name === field)!.type = 'int';
  return JSON.stringify(schema, null, 2);
}

test('break a schema safely: sign-off from the consumer owners, or a new version bridged in the Workbench', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(host.url);

  // ── users.profiles: fraud-detector reads it, so the owner of what fraud-detector writes must sign ──
  await open(page, 'products/users.profiles');
  const lifecycle = page.getByTestId('lifecycle-panel');
  await expect(lifecycle).toHaveAttribute('data-status', 'published', { timeout: 30_000 });
  const signoff = lifecycle.getByTestId('signoff-panel');
  await signoff.getByTestId('signoff-propose').click();
  await signoff.getByTestId('signoff-schema').fill(retyped('users.profiles.v1', 'country'));
  await signoff.getByTestId('signoff-reason').fill('country becomes a numeric ISO 3166 code');
  await signoff.getByTestId('signoff-request').click();
  const proposal = signoff.getByTestId('signoff-row').first();
  await expect(proposal).toHaveAttribute('data-state', 'open', { timeout: 30_000 });
  await expect(proposal).toContainText('payments-core@tributary.example');
  await proposal.scrollIntoViewIfNeeded();
  await shot(page, '13-signoff-requested');
  await proposal.getByLabel('Comment on the decision').fill('fraud-detector reads the code already');
  await proposal.getByRole('button', { name: 'Approve' }).click();
  await expect(proposal).toHaveAttribute('data-state', 'approved', { timeout: 30_000 });
  await proposal.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(proposal).toHaveAttribute('data-state', 'published', { timeout: 30_000 });
  await expect(page.getByTestId('product-page').locator('.page-header')).toContainText('v2.0.0');
  await shot(page, '14-signoff-published');

  // ── the right to be forgotten: users.profiles is compacted, so a tombstone removes the key ──
  await lifecycle.getByRole('button', { name: 'Right to be forgotten…' }).click();
  const forget = page.getByTestId('forget-dialog');
  await forget.getByTestId('forget-key').fill('user-e2e-forget');
  await forget.getByRole('button', { name: 'Plan' }).click();
  await expect(forget.getByTestId('forget-plan').locator('tr[data-compacted="true"]').filter({ hasText: 'users.profiles.v1' })).toBeVisible({ timeout: 30_000 });
  await expect(forget.getByTestId('forget-confirm')).toBeDisabled();
  await forget.getByTestId('forget-confirm-key').fill('user-e2e-forget');
  await forget.getByTestId('forget-confirm').click();
  await expect(forget.getByTestId('forget-done')).toContainText('tombstone', { timeout: 30_000 });
  await expect(forget.locator('td', { hasText: 'users.profiles.v1' }).first()).toBeVisible();
  await shot(page, '15-forgotten');
  await forget.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(forget).toHaveCount(0);

  // ── trading.orders: the breaking change becomes trading.orders-v2, bridged for v1's readers ──
  await open(page, 'products/trading.orders');
  await expect(lifecycle).toHaveAttribute('data-status', 'published', { timeout: 30_000 });
  await lifecycle.getByTestId('new-version-open').click();
  const dialog = page.getByTestId('new-version-dialog');
  await dialog.getByTestId('new-version-schema').fill(retyped('trading.orders.v1', 'venue'));
  await dialog.getByTestId('new-version-reason').fill('venue becomes a numeric venue id');
  await dialog.getByTestId('new-version-create').click();
  await expect(dialog.getByTestId('new-version-done')).toContainText('trading.orders-v2', { timeout: 60_000 });
  await expect(dialog.getByLabel('bridge ksqlDB', { exact: true })).toContainText('trading.orders.v2');
  await shot(page, '16-new-version');
  await dialog.getByTestId('open-in-workbench').click();
  await expect(page).toHaveURL(/#\/workbench$/);
  await expect(page.getByRole('tab', { name: /^Bridge trading\.orders/, selected: true })).toBeVisible();
  await expect(page.getByTestId('ksql-editor')).toContainText('trading.orders.v2', { timeout: 30_000 });
  await shot(page, '17-bridge-in-workbench');
});
