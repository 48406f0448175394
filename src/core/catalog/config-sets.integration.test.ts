// Topic configs stored once per distinct set, against the real local broker: a re-sync shows every kind of
// config change even though most topics share one stored set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { createKafka, plaintext, type KafkaAdmin } from '../cluster/kafka-client.ts';
import type { Api } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { borrowCluster } from '../cluster/kafka-cluster.ts';

const mesh = inject('mesh');
const prefix = `it-config-sets-${Date.now().toString(36)}`;
const TOPIC = 2;
const BROKER = 4;
// A cluster-wide default no other test relies on: how long a deleted segment waits before its file goes.
const BROKER_DEFAULT = 'log.segment.delete.delay.ms';
const TOPIC_SYNONYM = 'file.delete.delay.ms';
let engine: Engine;
let dataDir: string;
let api: Api;
let admin: KafkaAdmin;
let dynamicDefaults: Array<{ name: string; value: string }> = [];

/**
 * Sets the cluster-wide dynamic defaults (broker resource ""), which kafkajs's admin refuses to name: asked of a
 * broker directly. Legacy AlterConfigs replaces all of them, so the ones already set are passed along.
 */
async function setClusterDefaults(extra: Array<{ name: string; value: string }>): Promise<void> {
  const cluster = borrowCluster(createKafka(plaintext(mesh.bootstrap), 'config-sets-test'));
  await cluster.connect();
  try {
    await cluster.refreshMetadataIfNecessary();
    const broker = (await cluster.findControllerBroker()) as unknown as { alterConfigs(r: unknown): Promise<{ resources: Array<{ errorCode: number; errorMessage: string | null }> }> };
    const { resources } = await broker.alterConfigs({ validateOnly: false, resources: [{ type: BROKER, name: '', configEntries: [...dynamicDefaults, ...extra] }] });
    expect(resources.map((r) => [r.errorCode, r.errorMessage])).toEqual([[0, null]]);
  } finally {
    await cluster.disconnect();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-config-sets-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  // A broker's own description lists the cluster-wide dynamic defaults with their source.
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: BROKER, name: String((await admin.describeCluster()).brokers[0]!.nodeId) }] });
  dynamicDefaults = described.resources[0]!.configEntries.filter((c) => c.configSource === 3 && !c.isSensitive).map((c) => ({ name: c.configName, value: c.configValue }));
});

afterAll(async () => {
  await setClusterDefaults([]).catch(() => undefined);
  await admin.deleteTopics({ topics: ['plain-a', 'plain-b', 'retained', 'compacted', 'added'].map((t) => `${prefix}.${t}`) }).catch(() => undefined);
  await admin.disconnect();
  engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const configOf = async (profileId: string, topic: string, name: string) => (await api['catalog.topic']({ profileId, name: `${prefix}.${topic}` })).configs.find((c) => c.name === name);

describe('topic configs stored once per distinct set', () => {
  it('shows in a re-sync a changed override, a removed override, a changed broker default, a new topic and a deleted one', async () => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: `${prefix}.plain-a`, numPartitions: 1 },
        { topic: `${prefix}.plain-b`, numPartitions: 1 },
        { topic: `${prefix}.retained`, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '1000000' }] },
        { topic: `${prefix}.compacted`, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    const profile = await api['profiles.save']({ name: 'config-sets', bootstrap: mesh.bootstrap });
    const first = await api['catalog.sync']({ profileId: profile.id });
    expect(await configOf(profile.id, 'plain-a', 'retention.ms')).toMatchObject({ value: '604800000', source: 'DEFAULT_CONFIG' });
    expect(await configOf(profile.id, 'retained', 'retention.ms')).toMatchObject({ value: '1000000', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(await configOf(profile.id, 'compacted', 'cleanup.policy')).toMatchObject({ value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG' });

    await admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC, name: `${prefix}.retained`, configEntries: [{ name: 'retention.ms', value: '2000000' }] }] });
    // Legacy AlterConfigs sets the whole override list: an empty one removes compacted's only override.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC, name: `${prefix}.compacted`, configEntries: [] }] });
    await setClusterDefaults([{ name: BROKER_DEFAULT, value: '61000' }]);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `${prefix}.added`, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3000000' }] }] });
    await admin.deleteTopics({ topics: [`${prefix}.plain-b`] });
    await api['catalog.sync']({ profileId: profile.id });

    expect(await configOf(profile.id, 'retained', 'retention.ms')).toMatchObject({ value: '2000000', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(await configOf(profile.id, 'compacted', 'cleanup.policy')).toMatchObject({ value: 'delete', source: 'DEFAULT_CONFIG' });
    expect(await configOf(profile.id, 'added', 'retention.ms')).toMatchObject({ value: '3000000', source: 'DYNAMIC_TOPIC_CONFIG' });
    for (const topic of ['plain-a', 'retained', 'compacted', 'added']) {
      expect(await configOf(profile.id, topic, TOPIC_SYNONYM)).toMatchObject({ value: '61000', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' });
    }
    const { topics } = await api['catalog.topics']({ profileId: profile.id, includeInternal: false, filter: prefix });
    expect(topics.map((t) => [t.name.slice(prefix.length + 1), t.cleanupPolicy, t.retentionMs])).toEqual([
      ['added', 'delete', '3000000'],
      ['compacted', 'delete', '604800000'],
      ['plain-a', 'delete', '604800000'],
      ['retained', 'delete', '2000000'],
    ]);
    // The first snapshot keeps the configs it read (pages of older snapshots, lag history).
    const cache = new Database(path.join(dataDir, 'tributary.db'), { readonly: true });
    try {
      const read = cache.prepare("SELECT value FROM topic_configs WHERE snapshot_id = ? AND topic = ? AND name = 'cleanup.policy'").pluck();
      expect(read.get(first.id, `${prefix}.compacted`)).toBe('compact');
      expect(read.get(first.id, `${prefix}.plain-b`)).toBe('delete');
    } finally {
      cache.close();
    }
  });
});
