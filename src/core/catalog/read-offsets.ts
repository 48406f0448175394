// Earliest and latest offsets of every partition, asked of each leader in one ListOffsets request per batch
// of topics. kafkajs's public admin asks per topic, two requests each behind a lock, which made offsets the
// bulk of a sync (16.8 of 19 s for 2,000 topics, bench/catalog-sync.bench.ts).
import type { KafkaConnection } from '../cluster/connection.ts';
import { createKafka, isUnknownTopic, retryRetriable } from '../cluster/kafka-client.ts';
import { borrowCluster } from '../cluster/kafka-cluster.ts';

const TOPICS_PER_REQUEST = 1000;

export type PartitionOffsets = Map<string, Map<number, { earliest: string; latest: string }>>;

type Batch = Array<{ topic: string; partitions: Array<{ partition: number }> }>;

export async function readOffsets(
  connection: KafkaConnection,
  topics: Array<{ name: string; partitions: number[] }>,
  onProgress: (done: number) => void,
  signal: AbortSignal,
  /** Topics the cluster said it does not host: deleted since they were listed, or a broker still loading. The caller tells which. */
  unknown: Set<string> = new Set(),
  /** The cluster's topic list now, to drop topics deleted since the caller listed them. */
  listTopics?: () => Promise<string[]>,
): Promise<PartitionOffsets> {
  const offsets: PartitionOffsets = new Map();
  if (topics.length === 0) return offsets;
  const cluster = borrowCluster(createKafka(connection, 'tributary-offsets'));
  try {
    await cluster.connect();
    try {
      await cluster.addMultipleTargetTopics(topics.map((t) => t.name));
    } catch (error) {
      // Metadata for a list with a deleted topic fails as a whole (kafkajs then forgets the list again).
      if (!isUnknownTopic(error) || !listTopics) throw error;
      const listed = new Set(await listTopics());
      for (const t of topics) if (!listed.has(t.name)) unknown.add(t.name);
      topics = topics.filter((t) => listed.has(t.name));
      await cluster.addMultipleTargetTopics(topics.map((t) => t.name));
    }
    for (let i = 0; i < topics.length; i += TOPICS_PER_REQUEST) {
      const batch = topics.slice(i, i + TOPICS_PER_REQUEST).map((t) => ({ topic: t.name, partitions: t.partitions.map((partition) => ({ partition })) }));
      const read = async (part: Batch): Promise<Array<Awaited<ReturnType<typeof cluster.fetchTopicsOffset>>>> => {
        try {
          return await Promise.all([
            retryRetriable(() => cluster.fetchTopicsOffset(part.map((b) => ({ ...b, fromBeginning: false }))), { attempts: 3, signal }),
            retryRetriable(() => cluster.fetchTopicsOffset(part.map((b) => ({ ...b, fromBeginning: true }))), { attempts: 3, signal }),
          ]);
        } catch (error) {
          if (!isUnknownTopic(error)) throw error;
          if (part.length === 1) {
            unknown.add(part[0]!.topic);
            return [[], []];
          }
          // One ListOffsets answer fails as a whole for one missing topic: ask topic by topic to find it.
          const each = await Promise.all(part.map((b) => read([b])));
          return [each.flatMap((e) => e[0]!), each.flatMap((e) => e[1]!)];
        }
      };
      const [latest, earliest] = (await read(batch)) as [Awaited<ReturnType<typeof cluster.fetchTopicsOffset>>, Awaited<ReturnType<typeof cluster.fetchTopicsOffset>>];
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
