// Reads records straight from partition leaders with Fetch requests, as a consumer with assign() would: no
// consumer group is joined or created, so nothing is left behind on the cluster, there is no rebalance delay,
// and the profile's principal needs only READ on the topic. kafkajs has no public assign(), so this borrows
// the Cluster (connections, metadata, TLS/SASL) that its Kafka client builds for producers and consumers.
import { createRequire } from 'node:module';
import { TributaryError } from '../errors.ts';
import { createKafka, explainKafkaError, retryRetriable } from '../cluster/kafka-client.ts';
import { borrowCluster, READ_COMMITTED, type FetchedMessage, type FetchResponse, type KafkaCluster, type RawRecord } from '../cluster/kafka-cluster.ts';
import type { KafkaConnection } from '../cluster/connection.ts';

const require = createRequire(import.meta.url);
// The consumer's own rule for dropping records of aborted transactions (read_committed).
const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages.js') as (args: { messages: FetchedMessage[]; abortedTransactions: unknown[] }) => FetchedMessage[];

/** Per-partition cap of one Fetch; a larger first batch still comes whole (Fetch v3+). */
const PARTITION_MAX_BYTES = 1024 * 1024;
const FETCH_MAX_BYTES = 8 * 1024 * 1024;

export type { RawRecord } from '../cluster/kafka-cluster.ts';

export interface PartitionRead {
  partition: number;
  /** Records at or after the requested offset, without control records or aborted transactions. */
  records: RawRecord[];
  /** Where the next fetch of this partition starts. */
  next: bigint;
  /** The last stable offset (end of what read_committed may read) when the fetch was answered. */
  end: bigint;
}

export type StartAt = 'earliest' | 'latest' | { timestamp: number };

/** How long a read that must end (a bounded browse, an export, one record) waits for a broker to give records. */
export const BROKER_PATIENCE_MS = 15_000;

/**
 * The error of a read that no broker answered for `waitedMs`: the leaders of these partitions could not be
 * found or did not answer. `what` names the read ("The export of 'orders'").
 */
export function noBrokerAnswered(what: string, read: Pick<TopicReader, 'topic' | 'bootstrap'>, positions: Map<number, bigint>, waitedMs: number): TributaryError {
  const where = [...positions].map(([partition, offset]) => `${read.topic}/${partition} at offset ${offset}`).join(', ');
  const seconds = waitedMs >= 1000 ? `${Math.round(waitedMs / 1000)} s` : `${waitedMs} ms`;
  return new TributaryError('Unreachable', `${what} stopped: for ${seconds} no broker of ${read.bootstrap} gave the records of ${where} — the broker may be down or restarting; try again once it is back`);
}

/** One topic's partitions, read by offset. Open with `TopicReader.open`, always `close()`. */
export class TopicReader {
  readonly topic: string;
  readonly partitions: number[];
  private readonly cluster: KafkaCluster;
  private readonly connection: KafkaConnection;

  private constructor(cluster: KafkaCluster, connection: KafkaConnection, topic: string, partitions: number[]) {
    this.cluster = cluster;
    this.connection = connection;
    this.topic = topic;
    this.partitions = partitions;
  }

  /** The cluster's bootstrap servers, which errors name. */
  get bootstrap(): string {
    return this.connection.bootstrap;
  }

