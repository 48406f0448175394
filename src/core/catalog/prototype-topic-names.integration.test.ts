// Topic names that are also names of Object.prototype members ("constructor", "__proto__", "toString") are
// legal in Kafka. kafkajs's fetchTopicsOffset indexes topics in plain objects and breaks on them, which took
// whole syncs down; Tributary reads offsets its own way. On a broker of its own, since such a topic would
// break other kafkajs clients sharing the mesh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../../scripts/mesh/harness.ts';
import { createKafka, plaintext, retryRetriable } from '../cluster/kafka-client.ts';
import type { Api } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';

const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
let broker: RunningBroker;
let engine: Engine;
let api: Api;
let dataDir: string;
let profileId: string;

beforeAll(async () => {
  broker = await startBroker({ log: (line) => console.log(`[prototype broker] ${line}`) });
  const kafka = createKafka(plaintext(broker.bootstrap));
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: names.map((topic) => ({ topic, numPartitions: 2 })) });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (const topic of names) await retryRetriable(() => producer.send({ topic, messages: [{ key: 'a', value: `${topic} 1` }, { key: 'b', value: `${topic} 2` }, { key: 'c', value: `${topic} 3` }] }));
  await producer.disconnect();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-prototype-names-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
  profileId = (await api['profiles.save']({ name: 'prototype', bootstrap: broker.bootstrap })).id;
});

afterAll(async () => {
  engine?.close();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('topics named like Object.prototype members', () => {
  it('syncs them with their message counts and browses their records', async () => {
    await api['catalog.sync']({ profileId });
    // Kafka's convention makes "__proto__" an internal topic (leading "__"), so ask for internal ones too.
    const { topics } = await api['catalog.topics']({ profileId, includeInternal: true });
    expect(topics.filter((t) => names.includes(t.name)).map((t) => [t.name, t.partitions, t.messageEstimate]).sort()).toEqual(names.map((n) => [n, 2, 3]).sort());
    const values: string[] = [];
    await api['messages.browse']({ profileId, topic: 'constructor', browseId: 'proto1', start: { from: 'beginning' }, limit: 10 }, { onProgress: (p) => values.push(...p.messages.map((m) => m.value?.text ?? '')) });
    expect(values.sort()).toEqual(['constructor 1', 'constructor 2', 'constructor 3']);
  });
});
