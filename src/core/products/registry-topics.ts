// The mesh registry on the cluster: the compacted products topic and the append-only events topic, created
// when absent, and a live link per profile that folds both from offset 0 into the cache and keeps folding.
// The link reads partitions by offset (as assign/seek would, src/core/messages/partition-reader.ts): no
// consumer group is joined, so none is left on the cluster and there is no first-rebalance delay (3 s on a
// broker with the default group.initial.rebalance.delay.ms); the cache is the position.
import type kafkajs from 'kafkajs';
import { explainKafkaError, retryRetriable, type KafkaAdmin } from '../cluster/kafka-client.ts';
import type { KafkaConnection } from '../cluster/connection.ts';
import { TopicReader, type PartitionRead } from '../messages/partition-reader.ts';
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

/** Records gathered before one fold transaction: a catch-up from offset 0 is mostly commits otherwise. */
const RECORDS_PER_FOLD = 50_000;
/** How long a fetch waits at the end of the log for new records while live. */
const LIVE_WAIT_MS = 250;
/** How often a live link notes that it is current while no record arrives (the "folded … ago" a page shows). */
const TOUCH_IDLE_MS = 10_000;
/** Pause before retrying after a fetch that failed or came back empty-handed (no leader, broker away). */
const RETRY_PAUSE_MS = 1_000;

/** One topic's reader and where each of its partitions is read next. */
interface Cursor {
  reader: TopicReader;
  next: Map<number, bigint>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Keeps one profile's fold current. start() reads both topics from offset 0 (a full rebuild) and resolves when
 * the fold has reached the end of the log as it was when start() began; the link then keeps folding new
 * records as they arrive. catchUp() waits until everything written before the call is folded — what a write
 * needs before its optimistic-concurrency check.
 */
export class RegistryLink {
  readonly bootstrap: string;
  private readonly connection: KafkaConnection;
  private readonly kafka: kafkajs.Kafka;
  private readonly fold: ProductFold;
  private cursors: Cursor[] | null = null;
  private reading: Promise<void> | null = null;
  /** Folded up to (exclusive), per `topic:partition`: what catchUp waits on. */
  private readonly positions = new Map<string, bigint>();
  /** Why reading stopped while the link was still catching up; start() reports it. */
  private failure: unknown = null;
  private waiters: Array<() => void> = [];
  /** The current read's stop flag: a new object per start(), so a late loop of an old read never runs on. */
  private run = { stopped: false, live: false };
  status: LinkState = { state: 'idle', detail: 'not read yet' };

  constructor(kafka: kafkajs.Kafka, connection: KafkaConnection, fold: ProductFold) {
    this.kafka = kafka;
    this.connection = connection;
    this.fold = fold;
    this.bootstrap = connection.bootstrap;
  }

  get running(): boolean {
    return this.cursors !== null;
  }

