// The mesh registry on the cluster: the compacted products topic and the append-only events topic, created
// when absent, and a live link per profile that folds both from offset 0 into the cache and keeps folding.
// kafkajs has no assign(): the link reads through a consumer of a throw-away group that never commits
// offsets, so no lasting group (or committed position) is left on the cluster; the cache is the position.
import type kafkajs from 'kafkajs';
import { explainKafkaError, retryRetriable, type KafkaAdmin } from '../cluster/kafka-client.ts';
import type { KafkaConnection } from '../cluster/connection.ts';
import { sh, type AuditLog } from './audit.ts';
import type { ProductFold, RegistryRecord, RegistryTopics } from './fold.ts';

/** Topic configs for the registry: the products topic keeps the latest record per id; events are kept forever. */
export function registryTopicConfigs(topics: RegistryTopics): Array<{ topic: string; configs: Record<string, string>; purpose: string }> {
  return [
    { topic: topics.products, configs: { 'cleanup.policy': 'compact' }, purpose: 'the latest descriptor of every data product (compacted, keyed by product id)' },
    { topic: topics.events, configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1' }, purpose: 'every change to a product and every access request, kept forever' },
  ];
}

export function kafkaTopicsCreateCommand(bootstrap: string, topic: string, partitions: number, replicationFactor: number | undefined, configs: Record<string, string>): string {
  return [
    `kafka-topics --bootstrap-server ${sh(bootstrap)} --create --topic ${sh(topic)} --partitions ${partitions}`,
    ...(replicationFactor ? [`--replication-factor ${replicationFactor}`] : []),
    ...Object.entries(configs).map(([k, v]) => `--config ${sh(`${k}=${v}`)}`),
  ].join(' ');
}

export async function existingTopics(admin: KafkaAdmin, names: string[]): Promise<Set<string>> {
  const all = new Set(await admin.listTopics());
  return new Set(names.filter((n) => all.has(n)));
}

/** A replication factor the cluster can honour: 3 where there are 3 brokers, else as many as there are. */
export async function defaultReplication(admin: KafkaAdmin): Promise<number> {
  const { brokers } = await admin.describeCluster();
  return Math.max(1, Math.min(3, brokers.length));
}

/** Creates whichever registry topic is missing; returns the ones it created (the caller tells the user). */
export async function ensureRegistryTopics(admin: KafkaAdmin, topics: RegistryTopics, audit: AuditLog, who: { profileId: string; actor: string; bootstrap: string }): Promise<string[]> {
  const specs = registryTopicConfigs(topics);
  const present = await existingTopics(admin, specs.map((s) => s.topic));
  const missing = specs.filter((s) => !present.has(s.topic));
  if (!missing.length) return [];
  const replicationFactor = await defaultReplication(admin);
  const created: string[] = [];
  for (const spec of missing) {
    const request = { topic: spec.topic, numPartitions: 1, replicationFactor, configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })) };
    await audit.record(
      { ...who, action: 'create-registry-topic', target: spec.topic, request, command: kafkaTopicsCreateCommand(who.bootstrap, spec.topic, 1, replicationFactor, spec.configs) },
      async () => {
        // Another desktop may have created it a moment ago: that is fine, the topic exists either way.
        const made = await admin.createTopics({ waitForLeaders: true, topics: [request] });
        if (made) created.push(spec.topic);
      },
    );
  }
  return created;
}

export type LinkState = { state: 'live' | 'absent' | 'offline' | 'idle'; detail: string };

/**
 * Keeps one profile's fold current. start() reads both topics from offset 0 (a full rebuild) and resolves when
 * the fold has reached the end of the log as it was when start() began; the consumer then keeps folding new
 * records as they arrive. catchUp() waits until everything written before the call is folded — what a write
 * needs before its optimistic-concurrency check.
 */
export class RegistryLink {
  readonly bootstrap: string;
  private readonly kafka: kafkajs.Kafka;
  private readonly connection: KafkaConnection;
  private readonly fold: ProductFold;
  private consumer: kafkajs.Consumer | null = null;
  private readonly positions = new Map<string, bigint>();
  private waiters: Array<() => void> = [];
  private stopped = false;
  status: LinkState = { state: 'idle', detail: 'not read yet' };

