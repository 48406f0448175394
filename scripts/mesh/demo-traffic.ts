// Keeps the demo mesh alive: producers write believable records at a low rate, and the demo applications
// (consumer groups) read them, commit offsets and write what they derive — so lineage, lag and throughput
// have something to show. Records of a topic with a registered schema go out in the Confluent wire format.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type { MeshEndpoints } from './harness.ts';
import { deriveRecord, demoRecord, hasGenerator, type DemoRecord } from './demo-records.ts';
import { valueSubject, type DemoMesh } from './demo-spec.ts';

export interface DemoTraffic {
  /** Records written so far, per topic. */
  produced: Record<string, number>;
  /** Records read so far, per application. */
  consumed: Record<string, number>;
  stop(): Promise<void>;
}

export interface DemoTrafficOptions {
  mesh: DemoMesh;
  /** Registry id per subject, from seedDemo; topics without one are written as plain JSON. */
  schemaIds: Record<string, number>;
  log?: (line: string) => void;
  /** Multiplies every topic's messagesPerMinute (tests use a high one). */
  rateFactor?: number;
  tickMs?: number;
}

export async function startDemoTraffic(endpoints: MeshEndpoints, opts: DemoTrafficOptions): Promise<DemoTraffic> {
  const log = opts.log ?? (() => {});
  const kafka = new Kafka({ clientId: 'tributary-demo', brokers: [endpoints.bootstrap], logLevel: logLevel.NOTHING });
  // date-time and friends are annotations here; ajv's strict mode would reject the schemas for them.
  const registry = endpoints.registryUrl ? new SchemaRegistry({ host: endpoints.registryUrl }, { [SchemaType.JSON]: { strict: false, validateFormats: false } }) : undefined;
  const produced: Record<string, number> = {};
  const consumed: Record<string, number> = {};
  const complained = new Set<string>();
  const complainOnce = (what: string, err: unknown) => {
    if (complained.has(what)) return;
    complained.add(what);
    log(`demo traffic: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };

  async function encode(topic: string, record: DemoRecord): Promise<{ key: string; value: Buffer }> {
    const id = opts.schemaIds[valueSubject(topic)];
    const value = registry && id !== undefined ? await registry.encode(id, record.value) : Buffer.from(JSON.stringify(record.value));
    return { key: record.key, value };
  }

  async function decode(buffer: Buffer | null): Promise<Record<string, unknown> | undefined> {
    if (!buffer) return undefined;
    if (buffer[0] === 0 && registry) return (await registry.decode(buffer)) as Record<string, unknown>;
    return JSON.parse(buffer.toString('utf8')) as Record<string, unknown>;
  }

  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  const credit = new Map<string, number>();
  const tickMs = opts.tickMs ?? 1_000;
  const factor = opts.rateFactor ?? 1;
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void (async () => {
      const topicMessages: Array<{ topic: string; messages: Array<{ key: string; value: Buffer }> }> = [];
      for (const t of opts.mesh.topics) {
        if (t.messagesPerMinute <= 0 || !hasGenerator(t.name)) continue;
        let c = (credit.get(t.name) ?? Math.random()) + (t.messagesPerMinute * factor * tickMs) / 60_000;
        const messages: Array<{ key: string; value: Buffer }> = [];
        while (c >= 1) {
          c -= 1;
          try {
            messages.push(await encode(t.name, demoRecord(t.name)));
          } catch (err) {
            complainOnce(`encoding a record for ${t.name}`, err);
          }
        }
        credit.set(t.name, c);
        if (messages.length) topicMessages.push({ topic: t.name, messages });
      }
      if (topicMessages.length) {
        await producer.sendBatch({ topicMessages });
        for (const tm of topicMessages) produced[tm.topic] = (produced[tm.topic] ?? 0) + tm.messages.length;
      }
    })()
      .catch((err: unknown) => complainOnce('writing records', err))
      .finally(() => (ticking = false));
  }, tickMs);

  const consumers: Consumer[] = [];
  for (const app of opts.mesh.consumerGroups) {
    const consumer = kafka.consumer({ groupId: app.id, sessionTimeout: 15_000, heartbeatInterval: 3_000 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: app.consumes, fromBeginning: true });
    let stopping = false;
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (stopping) return;
        consumed[app.id] = (consumed[app.id] ?? 0) + 1;
        try {
          const value = await decode(message.value);
          const derived = value ? deriveRecord(app.id, topic, value) : undefined;
          if (derived) {
            await producer.send({ topic: derived.topic, messages: [await encode(derived.topic, derived.record)] });
            produced[derived.topic] = (produced[derived.topic] ?? 0) + 1;
          }
        } catch (err) {
          complainOnce(`${app.id} handling a record of ${topic}`, err);
        }
        if (app.stopsAfterMessages !== undefined && consumed[app.id]! >= app.stopsAfterMessages) {
          stopping = true;
          // Leaving from inside eachMessage would wait on itself; leave right after it returns.
          setImmediate(() => void consumer.disconnect().then(() => log(`demo traffic: ${app.id} stopped after ${consumed[app.id]} records, as planned — its lag grows from here`)));
        }
      },
    });
  }
  log(`demo traffic: writing ${opts.mesh.topics.filter((t) => t.messagesPerMinute > 0).length} topics, ${opts.mesh.consumerGroups.length} applications reading`);

  return {
    produced,
    consumed,
    async stop() {
      clearInterval(timer);
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => {})));
      await producer.disconnect().catch(() => {});
    },
  };
}
