// Proves that kafkajs 2.2.4 (the last release, 2023) still speaks to a Kafka 4 broker, which dropped the
// oldest protocol versions (KIP-896). kafkajs negotiates each API's version from ApiVersions and picks the
// highest it knows, so what matters is that its highest version of every API we use is still served.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';

const mesh = inject('mesh');
const prefix = `it-kafkajs-${randomUUID().slice(0, 8)}`;
const topic = `${prefix}.orders.v1`;
const compacted = `${prefix}.customers.v1`;
const group = `${prefix}-group`;

const kafka = new Kafka({ clientId: 'tributary-kafka4-test', brokers: [mesh.bootstrap], logLevel: logLevel.NOTHING });
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteGroups([group]).catch(() => {});
  await admin.deleteTopics({ topics: [topic, compacted] }).catch(() => {});
  await admin.disconnect();
});

describe('kafkajs 2.2.4 against Kafka 4', () => {
  it('negotiates API versions the broker still serves', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(cluster.controller).not.toBeNull();
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('creates topics with configs and lists them', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '604800000' }] },
        { topic: compacted, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    expect(created).toBe(true);
    const topics = await admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([topic, compacted]));
  });

  it('describes topic metadata and configs, and alters a config', async () => {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]!.partitions).toHaveLength(3);

    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'cleanup.policy'] },
        { type: ConfigResourceTypes.TOPIC, name: compacted, configNames: ['cleanup.policy'] },
      ],
    });
    const byName = (i: number, name: string) => described.resources[i]!.configEntries.find((e) => e.configName === name)?.configValue;
    expect(byName(0, 'retention.ms')).toBe('604800000');
    expect(byName(0, 'cleanup.policy')).toBe('delete');
    expect(byName(1, 'cleanup.policy')).toBe('compact');

    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
    const after = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }] });
    expect(after.resources[0]!.configEntries[0]!.configValue).toBe('-1');
  });

  it('describes the broker configs', async () => {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1', configNames: ['auto.create.topics.enable'] }] });
    expect(described.resources[0]!.configEntries[0]!.configValue).toBe('false');
  });

  it('produces, then consumes with a group that commits offsets', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: `order-${i}`, value: JSON.stringify({ id: i, amount: i * 10 }), headers: { source: 'test' } }));
    const sent = await producer.send({ topic, messages });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.errorCode === 0)).toBe(true);
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${seen.length} of 30 messages in 30 s`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.key!.toString());
          expect(message.headers?.source?.toString()).toBe('test');
          if (seen.length === 30) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    expect(new Set(seen).size).toBe(30);
    // Offsets are committed on the auto-commit interval or when the consumer stops; stop it now.
    await consumer.disconnect();

    const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committed).toBe(30);
    const ends = await admin.fetchTopicOffsets(topic);
    expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(30);
  });

  it('lists and describes consumer groups', async () => {
    const { groups } = await admin.listGroups();
    expect(groups.map((g) => g.groupId)).toContain(group);
    const described = await admin.describeGroups([group]);
    expect(described.groups[0]!.groupId).toBe(group);
    expect(described.groups[0]!.protocolType).toBe('consumer');
    // The consumer has left, so the group is Empty with no members.
    expect(described.groups[0]!.state).toBe('Empty');
  });

  it('adds partitions and writes with an idempotent producer (InitProducerId)', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]!.partitions).toHaveLength(4);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const sent = await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'v', partition: 3 }] });
    expect(sent[0]!.errorCode).toBe(0);
    await producer.disconnect();
  });

  it('resets a group offset and deletes the group and topics', async () => {
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '0' }] });
    const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(offsets[0]!.partitions.find((p) => p.partition === 0)!.offset).toBe('0');
    await admin.deleteGroups([group]);
    await admin.deleteTopics({ topics: [compacted] });
    expect(await admin.listTopics()).not.toContain(compacted);
  });
});
