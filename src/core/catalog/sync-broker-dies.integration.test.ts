// A broker that dies in the middle of a sync: the sync fails with a named error, and what the user saw before
// (the last good snapshot) is still what the catalog shows. Runs against a broker of its own, which it kills.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../../scripts/mesh/harness.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import type { Api, SyncProgress } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { TributaryError } from '../errors.ts';
import { createInProcessApi } from '../in-process-api.ts';

const TOPICS = 300;
const prefix = `it-dies-${Date.now().toString(36)}`;
const names = Array.from({ length: TOPICS }, (_, i) => `${prefix}.t${String(i).padStart(3, '0')}`);
let broker: RunningBroker;
let engine: Engine;
let api: Api;
let dataDir: string;

beforeAll(async () => {
  broker = await startBroker({ log: (line) => console.log(`[own broker] ${line}`) });
  const admin = createKafka(plaintext(broker.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    timeout: 30_000,
    topics: names.map((topic) => ({ topic, numPartitions: 1 })),
  });
  // Right after a bulk create the broker may still answer NOT_LEADER_OR_FOLLOWER for some partitions; the
  // first sync must see a settled cluster, so wait until every topic's offsets can be read.
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map((topic) => admin.fetchTopicOffsets(topic)));
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await admin.disconnect();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-dies-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
});

afterAll(async () => {
  engine?.close();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a broker that dies mid-sync', () => {
  it('fails the sync as Unreachable, naming the broker, and keeps the previous snapshot', async () => {
    const profile = await api['profiles.save']({ name: 'dies', bootstrap: broker.bootstrap });
    const first = await api['catalog.sync']({ profileId: profile.id });
    expect(first.topicCount).toBeGreaterThanOrEqual(TOPICS);

    let killed: Promise<void> | undefined;
    const seen: SyncProgress[] = [];
    const started = Date.now();
    const outcome = await api['catalog.sync'](
      { profileId: profile.id },
      {
        onProgress: (p) => {
          seen.push(p);
          if (!killed && (p.stage === 'configs' || p.stage === 'offsets')) killed = broker.kill();
        },
      },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    const failedAfterMs = Date.now() - started;
    await killed;

    expect(killed, 'the broker was killed once configs or offsets were being read').toBeDefined();
    expect(seen.map((p) => p.stage)).not.toContain('writing');
    expect(outcome).toBeInstanceOf(TributaryError);
    const failure = outcome as TributaryError;
    console.log(`sync failed ${failedAfterMs} ms after it started, at ${JSON.stringify(seen.at(-1))}: ${failure.kind}: ${failure.message}`);
    expect(failure.kind).toBe('Unreachable');
    expect(failure.message).toContain(broker.bootstrap);
    // The listener spoke PLAINTEXT until it died: the profile's security settings are not the problem.
    expect(failure.message).not.toMatch(/security protocol/);
    expect(failedAfterMs).toBeLessThan(30_000);

    const after = await api['catalog.topics']({ profileId: profile.id, includeInternal: true });
    expect(after.snapshot?.id).toBe(first.id);
    expect(after.topics.length).toBe(first.topicCount);
    expect(await api['catalog.snapshots']({ profileId: profile.id })).toEqual([first]);
  });
});