  static async open(connection: KafkaConnection, topic: string): Promise<TopicReader> {
    const cluster = borrowCluster(createKafka(connection, 'tributary-messages'));
    try {
      await cluster.connect();
      await cluster.addTargetTopic(topic);
    } catch (error) {
      await cluster.disconnect().catch(() => undefined);
      if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/i.test(String((error as { type?: string }).type ?? (error as Error).message))) {
        throw new TributaryError('NotFound', `Topic '${topic}' does not exist on ${connection.bootstrap} — it may have been deleted since the last sync`);
      }
      throw explainKafkaError(error, connection);
    }
    const partitions = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId).sort((a, b) => a - b);
    if (partitions.length === 0) {
      await cluster.disconnect().catch(() => undefined);
      throw new TributaryError('NotFound', `Topic '${topic}' does not exist on ${connection.bootstrap} — it may have been deleted since the last sync`);
    }
    return new TopicReader(cluster, connection, topic, partitions);
  }

  /** The offset of each partition's first record, end, or first record at/after a time (end when none is that late). */
  async offsets(partitions: number[], at: StartAt): Promise<Map<number, bigint>> {
    try {
      // Right after a broker restarts it answers before it leads its partitions again (NOT_LEADER_OR_FOLLOWER):
      // wait for the election, with fresh metadata on each try, instead of failing the browse.
      let attempt = 0;
      const list = (fromBeginning: boolean, fromTimestamp?: number) =>
        retryRetriable(async () => {
          if (attempt++ > 0) await this.cluster.refreshMetadata().catch(() => undefined);
          return this.cluster.fetchTopicsOffset([{ topic: this.topic, partitions: partitions.map((partition) => ({ partition })), fromBeginning, ...(fromTimestamp !== undefined ? { fromTimestamp } : {}) }]);
        });
      const toMap = (rows: Awaited<ReturnType<typeof list>>) => new Map(rows.flatMap((t) => t.partitions).map((p) => [p.partition, BigInt(p.offset)]));
      if (at === 'earliest' || at === 'latest') return toMap(await list(at === 'earliest'));
      const byTime = toMap(await list(false, at.timestamp));
      const ends = toMap(await list(false));
      // -1: no record at or after the time; reading starts at the end.
      return new Map(partitions.map((p) => [p, (byTime.get(p) ?? -1n) < 0n ? (ends.get(p) ?? 0n) : byTime.get(p)!]));
    } catch (error) {
      throw explainKafkaError(error, this.connection);
    }
  }

  /** One Fetch per leader for the given partitions, each from its offset; waits up to maxWaitMs for data. */
  async fetch(positions: Map<number, bigint>, maxWaitMs: number): Promise<PartitionRead[]> {
    const wanted = [...positions.keys()];
    if (wanted.length === 0) return [];
    let byLeader: Record<string, number[]>;
    try {
      byLeader = this.cluster.findLeaderForPartitions(this.topic, wanted);
    } catch {
      await this.cluster.refreshMetadata().catch(() => undefined);
      return [];
    }
    const reads = await Promise.all(Object.entries(byLeader).map(([nodeId, partitions]) => this.fetchFrom(nodeId, partitions, positions, maxWaitMs)));
    return reads.flat();
  }

  private async fetchFrom(nodeId: string, partitions: number[], positions: Map<number, bigint>, maxWaitMs: number): Promise<PartitionRead[]> {
    let response: FetchResponse;
    try {
      const broker = await this.cluster.findBroker({ nodeId });
      response = await broker.fetch({
        isolationLevel: READ_COMMITTED,
        maxWaitTime: maxWaitMs,
        minBytes: 1,
        maxBytes: FETCH_MAX_BYTES,
        topics: [{ topic: this.topic, partitions: partitions.map((partition) => ({ partition, fetchOffset: positions.get(partition)!.toString(), maxBytes: PARTITION_MAX_BYTES })) }],
      });
    } catch (error) {
      const e = error as { name?: string; type?: string; partition?: number; retriable?: boolean };
      if (e.name === 'KafkaJSOffsetOutOfRange' && typeof e.partition === 'number') {
        // Retention removed what we were about to read: carry on from the oldest record still there.
        const earliest = await this.offsets([e.partition], 'earliest');
        const latest = await this.offsets([e.partition], 'latest');
        const at = positions.get(e.partition)!;
        const next = at < earliest.get(e.partition)! ? earliest.get(e.partition)! : latest.get(e.partition)!;
        return [{ partition: e.partition, records: [], next, end: latest.get(e.partition)! }];
      }
      if (e.retriable || /NOT_LEADER|LEADER_NOT_AVAILABLE|UNKNOWN_TOPIC_OR_PARTITION|FENCED_LEADER_EPOCH|NotImplemented|KafkaJSBrokerNotFound|KafkaJSConnectionClosedError/.test(`${e.type ?? ''} ${e.name ?? ''}`)) {
        await this.cluster.refreshMetadata().catch(() => undefined);
        return [];
      }
      throw explainKafkaError(error, this.connection);
    }
    const reads: PartitionRead[] = [];
    for (const topic of response.responses) {
      for (const p of topic.partitions) {
        const from = positions.get(p.partition);
        if (from === undefined) continue;
        // One pass with one BigInt per record: a browse of a big topic goes through here for every record.
        let next = from;
        const within: FetchedMessage[] = [];
        for (const m of p.messages) {
          const offset = BigInt(m.offset);
          if (offset >= next) next = offset + 1n;
          if (offset >= from) within.push(m);
        }
        const kept = filterAbortedMessages({ messages: within, abortedTransactions: p.abortedTransactions ?? [] });
        const records: RawRecord[] = [];
        for (const m of kept) if (!m.isControlRecord) records.push({ partition: p.partition, offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value, headers: m.headers ?? {} });
        const end = BigInt(p.lastStableOffset && p.lastStableOffset !== '-1' ? p.lastStableOffset : p.highWatermark);
        reads.push({ partition: p.partition, records, next, end });
      }
    }
    return reads;
  }

  async close(): Promise<void> {
    await this.cluster.disconnect().catch(() => undefined);
  }
}
