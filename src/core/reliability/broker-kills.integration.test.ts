// SIGKILLs a broker of its own 20 times during each of a catalog sync, a product publish and a message-browser
// read, at seeded random points, then restarts it on the same data: the previous snapshot stays intact, no
// product is half-published, the failure is a named Unreachable error, and the retry succeeds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../../scripts/mesh/harness.ts';
import { createKafka, plaintext, retryRetriable } from '../cluster/kafka-client.ts';
import type { Api, MessageRecord } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { TributaryError } from '../errors.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { seededRandom } from '../seeded-random.ts';

const KILLS = Number(process.env.TRIBUTARY_RELIABILITY_KILLS ?? 20);
const SEED = Number(process.env.TRIBUTARY_RELIABILITY_SEED ?? 20261125);
const TOPICS = 120;
const RECORDS = 30_000;
const PARTITIONS = 3;
const BROWSE_TOPIC = 'rel.browse';
/** Longer than any operation may take once its broker is gone: past this it counts as hung. */
const HANG_MS = 45_000;

interface Tally {
  kills: number;
  /** The operation failed with the named error and left everything as it was. */
  failedCleanly: number;
  /** The kill came after the broker had done the work; the result is whole. */
  completed: number;
  survived: number;
  dataLost: number;
  /** From the kill until the broker answered again. */
  restartMs: number[];
  /** From the kill until it led every partition again. */
  backMs: number[];
  errors: Map<string, number>;
}
const tallies = new Map<string, Tally>();
function tally(name: string): Tally {
  const t: Tally = { kills: 0, failedCleanly: 0, completed: 0, survived: 0, dataLost: 0, restartMs: [], backMs: [], errors: new Map() };
  tallies.set(name, t);
  return t;
}

const random = seededRandom(SEED);

let broker: RunningBroker;
let engine: Engine;
let api: Api;
let profileId: string;
let dataDir: string;
const suiteStarted = Date.now();

/**
 * Runs `work` and SIGKILLs the broker once `killAt` resolves (a delay, or a point the work reports), then waits
 * for the work to settle. `inFlight` says whether the work was still running when the kill landed (a kill after
 * it settled tests nothing and is not counted).
 */
async function killDuring<T>(work: () => Promise<T>, killAt: Promise<void>): Promise<{ result?: T; error?: unknown; inFlight: boolean; settledAfterKillMs: number }> {
  let settled = false;
  const running = work().then(
    (result) => ((settled = true), { result }),
    (error: unknown) => ((settled = true), { error }),
  );
  await Promise.race([killAt, running]);
  const inFlight = !settled;
  const killedAt = Date.now();
  brokerDown = true;
  await broker.kill();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<{ error: unknown }>((resolve) => {
    timer = setTimeout(() => resolve({ error: new Error(`still running ${HANG_MS / 1000} s after the broker was killed`) }), HANG_MS);
  });
  const outcome = await Promise.race([running, hung]);
  clearTimeout(timer);
  return { ...outcome, inFlight, settledAfterKillMs: Date.now() - killedAt };
}

/** The failure a user sees when the broker dies: a named Unreachable error that names the broker. */
function expectNamedUnreachable(error: unknown, t: Tally): void {
  const e = error as TributaryError;
  const shape = `${e.kind ?? (e as Error).name}: ${String(e.message).replaceAll(broker.bootstrap, '<broker>').replace(/\d+/g, 'N').slice(0, 110)}`;
  t.errors.set(shape, (t.errors.get(shape) ?? 0) + 1);
  expect(error, String(error)).toBeInstanceOf(TributaryError);
  expect(e.kind, e.message).toBe('Unreachable');
  expect(e.message).toContain(broker.bootstrap);
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A promise the work resolves when it reaches the chosen point. */
function killPoint(): { reached: Promise<void>; reach: () => void } {
  let reach = () => {};
  const reached = new Promise<void>((r) => (reach = r));
  return { reached, reach };
}

let brokerDown = false;
/**
 * Restarts the broker and waits until it leads every partition again: after an unclean shutdown it answers
 * metadata a few seconds before it has recovered its logs, and a call then fails with a named Unreachable
 * ("try again in a few seconds"). The retry the test makes is the one a user makes once the broker is back.
 */
async function restart(t: Tally): Promise<void> {
  const started = Date.now();
  t.restartMs.push(await broker.restart());
  brokerDown = false;
  const admin = createKafka(plaintext(broker.bootstrap)).admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    for (;;) {
      try {
        for (let i = 0; i < topics.length; i += 50) await Promise.all(topics.slice(i, i + 50).map((topic) => admin.fetchTopicOffsets(topic)));
        break;
      } catch (error) {
        if (Date.now() - started > 60_000) throw error;
        await delay(200);
      }
    }
  } finally {
    await admin.disconnect();
  }
  t.backMs.push(Date.now() - started);
}

