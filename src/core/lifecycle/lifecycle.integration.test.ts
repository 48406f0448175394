// The lifecycle against the real local mesh: deprecate → notify (a real SMTP server and a webhook receiver
// that verifies signatures) → refuse new access → track a consumer's migration → retire; and the bad inputs
// and broken channels that must leave the workflow in a state the event log explains and a retry can finish.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka, plaintext, retryRetriable } from '../cluster/kafka-client.ts';
import type { Api } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { commitOffset, failure } from './lifecycle-fixtures.ts';
import { verifySignature } from './notify/signature.ts';

const mesh = inject('mesh');
const run = Date.now().toString(36);
const prefix = `it-life-${run}`;
const SECRET = 'webhook-signing-secret';

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
const hooks: Array<{ ok: boolean; body: Record<string, unknown> }> = [];
let hookStatus = 200;

function smtpServer(): SMTPServer {
  return new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (auth, _s, cb) => (auth.username === 'mailer' && auth.password === 'smtp-pass' ? cb(null, { user: 'mailer' }) : cb(new Error('Invalid username or password'))),
    onData: (stream, session, cb) => {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
}

const listen = (server: { listen: (port: number, host: string, cb: () => void) => unknown }, port = 0) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

let smtp: SMTPServer;
let smtpPort: number;
let receiver: http.Server;
let hookUrl: string;
let engine: Engine;
let api: Api;
let profileId: string;
let dataDir: string;
const admin = createKafka(plaintext(mesh.bootstrap)).admin();

beforeAll(async () => {
  smtp = smtpServer();
  await listen(smtp.server as unknown as http.Server);
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const check = verifySignature(SECRET, req.headers, body, { toleranceSeconds: 300 });
      hooks.push({ ok: check.ok, body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(hookStatus).end();
    });
  });
  await listen(receiver);
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/tributary`;

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-lifecycle-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  await api['vault.unlock']({ passphrase: 'lifecycle test passphrase' });
  profileId = (await api['profiles.save']({ name: 'lifecycle', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl || '' })).id;
  await admin.connect();
});

afterAll(async () => {
  engine?.close();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  await admin.disconnect();
  await new Promise<void>((r) => smtp.close(() => r()));
  receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const product = (id: string, topic: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Orders ${id}`,
  version: '1.0.0',
  domain: 'trading',
  owner: { team: 'Trading Platform', email: 'trading@tributary.example' },
  outputPorts: [{ topic, key: 'orderId', schemaSubject: '', format: 'JSON' as const }],
  historyMode: 'all' as const,
  ...extra,
});

async function publish(id: string, topic: string, extra: Record<string, unknown> = {}) {
  return (await api['products.publish']({ profileId, actor: 'owner@desk', product: product(id, topic, extra), provision: [{ topic, createTopic: { partitions: 1, configs: {} } }] })).descriptor;
}

async function produce(topic: string, n: number) {
  const producer = createKafka(plaintext(mesh.bootstrap)).producer();
  await producer.connect();
  // Right after a topic is created a loaded broker may not host it yet: retry as the engine does.
  await retryRetriable(() => producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ orderId: i }) })) }));
  await producer.disconnect();
}



async function settings(smtpAt: number, webhookAttempts = 3) {
  await api['lifecycle.saveSettings']({
    profileId,
    settings: {
      smtp: { host: '127.0.0.1', port: smtpAt, security: 'none', user: 'mailer', from: 'tributary@tributary.example' },
      webhook: { url: hookUrl, maxAttempts: webhookAttempts },
      contacts: [{ pattern: `${prefix}-risk*`, email: 'risk-team@tributary.example', team: 'Risk' }],
      reminderDays: [14, 7, 1],
      me: { email: '', teams: ['Risk'], apps: [`${prefix}-risk-engine`] },
    },
    smtpPassword: 'smtp-pass',
    webhookSecret: SECRET,
  });
}

