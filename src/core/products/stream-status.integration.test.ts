// SLA compliance against the real local broker: each partition's newest and oldest record read from the
// leaders (an empty partition stays unknown, a transaction's closing marker is stepped over), availability
// from the synced snapshot, and no consumer group left behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import type { Api } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';

const mesh = inject('mesh');
const run = Date.now().toString(36);
const topic = `it-sla-${run}.fills.v1`;
const HOUR = 3_600_000;
let engine: Engine;
let api: Api;
let profileId: string;
let dataDir: string;
const oldAt = Date.now() - 2 * HOUR;
const freshAt = Date.now() - 5_000;

beforeAll(async () => {
  const kafka = createKafka(plaintext(mesh.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 4, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  // Partition 0 went quiet two hours ago; partition 1 wrote five seconds ago; partition 2 never wrote.
  await producer.send({ topic, acks: -1, messages: [0, 1, 2].map((i) => ({ partition: 0, key: `k${i}`, value: `old ${i}`, timestamp: String(oldAt + i) })) });
  await producer.send({ topic, acks: -1, messages: [{ partition: 1, key: 'k', value: 'first', timestamp: String(oldAt - HOUR) }, { partition: 1, key: 'k', value: 'fresh', timestamp: String(freshAt) }] });
  await producer.disconnect();
  // Partition 3 ends in a committed transaction: its last offset is a control marker, not a record.
  const tx = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, transactionalId: `it-sla-${run}`, maxInFlightRequests: 1 });
  await tx.connect();
  const transaction = await tx.transaction();
  await transaction.send({ topic, messages: [{ partition: 3, key: 'k', value: 'in a transaction', timestamp: String(freshAt) }] });
  await transaction.commit();
  await tx.disconnect();

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-sla-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  profileId = (await api['profiles.save']({ name: 'sla', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl || '' })).id;
  await api['catalog.sync']({ profileId });
  await api['products.publish']({
    profileId,
    product: {
      id: `it-sla-${run}`,
      name: `Fills ${run}`,
      version: '1.0.0',
      domain: 'trading',
      owner: { team: 'Trading', email: 'trading@tributary.example' },
      description: '',
      tier: 'gold',
      sla: { freshnessSeconds: 3600, availability: 99.9, supportHours: '' },
      outputPorts: [{ topic, key: '', schemaSubject: '', format: 'AVRO' }],
      historyMode: 'all',
    },
    provision: [],
  });
});

afterAll(async () => {
  engine?.close();
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('SLA compliance of a product on a real cluster', () => {
  it('reads each partition’s newest record age and judges the stream by its freshest partition', async () => {
    const groupsBefore = await listGroups();
    const status = await api['products.streamStatus']({ profileId, productId: `it-sla-${run}` });
    const [port] = status.ports;
    expect(port!.readError).toBeNull();
    const byPartition = new Map(port!.partitions.map((p) => [p.partition, p]));

    expect(byPartition.get(0)!.newestAt).toBe(new Date(oldAt + 2).toISOString());
    expect(byPartition.get(0)!.freshness).toBe('breached');
    expect(byPartition.get(1)!.newestAt).toBe(new Date(freshAt).toISOString());
    expect(byPartition.get(1)!.ageMs).toBeLessThan(60_000);
    expect(byPartition.get(1)!.freshness).toBe('met');
    expect(byPartition.get(2)!.newestAt).toBeNull();
    expect(byPartition.get(2)!.freshness).toBe('unknown');
    expect(byPartition.get(3)!.newestAt).toBe(new Date(freshAt).toISOString());

    expect(port!.freshness.state).toBe('met');
    expect(port!.freshness.budgetMs).toBe(HOUR);
    expect(port!.oldestAt).toBe(new Date(oldAt - HOUR).toISOString());
    expect(port!.availability).toEqual({ state: 'met', offline: 0, underReplicated: 0, partitions: 4 });
    expect(status.state).toBe('met');
    // One snapshot: no rate yet, and the history holds that snapshot.
    expect(port!.ratePerSec).toBeNull();
    expect(port!.history).toHaveLength(1);
    expect((await listGroups()).filter((g) => !groupsBefore.includes(g))).toEqual([]);
  });

  it('reports the message rate from the end offsets of the last two syncs', async () => {
    const producer = createKafka(plaintext(mesh.bootstrap)).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ partition: i % 2, value: `more ${i}` })) });
    await producer.disconnect();
    await api['catalog.sync']({ profileId });
    const status = await api['products.streamStatus']({ profileId, productId: `it-sla-${run}` });
    const port = status.ports[0]!;
    expect(port.history).toHaveLength(2);
    expect(port.ratePerSec).toBeGreaterThan(0);
    // 40 records between the syncs, over however long the second sync took to start.
    const seconds = (Date.parse(port.history[0]!.takenAt) - Date.parse(port.history[1]!.takenAt)) / 1000;
    expect(port.ratePerSec! * seconds).toBeCloseTo(40, 5);
    expect(port.freshness.ageMs).toBeLessThan(60_000);
  });
});

async function listGroups(): Promise<string[]> {
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  } finally {
    await admin.disconnect();
  }
}
