// Earliest and latest offsets of every partition, asked of each leader in one ListOffsets request per batch
// of topics. kafkajs's public admin asks per topic, two requests each behind a lock, which made offsets the
// bulk of a sync (16.8 of 19 s for 2,000 topics, bench/catalog-sync.bench.ts).
import type { KafkaConnection } from '../cluster/connection.ts';
import { createKafka, retryRetriable } from '../cluster/kafka-client.ts';
import { borrowCluster } from '../cluster/kafka-cluster.ts';

const TOPICS_PER_REQUEST = 1000;

export type PartitionOffsets = Map<string, Map<number, { earliest: string; latest: string }>>;

export async function readOffsets(
  connection: KafkaConnection,
  topics: Array<{ name: string; partitions: number[] }>,
  onProgress: (done: number) => void,
  signal: AbortSignal,
): Promise<PartitionOffsets> {
  const offsets: PartitionOffsets = new Map();
  if (topics.length === 0) return offsets;
  const cluster = borrowCluster(createKafka(connection, 'tributary-offsets'));
  try {
    await cluster.connect();
    await cluster.addMultipleTargetTopics(topics.map((t) => t.name));
    for (let i = 0; i < topics.length; i += TOPICS_PER_REQUEST) {
      const batch = topics.slice(i, i + TOPICS_PER_REQUEST).map((t) => ({ topic: t.name, partitions: t.partitions.map((partition) => ({ partition })) }));
      const [latest, earliest] = await Promise.all([
        retryRetriable(() => cluster.fetchTopicsOffset(batch.map((b) => ({ ...b, fromBeginning: false }))), { attempts: 3, signal }),
        retryRetriable(() => cluster.fetchTopicsOffset(batch.map((b) => ({ ...b, fromBeginning: true }))), { attempts: 3, signal }),
      ]);
      for (const t of latest) {
        const byPartition = new Map<number, { earliest: string; latest: string }>();
        for (const p of t.partitions) byPartition.set(p.partition, { earliest: '0', latest: p.offset });
        offsets.set(t.topic, byPartition);
      }
      for (const t of earliest) {
        for (const p of t.partitions) {
          const entry = offsets.get(t.topic)?.get(p.partition);
          if (entry) entry.earliest = p.offset;
        }
      }
      onProgress(Math.min(i + TOPICS_PER_REQUEST, topics.length));
    }
    return offsets;
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}
