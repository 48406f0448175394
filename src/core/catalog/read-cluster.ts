// Reads what a snapshot holds from a live cluster: brokers, topics, their configs with sources, and each
// partition's earliest/latest offsets. Reads everything before anything is written, so a failure or a
// cancel part-way leaves the cache as it was.
import type { SyncProgress } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import { createKafka, explainKafkaError, retryRetriable } from '../cluster/kafka-client.ts';
import type { KafkaConnection } from '../cluster/connection.ts';
import { applyLag, readGroups, type GroupReading } from './read-groups.ts';
import { readOffsets } from './read-offsets.ts';
import { readAcls, type AclReading } from './read-acls.ts';
import { borrowCluster } from '../cluster/kafka-cluster.ts';
import { describeTopicConfigs } from './describe-configs.ts';

export interface ClusterReading {
  clusterId: string;
  controllerId: number;
  brokers: Array<{ nodeId: number; host: string; port: number; rack: string | null }>;
  topics: Array<{
    name: string;
    internal: boolean;
    replicationFactor: number;
    configs: Array<{ name: string; value: string | null; source: string; sensitive: boolean }>;
    partitions: Array<{ partition: number; leader: number; replicas: number[]; isr: number[]; earliest: string; latest: string }>;
  }>;
  groups: GroupReading[];
  /** Who may read and write what; absent in readings made before ACLs were read (and in hand-made ones). */
  acls?: AclReading;
}

// kafkajs reports config sources as the protocol's numbers.
const configSourceNames: Record<number, string> = {
  0: 'UNKNOWN',
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
};
const TOPIC_RESOURCE = 2;
// Describing configs is the broker's slowest part of a sync (~0.15 ms of its CPU per topic with Kafka's default
// 1 GB heap; ~0.55 ms when a 512 MB heap leaves it collecting garbage): requests of 500 topics, two at a time.
const CONFIG_BATCH = 500;
const CONFIG_CONCURRENCY = 2;

export async function readCluster(connection: KafkaConnection, report: (p: SyncProgress) => void, signal: AbortSignal): Promise<ClusterReading> {
  const checkCancelled = () => {
    if (signal.aborted) throw new TributaryError('Cancelled', 'Sync cancelled; the previous snapshot is unchanged');
  };
  const admin = createKafka(connection).admin();
  // kafkajs's admin refreshes every topic's metadata before each DescribeConfigs; configs are asked of the
  // broker directly instead (the same request and errors).
  const direct = borrowCluster(createKafka(connection, 'tributary-configs'));
  try {
    report({ stage: 'connecting', done: 0, total: 1 });
    await Promise.all([admin.connect(), direct.connect()]);
    checkCancelled();
    report({ stage: 'cluster', done: 0, total: 1 });
    const cluster = await admin.describeCluster();
    checkCancelled();
    report({ stage: 'topics', done: 0, total: 1 });
    // No topics asked for means all of them: one Metadata request lists and describes every topic.
    const metadata = (await retryRetriable(() => admin.fetchTopicMetadata(), { attempts: 3, signal })).topics;
    const names = metadata.map((t) => t.name);
    report({ stage: 'topics', done: metadata.length, total: metadata.length });
    checkCancelled();

    const configsByTopic = new Map<string, ClusterReading['topics'][number]['configs']>();
    // Topics the cluster said it does not host (deleted since they were listed, or a broker still loading):
    // left out of the snapshot once the cluster confirms they are gone.
    const unknown = new Set<string>();
    // Configs, offsets, groups and ACLs are independent reads: asked at once, a sync waits for the slowest of
    // them rather than their sum. Lag needs the end offsets, so it is worked out once both are in.
    const describing = describeTopicConfigs(
      async (topics) => {
        await direct.refreshMetadataIfNecessary();
        const broker = await direct.findControllerBroker();
        return (await broker.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: TOPIC_RESOURCE, name })) })).resources;
      },
      names,
      {
        batchSize: CONFIG_BATCH,
        concurrency: CONFIG_CONCURRENCY,
        signal,
        unknown,
        onProgress: (done) => {
          report({ stage: 'configs', done, total: names.length });
          checkCancelled();
        },
      },
    );
    report({ stage: 'offsets', done: 0, total: metadata.length });
    const reading = readOffsets(
      connection,
      metadata.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionId) })),
      (done) => {
        report({ stage: 'offsets', done, total: metadata.length });
        checkCancelled();
      },
      signal,
      unknown,
      () => admin.listTopics(),
    );
    report({ stage: 'groups', done: 0, total: 0 });
    const grouping = readGroups(admin, (done, total) => report({ stage: 'groups', done, total }), checkCancelled);
    const [described, offsets, groups, acls] = await Promise.all([describing, reading, grouping, readAcls(admin, connection.bootstrap)]);
    checkCancelled();
    for (const resource of described) {
      configsByTopic.set(
        resource.resourceName,
        resource.configEntries.map((c) => ({
          name: c.configName,
          value: c.isSensitive ? null : c.configValue,
          source: configSourceNames[c.configSource ?? 0] ?? 'UNKNOWN',
          sensitive: c.isSensitive,
        })),
      );
    }

    const topics: ClusterReading['topics'] = [];
    const vanished = await confirmDeleted(admin, unknown, connection.bootstrap);
    for (const t of metadata) {
      if (vanished.has(t.name)) continue;
      const byPartition = offsets.get(t.name);
      topics.push({
        name: t.name,
        internal: t.name.startsWith('__'),
        replicationFactor: t.partitions[0]?.replicas.length ?? 0,
        configs: configsByTopic.get(t.name) ?? [],
        partitions: t.partitions
          .map((p) => ({
            partition: p.partitionId,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
            earliest: byPartition?.get(p.partitionId)?.earliest ?? '0',
            latest: byPartition?.get(p.partitionId)?.latest ?? '0',
          }))
          .sort((a, b) => a.partition - b.partition),
      });
    }
    const latest = new Map(topics.flatMap((t) => t.partitions.map((p) => [`${t.name}\u0000${p.partition}`, p.latest] as const)));
    applyLag(groups, (topic, partition) => latest.get(`${topic}\u0000${partition}`));
    return {
      groups,
      acls,
      clusterId: cluster.clusterId,
      controllerId: cluster.controller ?? -1,
      brokers: cluster.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: null })),
      topics,
    };
  } catch (error) {
    throw explainKafkaError(error, connection);
  } finally {
    await Promise.all([admin.disconnect().catch(() => undefined), direct.disconnect().catch(() => undefined)]);
  }
}

/**
 * The topics the cluster said it does not host that it no longer lists either: deleted during the sync, so
 * left out of the snapshot. One it still lists (a broker still loading its logs) fails the sync by name.
 */
async function confirmDeleted(admin: { listTopics(): Promise<string[]> }, unknown: ReadonlySet<string>, bootstrap: string): Promise<Set<string>> {
  if (unknown.size === 0) return new Set();
  const listed = new Set(await admin.listTopics());
  const loading = [...unknown].filter((t) => listed.has(t));
  if (loading.length) throw new TributaryError('Unreachable', `${bootstrap} lists ${loading.slice(0, 3).join(', ')}${loading.length > 3 ? ` and ${loading.length - 3} more` : ''} but does not host them yet — it may have just restarted; sync again in a few seconds`);
  return new Set(unknown);
}