  constructor(kafka: kafkajs.Kafka, connection: KafkaConnection, fold: ProductFold) {
    this.kafka = kafka;
    this.connection = connection;
    this.fold = fold;
    this.bootstrap = connection.bootstrap;
  }

  get running(): boolean {
    return this.consumer !== null;
  }

  /** Starts folding when both topics exist; otherwise reports them absent (the first publish creates them). */
  async start(): Promise<LinkState> {
    if (this.consumer) return this.status;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const present = await existingTopics(admin, [this.fold.topics.products, this.fold.topics.events]);
      if (present.size < 2) {
        this.status = { state: 'absent', detail: `No mesh registry on this cluster yet (${this.fold.topics.products}, ${this.fold.topics.events}) — the first publish creates it` };
        return this.status;
      }
      const targets = await this.highWatermarks(admin);
      // Large fetches: each batch is one cache transaction, and a catch-up from offset 0 is mostly commits otherwise.
      const consumer = this.kafka.consumer({ groupId: `_tributary-fold-${crypto.randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 250, allowAutoTopicCreation: false, maxBytesPerPartition: 16 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 });
      // Also fired for batches that held only filtered records, so a position never stalls short of the end.
      consumer.on(consumer.events.END_BATCH_PROCESS, (e: { payload: { topic: string; partition: number; lastOffset: string } }) => {
        const tp = `${e.payload.topic}:${e.payload.partition}`;
        const next = BigInt(e.payload.lastOffset) + 1n;
        if (next > (this.positions.get(tp) ?? 0n)) this.positions.set(tp, next);
        this.wake();
      });
      this.consumer = consumer;
      this.fold.beginRebuild();
      await consumer.connect();
      await consumer.subscribe({ topics: [this.fold.topics.products, this.fold.topics.events], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (this.stopped) return;
          const records: RegistryRecord[] = batch.messages.map((m) => ({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value }));
          this.fold.apply(records);
          this.fold.touch();
          this.wake();
        },
      });
      await this.waitFor(targets);
      this.fold.finishRebuild();
      this.status = { state: 'live', detail: `Live: folding ${this.fold.topics.products} and ${this.fold.topics.events} as they change` };
      return this.status;
    } catch (error) {
      await this.stop();
      const explained = explainKafkaError(error, this.connection);
      this.status = { state: 'offline', detail: `Showing the products cached from the last read — ${explained.message}` };
      return this.status;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Resolves once every record written before this call is in the cache. */
  async catchUp(admin: KafkaAdmin): Promise<void> {
    if (!this.consumer) return;
    await this.waitFor(await this.highWatermarks(admin));
  }

  /** catchUp with an admin client of its own, for reads that have none at hand. */
  async catchUpAlone(): Promise<void> {
    if (!this.consumer) return;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await this.catchUp(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.stopped = true;
    this.wake();
    if (consumer) await consumer.disconnect().catch(() => undefined);
    this.stopped = false;
    this.positions.clear();
    if (this.status.state === 'live') this.status = { state: 'idle', detail: 'stopped' };
  }

  private async highWatermarks(admin: KafkaAdmin): Promise<Map<string, bigint>> {
    const targets = new Map<string, bigint>();
    for (const topic of [this.fold.topics.products, this.fold.topics.events]) {
      // Right after the first publish creates the topics, a broker may not host their partitions for a moment.
      for (const p of await retryRetriable(() => admin.fetchTopicOffsets(topic))) if (BigInt(p.high) > BigInt(p.low)) targets.set(`${topic}:${p.partition}`, BigInt(p.high));
    }
    return targets;
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private async waitFor(targets: Map<string, bigint>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const reached = () => [...targets].every(([tp, high]) => (this.positions.get(tp) ?? 0n) >= high);
    while (!reached()) {
      if (!this.consumer) throw new Error('the registry link stopped before it caught up');
      if (Date.now() > deadline) throw new Error(`the mesh registry topics on ${this.bootstrap} were not read to their end within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
