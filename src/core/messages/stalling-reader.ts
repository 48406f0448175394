// For tests of the reading loops (browse, export): a topic of one partition whose leader answers only the
// fetches a test says yes to, as TopicReader answers (no reads at all) while no leader can be found.
import type { BrowsedTopic } from './browse.ts';
import type { PartitionRead } from './partition-reader.ts';

const record = (offset: number) => ({ partition: 0, offset: String(offset), timestamp: '0', key: Buffer.from(`k${offset}`), value: Buffer.from(JSON.stringify({ n: offset })), headers: {} });

/** `records` records ({"n": offset}), given two at a time by the fetches `answers` says yes to (counted from 0). */
export function stallingReader(records: number, answers: (fetch: number) => boolean): BrowsedTopic {
  let fetches = 0;
  return {
    topic: 'orders',
    bootstrap: '127.0.0.1:9092',
    partitions: [0],
    offsets: async (partitions, at) => new Map(partitions.map((p) => [p, at === 'earliest' ? 0n : BigInt(records)])),
    fetch: async (positions: Map<number, bigint>): Promise<PartitionRead[]> => {
      if (!answers(fetches++)) return [];
      const from = Number(positions.get(0)!);
      const batch = Array.from({ length: Math.max(0, Math.min(2, records - from)) }, (_, i) => record(from + i));
      return [{ partition: 0, records: batch, next: BigInt(from + batch.length), end: BigInt(records) }];
    },
  };
}