// A test that failed between a kill and its restart leaves the broker down; the next one starts it again.
beforeEach(async () => {
  if (brokerDown) await restart(tally('recovery'));
});

beforeAll(async () => {
  broker = await startBroker({ fastRestart: true, log: (line) => console.log(`[own broker] ${line}`) });
  const kafka = createKafka(plaintext(broker.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    timeout: 30_000,
    topics: [...Array.from({ length: TOPICS }, (_, i) => ({ topic: `rel.sync.t${String(i).padStart(3, '0')}`, numPartitions: 1 })), { topic: BROWSE_TOPIC, numPartitions: PARTITIONS }],
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < RECORDS; i += 1000) {
    const messages = Array.from({ length: 1000 }, (_, j) => ({ partition: (i + j) % PARTITIONS, key: `k${i + j}`, value: JSON.stringify({ n: i + j, pad: 'x'.repeat(150) }) }));
    await retryRetriable(() => producer.send({ topic: BROWSE_TOPIC, acks: -1, messages }));
  }
  await producer.disconnect();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-kills-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  profileId = (await api['profiles.save']({ name: 'killed', bootstrap: broker.bootstrap })).id;
});

afterAll(async () => {
  engine?.close();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  const rows = [...tallies].map(([name, t]) => {
    const mean = (ms: number[]) => (ms.length ? `${(ms.reduce((a, b) => a + b, 0) / ms.length / 1000).toFixed(1)} s` : '-');
    return `${name.padEnd(9)} kills ${String(t.kills).padStart(2)} | failed cleanly ${String(t.failedCleanly).padStart(2)} | completed before dying ${String(t.completed).padStart(2)} | survived ${String(t.survived).padStart(2)} | data lost ${t.dataLost} | mean restart ${mean(t.restartMs)}, all partitions led ${mean(t.backMs)}`;
  });
  const errors = [...tallies].flatMap(([name, t]) => [...t.errors].map(([e, n]) => `  ${name}: ${n}× ${e}`));
  console.log(`broker kills (seed ${SEED}, ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s in all):\n${rows.join('\n')}\nerrors seen:\n${errors.join('\n')}`);
});

describe('a broker SIGKILLed again and again', () => {
  it(`keeps the previous snapshot through ${KILLS} kills during a catalog sync, and the retry after a restart succeeds`, { timeout: 900_000 }, async () => {
    const t = tally('sync');
    const expectedTopics = (await api['catalog.sync']({ profileId })).topicCount;
    expect(expectedTopics).toBeGreaterThanOrEqual(TOPICS + 1);
    // Only the events while the cluster is being read: a kill once the local write has begun cannot land in time.
    let progressEvents = 0;
    let before = await api['catalog.sync']({ profileId }, { onProgress: (p) => void (p.stage !== 'writing' && p.stage !== 'done' && progressEvents++) });
    for (let round = 0; round < KILLS; round++) {
      const snapshotsBefore = await api['catalog.snapshots']({ profileId });
      // At a random progress event among the first 60% (connecting, topics, configs batches, offsets…), plus a
      // few ms more: a SIGKILL takes some ms to land, and a kill chosen near the end lands after the sync is done.
      const at = Math.floor(random() * progressEvents * 0.6);
      const extraMs = Math.floor(random() * 10);
      const point = killPoint();
      let seen = 0;
      const sync = () => api['catalog.sync']({ profileId }, { onProgress: () => void (seen++ === at && delay(extraMs).then(point.reach)) });
      const { result, error, inFlight } = await killDuring(sync, point.reached);
      t.kills += inFlight ? 1 : 0;
      const after = await api['catalog.topics']({ profileId, includeInternal: true });
      if (error) {
        expectNamedUnreachable(error, t);
        const intact = after.snapshot?.id === before.id && after.topics.length === before.topicCount && JSON.stringify(await api['catalog.snapshots']({ profileId })) === JSON.stringify(snapshotsBefore);
        if (!intact) t.dataLost++;
        expect(intact, 'the previous snapshot is still the newest, with every topic').toBe(true);
        t.failedCleanly++;
      } else {
        // The sync had read everything before the broker died: the new snapshot is whole.
        expect(after.snapshot?.id).toBe(result!.id);
        expect(after.topics.length).toBe(expectedTopics);
        t.completed++;
      }
      await restart(t);
      before = await api['catalog.sync']({ profileId });
      expect(before.topicCount).toBe(expectedTopics);
      t.survived++;
    }
    expect(t.dataLost).toBe(0);
    expect(t.kills).toBeGreaterThanOrEqual(KILLS * 0.75);
  });

  it(`shows no half-published product after ${KILLS} kills during a publish, and the retry after a restart publishes it`, { timeout: 900_000 }, async () => {
    const t = tally('publish');
    const admin = () => createKafka(plaintext(broker.bootstrap)).admin();
    const draft = (i: number) => ({
      id: `rel-p${i}`,
      name: `Reliability ${i}`,
      version: '1.0.0',
      domain: 'reliability',
      owner: { team: 'Reliability', email: 'rel@tributary.example' },
      outputPorts: [{ topic: `rel.p${i}.v1`, key: '', schemaSubject: '', format: 'JSON' as const }],
      historyMode: 'all' as const,
    });
    const publish = (i: number, create: boolean) => api['products.publish']({ profileId, actor: 'rel@desk', product: draft(i), provision: create ? [{ topic: `rel.p${i}.v1`, createTopic: { partitions: 1, configs: {} } }] : [] });
    let registryReads = 0;
    /** The products topic read straight from the broker: the newest descriptor per key, tombstones removing it. */
    const registryProducts = async () => {
      const latest = new Map<string, { name: string; outputPorts: Array<{ topic: string }> }>();
      await api['messages.browse'](
        { profileId, topic: '_tributary.products', browseId: `rel-registry-${registryReads++}`, start: { from: 'beginning' }, limit: 1_000_000, decode: 'string' },
        {
          onProgress: (p) => {
            for (const m of p.messages) {
              if (m.value) latest.set(m.key!.text, JSON.parse(m.value.text) as { name: string; outputPorts: Array<{ topic: string }> });
              else latest.delete(m.key!.text);
            }
          },
        },
      );
      return latest;
    };
    /** products.list once the desktop's fold (which reconnects in the background after a restart) has caught up. */
    const listedOnceFolded = async (expected: string[]) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { products, registry } = await api['products.list']({ profileId });
        const ids = products.map((p) => p.id).sort();
        if (JSON.stringify(ids) === JSON.stringify([...expected].sort())) return products;
        if (Date.now() > deadline) throw new Error(`the desktop lists ${ids.join(', ')} (${registry.state}: ${registry.detail}) but the registry topic holds ${expected.join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    // The first publish creates the registry topics; the second's time is the span the kill points are drawn from.
    await publish(0, true);
    const started = Date.now();
    await publish(KILLS + 1, true);
    const publishMs = Date.now() - started;
    const published = new Set(['rel-p0', `rel-p${KILLS + 1}`]);
    for (let round = 1; round <= KILLS; round++) {
      const { error, inFlight } = await killDuring(() => publish(round, true), delay(Math.floor(random() * publishMs)));
      t.kills += inFlight ? 1 : 0;
      if (error) expectNamedUnreachable(error, t);
      await restart(t);

      // The registry topic is the truth: every product in it has its topic, and the desktop lists exactly those.
      const a = admin();
      await a.connect();
      const topics = new Set(await a.listTopics());
      await a.disconnect();
      const inRegistry = await registryProducts();
      for (const [id, descriptor] of inRegistry) {
        expect(descriptor.name).toBe(`Reliability ${id.slice('rel-p'.length)}`);
        for (const port of descriptor.outputPorts) expect(topics.has(port.topic), `${id} is in the registry, so its topic ${port.topic} exists`).toBe(true);
      }
      const products = await listedOnceFolded([...inRegistry.keys()]);
      const ids = new Set(products.map((p) => p.id));
      const lost = [...published].filter((id) => !ids.has(id));
      t.dataLost += lost.length;
      expect(lost, 'products published before the kill are still listed').toEqual([]);

      if (ids.has(`rel-p${round}`)) {
        // The broker had appended the descriptor before it died: the product is whole, and a retry is refused.
        t.completed++;
        if (error) {
          const again = await publish(round, false).catch((e: unknown) => e);
          expect((again as TributaryError).kind).toBe('Conflict');
        }
      } else {
        if (!error) throw new Error(`publish ${round} succeeded but rel-p${round} is not listed`);
        t.failedCleanly++;
        // The retry a user makes: the validation says the topic already exists when the kill came after it was
        // created, so the product is published onto it as it is.
        const retryCreates = !topics.has(`rel.p${round}.v1`);
        const retried = await publish(round, retryCreates);
        expect(retried.descriptor.id).toBe(`rel-p${round}`);
        expect((await api['products.list']({ profileId })).products.map((p) => p.id)).toContain(`rel-p${round}`);
      }
      published.add(`rel-p${round}`);
      t.survived++;
    }
    expect(t.dataLost).toBe(0);
    expect(t.kills).toBeGreaterThanOrEqual(KILLS * 0.75);
  });

  it(`fails a message-browser read cleanly through ${KILLS} kills, and the retry after a restart reads every record`, { timeout: 900_000 }, async () => {
    const t = tally('browse');
    let n = 0;
    const readAll = async (killAfter = Infinity, point = killPoint()) => {
      const messages: MessageRecord[] = [];
      const end = await api['messages.browse'](
        { profileId, topic: BROWSE_TOPIC, browseId: `rel-${n++}`, start: { from: 'beginning' }, limit: RECORDS * 2, decode: 'string' },
        {
          onProgress: (p) => {
            messages.push(...p.messages);
            if (messages.length >= killAfter) point.reach();
          },
        },
      ).catch((error: unknown) => {
        throw Object.assign(error as object, { partial: messages });
      });
      return { end, messages };
    };
    /** Each partition's records arrive in offset order from its first offset, with no gap or repeat. */
    const expectInOrder = (messages: MessageRecord[]) => {
      const next = new Map<number, number>();
      for (const m of messages) {
        expect(Number(m.offset)).toBe(next.get(m.partition) ?? 0);
        next.set(m.partition, Number(m.offset) + 1);
      }
    };
    const identity = (m: MessageRecord) => `${m.partition}:${m.offset}:${m.key?.text}:${m.value?.text}`;
    const baseline = (await readAll()).messages;
    // A producer retry may have written a batch twice, so the topic holds at least RECORDS records.
    expect(new Set(baseline.map((m) => m.key?.text)).size).toBe(RECORDS);
    const written = new Set(baseline.map(identity));
    const expectAll = (messages: MessageRecord[]) => {
      expectInOrder(messages);
      const read = new Set(messages.map(identity));
      const missing = [...written].filter((r) => !read.has(r)).length;
      t.dataLost += missing;
      expect(missing, 'every record written before the kills is read back').toBe(0);
      expect(messages.length).toBe(baseline.length);
    };
    for (let round = 0; round < KILLS; round++) {
      // Once a random share of the records has reached the page.
      const point = killPoint();
      const { result, error, inFlight } = await killDuring(() => readAll(Math.floor(random() * baseline.length), point), point.reached);
      t.kills += inFlight ? 1 : 0;
      if (error) {
        expectNamedUnreachable(error, t);
        // What was shown before the failure is a true prefix of each partition, never a wrong or repeated record.
        expectInOrder((error as { partial: MessageRecord[] }).partial);
        t.failedCleanly++;
      } else {
        expect(result!.end.ended).toBe('exhausted');
        expectAll(result!.messages);
        t.completed++;
      }
      await restart(t);
      expectAll((await readAll()).messages);
      t.survived++;
    }
    expect(t.dataLost).toBe(0);
    expect(t.kills).toBeGreaterThanOrEqual(KILLS * 0.75);
  });
});