describe('product lifecycle on a real cluster', () => {
  it('deprecates a product, tells its consumer by mail, webhook and event, refuses new access, tracks the migration and retires it', async () => {
    await settings(smtpPort);
    const oldTopic = `${prefix}.orders.v1`;
    const newTopic = `${prefix}.orders.v2`;
    const v1 = await publish(`${prefix}-orders`, oldTopic);
    await publish(`${prefix}-orders-v2`, newTopic);
    await produce(oldTopic, 5);
    const group = `${prefix}-risk-engine`;
    await commitOffset(mesh.bootstrap, group, oldTopic, 3);
    await api['catalog.sync']({ profileId });

    const { consumers } = await api['lifecycle.consumers']({ profileId, productId: v1.id });
    expect(consumers).toEqual([expect.objectContaining({ key: `group:${group}`, topics: [oldTopic], evidence: ['consumer-offsets'], contacts: [expect.objectContaining({ email: 'risk-team@tributary.example', team: 'Risk' })] })]);

    const done = await api['lifecycle.deprecate']({ profileId, productId: v1.id, baseRevision: v1.revision, sunset: '2099-01-31', replacement: `${prefix}-orders-v2`, reason: 'v2 carries the venue', actor: 'owner@desk' });
    expect(done.descriptor).toMatchObject({ status: 'deprecated', deprecation: { sunset: '2099-01-31', replacement: `${prefix}-orders-v2` } });
    expect(done.acls).toMatchObject({ state: 'no-authorizer' });
    expect(done.deliveries.map((d) => [d.channel, d.state])).toEqual([
      ['email', 'delivered'],
      ['webhook', 'delivered'],
      ['event', 'delivered'],
    ]);
    const mail = mails.find((m) => m.raw.includes(v1.name))!;
    expect(mail.to).toEqual(['risk-team@tributary.example']);
    expect(mail.raw).toContain('Sunset: 2099-01-31');
    expect(mail.raw).toContain(`${prefix}-orders-v2`);
    const hook = hooks.find((h) => (h.body.product as { id: string }).id === v1.id)!;
    expect(hook.ok).toBe(true);
    expect(hook.body).toMatchObject({ type: 'product-deprecation', consumer: { key: `group:${group}` } });

    const events = (await api['products.events']({ profileId, productId: v1.id })).events.map((e) => e.type);
    expect(events.slice(0, 3)).toEqual(['consumer-notified', 'access-restricted', 'deprecated']);

    // New consumers are refused: the request is recorded and denied at once, naming the replacement.
    const request = await api['access.request']({ profileId, productId: v1.id, principal: 'User:newcomer', purpose: 'dashboards', actor: 'newcomer@desk' });
    expect(request).toMatchObject({ state: 'denied', decidedBy: 'tributary (lifecycle)', reason: expect.stringContaining(`use ${prefix}-orders-v2 instead`) });

    // The consumer keeps reading the old topic for a while, then moves to the replacement.
    await commitOffset(mesh.bootstrap, group, oldTopic, 5);
    await api['catalog.sync']({ profileId });
    let migration = await api['lifecycle.migration']({ profileId, productId: v1.id });
    expect(migration.rows).toEqual([expect.objectContaining({ status: 'still-on-old', readsReplacement: false, lagOnOld: 0 })]);
    expect(migration.rows[0]!.lastCommitMovedAt).toBe(migration.snapshot!.takenAt);
    const blocked = await failure(api['lifecycle.retire']({ profileId, productId: v1.id, baseRevision: done.descriptor.revision, reason: 'sunset' }));
    expect(blocked.kind).toBe('Conflict');
    expect(blocked.message).toContain(`group "${group}" (still-on-old)`);

    await produce(newTopic, 2);
    await commitOffset(mesh.bootstrap, group, newTopic, 2);
    await api['catalog.sync']({ profileId });
    migration = await api['lifecycle.migration']({ profileId, productId: v1.id });
    expect(migration.rows).toEqual([expect.objectContaining({ status: 'migrated', readsReplacement: true })]);
    expect(migration.counts).toEqual({ migrated: 1, stillOnOld: 0, silent: 0 });
    expect(migration.burndown.map((b) => b.stillOnOld)).toEqual([0, 1, 0]);
    expect(migration.burndown.at(-1)).toMatchObject({ migrated: 1, stillOnOld: 0 });

    const retired = await api['lifecycle.retire']({ profileId, productId: v1.id, baseRevision: done.descriptor.revision, reason: 'everyone moved', exportData: true, actor: 'owner@desk' });
    expect(retired.descriptor.status).toBe('retired');
    expect(retired.actions.map((a) => [a.step, a.outcome])).toEqual([
      ['export-topic', 'done'],
      ['delete-topic', 'done'],
      ['write-descriptor', 'done'],
    ]);
    const exported = fs.readFileSync(path.join(retired.exportPath!, `${oldTopic}.jsonl`), 'utf8').trim().split('\n');
    expect(exported).toHaveLength(5);
    expect(JSON.parse(Buffer.from(JSON.parse(exported[4]!).value as string, 'base64').toString())).toEqual({ orderId: 4 });
    expect(await admin.listTopics()).not.toContain(oldTopic);
    const after = await api['products.get']({ profileId, productId: v1.id });
    expect(after.descriptor.status).toBe('retired');
    expect(after.events[0]).toMatchObject({ type: 'retired', reason: 'everyone moved' });

    // The consumer's owner sees it all in the inbox.
    const inbox = await api['lifecycle.inbox']({ profileId });
    expect(inbox.items.filter((i) => i.productId === v1.id).map((i) => i.type)).toEqual(['retired', 'access-requested', 'access-restricted', 'deprecated', 'published']);
    expect(inbox.items.find((i) => i.productId === v1.id)!.why).toBe(`you consume it (group ${group})`);
    const { unread } = await api['lifecycle.markRead']({ profileId, eventIds: inbox.items.map((i) => i.eventId) });
    expect(unread).toBe(0);
  });

  it('refuses bad deprecation and retirement requests with the reason, leaving the product as it was', async () => {
    const topic = `${prefix}.quotes.v1`;
    const p = await publish(`${prefix}-quotes`, topic);
    const past = await failure(api['lifecycle.deprecate']({ profileId, productId: p.id, baseRevision: p.revision, sunset: '2020-01-01', reason: 'old', notify: false }));
    expect(past).toMatchObject({ kind: 'Invalid', fields: [{ path: 'sunset' }] });
    const missing = await failure(api['lifecycle.deprecate']({ profileId, productId: p.id, baseRevision: p.revision, sunset: '2099-01-01', replacement: 'no-such-product', reason: 'x', notify: false }));
    expect(missing.message).toContain('"no-such-product" is not in the mesh registry');
    const early = await failure(api['lifecycle.retire']({ profileId, productId: p.id, baseRevision: p.revision, reason: 'x' }));
    expect(early).toMatchObject({ kind: 'Conflict', message: expect.stringContaining('deprecate it first') });
    expect((await api['products.get']({ profileId, productId: p.id })).descriptor).toMatchObject({ status: 'published', revision: p.revision });

    // A replacement that is itself deprecated is refused, naming its own replacement.
    const other = await publish(`${prefix}-quotes-old`, `${prefix}.quotes.v0`);
    await api['lifecycle.deprecate']({ profileId, productId: other.id, baseRevision: other.revision, sunset: '2099-01-01', replacement: p.id, reason: 'superseded', notify: false, restrictAccess: false });
    const chained = await failure(api['lifecycle.deprecate']({ profileId, productId: p.id, baseRevision: p.revision, sunset: '2099-01-01', replacement: other.id, reason: 'x', notify: false }));
    expect(chained.message).toContain(`is deprecated (it is itself replaced by ${p.id})`);

    // Forcing a retirement with consumers left needs the product's name typed exactly.
    const group = `${prefix}-quotes-reader`;
    await produce(topic, 1);
    await commitOffset(mesh.bootstrap, group, topic, 1);
    await api['catalog.sync']({ profileId });
    const deprecated = (await api['lifecycle.deprecate']({ profileId, productId: p.id, baseRevision: p.revision, sunset: '2099-01-01', reason: 'replaced by the feed', notify: false })).descriptor;
    const wrongName = await failure(api['lifecycle.retire']({ profileId, productId: p.id, baseRevision: deprecated.revision, reason: 'now', force: true, confirmName: 'orders' }));
    expect(wrongName).toMatchObject({ kind: 'Invalid', fields: [{ path: 'confirmName' }] });
    const forced = await api['lifecycle.retire']({ profileId, productId: p.id, baseRevision: deprecated.revision, reason: 'now', force: true, confirmName: p.name });
    expect(forced.descriptor.status).toBe('retired');
    const again = await failure(api['lifecycle.deprecate']({ profileId, productId: p.id, baseRevision: forced.descriptor.revision, sunset: '2099-01-01', reason: 'x' }));
    expect(again.message).toContain('is retired and cannot become deprecated');
  });

  it('records failed deliveries when SMTP is down and the webhook answers 500, and a retry sends only what failed', async () => {
    const downPort = await new Promise<number>((resolve) => {
      const probe = http.createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await settings(downPort, 2);
    hookStatus = 500;
    const topic = `${prefix}.fills.v1`;
    const p = await publish(`${prefix}-fills`, topic);
    await produce(topic, 1);
    await commitOffset(mesh.bootstrap, `${prefix}-risk-fills`, topic, 1);
    await api['catalog.sync']({ profileId });
    const hooksBefore = hooks.length;
    const done = await api['lifecycle.deprecate']({ profileId, productId: p.id, baseRevision: p.revision, sunset: '2099-06-30', reason: 'merged into orders' });
    expect(done.descriptor.status).toBe('deprecated');
    const email = done.deliveries.find((d) => d.channel === 'email')!;
    expect(email).toMatchObject({ state: 'failed', detail: expect.stringMatching(/refused/i) });
    const webhook = done.deliveries.find((d) => d.channel === 'webhook')!;
    expect(webhook.state).toBe('failed');
    expect(webhook.attempts.map((a) => a.status)).toEqual([500, 500]);
    expect(hooks.length - hooksBefore).toBe(2);
    expect(done.actions.at(-1)).toMatchObject({ step: 'notify-consumers', outcome: 'failed' });
    const logged = (await api['products.events']({ profileId, productId: p.id, types: ['consumer-notified'] })).events[0]!;
    expect(logged.details).toMatchObject({ outcome: { email: 'failed', webhook: 'failed' } });

    // The mail server comes up on that port and the receiver recovers: a retry delivers, and a second retry sends nothing.
    const late = smtpServer();
    await listen(late.server as unknown as http.Server, downPort);
    hookStatus = 200;
    const mailsBefore = mails.length;
    const retried = await api['lifecycle.notify']({ profileId, productId: p.id });
    expect(retried.deliveries.filter((d) => d.channel !== 'event').map((d) => [d.channel, d.state])).toEqual([
      ['email', 'delivered'],
      ['webhook', 'delivered'],
    ]);
    expect(mails.length - mailsBefore).toBe(1);
    const hooksAfterRetry = hooks.length;
    await api['lifecycle.notify']({ profileId, productId: p.id });
    expect(mails.length - mailsBefore).toBe(1);
    expect(hooks.length).toBe(hooksAfterRetry);
    const rows = (await api['lifecycle.deliveries']({ profileId, productId: p.id })).deliveries;
    expect(rows.find((d) => d.channel === 'webhook')!.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    await new Promise<void>((r) => late.close(() => r()));
  });

  it('keeps a draft in the registry without touching the cluster, refuses to deprecate it, and publishes it draft → published', async () => {
    const topic = `${prefix}.positions.v1`;
    const input = product(`${prefix}-positions`, topic);
    const draft = (await api['lifecycle.saveDraft']({ profileId, product: input, actor: 'owner@desk' })).descriptor;
    expect(draft).toMatchObject({ status: 'draft', revision: 1 });
    expect(await admin.listTopics()).not.toContain(topic);
    const edited = (await api['lifecycle.saveDraft']({ profileId, product: { ...input, description: 'net positions per book' }, baseRevision: 1 })).descriptor;
    expect(edited).toMatchObject({ status: 'draft', revision: 2, description: 'net positions per book' });
    expect((await failure(api['lifecycle.deprecate']({ profileId, productId: draft.id, baseRevision: 2, sunset: '2099-01-01', reason: 'x' }))).message).toContain('a draft was never published');
    expect((await failure(api['access.request']({ profileId, productId: draft.id, principal: 'User:early', purpose: 'x' }))).message).toContain('still a draft');

    const published = await api['products.publish']({ profileId, actor: 'owner@desk', product: { ...input, description: 'net positions per book' }, provision: [{ topic, createTopic: { partitions: 1, configs: {} } }] });
    expect(published.descriptor).toMatchObject({ status: 'published', revision: 3, createdAt: draft.createdAt });
    expect(await admin.listTopics()).toContain(topic);
    const events = (await api['products.events']({ profileId, productId: draft.id })).events;
    expect(events.map((e) => e.type)).toEqual(['published', 'updated', 'created']);
    expect((await failure(api['lifecycle.saveDraft']({ profileId, product: input, baseRevision: 3 }))).message).toContain('a draft can only be saved before the first publish');
  });

  it('sends one reminder per threshold to the consumers still on a deprecated product as its sunset nears', async () => {
    await settings(smtpPort);
    const topic = `${prefix}.limits.v1`;
    const p = await publish(`${prefix}-limits`, topic);
    await produce(topic, 2);
    await commitOffset(mesh.bootstrap, `${prefix}-risk-limits`, topic, 1);
    await api['catalog.sync']({ profileId });
    await api['lifecycle.deprecate']({ profileId, productId: p.id, baseRevision: p.revision, sunset: '2099-02-20', reason: 'limits move to the risk product', restrictAccess: false });
    await commitOffset(mesh.bootstrap, `${prefix}-risk-limits`, topic, 2);
    await api['catalog.sync']({ profileId });

    const mailsBefore = mails.length;
    expect((await api['lifecycle.sendReminders']({ profileId, today: '2099-01-01' })).deliveries.filter((d) => d.productId === p.id)).toEqual([]);
    const week = (await api['lifecycle.sendReminders']({ profileId, today: '2099-02-14' })).deliveries.filter((d) => d.productId === p.id);
    expect(week.map((d) => [d.notice, d.channel, d.state])).toEqual([
      ['reminder-7d', 'email', 'delivered'],
      ['reminder-7d', 'webhook', 'delivered'],
      ['reminder-7d', 'event', 'delivered'],
    ]);
    expect(mails.slice(mailsBefore).map((m) => m.raw.match(/Subject: (.*)/)?.[1])).toEqual([expect.stringContaining('retires in 7 days')]);
    expect((await api['lifecycle.sendReminders']({ profileId, today: '2099-02-15' })).deliveries.filter((d) => d.productId === p.id)).toEqual([]);
    expect((await api['lifecycle.sendReminders']({ profileId, today: '2099-02-19' })).deliveries.filter((d) => d.productId === p.id).map((d) => d.notice)).toContain('reminder-1d');
  });
});
