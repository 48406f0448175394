// Catalog sync against the real local broker the harness starts (or KAFKA_BOOTSTRAP).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import { createSchemaRegistryClient } from '../cluster/schema-registry.ts';
import type { Api, SyncProgress } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { TributaryError } from '../errors.ts';

const mesh = inject('mesh');
const prefix = `it-sync-${Date.now().toString(36)}`;
let engine: Engine;
let dataDir: string;

let api: Api;
function call<K extends keyof Api>(method: K, input: Parameters<Api[K]>[0], progress: unknown[] = []): ReturnType<Api[K]> {
  return (api[method] as (i: unknown, o: unknown) => ReturnType<Api[K]>)(input, { onProgress: (p: unknown) => progress.push(p) });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-sync-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: `${prefix}.orders`, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '-1' }] },
      { topic: `${prefix}.customers`, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    ],
  });
  await admin.disconnect();
  const producer = createKafka(plaintext(mesh.bootstrap)).producer();
  await producer.connect();
  await producer.send({ topic: `${prefix}.orders`, messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ order: i }) })) });
  await producer.disconnect();
});

afterAll(async () => {
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [`${prefix}.orders`, `${prefix}.customers`] }).catch(() => undefined);
  await admin.disconnect();
  engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('catalog sync against a real broker', () => {
  it('reads topics with partitions, configs and a message estimate into a new snapshot', async () => {
    const profile = await call('profiles.save', { name: 'local', bootstrap: mesh.bootstrap, label: 'dev', color: '#4f8cff' });
    const progress: SyncProgress[] = [];
    const snapshot = await call('catalog.sync', { profileId: profile.id }, progress);
    expect(snapshot.brokerCount).toBeGreaterThanOrEqual(1);
    expect(progress.map((p) => p.stage)).toEqual(expect.arrayContaining(['connecting', 'topics', 'configs', 'offsets', 'writing', 'done']));

    const { topics } = await call('catalog.topics', { profileId: profile.id, includeInternal: false, filter: prefix });
    expect(topics.map((t) => t.name)).toEqual([`${prefix}.customers`, `${prefix}.orders`]);
    const orders = topics.find((t) => t.name === `${prefix}.orders`)!;
    expect(orders).toMatchObject({ partitions: 3, replicationFactor: 1, messageEstimate: 30, retentionMs: '-1', cleanupPolicy: 'delete' });
    expect(topics.find((t) => t.name === `${prefix}.customers`)!.cleanupPolicy).toBe('compact');

    const detail = await call('catalog.topic', { profileId: profile.id, name: `${prefix}.orders` });
    expect(detail.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '-1', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(detail.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
  });

  it('reports an unreachable bootstrap server by name and keeps the previous snapshot', async () => {
    const good = await call('profiles.save', { name: 'good', bootstrap: mesh.bootstrap, label: '', color: '#4f8cff' });
    const first = await call('catalog.sync', { profileId: good.id });
    // Point the same profile at a closed port: the sync fails, the cached topics stay.
    await call('profiles.save', { id: good.id, name: 'good', bootstrap: '127.0.0.1:1', label: '', color: '#4f8cff' });
    const failure = await call('catalog.sync', { profileId: good.id }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TributaryError);
    expect((failure as TributaryError).kind).toBe('Unreachable');
    expect((failure as TributaryError).message).toContain('127.0.0.1:1');
    const after = await call('catalog.topics', { profileId: good.id, includeInternal: true, filter: '' });
    expect(after.snapshot?.id).toBe(first.id);
    expect(after.topics.length).toBe(first.topicCount);
  });

  it('tests each endpoint of a profile and names what failed', async () => {
    const profile = await call('profiles.save', {
      name: 'checks',
      bootstrap: mesh.bootstrap,
      registryUrl: mesh.registryUrl,
      connectUrl: mesh.connectUrl,
      ksqldbUrl: '',
      label: '',
      color: '#4f8cff',
    });
    const checks = await call('profiles.test', { id: profile.id });
    expect(checks.map((c) => [c.endpoint, c.ok])).toEqual([['kafka', true], ['registry', true], ['connect', true]]);
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const wrongPath = await call('profiles.save', { id: profile.id, name: 'checks', bootstrap: mesh.bootstrap, registryUrl: `${mesh.registryUrl}/nope`, connectUrl: `http://127.0.0.1:${closedPort}`, label: '', color: '#4f8cff' });
    const bad = await call('profiles.test', { id: wrongPath.id });
    expect(bad.find((c) => c.endpoint === 'registry')).toMatchObject({ ok: false, errorKind: 'NotFound' });
    expect(bad.find((c) => c.endpoint === 'connect')).toMatchObject({ ok: false, errorKind: 'Unreachable' });
    expect(bad.find((c) => c.endpoint === 'connect')!.detail).toContain('Connection refused');
  });

  it('keeps a 10,000-character unicode, HTML-looking group id exactly as Kafka has it', async () => {
    const weird = `<img src=x onerror=alert(1)>ñ漢字🙂${'x'.repeat(10_000)}`;
    const admin = createKafka(plaintext(mesh.bootstrap)).admin();
    await admin.connect();
    await admin.setOffsets({ groupId: weird, topic: `${prefix}.orders`, partitions: [{ partition: 0, offset: '5' }] });
    await admin.disconnect();
    const profile = await call('profiles.save', { name: 'weird-names', bootstrap: mesh.bootstrap });
    await call('catalog.sync', { profileId: profile.id });
    const { group } = await call('catalog.group', { profileId: profile.id, groupId: weird });
    expect(group.groupId).toBe(weird);
    expect(group.offsets).toEqual([{ topic: `${prefix}.orders`, partition: 0, committed: '5', lag: expect.any(Number) }]);
    const hits = await call('catalog.search', { q: 'onerror', kinds: ['group'] });
    expect(hits.hits.map((h) => h.ref)).toContain(weird);
  });

  it('shows in a re-sync every change made since the last one: config, topics, offsets, commits and schema versions', async () => {
    const changing = `${prefix}.changing`;
    const added = `${prefix}.added`;
    const subject = `${changing}-value`;
    const registry = createSchemaRegistryClient({ url: mesh.registryUrl });
    const schema = (fields: string[]) => ({ schema: JSON.stringify({ type: 'record', name: 'Changing', fields: fields.map((name) => ({ name, type: ['null', 'string'], default: null })) }) });
    const admin = createKafka(plaintext(mesh.bootstrap)).admin();
    await admin.connect();
    const producer = createKafka(plaintext(mesh.bootstrap)).producer();
    await producer.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: changing, numPartitions: 1 }] });
      await producer.send({ topic: changing, messages: [{ value: 'a' }, { value: 'b' }] });
      await admin.setOffsets({ groupId: `${prefix}-reader`, topic: changing, partitions: [{ partition: 0, offset: '1' }] });
      await registry.register(subject, schema(['id']));
      const profile = await call('profiles.save', { name: 'resync', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl });
      await call('catalog.sync', { profileId: profile.id });

      await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: changing, configEntries: [{ name: 'retention.ms', value: '123456' }] }] });
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: added, numPartitions: 2 }] });
      await producer.send({ topic: changing, messages: [{ value: 'c' }] });
      await admin.setOffsets({ groupId: `${prefix}-reader`, topic: changing, partitions: [{ partition: 0, offset: '3' }] });
      await registry.register(subject, schema(['id', 'venue']));
      await call('catalog.sync', { profileId: profile.id });

      const detail = await call('catalog.topic', { profileId: profile.id, name: changing });
      expect(detail.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '123456', source: 'DYNAMIC_TOPIC_CONFIG' });
      expect(detail.partitions[0]).toMatchObject({ latest: '3' });
      expect((await call('catalog.topics', { profileId: profile.id, includeInternal: false, filter: added })).topics.map((t) => [t.name, t.partitions])).toEqual([[added, 2]]);
      const { group } = await call('catalog.group', { profileId: profile.id, groupId: `${prefix}-reader` });
      expect(group.offsets).toEqual([{ topic: changing, partition: 0, committed: '3', lag: 0 }]);
      const { subject: versions } = await call('catalog.subject', { profileId: profile.id, subject });
      expect(versions.versions.map((v) => v.version)).toEqual([1, 2]);
      expect(versions.versions[1]!.schema).toContain('venue');
    } finally {
      await producer.disconnect();
      await admin.deleteTopics({ topics: [changing, added] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('cancels a running sync and leaves the cache as it was', async () => {
    const profile = await call('profiles.save', { name: 'cancel-me', bootstrap: mesh.bootstrap, label: '', color: '#4f8cff' });
    const running = call('catalog.sync', { profileId: profile.id });
    await call('catalog.cancelSync', { profileId: profile.id });
    const outcome = await running.catch((e: unknown) => e);
    expect((outcome as TributaryError).kind).toBe('Cancelled');
    expect(await call('catalog.snapshots', { profileId: profile.id })).toEqual([]);
  });
});