  /** Starts folding when both topics exist; otherwise reports them absent (the first publish creates them). */
  async start(): Promise<LinkState> {
    if (this.cursors) return this.status;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const present = await existingTopics(admin, [this.fold.topics.products, this.fold.topics.events]);
      if (present.size < 2) {
        this.status = { state: 'absent', detail: `No mesh registry on this cluster yet (${this.fold.topics.products}, ${this.fold.topics.events}) — the first publish creates it` };
        return this.status;
      }
      const targets = await this.highWatermarks(admin);
      const cursors: Cursor[] = [];
      this.cursors = cursors;
      for (const topic of [this.fold.topics.products, this.fold.topics.events]) {
        const reader = await TopicReader.open(this.connection, topic);
        cursors.push({ reader, next: new Map() });
        cursors.at(-1)!.next = await reader.offsets(reader.partitions, 'earliest');
      }
      this.failure = null;
      this.fold.beginRebuild();
      const run = { stopped: false, live: false };
      this.run = run;
      this.reading = Promise.all(cursors.map((c) => this.read(c, run))).then(() => undefined, (error: unknown) => {
        // The cache refused a batch (closed, disk full): stop reading and say so instead of waiting forever.
        this.failure = error;
        this.status = this.offline(`the local cache could not store the registry: ${(error as Error).message}`);
        this.wake();
      });
      await this.waitFor(targets);
      this.fold.finishRebuild();
      run.live = true;
      this.status = this.live();
      return this.status;
    } catch (error) {
      await this.stop();
      const explained = explainKafkaError(error, this.connection);
      this.status = this.offline(explained.message);
      return this.status;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Resolves once every record written before this call is in the cache. */
  async catchUp(admin: KafkaAdmin): Promise<void> {
    if (!this.cursors) return;
    await this.waitFor(await this.highWatermarks(admin));
  }

  /** catchUp with an admin client of its own, for reads that have none at hand. */
  async catchUpAlone(): Promise<void> {
    if (!this.cursors) return;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await this.catchUp(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    const cursors = this.cursors;
    this.cursors = null;
    this.run.stopped = true;
    this.wake();
    // The read loop ends within one fetch wait; closing first would make its last fetch fail for nothing.
    await this.reading?.catch(() => undefined);
    this.reading = null;
    for (const c of cursors ?? []) await c.reader.close();
    this.positions.clear();
    if (this.status.state === 'live') this.status = { state: 'idle', detail: 'stopped' };
  }

  /**
   * Fetches one topic and folds what comes back, until stopped; each topic has its own loop, so a long poll on
   * a quiet products topic never holds back a new event. The next fetch is sent before a batch is folded, so
   * the broker fills it while the cache writes; records are gathered into large batches while the log is
   * behind, and folded at once when its end is reached.
   */
  private async read(cursor: Cursor, run: { stopped: boolean; live: boolean }): Promise<void> {
    const topic = cursor.reader.topic;
    let gathered: RegistryRecord[] = [];
    let reached = new Map<string, bigint>();
    let inFlight = cursor.reader.fetch(cursor.next, 0);
    let lastTouch = 0;
    while (!run.stopped) {
      let reads: PartitionRead[];
      try {
        reads = await inFlight;
      } catch (error) {
        if (run.stopped) return;
        if (!run.live) {
          // Still catching up: start() reports the failure and the user sees the cached products, marked offline.
          this.failure = error;
          this.wake();
          return;
        }
        this.status = this.offline(explainKafkaError(error, this.connection).message);
        await pause(RETRY_PAUSE_MS);
        inFlight = cursor.reader.fetch(cursor.next, 0);
        continue;
      }
      if (run.stopped) return;
      // A fetch answered for no partition (leaders moving, broker away) is retried after a pause, not in a spin.
      let atEnd = reads.length > 0;
      for (const read of reads) {
        cursor.next.set(read.partition, read.next);
        reached.set(`${topic}:${read.partition}`, read.next);
        if (read.next < read.end) atEnd = false;
        for (const m of read.records) gathered.push({ topic, partition: read.partition, offset: m.offset, key: m.key, value: m.value });
      }
      inFlight = reads.length === 0 ? pause(RETRY_PAUSE_MS).then(() => cursor.reader.fetch(cursor.next, 0)) : cursor.reader.fetch(cursor.next, atEnd ? LIVE_WAIT_MS : 0);
      if (atEnd || gathered.length >= RECORDS_PER_FOLD) {
        this.fold.apply(gathered);
        // Live at the end of a quiet log, a fetch comes back empty every LIVE_WAIT_MS: writing the time of
        // each would be four writes a second for nothing. The time shown is at most TOUCH_IDLE_MS old.
        if (gathered.length || Date.now() - lastTouch >= TOUCH_IDLE_MS) {
          this.fold.touch();
          lastTouch = Date.now();
        }
        for (const [tp, next] of reached) if (next > (this.positions.get(tp) ?? 0n)) this.positions.set(tp, next);
        gathered = [];
        reached = new Map();
        if (this.status.state === 'offline' && atEnd) this.status = this.live();
        this.wake();
      }
    }
  }

  private live(): LinkState {
    return { state: 'live', detail: `Live: folding ${this.fold.topics.products} and ${this.fold.topics.events} as they change` };
  }

  /** Offline: the page shows what the cache holds, and why the registry cannot be read. */
  private offline(why: string): LinkState {
    return { state: 'offline', detail: `Showing the products cached from the last read — ${why}` };
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
      if (this.failure) throw this.failure;
      if (!this.cursors) throw new Error('the registry link stopped before it caught up');
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
