// kafkajs's Cluster — connections, metadata, TLS/SASL — borrowed from its Kafka client for what its public
// API lacks: reading partitions by offset without a consumer group (the message browser), asking each broker
// for the offsets of many topics in one ListOffsets request, and describing topic configs without the
// all-topics metadata refresh kafkajs's admin makes before every DescribeConfigs (sync). It relies on one
// private factory; a kafkajs release that moves it makes these calls fail with a clear error, not silently.
import type kafkajs from 'kafkajs';
import { TributaryError } from '../errors.ts';
export const READ_COMMITTED = 1;

/** A record as a Fetch response carries it. */
export interface RawRecord {
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | undefined>;
}

export interface FetchedMessage extends RawRecord {
  isControlRecord?: boolean;
}

export interface FetchResponse {
  responses: Array<{ topicName: string; partitions: Array<{ partition: number; highWatermark: string; lastStableOffset?: string; abortedTransactions?: unknown[]; messages: FetchedMessage[] }> }>;
}

export interface KafkaBroker {
  fetch(request: {
    replicaId?: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }> }>;
  }): Promise<FetchResponse>;
  listOffsets(request: {
    isolationLevel: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; timestamp: number }> }>;
  }): Promise<{ responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> }>;
  describeConfigs(request: { resources: Array<{ type: number; name: string }>; includeSynonyms: boolean }): Promise<{
    resources: Array<{ resourceName: string; configEntries: Array<{ configName: string; configValue: string | null; isSensitive: boolean; configSource?: number }> }>;
  }>;
}

export interface KafkaCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  /** Loads the metadata (brokers, controller) when none is loaded or it is older than metadataMaxAge. */
  refreshMetadataIfNecessary(): Promise<void>;
  findTopicPartitionMetadata(topic: string): Array<{ partitionId: number; leader: number }>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(args: { nodeId: string }): Promise<KafkaBroker>;
  /** The broker the metadata names as controller: any broker can describe a topic's configs; kafkajs asks this one. */
  findControllerBroker(): Promise<KafkaBroker>;
  fetchTopicsOffset(topics: Array<{ topic: string; partitions: Array<{ partition: number }>; fromBeginning?: boolean; fromTimestamp?: number }>): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}

export function borrowCluster(kafka: kafkajs.Kafka): KafkaCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof create !== 'function') throw new TributaryError('Internal', 'This kafkajs version no longer exposes its cluster factory; the message browser needs updating for it');
  const cluster = create({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED }) as KafkaCluster;
  cluster.fetchTopicsOffset = (topics) => fetchTopicsOffset(cluster, topics);
  indexTopicMetadata(cluster);
  return cluster;
}

type PartitionMetadata = ReturnType<KafkaCluster['findTopicPartitionMetadata']>;

/**
 * kafkajs finds a topic's partitions by a linear search of the metadata, once per topic in findLeaderForPartitions:
 * quadratic in the topic count (2.4 s of CPU per sync of 10,000 topics). The same answer from a Map, rebuilt
 * whenever kafkajs replaces its metadata.
 */
function indexTopicMetadata(cluster: KafkaCluster): void {
  const linear = cluster.findTopicPartitionMetadata.bind(cluster);
  let indexed: { metadata: unknown; byTopic: Map<string, PartitionMetadata> } | null = null;
  cluster.findTopicPartitionMetadata = (topic) => {
    const metadata = (cluster as unknown as { brokerPool?: { metadata?: { topicMetadata?: Array<{ topic: string; partitionMetadata: PartitionMetadata }> } } }).brokerPool?.metadata;
    if (!metadata?.topicMetadata) return linear(topic); // not loaded (kafkajs throws its own error) or moved in a new release
    if (indexed?.metadata !== metadata) indexed = { metadata, byTopic: new Map(metadata.topicMetadata.map((t) => [t.topic, t.partitionMetadata])) };
    return indexed.byTopic.get(topic) ?? [];
  };
}

const EARLIEST = -2;
const LATEST = -1;

/**
 * kafkajs's own fetchTopicsOffset indexes topics in plain objects, so a topic named "constructor" or
 * "__proto__" (legal Kafka names) breaks it — "(obj[topic] || []) is not iterable" — and with it a whole sync.
 * The same ListOffsets requests, one per leader, indexed with Maps.
 */
async function fetchTopicsOffset(cluster: KafkaCluster, topics: Parameters<KafkaCluster['fetchTopicsOffset']>[0]) {
  const perLeader = new Map<string, Map<string, Array<{ partition: number; timestamp: number }>>>();
  for (const { topic, partitions, fromBeginning, fromTimestamp } of topics) {
    const timestamp = fromTimestamp ?? (fromBeginning ? EARLIEST : LATEST);
    const leaders = cluster.findLeaderForPartitions(topic, partitions.map((p) => p.partition));
    for (const nodeId of Object.keys(leaders)) {
      const wanted = new Set(leaders[nodeId]);
      const byTopic = perLeader.get(nodeId) ?? perLeader.set(nodeId, new Map()).get(nodeId)!;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), ...partitions.filter((p) => wanted.has(p.partition)).map((p) => ({ partition: p.partition, timestamp }))]);
    }
  }
  const answers = await Promise.all(
    [...perLeader].map(async ([nodeId, byTopic]) => {
      const broker = await cluster.findBroker({ nodeId });
      const { responses } = await broker.listOffsets({ isolationLevel: READ_COMMITTED, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
      return responses;
    }),
  );
  const merged = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const r of answers.flat()) merged.set(r.topic, [...(merged.get(r.topic) ?? []), ...r.partitions.map(({ partition, offset }) => ({ partition, offset }))]);
  return [...merged].map(([topic, partitions]) => ({ topic, partitions }));
}
